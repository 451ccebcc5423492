"""`yanit serve` in demo mode serves a small store page with the widget on it."""

from __future__ import annotations

import uuid

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.widget_fixtures import INPUT, open_widget, say, sent, stored
from tests.e2e.widget_stack import ChatServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_demo_shop_page_carries_the_snippet(chat: ChatServer) -> None:
    response = httpx.get(f"{chat.url}/demo-shop/", timeout=10)
    assert response.status_code == 200
    html = response.text
    assert '<html lang="tr">' in html
    assert "Siparişim nerede?" in html
    assert "649,90 ₺" in html
    assert (
        f'<script src="{chat.url}/widget.js" data-inbox="{chat.seed["widget_key"]}" async></script>' in html
    )
    english = httpx.get(f"{chat.url}/demo-shop/?lang=en", timeout=10).text
    assert '<html lang="en">' in english
    assert "Where is my order?" in english


def test_demo_shop_chat_works_in_the_browser(browser: Browser, chat: ChatServer) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(f"{chat.url}/demo-shop/")
    expect(page.locator("h1")).to_have_text("Siparişim nerede?")
    open_widget(page)
    expect(page.locator(INPUT)).to_have_attribute("placeholder", "Mesajınızı yazın…")
    text = f"Demo mağazadan merhaba {uuid.uuid4().hex[:4]}"
    say(page, text)
    sent(page, text)
    assert stored(chat, text) == 1
    page.context.close()
