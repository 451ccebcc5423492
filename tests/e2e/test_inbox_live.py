"""The inbox in a real browser against a real ASGI server (see conftest.py for how it runs)."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import E2EServer, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_new_message_appears_live_and_the_agent_replies(browser: Browser, e2e_server: E2EServer) -> None:
    page = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    expect(page.locator("body[data-live=on]")).to_have_count(1, timeout=5000)
    marker = f"Faturamı alamadım {uuid.uuid4().hex[:6]}"

    created = e2e_server.inbound(marker, email="emre@example.com", name="Emre Şahin")

    row = page.locator(f'.conv-row[data-conversation-id="{created["conversation_id"]}"]')
    expect(row).to_contain_text(marker, timeout=2000)  # pushed, not reloaded
    expect(row).to_contain_text("Emre Şahin")
    row.click()
    expect(page.locator("#thread")).to_contain_text(marker)
    page.keyboard.press("r")
    page.keyboard.type("Merhaba Emre Bey, faturanızı e-postanıza gönderdik.")
    page.keyboard.press("Control+Enter")
    outbound = page.locator('#thread [data-testid="message-out"]')
    expect(outbound).to_contain_text("faturanızı e-postanıza gönderdik")
    expect(page.locator("#composer-text")).to_have_value("")

    # A customer's follow-up in the open conversation arrives in the thread too.
    e2e_server.inbound("Teşekkürler, geldi!", email="emre@example.com", name="Emre Şahin")
    expect(page.locator("#thread")).to_contain_text("Teşekkürler, geldi!", timeout=2000)

    page.reload()
    expect(page.locator('#thread [data-testid="message-out"]')).to_contain_text("faturanızı")
    page.context.close()


def test_second_agent_sees_presence_and_typing(browser: Browser, e2e_server: E2EServer) -> None:
    conversation_url = f"{e2e_server.url}/c/{e2e_server.seed['conversation_id']}/"
    first = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    first.goto(conversation_url)
    expect(first.locator("body[data-live=on]")).to_have_count(1, timeout=5000)
    second = logged_in_page(browser, e2e_server, e2e_server.seed["second"]["email"])
    second.goto(conversation_url)
    expect(second.locator("body[data-live=on]")).to_have_count(1, timeout=5000)

    first_name = e2e_server.seed["first"]["name"]
    second_name = e2e_server.seed["second"]["name"]
    expect(second.locator("#presence")).to_have_text(f"Görüntüleyen: {first_name}", timeout=3000)
    expect(first.locator("#presence")).to_have_text(f"Görüntüleyen: {second_name}", timeout=3000)

    first.locator("#composer-text").type("Kontrol ediyorum")
    expect(second.locator("#presence")).to_have_text(f"Yazıyor: {first_name}…", timeout=3000)

    first.goto(e2e_server.url + "/")
    expect(second.locator("#presence")).to_have_text("", timeout=3000)
    first.context.close()
    second.context.close()
