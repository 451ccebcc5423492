"""A visitor asks a FAQ question in the widget, gets the article at once, says "no", and an
agent takes over with the bot's exchange on the timeline."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.bot_seed import KARGO_SUMMARY
from tests.e2e.widget_fixtures import (
    agent_page,
    conversation_of_last_visitor,
    open_widget,
    say,
    sent,
    visitor_page,
)
from tests.e2e.widget_stack import ChatServer, StorePage
from tests.support.served import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    server = ChatServer(tmp_path_factory.mktemp("bot-chat-data"))
    server.prepare()
    subprocess.run(
        [sys.executable, "-m", "tests.e2e.bot_seed", str(server.seed["inbox_id"])],
        cwd=ROOT,
        env=server.env(),
        check=True,
    )
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


def test_visitor_gets_the_article_says_no_and_an_agent_answers(
    browser: Browser, chat: ChatServer, store: StorePage
) -> None:
    visitor = visitor_page(browser, store)
    open_widget(visitor)
    question = "Siparişimi nasıl takip ederim?"
    say(visitor, question)
    sent(visitor, question)
    answer = visitor.locator('[data-testid="message-out"]', has_text=KARGO_SUMMARY)
    expect(answer).to_have_count(1, timeout=10000)
    expect(answer).to_contain_text("/help/")
    expect(answer).to_contain_text("İşinize yaradı mı?")
    yes = answer.locator('[data-testid="bot-yes"]')
    no = answer.locator('[data-testid="bot-no"]')
    expect(yes).to_have_text("Evet, çözüldü")
    expect(no).to_have_text("Hayır, temsilciye bağlan")

    no.click()
    sent(visitor, "Hayır, temsilciye bağlan")
    expect(no).to_be_hidden()
    expect(
        visitor.locator('[data-testid="message-out"]', has_text="ekip arkadaşımıza aktarıyorum")
    ).to_have_count(1, timeout=10000)
    conversation_id = conversation_of_last_visitor(chat)
    [(outcome,)] = chat.query("SELECT outcome FROM bot_botturn WHERE conversation_id = ?", conversation_id)
    assert outcome == "handed_off"

    agent = agent_page(browser, chat)
    agent.goto(f"{chat.url}/c/{conversation_id}/")
    thread = agent.locator("#thread")
    expect(thread).to_contain_text(question)
    expect(thread).to_contain_text(KARGO_SUMMARY)
    expect(thread).to_contain_text(
        "Bot: 'Kargo takibi' makalesiyle yanıtladı — müşteri: Hayır, ekibe aktarıldı"
    )
    expect(agent.locator('[data-testid="kb-suggestion"]').first).to_contain_text(
        "Kargo takibi", timeout=10000
    )

    reply = f"Merhaba, kargonuz yarın teslim edilecek {uuid.uuid4().hex[:4]}."
    agent.locator("#composer-text").fill(reply)
    agent.locator("#composer-text").press("Control+Enter")
    expect(visitor.locator('[data-testid="message-out"]', has_text=reply)).to_have_count(1, timeout=10000)
    assert visitor.errors == []  # type: ignore[attr-defined]
    visitor.context.close()
    agent.context.close()


def test_english_page_shows_english_buttons_and_yes_resolves(
    browser: Browser, chat: ChatServer, store: StorePage
) -> None:
    visitor = visitor_page(browser, store, lang="en")
    open_widget(visitor)
    say(visitor, "kargom nerede kaldı")
    answer = visitor.locator('[data-testid="message-out"]', has_text=KARGO_SUMMARY)
    expect(answer).to_have_count(1, timeout=10000)
    yes = answer.locator('[data-testid="bot-yes"]')
    expect(yes).to_have_text("Yes, solved")
    yes.click()
    sent(visitor, "Yes, solved")
    conversation_id = conversation_of_last_visitor(chat)
    expect(visitor.locator('[data-testid="message-out"]', has_text="ne mutlu")).to_have_count(
        1, timeout=10000
    )
    [(status,)] = chat.query("SELECT status FROM conversations_conversation WHERE id = ?", conversation_id)
    assert status == "resolved"
    visitor.context.close()
