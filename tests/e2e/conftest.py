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

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
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

    def inbound(self, text: str, *, email: str, name: str) -> dict[str, Any]:
        response = httpx.post(
            f"{self.url}/api/v1/inboxes/{self.seed['inbox_id']}/inbound",
            json={"contact": {"name": name, "email": email}, "text": text},
            headers={"Authorization": f"Bearer {self.seed['inbound_token']}"},
            timeout=10,
        )
        assert response.status_code in (200, 201), response.text
        return dict(response.json())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def e2e_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[E2EServer]:
    data_dir = tmp_path_factory.mktemp("e2e-data")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        YANIT_DATA_DIR=str(data_dir),
        YANIT_BASE_URL=f"http://127.0.0.1:{port}",
        SECRET_KEY="e2e-secret-key-not-for-production",
        DJANGO_SETTINGS_MODULE="yanit.settings",
        PYTHONPATH=str(ROOT),
    )
    seeded = subprocess.run(
        [sys.executable, "-m", "tests.e2e.seed"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seed = json.loads(seeded.stdout.strip().splitlines()[-1])
    log = (data_dir / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "yanit.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--lifespan",
            "off",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/login/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the e2e server did not start:\n" + (data_dir / "server.log").read_text())
            time.sleep(0.2)
        yield E2EServer(url=url, seed=seed)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


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


# The live chat tests' server and store page (module-scoped fixtures).
from tests.e2e.widget_fixtures import chat, store  # noqa: E402, F401
