"""Nothing is lost or doubled: a server restart mid-chat, a flaky network (sockets dropped right
after a message went out, responses lost on the way back) and a reload with unsent messages."""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, WebSocketRoute, expect

from tests.e2e.widget_fixtures import (
    PANEL,
    agent_page,
    conversation_of_last_visitor,
    open_widget,
    say,
    sent,
    stored,
    visitor_page,
)
from tests.e2e.widget_stack import ChatServer, StorePage

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PENDING = '[data-testid="message-pending"]'


def test_server_restart_mid_chat_loses_and_doubles_nothing(
    browser: Browser, chat: ChatServer, store: StorePage
) -> None:
    visitor = visitor_page(browser, store)
    open_widget(visitor)
    before = f"Yeniden başlatmadan önce {uuid.uuid4().hex[:5]}"
    say(visitor, before)
    sent(visitor, before)
    conversation_id = conversation_of_last_visitor(chat)
    expect(visitor.locator(f"{PANEL}[data-live=on]")).to_have_count(1, timeout=5000)

    chat.stop()
    expect(visitor.locator(f"{PANEL}[data-live=off]")).to_have_count(1, timeout=5000)
    during = f"Sunucu kapalıyken yazdım {uuid.uuid4().hex[:5]}"
    say(visitor, during)
    pending = visitor.locator(PENDING, has_text=during)
    expect(pending).to_have_count(1)
    expect(pending.locator(".tick")).to_have_attribute("data-state", "sending")
    time.sleep(2)  # a few HTTP fallback attempts and socket retries fail meanwhile
    expect(pending).to_have_count(1)
    assert stored(chat, during) == 0

    chat.start()
    sent(visitor, during)
    expect(visitor.locator(PENDING)).to_have_count(0)
    expect(visitor.locator(f"{PANEL}[data-live=on]")).to_have_count(1, timeout=30000)

    agent = agent_page(browser, chat)
    agent.goto(f"{chat.url}/c/{conversation_id}/")
    expect(agent.locator("#thread")).to_contain_text(during)
    reply = f"Sunucu döndü, buradayız {uuid.uuid4().hex[:4]}"
    agent.locator("#composer-text").fill(reply)
    agent.locator("#composer-text").press("Control+Enter")
    expect(visitor.locator('[data-testid="message-out"]', has_text=reply)).to_have_count(1, timeout=10000)

    visitor.wait_for_timeout(1500)  # any late resend would land now
    assert stored(chat, before) == 1
    assert stored(chat, during) == 1
    assert stored(chat, reply) == 1
    rows = chat.query(
        "SELECT COUNT(*), COUNT(DISTINCT provider_id) FROM conversations_message "
        "WHERE conversation_id = ? AND direction = 'in'",
        conversation_id,
    )
    assert rows == [(2, 2)]
    expect(visitor.locator('[data-testid="message-in"]', has_text=during)).to_have_count(1)
    visitor.context.close()
    agent.context.close()


class FlakySocket:
    """Between the page and the server (Playwright's route_web_socket): every second message
    frame reaches the server and then the connection drops before the ack can come back; while
    ``refuse`` is set every connection attempt fails."""

    def __init__(self) -> None:
        self.refuse = threading.Event()
        self.messages = 0
        self.dropped = 0
        self.refused = 0
        self.live: list[WebSocketRoute] = []

    def cut(self) -> None:
        """The network goes away: the live connection drops and new ones are refused."""
        self.refuse.set()
        for ws in self.live:
            ws.close(code=1011, reason="network down")
        self.live.clear()

    def __call__(self, ws: WebSocketRoute) -> None:
        if self.refuse.is_set():
            self.refused += 1
            ws.close(code=1011, reason="network down")
            return
        server = ws.connect_to_server()
        self.live.append(ws)

        def from_page(message: str | bytes) -> None:
            server.send(message)
            frame = json.loads(message)
            if frame.get("type") == "message":
                self.messages += 1
                if self.messages % 2 == 1:
                    self.dropped += 1
                    ws.close(code=1011, reason="network blip")

        ws.on_message(from_page)
        server.on_message(lambda message: ws.send(message))


