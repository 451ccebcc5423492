"""Fixtures and helpers shared by the live chat browser tests (imported by the test modules)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.widget_stack import ChatServer, StorePage

# Everything inside the widget is reached through its (open) shadow root: Playwright's CSS
# locators pierce it.
LAUNCHER = '[data-testid="open"]'
INPUT = '[data-testid="input"]'
LOG = '[data-testid="log"]'
PANEL = '[data-testid="panel"]'


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    server = ChatServer(tmp_path_factory.mktemp("chat-data"))
    server.prepare()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def store(chat: ChatServer) -> Iterator[StorePage]:
    page = StorePage(chat)
    try:
        yield page
    finally:
        page.shutdown()
        page.server_close()


def agent_page(browser: Browser, chat: ChatServer) -> Page:
    context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="tr-TR")
    page = context.new_page()
    page.goto(f"{chat.url}/login/")
    page.fill("input[name=username]", chat.seed["agent"]["email"])
    page.fill("input[name=password]", chat.seed["password"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{chat.url}/")
    return page


def visitor_page(
    browser: Browser, store: StorePage, *, lang: str = "tr", query: str = "", **context: Any
) -> Page:
    context.setdefault("viewport", {"width": 1280, "height": 800})
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: errors.append("dialog: " + dialog.message))
    page.errors = errors  # type: ignore[attr-defined]
    page.goto(f"{store.url}/?lang={lang}{query}")
    return page


def open_widget(page: Page) -> None:
    page.locator(LAUNCHER).click()
    expect(page.locator(PANEL)).to_be_visible()


def say(page: Page, text: str) -> None:
    page.locator(INPUT).fill(text)
    page.locator(INPUT).press("Enter")


def sent(page: Page, text: str) -> None:
    """The visitor's message shows as stored (acknowledged by the server), not pending."""
    expect(page.locator('[data-testid="message-in"]', has_text=text)).to_have_count(1, timeout=15000)


def conversation_of_last_visitor(chat: ChatServer) -> int:
    rows = chat.query(
        "SELECT conversation_id FROM webchat_visitor WHERE conversation_id IS NOT NULL ORDER BY id DESC"
    )
    return int(rows[0][0])


def stored(chat: ChatServer, text: str) -> int:
    return int(chat.query("SELECT COUNT(*) FROM conversations_message WHERE text = ?", text)[0][0])
