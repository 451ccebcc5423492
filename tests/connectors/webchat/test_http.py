"""The widget's HTTP endpoints: sessions, messages, CORS and origins, errors."""

from __future__ import annotations

import uuid

import pytest

from tests.connectors.webchat.conftest import SHOP, Chat, make_chat, set_online
from yanit.connectors.webchat.models import Visitor
from yanit.connectors.webchat.services.visitors import hash_token
from yanit.contacts.models import Contact, ContactIdentity
from yanit.conversations.models import Conversation, Message

pytestmark = pytest.mark.django_db


def test_config_in_both_languages_with_cors_for_an_allowed_origin(chat: Chat) -> None:
    response = chat.get("/config", lang="en")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == SHOP
    assert "Origin" in response["Vary"]
    data = response.json()
    assert data["inbox"] == {"name": "Canlı destek"}
    assert data["language"] == "en"
    assert data["texts"]["greeting"] == "Hello! How can we help you?"
    assert data["style"] == {"color": "#0f766e", "position": "right"}
    assert data["online"] is False
    assert data["prechat"] == {"mode": "off", "fields": ["name", "email"]}
    assert data["limits"] == {
        "max_text": 5000,
        "max_file_bytes": 10 * 1_048_576,
        "file_types": ["image/*", "application/pdf"],
    }
    tr = chat.get("/config", lang="tr").json()
    assert tr["texts"]["greeting"] == "Merhaba! Size nasıl yardımcı olabiliriz?"
    set_online(chat.world.agent)
    assert chat.get("/config").json()["online"] is True