class LostResponses:
    """The HTTP send endpoint: the first request of every client_id reaches the server (which
    stores the message) but its response is lost; later ones go through."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.lost = 0
        self.passed = 0

    def __call__(self, route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        client_id = json.loads(route.request.post_data or "{}").get("client_id", "")
        if client_id not in self.seen:
            self.seen.add(client_id)
            route.fetch()  # the server stores it ...
            self.lost += 1
            route.abort("connectionreset")  # ... and the answer never arrives
            return
        self.passed += 1
        route.continue_()


def wait_all_sent(page: Page, texts: list[str]) -> None:
    for text in texts:
        sent(page, text)
    expect(page.locator(PENDING)).to_have_count(0, timeout=30000)


def test_flaky_network_never_loses_or_doubles_a_message(
    browser: Browser, chat: ChatServer, store: StorePage
) -> None:
    visitor = visitor_page(browser, store, query="&flaky=1")
    sockets = FlakySocket()
    responses = LostResponses()
    visitor.route_web_socket("**/ws/widget/**", sockets)
    visitor.route("**/widget/v1/*/messages", responses)
    visitor.reload()
    open_widget(visitor)

    tag = uuid.uuid4().hex[:4]
    over_socket = [f"Dalgalı bağlantı {tag} #{n}" for n in range(1, 5)]
    live = visitor.locator(f"{PANEL}[data-live=on]")
    for text in over_socket:
        expect(live).to_have_count(1, timeout=20000)  # goes out over the socket, not the fallback
        say(visitor, text)
        sent(visitor, text)
    wait_all_sent(visitor, over_socket)
    assert sockets.dropped >= 2

    sockets.cut()
    expect(visitor.locator(f"{PANEL}[data-live=off]")).to_have_count(1, timeout=5000)
    over_http = [f"Soket yokken {tag} #{n}" for n in range(1, 4)]
    for text in over_http:
        say(visitor, text)
    wait_all_sent(visitor, over_http)
    assert responses.lost >= 1
    assert responses.passed >= 1

    sockets.refuse.clear()
    visitor.wait_for_timeout(2000)  # reconnect + resync: nothing may come back twice
    for text in over_socket + over_http:
        assert stored(chat, text) == 1, text
        expect(visitor.locator('[data-testid="message-in"]', has_text=text)).to_have_count(1)
    assert visitor.errors == []  # type: ignore[attr-defined]
    visitor.context.close()


def test_unsent_messages_survive_a_reload(browser: Browser, chat: ChatServer, store: StorePage) -> None:
    visitor = visitor_page(browser, store)
    open_widget(visitor)
    warmup = f"Önce bir merhaba {uuid.uuid4().hex[:4]}"
    say(visitor, warmup)
    sent(visitor, warmup)

    blocked: dict[str, Any] = {"requests": 0}

    def down(route: Route) -> None:
        blocked["requests"] += 1
        route.abort("internetdisconnected")

    def refuse(ws: WebSocketRoute) -> None:
        ws.close(code=1011, reason="network down")

    visitor.route("**/widget/v1/*/messages", down)
    visitor.route_web_socket("**/ws/widget/**", refuse)
    visitor.reload()  # the socket now opens through the route, which refuses it
    expect(visitor.locator(PANEL)).to_be_visible(timeout=10000)
    text = f"Sayfa yenilenmeden önce gönderilemedi {uuid.uuid4().hex[:4]}"
    say(visitor, text)
    expect(visitor.locator(PENDING, has_text=text)).to_have_count(1)
    outbox = visitor.evaluate(
        "key => JSON.parse(localStorage.getItem(`yanit:${key}:outbox`))", chat.seed["widget_key"]
    )
    assert [item["text"] for item in outbox] == [text]
    visitor.wait_for_timeout(4500)  # one HTTP fallback attempt fails too
    assert blocked["requests"] >= 1
    assert stored(chat, text) == 0

    visitor.unroute("**/widget/v1/*/messages")
    visitor.unroute_all()
    page = visitor.context.new_page()  # a fresh page without the routes, same browser storage
    visitor.close()
    page.goto(f"{store.url}/?lang=tr")
    sent(page, text)
    expect(page.locator(PENDING)).to_have_count(0)
    assert (
        page.evaluate("key => localStorage.getItem(`yanit:${key}:outbox`)", chat.seed["widget_key"]) == "[]"
    )
    page.wait_for_timeout(1000)
    assert stored(chat, text) == 1
    page.context.close()
