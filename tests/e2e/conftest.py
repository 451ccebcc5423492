"""A real ASGI server for the browser tests.

pytest-django's ``live_server`` is a threaded WSGI server: no websockets. So each session
starts ``uvicorn yanit.asgi:application`` as a subprocess with its own ``YANIT_DATA_DIR``
(a fresh SQLite file and in-memory channel layer, exactly what ``yanit serve`` runs), seeds it
with ``tests.e2e.seed`` in a separate process, and talks to it only over HTTP: the browser
through the pages, the test through the public API (``POST /api/v1/inboxes/<id>/inbound``).
Nothing in the test process touches that database, so there are no cross-thread or
cross-loop surprises, and events reach the websockets because they are published inside
the server process.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.support.served import ROOT, ServedYanit

__all__ = ["ROOT"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@dataclass
class E2EServer:
    url: str
    seed: dict[str, Any]

    def inbound(self, text: str, *, email: str, name: str, inbox: str = "") -> dict[str, Any]:
        """A customer's message through the seeded api inbox ("other" and "campaign": the others)."""
        prefix = f"{inbox}_" if inbox else ""
        response = httpx.post(
            f"{self.url}/api/v1/inboxes/{self.seed[prefix + 'inbox_id']}/inbound",
            json={"contact": {"name": name, "email": email}, "text": text},
            headers={"Authorization": f"Bearer {self.seed[prefix + 'inbound_token']}"},
            timeout=60,
        )
        assert response.status_code in (200, 201), response.text
        return dict(response.json())


@pytest.fixture(scope="session")
def e2e_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[E2EServer]:
    served = ServedYanit(tmp_path_factory.mktemp("e2e-data"), "tests.e2e.seed", command="uvicorn")
    seed = served.prepare()
    served.start()
    try:
        yield E2EServer(url=served.url, seed=seed)
    finally:
        served.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def logged_in_page(browser: Browser, server: E2EServer, email: str) -> Page:
    context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="tr-TR")
    page = context.new_page()
    page.goto(f"{server.url}/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", server.seed["password"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/")
    return page


def wait_for_htmx_settled(page: Page) -> None:
    """Wait until no htmx request, swap or settle is under way.

    htmx wires up swapped-in content (its hx-get on change, …) only when the swap settles, about
    20 ms after the new nodes are in the DOM; an event fired in that window is lost.
    "networkidle" does not help: it is a load state, already reached long before.
    """
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


# The live chat tests' server and store page (module-scoped fixtures).
from tests.e2e.widget_fixtures import chat, store  # noqa: E402, F401
