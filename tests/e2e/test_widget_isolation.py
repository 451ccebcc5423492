"""The store's CSS can't break the widget, the widget leaves the store alone, and hostile text
stays text — in both directions."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.widget_fixtures import (
    INPUT,
    LAUNCHER,
    LOG,
    PANEL,
    agent_page,
    conversation_of_last_visitor,
    open_widget,
    say,
    sent,
    stored,
    visitor_page,
)
from tests.e2e.widget_stack import ChatServer, StorePage

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> "quotes" & <b>bold</b>'


def test_hostile_store_css_does_not_reach_the_widget(
    browser: Browser, chat: ChatServer, store: StorePage
) -> None:
    plain = visitor_page(browser, store)
    expect(plain.locator(LAUNCHER)).to_be_visible()
    plain_box = plain.locator(LAUNCHER).bounding_box()
    plain_color = plain.locator(LAUNCHER).evaluate("el => getComputedStyle(el).backgroundColor")
    plain.context.close()

    page = visitor_page(browser, store, query="&hostile=1")
    launcher = page.locator(LAUNCHER)
    expect(launcher).to_be_visible()
    assert launcher.bounding_box() == plain_box  # same place, same size: 60×60 at the corner
    assert plain_box is not None
    assert plain_box["width"] == 60
    assert (
        launcher.evaluate("el => getComputedStyle(el).backgroundColor") == plain_color == "rgb(124, 45, 18)"
    )
    open_widget(page)
    expect(page.locator(INPUT)).to_be_visible()
    panel_font = page.locator(INPUT).evaluate("el => getComputedStyle(el).fontSize")
    assert panel_font == "14px"
    text = f"Hostile CSS altında da çalışıyor {uuid.uuid4().hex[:4]}"
    say(page, text)
    sent(page, text)
    page.context.close()


def test_widget_adds_nothing_global_to_the_page(browser: Browser, chat: ChatServer, store: StorePage) -> None:
    context = browser.new_context()
    # The page's own globals before any script runs, kept where Object.keys() won't see it.
    context.add_init_script(
        "Object.defineProperty(window, '__globals', {value: Object.keys(window), enumerable: false})"
    )
    page = context.new_page()
    page.goto(f"{store.url}/?lang=tr")
    expect(page.locator(LAUNCHER)).to_be_visible()
    open_widget(page)
    say(page, "Global bir şey eklemiyor musun?")
    sent(page, "Global bir şey eklemiyor musun?")
    after = page.evaluate(
        """() => ({sheets: document.styleSheets.length,
                   styles: document.querySelectorAll('style, link').length,
                   globals: Object.keys(window),
                   body: [...document.body.children].map(e => e.tagName.toLowerCase()),
                   storage: Object.keys(localStorage), title: document.title})"""
    )
    assert after["sheets"] == 0  # the test page has no CSS of its own, and the widget added none
    assert after["styles"] == 0
    assert sorted(set(after["globals"]) - set(page.evaluate("() => window.__globals"))) == ["Yanit"]
    assert after["body"] == ["p", "script", "yanit-chat"]
    prefix = f"yanit:{chat.seed['widget_key']}:"
    assert after["storage"]
    assert all(key.startswith(prefix) for key in after["storage"])
    assert after["title"] == "Test Mağazası"
    page.context.close()


def test_hostile_text_is_shown_as_text_both_ways(
    browser: Browser, chat: ChatServer, store: StorePage
) -> None:
    visitor = visitor_page(browser, store)
    open_widget(visitor)
    visitor_text = f"{HOSTILE} {uuid.uuid4().hex[:4]}"
    say(visitor, visitor_text)
    sent(visitor, visitor_text)
    bubble = visitor.locator('[data-testid="message-in"] .bubble', has_text=visitor_text)
    expect(bubble).to_have_text(visitor_text)
    assert stored(chat, visitor_text) == 1  # stored intact, as text

    agent = agent_page(browser, chat)
    agent.goto(f"{chat.url}/c/{conversation_of_last_visitor(chat)}/")
    expect(agent.locator("#thread")).to_contain_text(visitor_text)
    reply = (
        "<script>window.__pwned=3</script> javascript:window.__pwned=4 "
        '<a href="javascript:alert(1)">tıkla</a> kargo: https://kargo.example/takip?no=123&x=1.'
    )
    agent.locator("#composer-text").fill(reply)
    agent.locator("#composer-text").press("Control+Enter")
    incoming = visitor.locator('[data-testid="message-out"] .bubble', has_text="kargo.example")
    expect(incoming).to_have_text(reply, timeout=5000)
    links = incoming.locator("a")
    expect(links).to_have_count(1)  # only the http(s) URL became a link, without the final dot
    expect(links).to_have_attribute("href", "https://kargo.example/takip?no=123&x=1")
    expect(links).to_have_attribute("rel", "noopener noreferrer nofollow")
    expect(links).to_have_attribute("target", "_blank")

    log = visitor.locator(LOG)
    expect(log.locator("img, script, b")).to_have_count(0)
    assert visitor.evaluate("() => window.__pwned") is None
    assert agent.evaluate("() => window.__pwned") is None
    assert visitor.errors == []  # type: ignore[attr-defined]
    visitor.context.close()
    agent.context.close()


def test_mobile_width_opens_full_screen(browser: Browser, chat: ChatServer, store: StorePage) -> None:
    page = visitor_page(
        browser, store, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    page.locator(LAUNCHER).tap()
    panel = page.locator(PANEL)
    expect(panel).to_be_visible()
    page.wait_for_timeout(400)  # the opening animation has settled
    box = panel.bounding_box()
    assert box is not None
    assert {key: round(value) for key, value in box.items()} == {"x": 0, "y": 0, "width": 375, "height": 740}
    expect(page.locator(LAUNCHER)).to_be_hidden()  # the panel's own close button takes over
    page.locator('[data-testid="close"]').tap()
    expect(panel).to_be_hidden()
    expect(page.locator(LAUNCHER)).to_be_visible()
    page.context.close()
