"""Shared test helpers: a real Neo4j server for the store tests, and `ci_required`."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parent.parent
NEO4J_TEST_PORT = 7697


def ci_required(reason: str) -> NoReturn:
    """Something the suite needs is unavailable: fail on CI (CI=true), where it must exist; skip locally."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"required on CI: {reason}", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class Neo4jServer:
    uri: str
    user: str
    password: str | None


def _neo4j_script(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEO4J_HOME": str(ROOT / ".neo4j")}
    cmd = [sys.executable, str(ROOT / "scripts" / "neo4j"), *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900, check=False)


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


@pytest.fixture(scope="session")
def neo4j_server():
    """$NEO4J_URI if set, else `scripts/neo4j start --port 7697` (stopped at the end only if started here)."""
    if os.environ.get("NEO4J_URI"):
        yield Neo4jServer(
            os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD")
        )
        return
    if not (ROOT / "scripts" / "neo4j").exists():
        ci_required("scripts/neo4j is missing and NEO4J_URI is not set")
    status = _neo4j_script("status")
    if status.returncode == 0:  # a server of this checkout is already up: use it, leave it running
        yield Neo4jServer(status.stdout.split()[1], "neo4j", None)
        return
    started = _neo4j_script("start", "--port", str(NEO4J_TEST_PORT))
    if started.returncode != 0:
        ci_required(f"scripts/neo4j start failed: {_last_line(started.stderr) or _last_line(started.stdout)}")
    try:
        yield Neo4jServer(_last_line(started.stdout), "neo4j", None)
    finally:
        _neo4j_script("stop")


@pytest.fixture
def neo4j_store(neo4j_server):
    """An open Neo4j store on an empty database."""
    from policykg.graph.store import StoreError, open_store

    try:
        store = open_store(
            "neo4j", uri=neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password
        )
    except StoreError as exc:
        ci_required(str(exc))
    store.run("MATCH (n) DETACH DELETE n", write=True)
    yield store
    store.close()


NEO4J_AUTH_TEST_PORT = 7698
NEO4J_AUTH_TEST_PASSWORD = "policykg-test-pw"


@pytest.fixture(scope="session")
def neo4j_auth_server():
    """A server that requires a login: `scripts/neo4j start --password` in <repo>/.neo4j-auth on port 7698.

    It borrows the jars of .neo4j/lib (NEO4J_LIB; installed there first when missing, a no-op otherwise) and
    is stopped at the end unless it was already running. Independent of neo4j_server and of $NEO4J_URI.
    """
    script = ROOT / "scripts" / "neo4j"
    if not script.exists():
        ci_required("scripts/neo4j is missing")
    base = {k: v for k, v in os.environ.items() if k not in ("NEO4J_HOME", "NEO4J_LIB", "NEO4J_BOLT_PORT")}
    default_home = {**base, "NEO4J_HOME": str(ROOT / ".neo4j")}
    auth_home = {
        **default_home,
        "NEO4J_HOME": str(ROOT / ".neo4j-auth"),
        "NEO4J_LIB": str(ROOT / ".neo4j" / "lib"),
    }

    def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, str(script), *args]
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900, check=False)

    installed = run(default_home, "install")
    if installed.returncode != 0:
        ci_required(f"scripts/neo4j install failed: {_last_line(installed.stderr)}")
    started = run(
        auth_home, "start", "--port", str(NEO4J_AUTH_TEST_PORT), "--password", NEO4J_AUTH_TEST_PASSWORD
    )
    if started.returncode != 0:
        ci_required(
            f"scripts/neo4j start --password failed: {_last_line(started.stderr) or _last_line(started.stdout)}"
        )
    ours = "already running" not in started.stderr  # never stop a server another session started
    try:
        yield Neo4jServer(_last_line(started.stdout), "neo4j", NEO4J_AUTH_TEST_PASSWORD)
    finally:
        if ours:
            run(auth_home, "stop")


# --- Headless Chromium (tests/browser.py): Debian's chromium driven by Playwright for Python. ---

ARTIFACTS_DIR = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """<repo>/tests/artifacts/ (git-ignored), created: where tests save screenshots and other output."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture(scope="module")
def browser():
    """A launched headless Chromium (a Playwright Browser), shared by the tests of one module.

    Missing playwright or Chromium, or a Chromium that does not start: ci_required (fail on CI, skip
    locally). Module scope, not session, on purpose: while Playwright's sync API is open its event loop
    is the main thread's *running* asyncio loop, so asyncio.run() in any later test would fail with
    "cannot be called from a running event loop". Closing it at the end of the module ends that; a
    launch costs about a second.
    """
    from tests.browser import BrowserUnavailable, launched_chromium

    manager = launched_chromium()
    unavailable = ""
    try:
        launched = manager.__enter__()
    except BrowserUnavailable as exc:
        unavailable = str(exc)
    if unavailable:
        ci_required(unavailable)
    try:
        yield launched
    finally:
        manager.__exit__(None, None, None)


@pytest.fixture
def page(browser):
    """A new page in a fresh browser context, closed after the test.

    Requests that leave the machine (anything but file:, data:, about:, blob:, http://127.0.0.1 and
    http://localhost) are aborted and recorded in `page.blocked_requests`.
    """
    from tests.browser import block_external_requests

    context = browser.new_context()
    new_page = context.new_page()
    block_external_requests(new_page)
    try:
        yield new_page
    finally:
        context.close()
