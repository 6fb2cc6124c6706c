// Tables with class "data": click a header to sort (numbers as numbers), type in the box above to filter.
(function () {
  "use strict";
  function cellValue(row, k) {
    var c = row.cells[k];
    if (!c) return "";
    var v = c.getAttribute("data-sort") || c.textContent.trim();
    var n = parseFloat(v.replace(/[,，%％]/g, ""));
    return isNaN(n) || !/^[\d.\-+]/.test(v) ? v : n;
  }
  function sortBy(table, k, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var asc = !th.classList.contains("sorted-asc");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
    th.classList.add(asc ? "sorted-asc" : "sorted-desc");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, k), y = cellValue(b, k);
      var r = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
      return asc ? r : -r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function wire(table) {
    if (table.tHead) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, k) {
        th.addEventListener("click", function () { sortBy(table, k, th); });
      });
    }
    var box = document.querySelector('input.filter[data-table="' + table.id + '"]');
    if (box && table.tBodies[0]) {
      box.addEventListener("input", function () {
        var q = box.value.trim().toLowerCase();
        Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
          r.hidden = q && r.textContent.toLowerCase().indexOf(q) < 0;
        });
      });
    }
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.data"), wire);
})();
