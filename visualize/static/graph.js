// The interactive network of a PolicyGraph view: search, legend filters, expand in place (served pages
// only), fit/zoom, PNG and CSV download. No eval, no external request; a standalone export fetches nothing.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var meta = data.meta || {}, t = meta.t || {};
  var container = document.getElementById("graph");
  var statusBox = document.getElementById("status"), selectedBox = document.getElementById("selected");
  var table = document.getElementById("node-table");
  var hiddenTags = {}, refs = {}, settled = false, started = performance.now();

  function tipOf(n) {
    if (n.tip) { var d = document.createElement("div"); d.className = "tip"; d.innerText = n.tip; n.title = d; }
    delete n.tip;
    return n;
  }
  function isHidden(n) { return (n.tags || []).some(function (tag) { return hiddenTags[tag]; }); }
  data.nodes.forEach(function (n) { tipOf(n); if (n.ref) refs[n.ref] = n.id; });
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var api = {nodes: nodes, edges: edges, network: null};
  window.policykg = api;

  function visibleCount() { return nodes.get({filter: function (n) { return !n.hidden; }}).length; }
  function say(text) { statusBox.innerText = text; }
  function countText() {
    var v = visibleCount(), all = nodes.length;
    return (t.done || "") + (meta.lang === "en" ? ": " : "：") + all + " " + (t.nodes || "") + (v !== all ? "（" + (t.visible || "") + " " + v + "）" : "");
  }
  function ready() {
    if (settled) return;
    settled = true;
    if (api.network) { api.network.setOptions({physics: false}); api.network.fit({animation: false}); }
    document.body.dataset.settleMs = String(Math.round(performance.now()));  // since navigation start
    document.body.dataset.layoutMs = String(Math.round(performance.now() - started));
    say(nodes.length ? countText() : (t.empty || ""));
    document.body.dataset.ready = "1";
  }
  api.visibleCount = visibleCount;

  if (!nodes.length) {
    var empty = document.createElement("div");
    empty.className = "empty";
    empty.innerText = t.empty || "";
    container.appendChild(empty);
    ready();
  } else {
    var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
    api.network = network;
    network.once("stabilizationIterationsDone", ready);
    network.once("stabilized", ready);
    if (nodes.length < 2) ready();
    network.on("click", function (p) { select(p.nodes.length ? p.nodes[0] : null, false); });
    network.on("doubleClick", function (p) { if (p.nodes.length) expand(p.nodes[0]); });
  }

  function rowOf(id) {
    var n = nodes.get(id);
    return n && n.row >= 0 ? document.getElementById("row-" + n.row) : null;
  }
  function select(id, focus) {
    Array.prototype.forEach.call(table.querySelectorAll("tr.hit"), function (r) { r.classList.remove("hit"); });
    selectedBox.textContent = "";
    if (id === null || id === undefined) return;
    var n = nodes.get(id);
    if (!n) return;
    selectedBox.textContent = (n.kindLabel ? n.kindLabel + "：" : "") + n.label;
    if (!meta.standalone && n.link) {
      var a = document.createElement("a");
      a.href = n.link; a.textContent = " ↗ " + (t.open || ""); a.className = "detail";
      selectedBox.appendChild(a);
    }
    var row = rowOf(id);
    if (row) { row.classList.add("hit"); row.scrollIntoView({block: "nearest"}); }
    if (focus && api.network) {
      api.network.selectNodes([id]);
      api.network.focus(id, {scale: Math.max(api.network.getScale(), 1.1), animation: false});
    }
  }
  api.select = function (id) { select(id, true); };

  function find(q) {
    q = (q || "").trim().toLowerCase();
    if (!q) return null;
    var visible = nodes.get({filter: function (n) { return !n.hidden; }});
    var hit = visible.filter(function (n) { return String(n.label).toLowerCase() === q; })[0] ||
      visible.filter(function (n) { return String(n.label).toLowerCase().indexOf(q) >= 0; })[0];
    if (!hit) { say((t.not_found || "") + "：" + q); return null; }
    select(hit.id, true);
    return hit.id;
  }
  api.find = find;
  var box = document.getElementById("search");
  box.addEventListener("keydown", function (ev) { if (ev.key === "Enter") find(box.value); });
  document.getElementById("search-go").addEventListener("click", function () { find(box.value); });

  function applyFilters() {
    nodes.update(nodes.get().map(function (n) { return {id: n.id, hidden: isHidden(n)}; }));
    nodes.forEach(function (n) { var r = rowOf(n.id); if (r) r.classList.toggle("hidden-node", !!n.hidden); });
    if (settled && nodes.length) say(countText());
  }
  function toggle(tag) {
    hiddenTags[tag] = !hiddenTags[tag];
    Array.prototype.forEach.call(document.querySelectorAll('#legend li.filter'), function (li) {
      li.classList.toggle("off", !!hiddenTags[li.dataset.filter]);
    });
    applyFilters();
    return visibleCount();
  }
  api.toggle = toggle;
  Array.prototype.forEach.call(document.querySelectorAll("#legend li.filter"), function (li) {
    li.addEventListener("click", function () { toggle(li.dataset.filter); });
    li.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") toggle(li.dataset.filter); });
  });

  table.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a.focus") : null;
    if (!a) return;
    var n = nodes.get({filter: function (x) { return String(x.row) === a.dataset.i; }})[0];
    if (n) select(n.id, true);
  });

  function addRow(n) {
    var tr = document.createElement("tr"), cells = [n.kindLabel || n.category || "", n.label, ""];
    n.row = "x" + nodes.length;
    tr.id = "row-" + n.row;
    cells.forEach(function (text) { var td = document.createElement("td"); td.textContent = text; tr.appendChild(td); });
    if (n.title && n.title.innerText) tr.lastChild.textContent = n.title.innerText.split("\n").slice(1).join("；").slice(0, 160);
    table.tBodies[0].appendChild(tr);
  }
  function expand(id) {
    var n = nodes.get(id);
    if (meta.standalone || !meta.expand) { say(t.expand_off || ""); return Promise.resolve(0); }
    if (!n || !n.key) return Promise.resolve(0);
    say(t.expanding || "");
    var url = meta.expand + encodeURIComponent(n.key) + "?format=json&depth=1&max_nodes=80" +
      (meta.lang === "en" ? "&lang=en" : "");
    return fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"}).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).then(function (sub) {
      var map = {}, fresh = [], pos = api.network.getPositions([id])[id] || {x: 0, y: 0};
      sub.nodes.forEach(function (m) {
        var known = (m.ref && refs[m.ref]) || (nodes.get(m.id) ? m.id : null);
        if (known !== null && known !== undefined) { map[m.id] = known; return; }
        map[m.id] = m.id;
        fresh.push(m);
      });
      fresh.forEach(function (m, k) {
        var angle = 2 * Math.PI * k / fresh.length - Math.PI / 2, radius = 170 + 8 * fresh.length;
        m.x = pos.x + radius * Math.cos(angle); m.y = pos.y + radius * Math.sin(angle);
        tipOf(m);
        if (m.ref) refs[m.ref] = m.id;
        m.hidden = isHidden(m);
        addRow(m);
      });
      nodes.add(fresh);
      var pairs = {};
      edges.forEach(function (e) { pairs[e.from + "\u0000" + e.to] = 1; pairs[e.to + "\u0000" + e.from] = 1; });
      var added = [];
      sub.edges.forEach(function (e) {
        var a = map[e.from], b = map[e.to];
        if (a === undefined || b === undefined || pairs[a + "\u0000" + b]) return;
        pairs[a + "\u0000" + b] = pairs[b + "\u0000" + a] = 1;
        added.push({from: a, to: b, label: e.label, color: e.color, width: e.width, dashes: e.dashes, arrows: e.arrows});
      });
      edges.add(added);
      say((t.expanded || "") + " " + fresh.length + " · " + countText());
      document.body.dataset.expanded = String((+document.body.dataset.expanded || 0) + 1);
      return fresh.length;
    }).catch(function (err) { say(String(err)); return 0; });
  }
  api.expand = expand;

  function download(href, name) {
    var a = document.createElement("a");
    a.href = href; a.download = name; a.style.display = "none";
    document.body.appendChild(a); a.click(); a.remove();
  }
  var stem = (document.title || "policykg").replace(/[\\/:*?"<>|\s]+/g, "_");
  document.getElementById("png").addEventListener("click", function () {
    var c = container.querySelector("canvas");
    if (!c) return;
    var out = document.createElement("canvas");
    out.width = c.width; out.height = c.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height); ctx.drawImage(c, 0, 0);
    download(out.toDataURL("image/png"), stem + ".png");
  });
  document.getElementById("table-csv").addEventListener("click", function () {
    var lines = Array.prototype.map.call(table.rows, function (r) {
      return Array.prototype.map.call(r.cells, function (c) { return '"' + c.textContent.replace(/"/g, '""').trim() + '"'; }).join(",");
    });
    var url = URL.createObjectURL(new Blob(["\ufeff" + lines.join("\r\n")], {type: "text/csv;charset=utf-8"}));
    download(url, stem + ".csv");
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });
  document.getElementById("fit").addEventListener("click", function () { if (api.network) api.network.fit({animation: false}); });
  document.getElementById("zoom-in").addEventListener("click", function () {
    if (api.network) api.network.moveTo({scale: api.network.getScale() * 1.3});
  });
  document.getElementById("zoom-out").addEventListener("click", function () {
    if (api.network) api.network.moveTo({scale: api.network.getScale() / 1.3});
  });
})();
