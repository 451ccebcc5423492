"""Notifications in a real browser: a mention in a note rings the other agent's bell live."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import E2EServer, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_mention_rings_the_bell_live_and_opens_the_conversation(
    browser: Browser, e2e_server: E2EServer
) -> None:
    conversation_id = e2e_server.seed["conversation_id"]
    writer = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    writer.goto(f"{e2e_server.url}/c/{conversation_id}/")
    reader = logged_in_page(browser, e2e_server, e2e_server.seed["second"]["email"])
    for page in (writer, reader):
        expect(page.locator("body[data-live=on]")).to_have_count(1, timeout=5000)
    expect(reader.locator("[data-testid=notif-count]")).to_be_hidden()
    marker = uuid.uuid4().hex[:6]

    # Writing a note, "@meh" offers Mehmet Demir (Turkish-folded match) and Enter picks him.
    writer.locator(".tab-note").click()
    composer = writer.locator("#composer-text")
    composer.click()
    composer.type("@meh")
    box = writer.locator("[data-testid=mention-box]")
    expect(box).to_contain_text("Mehmet Demir")
    composer.press("Enter")
    expect(composer).to_have_value("@Mehmet Demir ")
    composer.type(f"kargo firmasını arar mısın? {marker}")
    composer.press("Control+Enter")
    note = writer.locator("#thread [data-testid=note]").filter(has_text=marker)
    expect(note.locator(".mention")).to_have_text("@Mehmet Demir")

    # The other agent's bell shows 1 without a reload; the writer's stays quiet.
    count = reader.locator("[data-testid=notif-count]")
    expect(count).to_have_text("1", timeout=3000)
    expect(writer.locator("[data-testid=notif-count]")).to_be_hidden()

    reader.locator("[data-testid=notif-bell]").click()
    item = reader.locator("[data-testid=notif-item]").first
    expect(item).to_contain_text("Ayşe Yılmaz, #1 numaralı konuşmada sizden bahsetti")
    expect(item).to_contain_text(marker)
    item.locator("button").click()

    reader.wait_for_url(f"{e2e_server.url}/c/{conversation_id}/")
    expect(reader.locator("#thread")).to_contain_text(marker)
    expect(reader.locator("[data-testid=notif-count]")).to_be_hidden()
    writer.context.close()
    reader.context.close()
