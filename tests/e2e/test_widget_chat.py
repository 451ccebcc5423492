"""A visitor on a store page (another origin) and an agent in the inbox chat in real time."""

from __future__ import annotations

import hashlib
import hmac
import re
import time
import uuid

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.widget_fixtures import (
    INPUT,
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


def test_visitor_and_agent_talk_both_ways(browser: Browser, chat: ChatServer, store: StorePage) -> None:
    visitor = visitor_page(browser, store)
    open_widget(visitor)
    first = f"Merhaba, siparişim nerede? AC-{uuid.uuid4().hex[:5]}"
    say(visitor, first)
    sent(visitor, first)
    tick = visitor.locator('[data-testid="message-in"] .tick')
    expect(tick).to_have_attribute("data-state", "sent")
    expect(tick).to_have_text("✓")
    conversation_id = conversation_of_last_visitor(chat)

    agent = agent_page(browser, chat)
    agent.goto(f"{chat.url}/c/{conversation_id}/")
    expect(agent.locator("#thread")).to_contain_text(first)
    # The agent has the conversation open: the visitor's message is read (✓✓).
    expect(tick).to_have_attribute("data-state", "read", timeout=10000)
    expect(tick).to_have_text("✓✓")

    # Typing, agent → visitor.
    agent.locator("#composer-text").press_sequentially("Hemen bakıyorum", delay=30)
    typing = visitor.locator('[data-testid="typing"]')
    expect(typing).to_be_visible(timeout=5000)
    expect(typing).to_contain_text(f"{chat.seed['agent']['name']} yazıyor…")
    agent.locator("#composer-text").fill("")

    # Typing, visitor → agent.
    visitor.locator(INPUT).press_sequentially("Bir şey daha", delay=30)
    # (the Turkish wording is the agent page's catalogue; either language proves it arrived)
    expect(agent.locator("#presence")).to_have_text(re.compile("yazıyor|is typing"), timeout=5000)
    visitor.locator(INPUT).fill("")

    reply = f"Merhaba! Siparişiniz bugün kargoya verildi {uuid.uuid4().hex[:4]}."
    agent.locator("#composer-text").fill(reply)
    agent.locator("#composer-text").press("Control+Enter")
    incoming = visitor.locator('[data-testid="message-out"]', has_text=reply)
    expect(incoming).to_have_count(1, timeout=5000)
    expect(incoming).to_contain_text(chat.seed["agent"]["name"])
    expect(typing).to_be_hidden()

    # And the visitor's next message reaches the agent's open thread without a reload.
    second = f"Çok teşekkürler {uuid.uuid4().hex[:4]}"
    say(visitor, second)
    sent(visitor, second)
    expect(agent.locator("#thread")).to_contain_text(second, timeout=5000)

    assert stored(chat, first) == 1
    assert stored(chat, second) == 1
    assert stored(chat, reply) == 1
    counts = chat.query(
        "SELECT direction, COUNT(*) FROM conversations_message WHERE conversation_id = ? "
        "AND kind = 'message' GROUP BY direction ORDER BY direction",
        conversation_id,
    )
    assert counts == [("in", 2), ("out", 1)]
    assert visitor.errors == []  # type: ignore[attr-defined]
    visitor.context.close()
    agent.context.close()


def test_returning_visitor_sees_the_history(browser: Browser, chat: ChatServer, store: StorePage) -> None:
    visitor = visitor_page(browser, store)
    open_widget(visitor)
    text = f"Kapıda ödeme var mı? {uuid.uuid4().hex[:5]}"
    say(visitor, text)
    sent(visitor, text)
    token_before = visitor.evaluate(
        "key => localStorage.getItem(`yanit:${key}:visitor`)", chat.seed["widget_key"]
    )
    assert token_before.startswith("vt_")

    visitor.reload()
    # The panel was open: it opens again, with the conversation.
    expect(visitor.locator(PANEL)).to_be_visible(timeout=10000)
    expect(visitor.locator(LOG)).to_contain_text(text)
    expect(visitor.locator('[data-testid="message-in"]', has_text=text)).to_have_count(1)

    # A new tab of the same browser is the same visitor too.
    other = visitor.context.new_page()
    other.goto(visitor.url)
    expect(other.locator(PANEL)).to_be_visible(timeout=10000)
    expect(other.locator(LOG)).to_contain_text(text)
    assert (
        other.evaluate("key => localStorage.getItem(`yanit:${key}:visitor`)", chat.seed["widget_key"])
        == token_before
    )
    assert stored(chat, text) == 1
    visitor.context.close()


def test_english_page_gets_english_widget(browser: Browser, chat: ChatServer, store: StorePage) -> None:
    visitor = visitor_page(browser, store, lang="en")
    open_widget(visitor)
    expect(visitor.locator(INPUT)).to_have_attribute("placeholder", "Write a message…")
    say(visitor, "Hello, where is my parcel?")
    sent(visitor, "Hello, where is my parcel?")
    expect(visitor.locator(".day").first).to_have_text("Today")
    visitor.context.close()

    turkish = visitor_page(browser, store, lang="tr")
    open_widget(turkish)
    expect(turkish.locator(INPUT)).to_have_attribute("placeholder", "Mesajınızı yazın…")
    turkish.context.close()


def test_keyboard_focus_stays_in_the_panel_and_escape_closes(
    browser: Browser, chat: ChatServer, store: StorePage
) -> None:
    visitor = visitor_page(browser, store)
    visitor.locator('[data-testid="open"]').focus()
    visitor.keyboard.press("Enter")
    expect(visitor.locator(PANEL)).to_be_visible()
    expect(visitor.locator(INPUT)).to_be_focused()
    inside = (
        "() => !!document.querySelector('yanit-chat').shadowRoot.activeElement"
        "?.closest('[data-testid=panel]')"
    )
    for _ in range(12):
        visitor.keyboard.press("Tab")
        assert visitor.evaluate(inside)
    for _ in range(5):
        visitor.keyboard.press("Shift+Tab")
        assert visitor.evaluate(inside)
    visitor.keyboard.press("Escape")
    expect(visitor.locator(PANEL)).to_be_hidden()
    expect(visitor.locator('[data-testid="open"]')).to_be_focused()
    expect(visitor.locator('[data-testid="open"]')).to_have_attribute("aria-expanded", "false")
    visitor.context.close()


def test_resolved_conversation_asks_for_a_rating(
    browser: Browser, chat: ChatServer, store: StorePage
) -> None:
    visitor = visitor_page(browser, store)
    open_widget(visitor)
    text = f"İade kodumu aldım, teşekkürler {uuid.uuid4().hex[:4]}"
    say(visitor, text)
    sent(visitor, text)
    conversation_id = conversation_of_last_visitor(chat)
    expect(visitor.locator('[data-testid="rating"]')).to_have_count(0)

    agent = agent_page(browser, chat)
    agent.goto(f"{chat.url}/c/{conversation_id}/")
    expect(agent.locator("#thread")).to_contain_text(text)
    agent.wait_for_load_state("networkidle")
    agent.keyboard.press("e")
    expect(agent.locator('[data-testid="status-pill"]')).to_have_text("Çözüldü", timeout=5000)

    card = visitor.locator('[data-testid="rating"]')
    expect(card).to_be_visible(timeout=5000)
    send = visitor.locator('[data-testid="rating-send"]')
    expect(send).to_be_disabled()
    card.locator('[data-star="4"]').click()
    expect(card.locator("[data-star].on")).to_have_count(4)
    visitor.locator('[data-testid="rating-comment"]').fill("Hızlı ve kibar <b>yanıt</b>")
    send.click()
    expect(visitor.locator('[data-testid="rating-done"]')).to_have_text("Değerlendirmeniz için teşekkürler!")
    rows = chat.query(
        "SELECT rating, rating_comment FROM conversations_conversation WHERE id = ?", conversation_id
    )
    assert rows == [(4, "Hızlı ve kibar <b>yanıt</b>")]

    # From the menu the visitor can rate again (the latest rating counts).
    visitor.locator('[data-testid="menu"]').click()
    visitor.locator('[data-testid="menu-rate"]').click()
    visitor.locator('[data-testid="rating"] [data-star="5"]').click()
    visitor.locator('[data-testid="rating-send"]').click()
    expect(visitor.locator('[data-testid="rating-done"]')).to_be_visible()
    assert chat.query("SELECT rating FROM conversations_conversation WHERE id = ?", conversation_id) == [(5,)]
    visitor.context.close()
    agent.context.close()


def _identity(
    chat: ChatServer, customer_id: str, email: str, *, secret: str | None = None
) -> dict[str, object]:
    ts = int(time.time())
    key = (secret or chat.seed["identity_secret"]).encode()
    signature = hmac.new(key, f"{customer_id}:{email}:{ts}".encode(), hashlib.sha256).hexdigest()
    return {"id": customer_id, "name": "Deniz Aksoy", "email": email, "ts": ts, "signature": signature}


def test_identify_attaches_the_signed_customer(browser: Browser, chat: ChatServer, store: StorePage) -> None:
    visitor = visitor_page(browser, store)
    visitor.wait_for_function("() => window.Yanit")
    customer = f"musteri-{uuid.uuid4().hex[:6]}"
    email = f"{customer}@example.com"
    visitor.evaluate("identity => window.Yanit.identify(identity)", _identity(chat, customer, email))
    visitor.evaluate("() => window.Yanit.open()")
    expect(visitor.locator(PANEL)).to_be_visible()
    text = f"Hesabımdaki sipariş {uuid.uuid4().hex[:4]}"
    say(visitor, text)
    sent(visitor, text)
    rows = chat.query(
        "SELECT v.external_id, v.name, v.email FROM webchat_visitor v "
        "JOIN conversations_message m ON m.conversation_id = v.conversation_id WHERE m.text = ?",
        text,
    )
    assert rows == [(customer, "Deniz Aksoy", email)]
    visitor.context.close()

    # A forged signature is refused by the server; the visitor still chats, as a guest.
    forged = visitor_page(browser, store)
    forged.wait_for_function("() => window.Yanit")
    forged.evaluate(
        "identity => window.Yanit.identify(identity)",
        _identity(chat, "musteri-sahte", "sahte@example.com", secret="wrong-secret"),
    )
    forged.evaluate("() => window.Yanit.open()")
    guest = f"Misafir olarak yazıyorum {uuid.uuid4().hex[:4]}"
    say(forged, guest)
    sent(forged, guest)
    rows = chat.query(
        "SELECT v.external_id, v.email FROM webchat_visitor v "
        "JOIN conversations_message m ON m.conversation_id = v.conversation_id WHERE m.text = ?",
        guest,
    )
    assert rows == [("", "")]
    forged.context.close()
