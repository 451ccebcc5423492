"""Live chat (yanit/connectors/webchat) on a real server (uvicorn): a visitor on the widget
protocol (HTTP and a real websocket client) and an agent in Chromium exchange messages and
typing both ways; hostile chat text stays text on the agent's page."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import websockets
from playwright.sync_api import Browser, Page, expect

from tests.asynctools import run_in_fresh_loop
from tests.e2e.conftest import ROOT, _free_port

ORIGIN = "https://magaza.example"
HOSTILE = [
    "<script>window.__pwned = 1; alert('script')</script>",
    "<img src=x onerror=\"window.__pwned = 2; alert('img')\">",
    "<a href=\"javascript:alert('link')\">tıkla</a> javascript:alert(1)",
    "<style>body { display: none !important }</style>"
    '<div style="position:fixed;inset:0;background:red">örtü</div>',
]


@dataclass
class ChatServer:
    url: str
    seed: dict[str, Any]

    @property
    def widget(self) -> str:
        return f"{self.url}/widget/v1/{self.seed['widget_key']}"

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://") + f"/ws/widget/{self.seed['widget_key']}/"


@pytest.fixture(scope="module")
def chat_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    data_dir = tmp_path_factory.mktemp("chat-data")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        YANIT_DATA_DIR=str(data_dir),
        YANIT_BASE_URL=f"http://127.0.0.1:{port}",
        SECRET_KEY="chat-e2e-secret-key-not-for-production",
        DJANGO_SETTINGS_MODULE="yanit.settings",
        PYTHONPATH=str(ROOT),
    )
    seeded = subprocess.run(
        [sys.executable, "-m", "tests.connectors.webchat.seed"],
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
                raise RuntimeError("the chat server did not start:\n" + (data_dir / "server.log").read_text())
            time.sleep(0.2)
        yield ChatServer(url=url, seed=seed)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def agent_page(browser: Browser, server: ChatServer, width: int = 1366) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="tr-TR")
    page = context.new_page()
    page.goto(f"{server.url}/login/")
    page.fill("input[name=username]", server.seed["email"])
    page.fill("input[name=password]", server.seed["password"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/")
    return page


def start_visitor(server: ChatServer, name: str) -> str:
    response = httpx.post(
        f"{server.widget}/session",
        json={"name": name, "language": "tr", "page_url": "https://magaza.example/sepet"},
        headers={"Origin": ORIGIN},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["visitor_token"])


def say(server: ChatServer, token: str, text: str) -> dict[str, Any]:
    response = httpx.post(
        f"{server.widget}/messages",
        json={"client_id": str(uuid.uuid4()), "text": text},
        headers={"Origin": ORIGIN, "X-Visitor-Token": token},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return dict(response.json()["message"])


@pytest.mark.browser
def test_hostile_chat_messages_are_shown_as_text_and_run_nothing(
    browser: Browser, chat_server: ChatServer
) -> None:
    token = start_visitor(chat_server, "<b>Kötü</b> Ziyaretçi")
    for text in HOSTILE:
        say(chat_server, token, text)
    page = agent_page(browser, chat_server)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.locator(".conv-row").first.click()
    thread = page.locator("#thread")
    expect(thread.locator("[data-testid=message-in]")).to_have_count(len(HOSTILE))
    for index, text in enumerate(HOSTILE):
        expect(thread.locator("[data-testid=message-in] .msg-body").nth(index)).to_have_text(text)
    assert page.evaluate("window.__pwned === undefined")
    assert thread.locator("script, img[src=x], a[href^=javascript], style").count() == 0
    expect(page.locator("body")).to_be_visible()
    expect(page.get_by_text("<b>Kötü</b> Ziyaretçi").first).to_be_visible()
    page.wait_for_timeout(300)
    assert dialogs == []
    page.context.close()


@pytest.mark.browser
def test_visitor_and_agent_chat_in_real_time(browser: Browser, chat_server: ChatServer) -> None:
    token = start_visitor(chat_server, "Deniz Yılmaz")
    first = say(chat_server, token, "Merhaba, siparişim AC-1 nerede?")
    page = agent_page(browser, chat_server)
    page.get_by_text("Merhaba, siparişim AC-1 nerede?").first.click()
    expect(page.locator("#thread [data-testid=message-in]")).to_have_count(1)
    expect(page.get_by_test_id("chat-visitor")).to_contain_text("https://magaza.example/sepet")
    frames: list[dict[str, Any]] = []

    async def visitor() -> None:
        async with websockets.connect(f"{chat_server.ws_url}?v={token}", origin=ORIGIN) as ws:
            status = json.loads(await ws.recv())
            assert status == {"type": "status", "online": True, "conversation_status": "open"}
            # The agent opened the thread before: the visitor's message is marked seen.
            await ws.send(json.dumps({"type": "sync", "after": 0}))
            synced = json.loads(await ws.recv())
            assert [(m["id"], m["read"]) for m in synced["messages"]] == [(first["id"], True)]
            await ws.send(json.dumps({"type": "typing", "state": True}))
            # The agent answers from the browser (below); wait for it here.
            while True:
                frame = json.loads(await asyncio.wait_for(ws.recv(), timeout=15))
                frames.append(frame)
                if frame["type"] == "message":
                    break
            await ws.send(json.dumps({"type": "read", "up_to": frame["message"]["id"]}))
            await ws.send(
                json.dumps({"type": "message", "client_id": str(uuid.uuid4()), "text": "Teşekkürler!"})
            )
            ack = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
            assert ack["type"] == "ack"
            await asyncio.sleep(0.3)

    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            run_in_fresh_loop(visitor())
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    expect(page.get_by_test_id("presence")).to_have_text("Müşteri yazıyor…", timeout=10_000)
    page.fill("textarea[name=text]", "Kargonuz yolda, yarın elinizde.")
    page.keyboard.press("Control+Enter")
    thread.join(timeout=30)
    assert "error" not in outcome, outcome.get("error")
    expect(page.locator("#thread [data-testid=message-in]")).to_have_count(2, timeout=10_000)
    expect(page.locator("#thread [data-testid=message-in] .msg-body").last).to_have_text("Teşekkürler!")
    message = next(f for f in frames if f["type"] == "message")["message"]
    assert message["text"] == "Kargonuz yolda, yarın elinizde."
    assert message["author"]["name"] == chat_server.seed["agent_name"]
    # The visitor's read frame shows as "Read" on the agent's reply.
    expect(page.locator("#thread [data-testid=delivery]").last).to_have_text("Okundu", timeout=10_000)
    page.context.close()
