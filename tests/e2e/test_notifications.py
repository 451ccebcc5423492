"""Notifications in a real browser: a mention in a note rings the other agent's bell live."""

from __future__ import annotations

import re
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


# The page sees a browser whose tab is in the background and whose Notification API records
# what it is asked to show (headless Chromium has no notification centre to look at).
FAKE_NOTIFICATIONS = """
window.__alerts = [];
window.__permissionAsked = 0;
Object.defineProperty(document, "hidden", { get: () => true });
class FakeNotification {
  constructor(title, options) { window.__alerts.push({ title, body: options.body, tag: options.tag }); }
  close() {}
}
FakeNotification.permission = "default";
FakeNotification.requestPermission = () => {
  window.__permissionAsked += 1;
  FakeNotification.permission = "granted";
  return Promise.resolve("granted");
};
window.Notification = FakeNotification;
"""


def test_desktop_alert_after_permission_while_the_tab_is_hidden(
    browser: Browser, e2e_server: E2EServer
) -> None:
    conversation_id = e2e_server.seed["conversation_id"]
    reader = logged_in_page(browser, e2e_server, e2e_server.seed["second"]["email"])
    reader.add_init_script(FAKE_NOTIFICATIONS)
    reader.goto(f"{e2e_server.url}/")
    expect(reader.locator("body[data-live=on]")).to_have_count(1, timeout=5000)

    # Permission is asked once, from the button in the panel, which then goes away.
    reader.locator("[data-testid=notif-bell]").click()
    button = reader.locator("[data-testid=notif-browser]")
    expect(button).to_be_visible()
    button.click()
    expect(button).to_be_hidden()
    assert reader.evaluate("window.__permissionAsked") == 1
    reader.keyboard.press("Escape")

    # Assigning is another kind than the mention of the test above (one per kind and minute).
    writer = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    writer.goto(f"{e2e_server.url}/c/{conversation_id}/")
    writer.locator("[data-testid=ctl-assignee]").select_option(label="Mehmet Demir")
    expect(writer.locator("#thread")).to_contain_text("Ayşe Yılmaz atadı: Mehmet Demir")

    reader.wait_for_function("window.__alerts.length > 0", timeout=5000)
    alerts = reader.evaluate("window.__alerts")
    assert [(a["title"], a["body"]) for a in alerts] == [
        ("Ayşe Yılmaz, #1 numaralı konuşmayı size atadı", "")
    ]
    assert re.fullmatch(r"yanit-\d+", alerts[0]["tag"])
    writer.context.close()
    reader.context.close()


def test_the_bell_rings_live_on_a_settings_page(browser: Browser, e2e_server: E2EServer) -> None:
    # A conversation of its own: a second mention on the same one within a minute is one bell ring.
    marker = uuid.uuid4().hex[:6]
    created = e2e_server.inbound(f"Ayarlar testi {marker}", email=f"ayar-{marker}@example.com", name="Ece Ak")
    conversation_id = created["conversation_id"]
    reader = logged_in_page(browser, e2e_server, e2e_server.seed["second"]["email"])
    reader.goto(f"{e2e_server.url}/settings/profile/")
    expect(reader.locator("body[data-live=on]")).to_have_count(1, timeout=5000)
    count = reader.locator("[data-testid=notif-count]")
    before = 0 if count.is_hidden() else int(count.inner_text())
    writer = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    writer.goto(f"{e2e_server.url}/c/{conversation_id}/")
    expect(writer.locator("body[data-live=on]")).to_have_count(1, timeout=5000)
    writer.locator(".tab-note").click()
    composer = writer.locator("#composer-text")
    composer.click()
    composer.type("@meh")
    expect(writer.locator("[data-testid=mention-box]")).to_contain_text("Mehmet Demir")
    composer.press("Enter")
    composer.type(f"ayarlardayken de duy {marker}")
    composer.press("Control+Enter")
    expect(writer.locator("#thread [data-testid=note]").filter(has_text=marker)).to_have_count(1)

    # The settings page has no live view of its own: its agent socket brings the bell the news.
    expect(count).to_have_text(str(before + 1), timeout=3000)
    reader.locator("[data-testid=notif-bell]").click()
    expect(reader.locator("[data-testid=notif-item]").first).to_contain_text(marker)
    assert reader.url == f"{e2e_server.url}/settings/profile/"
    writer.context.close()
    reader.context.close()
