"""In Chromium: merging a conversation into another of the same customer with the picker, and the
"someone else replied meanwhile" warning before a reply goes out."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Browser, WebSocketRoute, expect

from tests.e2e.conftest import E2EServer, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_merge_picker_moves_the_thread_into_the_customers_other_conversation(
    browser: Browser, e2e_server: E2EServer
) -> None:
    marker = uuid.uuid4().hex[:6]
    email, name = f"birlesik-{marker}@example.com", "Elif Şahin"
    first = e2e_server.inbound(f"Siparişim {marker} eksik geldi", email=email, name=name)
    second = e2e_server.inbound(f"Eksik ürün {marker} için fotoğraf", email=email, name=name, inbox="other")
    assert first["conversation_id"] != second["conversation_id"]
    page = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    page.goto(f"{e2e_server.url}/c/{second['conversation_id']}/")
    expect(page.locator("body[data-live=on]")).to_have_count(1, timeout=5000)

    # Focusing the picker lists the customer's other conversation; pick it and merge.
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.locator("[data-action=toggle-controls]").click()  # merge waits behind "Actions"
    page.get_by_test_id("merge-search").click()
    candidate = page.locator(".merge-candidate").filter(has_text=f"Siparişim {marker}")
    expect(page.locator(".merge-candidate")).to_have_count(1)
    expect(candidate).to_contain_text(name)
    candidate.locator("input[type=radio]").check()
    page.get_by_test_id("merge-submit").click()

    page.wait_for_url(f"{e2e_server.url}/c/{first['conversation_id']}/")
    # Only the merge itself asks for confirmation, not opening the picker.
    assert dialogs == [
        "Bu konuşma seçilen konuşmayla birleştirilsin mi? Mesajları oraya taşınır ve bu konuşma kapanır."
    ]
    bodies = page.locator("#thread [data-testid=message-in] .msg-body")
    expect(bodies).to_have_count(2)
    expect(bodies.nth(0)).to_have_text(f"Siparişim {marker} eksik geldi")
    expect(bodies.nth(1)).to_have_text(f"Eksik ürün {marker} için fotoğraf")
    page.context.close()


def test_collision_warning_before_send_and_send_anyway(browser: Browser, e2e_server: E2EServer) -> None:
    marker = uuid.uuid4().hex[:6]
    created = e2e_server.inbound(
        f"İade kodu {marker} çalışmıyor", email=f"cakisma-{marker}@example.com", name="Can Öz"
    )
    url = f"{e2e_server.url}/c/{created['conversation_id']}/"
    # The first agent's live updates don't arrive (a flaky connection): their page still shows
    # the thread as they opened it when they press send.
    slow = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    held: list[WebSocketRoute] = []

    def hold(ws: WebSocketRoute) -> None:
        held.append(ws)  # never connected to the server: no frames reach this page

    slow.route_web_socket("**/ws/agent/", hold)
    slow.goto(url)
    quick = logged_in_page(browser, e2e_server, e2e_server.seed["second"]["email"])
    quick.goto(url)
    expect(quick.locator("body[data-live=on]")).to_have_count(1, timeout=5000)

    quick.locator("#composer-text").fill(f"Yeni iade kodunuz: RT-{marker}")
    quick.locator("#composer-text").press("Control+Enter")
    expect(quick.locator("#thread [data-testid=message-out]")).to_have_count(1)

    slow.locator("#composer-text").fill("Hemen yeni bir kod oluşturuyorum.")
    slow.locator("#composer-text").press("Control+Enter")
    warning = slow.get_by_test_id("collision")
    expect(warning).to_contain_text("Mehmet Demir az önce yanıt verdi — yine de gönder?")
    expect(warning).to_contain_text(f"Yeni iade kodunuz: RT-{marker}")
    expect(slow.locator("#thread [data-testid=message-out]")).to_have_count(0)  # nothing sent yet
    expect(slow.locator("#composer-text")).to_have_value("Hemen yeni bir kod oluşturuyorum.")  # text kept

    slow.get_by_test_id("send-anyway").click()
    outs = slow.locator("#thread [data-testid=message-out] .msg-body")
    expect(outs).to_have_count(2)
    expect(outs.nth(0)).to_have_text(f"Yeni iade kodunuz: RT-{marker}")
    expect(outs.nth(1)).to_have_text("Hemen yeni bir kod oluşturuyorum.")
    expect(warning).to_have_count(0)
    assert held  # the page did try its websocket
    slow.context.close()
    quick.context.close()
