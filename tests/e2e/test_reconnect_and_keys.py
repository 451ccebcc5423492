"""The inbox survives a dropped websocket and catches up; the keyboard drives the frequent actions."""

from __future__ import annotations

import threading
import uuid

import pytest
from playwright.sync_api import Browser, WebSocketRoute, expect

from tests.e2e.conftest import E2EServer, logged_in_page, wait_for_htmx_settled

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class SocketGate:
    """Sits between the page and the server's websocket (Playwright's route_web_socket): it can
    cut the live connection and refuse reconnections until it is opened again."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.open.set()
        self.live: list[WebSocketRoute] = []
        self.refused = 0

    def __call__(self, ws: WebSocketRoute) -> None:
        if not self.open.is_set():
            self.refused += 1
            ws.close(code=1011, reason="network down")
            return
        ws.connect_to_server()
        self.live.append(ws)

    def cut(self) -> None:
        self.open.clear()
        for ws in self.live:
            ws.close(code=1011, reason="network down")
        self.live.clear()


def test_a_dropped_socket_reconnects_and_catches_up(browser: Browser, e2e_server: E2EServer) -> None:
    page = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    gate = SocketGate()
    page.route_web_socket("**/ws/agent/", gate)
    page.reload()
    expect(page.locator("body[data-live=on]")).to_have_count(1, timeout=5000)

    gate.cut()
    expect(page.locator("body[data-live=off]")).to_have_count(1, timeout=3000)
    expect(page.locator("#live-status")).to_be_visible(timeout=3000)
    marker = f"Bağlantı yokken yazdım {uuid.uuid4().hex[:6]}"
    created = e2e_server.inbound(marker, email="kopuk@example.com", name="Kopuk Bağlantı")
    row = page.locator(f'.conv-row[data-conversation-id="{created["conversation_id"]}"]')
    page.wait_for_timeout(1500)  # while the network is down nothing can arrive
    expect(row).to_have_count(0)

    gate.open.set()
    expect(page.locator("body[data-live=on]")).to_have_count(1, timeout=20000)
    expect(row).to_contain_text(marker, timeout=5000)  # fetched on reconnect, without a reload
    expect(page.locator("#live-status")).to_be_hidden()
    assert gate.refused >= 1
    page.context.close()


def test_keyboard_shortcuts_assign_and_resolve(browser: Browser, e2e_server: E2EServer) -> None:
    marker = f"Kısayol denemesi {uuid.uuid4().hex[:6]}"
    created = e2e_server.inbound(marker, email="kisayol@example.com", name="Kısayol Müşteri")
    page = logged_in_page(browser, e2e_server, e2e_server.seed["second"]["email"])
    expect(page.locator("body[data-live=on]")).to_have_count(1, timeout=5000)

    page.keyboard.press("?")
    expect(page.locator('[data-testid="help-overlay"]')).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator('[data-testid="help-overlay"]')).to_be_hidden()

    page.keyboard.press("j")  # the newest conversation, the one just posted, opens
    expect(page.locator(".conv-head, #conv-head").first).to_contain_text(marker, timeout=5000)
    assert f"/c/{created['conversation_id']}/" in page.url

    expect(page.locator('[data-shortcut="assign-me"]')).to_be_visible()
    page.wait_for_load_state("networkidle")
    wait_for_htmx_settled(page)  # the pane's own fragments have settled
    page.keyboard.press("a")
    expect(page.locator('[data-shortcut="assign-me"]')).to_have_count(0, timeout=5000)
    expect(page.locator('[data-testid="ctl-assignee"] option:checked')).to_have_text(
        f"{e2e_server.seed['second']['name']} (ben)", timeout=5000
    )
    # The assignment also comes back over the websocket and the header re-fetches itself after
    # a short debounce; let that settle so the next key acts on the final header.
    page.wait_for_timeout(1000)
    wait_for_htmx_settled(page)
    page.keyboard.press("e")
    expect(page.locator('[data-testid="status-pill"]')).to_have_text("Çözüldü", timeout=5000)
    page.context.close()
