"""The public help center in a real browser: search as you type without Turkish letters, the
375 px phone layout, votes without a reload, and the live chat contact option."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.widget_stack import ChatServer

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@dataclass
class HelpServer(ChatServer):
    seed_module: str = "tests.e2e.helpcenter_seed"


@pytest.fixture(scope="module")
def help_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HelpServer]:
    server = HelpServer(tmp_path_factory.mktemp("help-data"))
    server.prepare()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def open_page(browser: Browser, url: str, width: int = 1280, height: int = 800) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="tr-TR")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    page.goto(url)
    return page


def test_search_as_you_type_without_turkish_letters(browser: Browser, help_server: HelpServer) -> None:
    home = f"{help_server.url}/help/{help_server.seed['slug']}/"
    page = open_page(browser, home)
    box = page.get_by_test_id("search-input")
    box.press_sequentially("iade nasil yapilir", delay=40)
    first = page.get_by_test_id("suggestion").first
    expect(first).to_contain_text("İade nasıl yapılır?", timeout=10000)
    # Still on the home page: the results came while typing, not from submitting the form.
    assert page.url == home
    first.click()
    page.wait_for_url(f"{home}tr/iade-nasil-yapilir/")
    expect(page.locator("h1")).to_have_text("İade nasıl yapılır?")
    assert page.errors == []  # type: ignore[attr-defined]


def test_voting_with_javascript_stays_on_the_page(browser: Browser, help_server: HelpServer) -> None:
    url = f"{help_server.url}/help/{help_server.seed['slug']}/tr/kargom-nerede/"
    page = open_page(browser, url)
    page.get_by_test_id("vote-no").click()
    expect(page.get_by_test_id("vote-thanks")).to_contain_text("Geri bildiriminiz için teşekkürler.")
    expect(page.get_by_test_id("vote-no")).to_have_attribute("aria-pressed", "true")
    assert page.url == url
    page.get_by_test_id("vote-yes").click()
    expect(page.get_by_test_id("vote-thanks")).to_contain_text("İşinize yaramasına sevindik.")
    counts = help_server.query("SELECT helpful_yes, helpful_no FROM kb_article WHERE slug = 'kargom-nerede'")
    assert counts == [(1, 0)]


def test_phone_layout_and_live_chat_contact(browser: Browser, help_server: HelpServer) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    base = f"{help_server.url}/help/{help_server.seed['slug']}/"
    page = open_page(browser, base, width=375, height=812)
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.get_by_test_id("search-input").bounding_box()
    assert box is not None
    assert box["width"] >= 200
    page.screenshot(path=str(SCREENSHOTS / "help-home-375.png"), full_page=True)
    page.get_by_test_id("search-input").press_sequentially("kargom", delay=40)
    expect(page.get_by_test_id("suggestion").first).to_contain_text("Kargom nerede?", timeout=10000)
    page.screenshot(path=str(SCREENSHOTS / "help-suggest-375.png"))
    page.goto(f"{base}tr/iade-nasil-yapilir/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SCREENSHOTS / "help-article-375.png"), full_page=True)
    # Contact options: phone shown the Turkish way, chat opens the store's widget.
    expect(page.get_by_test_id("contact-phone")).to_contain_text("0 (212) 555 12 34")
    page.wait_for_function("window.Yanit !== undefined")
    page.get_by_test_id("contact-chat").click()
    expect(page.locator('[data-testid="panel"]')).to_be_visible(timeout=10000)
    assert page.errors == []  # type: ignore[attr-defined]
