"""In Chromium: an admin switches a team to round-robin with a capacity on the assignment settings
page, and the team's new conversations are then assigned accordingly."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import E2EServer, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_team_round_robin_with_capacity_assigns_inbound_messages(
    browser: Browser, e2e_server: E2EServer
) -> None:
    page = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    page.goto(f"{e2e_server.url}/settings/assignment/")
    row = page.get_by_test_id("policies").locator("tr").filter(has_text="Kampanya Ekibi")
    expect(row).to_contain_text("Elle")
    row.get_by_role("link").click()
    form = page.get_by_test_id("policy-form")
    form.locator("select[name=mode]").select_option("round_robin")
    form.locator("input[name=capacity]").fill("1")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{e2e_server.url}/settings/assignment/")
    expect(row).to_contain_text("Sırayla")
    expect(row.locator("td").nth(2)).to_have_text("1")

    marker = uuid.uuid4().hex[:6]
    created = [
        e2e_server.inbound(
            f"Kampanya kodu {marker}-{n}",
            email=f"kampanya-{marker}-{n}@example.com",
            name=f"Müşteri {n}",
            inbox="campaign",
        )
        for n in range(3)
    ]
    selin, burak = (agent["id"] for agent in e2e_server.seed["campaign_agents"])
    assignees = []
    for item in created:
        page.goto(f"{e2e_server.url}/c/{item['conversation_id']}/")
        assignees.append(page.locator("#conv-head").get_attribute("data-assignee"))
    # One each in turn; the third waits: both agents are at their capacity of one.
    assert assignees == [str(selin), str(burak), ""]
    page.context.close()
