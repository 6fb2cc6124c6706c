"""Headless Chromium for the browser tests: Debian's `chromium` driven by Playwright for Python.

Playwright's own browser download is never used (the machines reach no host for it): the pip package
`playwright` brings only its driver, and it launches the system Chromium by `executable_path`.
`scripts/test` installs Debian's `chromium` when it is missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

DEFAULT_CHROMIUM = "/usr/bin/chromium"

# Headless, as root (no sandbox), no GPU, and none of Chromium's own traffic to Google's services: on a
# closed network the background-networking features flood it with refused connections. Even with those
# flags Chromium still looks up update.googleapis.com and accounts.google.com at start; the resolver
# rule makes every name but localhost and 127.0.0.1 "not found" inside Chromium, so it sends no DNS query
# at all (a second guard behind the per-page request blocking). Playwright adds a fresh temporary
# --user-data-dir itself.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
)

# URL prefixes a page under test may load; every other request is aborted by `block_external_requests`.
ALLOWED_URL_PREFIXES = (
    "file:",
    "data:",
    "about:",
    "blob:",
    "http://127.0.0.1:",
    "http://127.0.0.1/",
    "http://localhost:",
    "http://localhost/",
)


class BrowserUnavailable(RuntimeError):
    """Chromium or Playwright for Python is missing, or Chromium would not start."""


def chromium_path() -> str | None:
    """$POLICYKG_CHROMIUM if set (even when it does not exist), else /usr/bin/chromium, else `chromium` on PATH."""
    configured = os.environ.get("POLICYKG_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() and os.access(configured, os.X_OK) else None
    if Path(DEFAULT_CHROMIUM).is_file():
        return DEFAULT_CHROMIUM
    return shutil.which("chromium")


@contextmanager
def launched_chromium(*extra_args: str) -> Iterator[Browser]:
    """A headless system Chromium launched by Playwright; closed, with the driver, on exit.

    Raises BrowserUnavailable when the playwright package or the Chromium binary is missing, or when
    Chromium fails to start.
    """
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BrowserUnavailable(
            f"playwright for Python is not installed ({exc}); pip install -e '.[dev]'"
        ) from exc
    executable = chromium_path()
    if executable is None:
        wanted = os.environ.get("POLICYKG_CHROMIUM") or DEFAULT_CHROMIUM
        raise BrowserUnavailable(
            f"Chromium not found at {wanted} (apt-get install chromium; scripts/test does)"
        )
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=[*CHROMIUM_ARGS, *extra_args]
            )
        except PlaywrightError as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            raise BrowserUnavailable(f"{executable} did not start: {first_line}") from exc
        try:
            yield browser
        finally:
            browser.close()


def is_allowed_url(url: str) -> bool:
    return url.startswith(ALLOWED_URL_PREFIXES) or url in ("http://127.0.0.1", "http://localhost")


def block_external_requests(page: Page) -> list[str]:
    """Abort every request of `page` that leaves this machine; return the (live) list of their URLs.

    The list is also set as `page.blocked_requests`, so a test can assert that a page made no
    external request: `assert page.blocked_requests == []`.
    """
    blocked: list[str] = []

    def handle(route: Route) -> None:
        url = route.request.url
        if is_allowed_url(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort("blockedbyclient")

    page.route("**/*", handle)
    page.blocked_requests = blocked  # type: ignore[attr-defined]
    return blocked


@contextmanager
def served(app) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port in a thread, for a real browser to load."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@contextmanager
def served_engine(engine, **app_options) -> Iterator[str]:
    """The app over a QueryEngine, served for a real browser (create_app's options passed on)."""
    from policykg.api.app import create_app

    with served(create_app(lambda: engine, **app_options)) as url:
        yield url
