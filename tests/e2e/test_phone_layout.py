"""In Chromium at 375 px: no page of the agent UI is wider than the phone, the top bar shows its
links whole, and the language switch is reachable from the account menu."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import E2EServer, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = [
    "/",
    "/kb/",
    "/kb/articles/new/",
    "/kb/categories/",
    "/settings/",
    "/settings/rules/",
    "/settings/rules/new/",
    "/settings/sla/",
    "/settings/hours/",
    "/settings/assignment/",
    "/settings/canned/",
    "/settings/macros/",
    "/settings/inboxes/",
    "/settings/help-center/",
    "/settings/instant-answers/model/",
]


def test_every_page_fits_a_phone(browser: Browser, e2e_server: E2EServer) -> None:
    created = e2e_server.inbound(
        "Telefonda okunuyor mu?", email="telefon@example.com", name="Telefon Müşterisi"
    )
    page = logged_in_page(browser, e2e_server, e2e_server.seed["first"]["email"])
    page.set_viewport_size({"width": 375, "height": 800})
    too_wide = {}
    for path in [*PAGES, f"/c/{created['conversation_id']}/"]:
        page.goto(f"{e2e_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            too_wide[path] = width
        # The top bar's links are whole on the screen, none cut off or scrolled out of its nav.
        nav = page.evaluate(
            "(() => { const n = document.querySelector('.topnav');"
            " return [n.children.length, n.scrollWidth, n.clientWidth]; })()"
        )
        assert nav[0] >= 2, path
        assert nav[1] <= nav[2], (path, nav)
    assert too_wide == {}

    # The switch left the top bar for the account menu; it still changes the language.
    expect(page.locator(".account-menu > .lang-switch")).to_be_hidden()
    page.get_by_test_id("account-menu-toggle").click()
    page.locator(".lang-switch-menu button[value=en]").click()
    page.wait_for_load_state()
    expect(page.locator(".topnav a").first).to_have_text("Inbox")
    page.get_by_test_id("account-menu-toggle").click()
    page.locator(".lang-switch-menu button[value=tr]").click()
    page.wait_for_load_state()
    expect(page.locator(".topnav a").first).to_have_text("Gelen kutusu")
    page.context.close()
