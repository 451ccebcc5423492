"""Live chat (yanit/connectors/webchat) on a real server (uvicorn): a visitor on the widget
protocol (HTTP and a real websocket client) and an agent in Chromium exchange messages and
typing both ways; hostile chat text stays text on the agent's page."""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import websockets
from playwright.sync_api import Browser, Page, expect

from tests.asynctools import run_in_fresh_loop
from tests.support.served import ServedYanit

ORIGIN = "https://magaza.example"
HOSTILE = [
    "<script>window.__pwned = 1; alert('script')</script>",
    "<img src=x onerror=\"window.__pwned = 2; alert('img')\">",
    "<a href=\"javascript:alert('link')\">tıkla</a> javascript:alert(1)",
    "<style>body { display: none !important }</style>"
    '<div style="position:fixed;inset:0;background:red">örtü</div>',
]


class ChatServer(ServedYanit):
    @property
    def widget(self) -> str:
        return f"{self.url}/widget/v1/{self.seed['widget_key']}"

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://") + f"/ws/widget/{self.seed['widget_key']}/"


@pytest.fixture(scope="module")
def chat_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    server = ChatServer(
        tmp_path_factory.mktemp("chat-data"), "tests.connectors.webchat.seed", command="uvicorn"
    )
    server.prepare()
    server.start()
    try:
        yield server
    finally:
        server.stop()


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
        timeout=60,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["visitor_token"])


def say(server: ChatServer, token: str, text: str) -> dict[str, Any]:
    response = httpx.post(
        f"{server.widget}/messages",
        json={"client_id": str(uuid.uuid4()), "text": text},
        headers={"Origin": ORIGIN, "X-Visitor-Token": token},
        timeout=60,
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


@pytest.mark.browser
def test_agent_sees_live_when_the_visitor_leaves_and_comes_back(
    browser: Browser, chat_server: ChatServer
) -> None:
    token = start_visitor(chat_server, "Selin Kara")
    say(chat_server, token, "Beden tablosu nerede? PR-7")
    page = agent_page(browser, chat_server)
    page.get_by_text("Beden tablosu nerede? PR-7").first.click()
    expect(page.locator("body[data-live=on]")).to_have_count(1, timeout=5000)
    panel = page.get_by_test_id("chat-visitor")
    # No widget socket open yet: the visitor is not on the page.
    expect(panel.get_by_test_id("visitor-left")).to_be_visible()

    connected, leave = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    async def visitor() -> None:
        async with websockets.connect(f"{chat_server.ws_url}?v={token}", origin=ORIGIN) as ws:
            assert json.loads(await ws.recv())["type"] == "status"
            connected.set()
            while not leave.is_set():
                await asyncio.sleep(0.05)

    def run() -> None:
        try:
            run_in_fresh_loop(visitor())
        except BaseException as exc:
            outcome["error"] = exc

    for _visit in range(2):  # comes, leaves, comes back, leaves again: each shown without a reload
        connected.clear()
        leave.clear()
        thread = threading.Thread(target=run)
        thread.start()
        assert connected.wait(timeout=15)
        expect(panel.get_by_test_id("visitor-present")).to_have_text("sayfada", timeout=5000)
        leave.set()
        thread.join(timeout=15)
        assert "error" not in outcome, outcome.get("error")
        expect(panel.get_by_test_id("visitor-left")).to_contain_text("ayrıldı", timeout=5000)
    page.context.close()
