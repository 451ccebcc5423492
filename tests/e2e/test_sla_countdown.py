"""An admin sets an SLA policy in the settings; a new conversation shows a live countdown that
turns red in the browser when the first-response target passes."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import E2EServer, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_policy_from_settings_then_countdown_in_the_list(browser: Browser, e2e_server: E2EServer) -> None:
    page = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    page.goto(f"{e2e_server.url}/settings/sla/")
    page.get_by_test_id("new-policy").click()
    page.fill("input[name=name]", "Canlı sohbet hızı")
    page.get_by_test_id("t-normal-first_response").fill("1")
    page.get_by_test_id("t-normal-resolution").fill("600")
    page.check("input[name=clock][value=calendar]")
    page.get_by_test_id("save-policy").click()
    expect(page.get_by_test_id("policies")).to_contain_text("Canlı sohbet hızı")
    expect(page.get_by_test_id("policies")).to_contain_text("1 / – / 600 dk")

    page.goto(f"{e2e_server.url}/?sort=due")
    expect(page.locator("body[data-live=on]")).to_have_count(1, timeout=5000)
    marker = f"Siparişim eksik geldi {uuid.uuid4().hex[:6]}"
    created = e2e_server.inbound(marker, email="sla@example.com", name="Selin Aksoy")

    row = page.locator(f'.conv-row[data-conversation-id="{created["conversation_id"]}"]')
    badge = row.get_by_test_id("sla-badge")
    expect(badge).to_have_text(re.compile(r"1 dk kaldı"), timeout=3000)
    expect(badge).to_have_class(re.compile(r"\bsla-ok\b"))
    row.click()
    timers = page.get_by_test_id("sla-timers")
    expect(timers).to_contain_text("İlk yanıt · 1 dk kaldı")
    expect(timers).to_contain_text(re.compile(r"Çözüm · (10 sa|9 sa 5\d dk) kaldı"))

    # No request, no server job: the page's own clock turns the badge red once the minute is up.
    first = timers.get_by_test_id("sla-badge").first
    expect(first).to_have_class(re.compile(r"\bsla-breached\b"), timeout=90_000)
    expect(first).to_contain_text("İlk yanıt · 1 dk gecikti")
    page.context.close()
