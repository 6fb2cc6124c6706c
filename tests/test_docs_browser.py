"""/docs in a real headless Chromium: Swagger UI draws every operation from assets the app serves itself."""

from __future__ import annotations

import time

import pytest

from tests.browser import served_engine
from tests.helpers import seeded_engine

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served_engine(seeded_engine(tmp_path_factory.mktemp("docs"))) as url:
        yield url


def test_api_docs_work_offline_and_list_every_operation(page, server, artifacts_dir):
    refused: list[str] = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(server + "/docs")
    deadline = time.monotonic() + 30
    while page.locator(".opblock").count() < 15:
        assert time.monotonic() < deadline, "Swagger UI drew no operations within 30 s"
        time.sleep(0.2)
    assert page.locator("text=/targets").count() >= 1
    page.screenshot(path=str(artifacts_dir / "api_docs.png"))
    assert not page.blocked_requests, page.blocked_requests  # no CDN: nothing asked of the network
    assert not refused, refused