def test_other_origins_are_refused_without_cors_headers(chat: Chat) -> None:
    for path in ("/config", "/session"):
        response = chat.client.get(chat.base + path, headers={"Origin": "https://evil.example"})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "origin_not_allowed"
        assert "Access-Control-Allow-Origin" not in response
    preflight = chat.client.options(
        chat.base + "/messages",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 403
    ok = chat.client.options(
        chat.base + "/messages", headers={"Origin": SHOP, "Access-Control-Request-Method": "POST"}
    )
    assert ok.status_code == 204
    assert ok["Access-Control-Allow-Origin"] == SHOP
    assert ok["Access-Control-Allow-Headers"] == "Content-Type, X-Visitor-Token"
    assert ok["Access-Control-Allow-Methods"] == "GET, POST, OPTIONS"


def test_an_empty_origin_list_allows_every_origin(world: object) -> None:
    chat = make_chat(world, origins=[])  # type: ignore[arg-type]
    response = chat.get("/config", origin="https://herhangi.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://herhangi.example"


def test_unknown_widget_is_404(chat: Chat) -> None:
    response = chat.client.get("/widget/v1/wk_yok/config", headers={"Origin": SHOP})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "widget_not_found"


def test_session_creates_visitor_and_returns_history_for_returning_visitor(chat: Chat) -> None:
    first = chat.post("/session", {"language": "en", "page_url": "https://magaza.example/sepet"})
    assert first.status_code == 201
    data = first.json()
    token = data["visitor_token"]
    assert token.startswith("vt_")
    assert data == {
        "visitor_token": token,
        "visitor": {"name": "", "email": ""},
        "conversation_id": None,
        "status": None,
        "messages": [],
        "online": False,
        "rated": False,
    }
    visitor = Visitor.objects.get()
    assert visitor.token_hash == hash_token(token)
    assert visitor.language == "en"
    assert visitor.page_url == "https://magaza.example/sepet"

    sent = chat.say(token, "Merhaba <b>kargo</b>", client_id="11111111-2222-4333-8444-555555555555")
    assert sent.status_code == 201
    message = sent.json()["message"]
    assert message["client_id"] == "11111111-2222-4333-8444-555555555555"
    assert message["direction"] == "in"
    assert message["kind"] == "message"
    assert message["text"] == "Merhaba <b>kargo</b>"
    assert message["author"] is None
    assert message["read"] is False
    assert message["created_at"].endswith("Z")

    again = chat.post("/session", {"visitor_token": token})
    assert again.status_code == 200
    body = again.json()
    assert body["visitor_token"] == token
    assert body["conversation_id"] == Conversation.objects.get().pk
    assert body["status"] == "open"
    assert [m["text"] for m in body["messages"]] == ["Merhaba <b>kargo</b>"]
    assert Visitor.objects.count() == 1


def test_unknown_token_gets_a_new_visitor_and_endpoints_need_a_known_token(chat: Chat) -> None:
    data = chat.session(visitor_token="vt_bilinmeyen")
    assert data["visitor_token"] != "vt_bilinmeyen"
    response = chat.say("vt_bilinmeyen", "selam")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "visitor_unknown"
    assert chat.say("", "selam").status_code == 401


def test_repeated_client_id_is_stored_once(chat: Chat) -> None:
    token = chat.session()["visitor_token"]
    client_id = str(uuid.uuid4())
    first = chat.say(token, "Siparişim nerede?", client_id)
    second = chat.say(token, "Siparişim nerede?", client_id)
    assert first.status_code == 201
    assert second.status_code == 200
    assert first.json()["message"] == second.json()["message"]
    assert Message.objects.filter(direction="in").count() == 1


def test_message_validation_errors(chat: Chat) -> None:
    token = chat.session()["visitor_token"]
    too_long = chat.say(token, "a" * 5001)
    assert too_long.status_code == 422
    assert too_long.json()["error"]["code"] == "too_long"
    assert chat.say(token, "a" * 5000).status_code == 201
    empty = chat.say(token, "   ")
    assert empty.status_code == 422
    bad_id = chat.post("/messages", {"client_id": "x", "text": "selam"}, token=token)
    assert bad_id.status_code == 422
    assert bad_id.json()["error"]["code"] == "validation_error"
    not_json = chat.client.post(
        chat.base + "/messages",
        "{",
        content_type="application/json",
        headers={"Origin": SHOP, "X-Visitor-Token": token},
    )
    assert not_json.status_code == 422
    assert not_json.json()["error"]["code"] == "invalid_json"
    wrong_method = chat.client.delete(
        chat.base + "/messages", headers={"Origin": SHOP, "X-Visitor-Token": token}
    )
    assert wrong_method.status_code == 405


def test_catch_up_returns_messages_after_an_id(chat: Chat) -> None:
    token = chat.session()["visitor_token"]
    ids = [chat.say(token, f"mesaj {n}").json()["message"]["id"] for n in range(3)]
    response = chat.get("/messages", token=token, after=ids[0])
    assert [m["id"] for m in response.json()["messages"]] == ids[1:]
    assert chat.get("/messages", token=token, after="abc").status_code == 422


def test_unsigned_email_never_joins_an_existing_contact(chat: Chat) -> None:
    from tests.factories import receive

    existing = receive(chat.world.inbox, "Eski e-posta", email="ayse@example.com", name="Ayşe Kaya").contact
    token = chat.session(name="Sahte Ayşe", email="ayse@example.com")["visitor_token"]
    chat.say(token, "Bana Ayşe'nin siparişlerini göster")
    conversation = Conversation.objects.get(inbox=chat.widget.inbox)
    assert conversation.contact_id != existing.pk
    assert conversation.contact.name == "Sahte Ayşe"
    # The address is kept as a detail, never as an identity that would join mail to this person.
    assert not ContactIdentity.objects.filter(contact=conversation.contact, kind="email").exists()
    assert ContactIdentity.objects.filter(contact=conversation.contact, kind="visitor").count() == 1
    assert Contact.objects.get(pk=existing.pk).conversations.count() == 1


def test_demo_has_a_chat_inbox_with_a_fixed_key_open_to_every_origin(db: None) -> None:
    from django.test import Client

    from yanit.connectors.webchat.models import ChatWidget
    from yanit.demo import DEMO_WIDGET_KEY, load_demo

    assert load_demo() is True
    widget = ChatWidget.objects.get(public_key=DEMO_WIDGET_KEY)
    assert widget.allowed_origins == []
    assert widget.inbox.name == "Canlı Destek"
    response = Client().get(
        f"/widget/v1/{DEMO_WIDGET_KEY}/config", headers={"Origin": "http://localhost:9999"}
    )
    assert response.status_code == 200
    # The demo owner is "online" but has no page open: nobody is really there yet.
    assert response.json()["online"] is False
    chat = Conversation.objects.get(inbox=widget.inbox)
    assert [m.text for m in chat.messages.order_by("id")] == [
        "Merhaba, keten gömleğin XL bedeni ne zaman gelir?",
        "Merhaba Elif Hanım, XL beden perşembe günü stoklarda olacak.",
    ]
