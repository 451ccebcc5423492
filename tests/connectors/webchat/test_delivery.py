"""The webchat adapter: a present visitor has the reply; one who left with an email gets it by
email; transcripts always go by email; ratings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.connectors.webchat.conftest import Chat
from yanit.connectors import registry
from yanit.connectors.base import SendResult
from yanit.connectors.webchat.models import Visitor
from yanit.conversations.models import Activity, Conversation, Message
from yanit.conversations.services.reply import do_send_reply
from yanit.core.worker import run_pending_tasks

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class FakeEmail:
    """Stands in for the email channel (another connector): records what it was asked to send."""

    channel: str = "email"
    sent: list[tuple[int, str, str, str]] = field(default_factory=list)

    def send(self, message: Message, attempt: int) -> SendResult:
        metadata = message.metadata or {}
        self.sent.append(
            (message.pk, metadata.get("email_to", ""), metadata.get("email_subject", ""), message.text)
        )
        return SendResult(provider_id=f"<m{message.pk}@magaza.example>")


@pytest.fixture
def email() -> Iterator[FakeEmail]:
    fake = FakeEmail()
    before = registry.adapter_for("email")
    registry.register_adapter(fake)
    yield fake
    if before is None:
        registry._adapters.pop("email", None)
    else:
        registry.register_adapter(before)


def _left(visitor: Visitor) -> None:
    # A socket count left over from a crashed server doesn't make the visitor present.
    Visitor.objects.filter(pk=visitor.pk).update(
        connections=1, last_seen_at=timezone.now() - timedelta(minutes=5)
    )


def test_reply_to_a_present_visitor_is_sent_in_the_chat(chat: Chat, email: FakeEmail) -> None:
    token = chat.session(email="ziyaretci@example.com")["visitor_token"]
    chat.say(token, "Merhaba")
    reply = do_send_reply(chat.world.agent, Conversation.objects.get(), "Buyurun")
    run_pending_tasks()
    reply.refresh_from_db()
    assert reply.delivery_status == "sent"
    assert reply.provider_id is None
    assert email.sent == []


def test_visitor_who_left_with_an_email_gets_the_reply_by_email(chat: Chat, email: FakeEmail) -> None:
    data = chat.session()
    token = data["visitor_token"]
    chat.say(token, "Kimse yok mu?")
    assert chat.post("/contact", {"email": "Ziyaretci@Example.com", "name": "Deniz"}, token=token).json() == {
        "visitor": {"name": "Deniz", "email": "ziyaretci@example.com"}
    }
    _left(Visitor.objects.get())
    reply = do_send_reply(chat.world.agent, Conversation.objects.get(), "Geç cevap için özür dileriz.")
    run_pending_tasks()
    reply.refresh_from_db()
    assert email.sent == [(reply.pk, "ziyaretci@example.com", "", "Geç cevap için özür dileriz.")]
    assert reply.delivery_status == "sent"
    # The Message-ID is stored: a reply to that email threads back into this conversation.
    assert reply.provider_id == f"<m{reply.pk}@magaza.example>"
    assert reply.metadata["email_to"] == "ziyaretci@example.com"


def test_visitor_who_left_without_email_finds_the_reply_on_return(chat: Chat, email: FakeEmail) -> None:
    token = chat.session()["visitor_token"]
    chat.say(token, "Merhaba")
    _left(Visitor.objects.get())
    reply = do_send_reply(chat.world.agent, Conversation.objects.get(), "Döndüğünüzde görürsünüz")
    run_pending_tasks()
    reply.refresh_from_db()
    assert reply.delivery_status == "sent"
    assert email.sent == []
    assert chat.post("/session", {"visitor_token": token}).json()["messages"][-1]["id"] == reply.pk


def test_without_an_email_channel_an_email_handover_fails_visibly(chat: Chat) -> None:
    assert not registry.can_send("email", chat.widget.inbox)  # no email inbox in this workspace
    token = chat.session()["visitor_token"]
    chat.say(token, "Merhaba")
    chat.post("/contact", {"email": "ziyaretci@example.com"}, token=token)
    _left(Visitor.objects.get())
    reply = do_send_reply(chat.world.agent, Conversation.objects.get(), "Cevap")
    run_pending_tasks()
    reply.refresh_from_db()
    # No email channel at all: the reply waits in the chat (shown on return), nothing is lost.
    assert reply.delivery_status == "sent"
    assert chat.get("/config").json()["features"]["transcript"] is False
    refused = chat.post("/transcript", {"email": "ziyaretci@example.com"}, token=token)
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "no_email_channel"


def test_transcript_goes_by_email_and_never_shows_in_the_widget(chat: Chat, email: FakeEmail) -> None:
    token = chat.session(name="Deniz Yılmaz")["visitor_token"]
    before = chat.post("/transcript", {"email": "deniz@example.com"}, token=token)
    assert before.status_code == 422
    assert before.json()["error"]["code"] == "no_conversation"
    chat.say(token, "Siparişim #1234 nerede?")
    conversation = Conversation.objects.get()
    do_send_reply(chat.world.agent, conversation, "Kargoya verildi.")
    do_send_reply(chat.world.agent, conversation, "Gizli iç not", private=True)
    response = chat.post("/transcript", {"email": "deniz@example.com"}, token=token)
    assert response.status_code == 202
    assert response.json() == {"sent_to": "deniz@example.com"}
    run_pending_tasks()
    [(_pk, to, subject, text)] = [s for s in email.sent if s[1] == "deniz@example.com" and "#" in s[2]]
    assert to == "deniz@example.com"
    assert subject == f"Canlı destek ile yazışmanız (#{conversation.number})"
    assert "Deniz Yılmaz:\n  Siparişim #1234 nerede?" in text
    assert f"{chat.world.agent.name}:\n  Kargoya verildi." in text
    assert "Gizli iç not" not in text
    assert "Europe/Istanbul" in text
    transcript = Message.objects.get(metadata__transcript=True)
    assert transcript.kind == "automated"
    assert transcript.delivery_status == "sent"
    ids = [m["id"] for m in chat.get("/messages", token=token, after=0).json()["messages"]]
    assert transcript.pk not in ids


def test_agent_can_send_the_transcript(chat: Chat, email: FakeEmail) -> None:
    from yanit.connectors.webchat.services.transcript import do_send_transcript

    token = chat.session()["visitor_token"]
    chat.say(token, "Merhaba")
    conversation = Conversation.objects.get()
    do_send_transcript(conversation, "musteri@example.com", language="en")
    run_pending_tasks()
    assert [s[1:3] for s in email.sent] == [
        ("musteri@example.com", f"Your conversation with Canlı destek (#{conversation.number})")
    ]


def test_rating_is_stored_replaced_and_on_the_timeline(chat: Chat) -> None:
    token = chat.session()["visitor_token"]
    assert chat.post("/rating", {"rating": 5}, token=token).json()["error"]["code"] == "no_conversation"
    chat.say(token, "Merhaba")
    assert chat.post("/rating", {"rating": 1, "comment": "yanlış"}, token=token).json() == {"rated": True}
    assert (
        chat.post("/rating", {"rating": 5, "comment": "Çok hızlı <b>cevap</b>"}, token=token).status_code
        == 200
    )
    conversation = Conversation.objects.get()
    assert conversation.rating == 5
    assert conversation.rating_comment == "Çok hızlı <b>cevap</b>"
    assert conversation.rated_at is not None
    rated = list(Activity.objects.filter(verb="rated").values_list("data", flat=True))
    assert rated == [
        {"rating": 1, "comment": "yanlış"},
        {"rating": 5, "comment": "Çok hızlı <b>cevap</b>", "previous": 1},
    ]
    for bad in (0, 6, "5", 4.5, True):
        response = chat.post("/rating", {"rating": bad}, token=token)
        assert response.status_code == 422, bad
    assert chat.post("/session", {"visitor_token": token}).json()["rated"] is True
