"""Smoke tests of the headless-browser harness (tests/browser.py, the `page` fixture in conftest.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

STANDALONE_HTML = """<!doctype html>
<html>
<head><meta charset="utf-8"><title>before</title></head>
<body style="margin:0;background:#fff">
<canvas id="c" width="320" height="200"></canvas>
<p id="out"></p>
<script>
  document.title = "policykg-smoke-ok";
  const ctx = document.getElementById("c").getContext("2d");
  ctx.fillStyle = "#1f77b4";
  ctx.fillRect(20, 20, 120, 80);
  ctx.fillStyle = "#d62728";
  ctx.beginPath();
  ctx.arc(230, 110, 50, 0, 2 * Math.PI);
  ctx.fill();
  const px = ctx.getImageData(60, 60, 1, 1).data;
  document.getElementById("out").textContent = "pixel " + px[0] + "," + px[1] + "," + px[2];
</script>
</body>
</html>
"""


def test_standalone_html_from_disk_runs_script_and_screenshots(page, tmp_path, artifacts_dir):
    html = tmp_path / "smoke.html"
    html.write_text(STANDALONE_HTML, encoding="utf-8")

    page.goto(html.as_uri())

    assert page.title() == "policykg-smoke-ok"
    assert page.text_content("#out") == "pixel 31,119,180"  # the canvas was drawn: #1f77b4
    assert page.blocked_requests == []

    shot = artifacts_dir / "browser_smoke.png"
    shot.unlink(missing_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 1000


def test_external_requests_are_blocked_and_recorded(page, tmp_path):
    html = tmp_path / "external.html"
    html.write_text(
        '<!doctype html><html><body><img id="x" src="https://example.com/x.png"></body></html>',
        encoding="utf-8",
    )

    with page.expect_event("requestfailed") as failed:
        page.goto(html.as_uri())

    assert failed.value.url == "https://example.com/x.png"
    assert page.blocked_requests == ["https://example.com/x.png"]
    assert page.evaluate("document.getElementById('x').naturalWidth") == 0  # never loaded


def test_pages_served_on_loopback_load(page, tmp_path):
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    (tmp_path / "index.html").write_text(
        '<!doctype html><html><head><title>served</title><script src="app.js"></script></head>'
        "<body></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "app.js").write_text('document.title = "served-and-scripted";', encoding="utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        for host in ("127.0.0.1", "localhost"):
            page.goto(f"http://{host}:{port}/index.html")
            assert page.title() == "served-and-scripted", host
    finally:
        server.shutdown()
        server.server_close()
    assert page.blocked_requests == []
