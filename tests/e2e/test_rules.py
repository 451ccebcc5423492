"""An admin builds a rule in the browser; a customer message matches it; the agent sees the result."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import E2EServer, logged_in_page, wait_for_htmx_settled

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def test_admin_builds_a_rule_and_the_agent_sees_its_result(browser: Browser, e2e_server: E2EServer) -> None:
    marker = uuid.uuid4().hex[:8]
    admin = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    admin.goto(f"{e2e_server.url}/settings/rules/")
    admin.get_by_test_id("new-rule").click()
    # The workspace started with the complaint playbook; this rule comes on top of it.
    admin.get_by_test_id("rule-name").fill("Acil kargo")
    # The first condition row: message text contains any of…
    row = admin.get_by_test_id("condition-row").first
    expect(row.get_by_test_id("cond-field")).to_have_value("message_text")
    row.get_by_test_id("cond-value").fill("kargo\nhala gelmedi")
    # A second condition, only this test's customer: its widgets change with the field.
    admin.get_by_test_id("add-condition").click()
    expect(admin.get_by_test_id("condition-row")).to_have_count(2)
    wait_for_htmx_settled(admin)
    second = admin.get_by_test_id("condition-row").nth(1)
    second.get_by_test_id("cond-field").select_option("contact_email")
    wait_for_htmx_settled(admin)
    expect(second.get_by_test_id("cond-op")).to_have_value("contains")
    second = admin.get_by_test_id("condition-row").nth(1)
    second.get_by_test_id("cond-value").fill(marker)
    # Actions: priority high (the first row) and a tag.
    admin.get_by_test_id("action-row").first.get_by_test_id("action-priority").select_option("high")
    admin.get_by_test_id("add-action").click()
    # The new row arrives by htmx; choosing its type swaps the row again: let each swap land.
    expect(admin.get_by_test_id("action-row")).to_have_count(2)
    wait_for_htmx_settled(admin)
    tag_row = admin.get_by_test_id("action-row").nth(1)
    tag_row.get_by_test_id("action-type").select_option("add_tags")
    wait_for_htmx_settled(admin)
    tags = admin.get_by_test_id("action-row").nth(1).get_by_test_id("action-tags")
    expect(tags).to_be_visible()
    tags.fill("acil-kargo")
    admin.get_by_test_id("save-rule").click()
    admin.wait_for_url(f"{e2e_server.url}/settings/rules/")
    expect(admin.get_by_test_id("rules")).to_contain_text("Acil kargo")

    created = e2e_server.inbound(
        "Merhaba, KARGOM HÂLÂ GELMEDİ, ne zaman gelir?",
        email=f"musteri-{marker}@example.com",
        name="Deniz Aydın",
    )

    agent = logged_in_page(browser, e2e_server, e2e_server.seed["second"]["email"])
    agent.goto(f"{e2e_server.url}/c/{created['conversation_id']}/")
    expect(agent.get_by_test_id("ctl-priority")).to_have_value("2")
    expect(agent.locator("#conv-head")).to_contain_text("acil-kargo")
    expect(agent.locator("#conv-head")).to_contain_text("kargo gecikmesi")  # the playbook's own rule
    expect(agent.locator("#thread")).to_contain_text("Kural 'Acil kargo': öncelik yüksek, etiket acil-kargo")
    # "Why did this happen?" lists the run with its conditions.
    agent.get_by_test_id("why").locator("summary").click()
    run = agent.get_by_test_id("rule-run").filter(has_text="Acil kargo")
    expect(run).to_contain_text("eşleşti")
    expect(run.locator(".why-conditions li.ok")).to_have_count(2)
    SHOTS.mkdir(exist_ok=True)
    agent.screenshot(path=str(SHOTS / "rules-agent.png"), full_page=True)

    # Agents read the rules but cannot change them.
    agent.goto(f"{e2e_server.url}/settings/rules/")
    expect(agent.get_by_test_id("read-only")).to_be_visible()
    expect(agent.get_by_test_id("new-rule")).to_have_count(0)

    # The builder is usable at 375 px: no horizontal scrolling.
    admin.set_viewport_size({"width": 375, "height": 800})
    admin.goto(f"{e2e_server.url}/settings/rules/new/")
    assert admin.evaluate("document.documentElement.scrollWidth") <= 375
    admin.screenshot(path=str(SHOTS / "rules-editor-375.png"), full_page=True)

    # Tidy up by switching it off (htmx, no reload): the e2e server is shared with other browser tests.
    admin.set_viewport_size({"width": 1366, "height": 800})
    admin.goto(f"{e2e_server.url}/settings/rules/")
    ours = admin.get_by_test_id("rules").locator("li").filter(has_text="Acil kargo")
    toggle = ours.locator('[data-testid^="toggle-"]')
    expect(toggle).to_have_attribute("aria-checked", "true")
    toggle.click()
    expect(ours.locator('[data-testid^="toggle-"]')).to_have_attribute("aria-checked", "false")
    admin.reload()
    expect(ours.locator('[data-testid^="toggle-"]')).to_have_text("Kapalı")
    admin.context.close()
    agent.context.close()
