"""Inbound messages: stored exactly once, contacts recognised, conversations threaded, events after commit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from tests.factories import World, receive
from yanit.contacts.models import Contact, ContactIdentity
from yanit.contacts.services.identify import ContactClaim
from yanit.conversations.events import ConversationCreated, ConversationUpdated, MessageCreated
from yanit.conversations.models import Conversation, Message
from yanit.conversations.services.attachments import IncomingFile
from yanit.conversations.services.receive import InboundMessage, do_receive_inbound_message
from yanit.conversations.services.update import do_update_conversation
from yanit.core import events
from yanit.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published():
    seen: list[events.Event] = []

    def spy(event: events.Event) -> None:
        seen.append(event)

    events.subscribe(events.Event, spy)
    yield seen
    events._subscribers[events.Event].remove(spy)


def test_first_message_creates_contact_conversation_and_message(world: World, published) -> None:
    result = receive(
        world.inbox, "Merhaba, siparişim nerede?", email="Ayse@Example.com", phone="0532 111 22 33"
    )

    assert result.created is True
    conversation = Conversation.objects.get(pk=result.conversation.pk)
    assert conversation.number == 1
    assert conversation.status == "open"
    assert conversation.subject == "Merhaba, siparişim nerede?"
    assert conversation.waiting_since is not None
    assert conversation.message_count == 1
    assert conversation.last_message_preview == "Merhaba, siparişim nerede?"
    contact = Contact.objects.get(pk=result.contact.pk)
    assert (contact.email, contact.phone) == ("ayse@example.com", "+905321112233")
    assert sorted(contact.identities.values_list("kind", "value")) == [
        ("email", "ayse@example.com"),
        ("phone", "+905321112233"),
    ]
    message = Message.objects.get(pk=result.message.pk)
    assert (message.direction, message.kind, message.text) == ("in", "message", "Merhaba, siparişim nerede?")
    assert list(conversation.activities.values_list("verb", flat=True)) == ["created"]
    assert [type(e) for e in published] == [ConversationCreated, MessageCreated]


def test_same_provider_id_is_stored_once(world: World) -> None:
    first = receive(world.inbox, "ilk", provider_id="ext-1")
    again = receive(world.inbox, "ilk (tekrar)", provider_id="ext-1")

    assert again.created is False
    assert (again.message.pk, again.conversation.pk, again.contact.pk) == (
        first.message.pk,
        first.conversation.pk,
        first.contact.pk,
    )
    assert Message.objects.count() == 1
    assert Conversation.objects.count() == 1


def test_provider_ids_are_scoped_per_inbox(world: World, other_world: World) -> None:
    receive(world.inbox, "a", provider_id="same-id")
    receive(other_world.inbox, "b", provider_id="same-id")

    assert Message.objects.filter(provider_id="same-id").count() == 2


def test_second_message_joins_open_conversation_and_reopens_resolved(world: World, published) -> None:
    first = receive(world.inbox, "bir")
    second = receive(world.inbox, "iki")
    assert second.conversation.pk == first.conversation.pk

    do_update_conversation(world.agent, first.conversation, status="resolved")
    published.clear()
    third = receive(world.inbox, "üç")

    conversation = Conversation.objects.get(pk=first.conversation.pk)
    assert third.conversation.pk == conversation.pk
    assert conversation.status == "open"
    assert conversation.resolved_at is None
    assert conversation.message_count == 3
    assert [type(e) for e in published] == [ConversationUpdated, MessageCreated]
    assert list(conversation.activities.values_list("verb", "actor_kind")) == [
        ("created", "contact"),
        ("status", "agent"),
        ("status", "contact"),
    ]


def test_message_long_after_resolving_starts_a_new_conversation(world: World) -> None:
    first = receive(world.inbox, "bir")
    do_update_conversation(world.agent, first.conversation, status="resolved")
    Conversation.objects.filter(pk=first.conversation.pk).update(
        resolved_at=timezone.now() - timedelta(days=8)
    )

    later = receive(world.inbox, "yeni konu")

    assert later.conversation.pk != first.conversation.pk
    assert later.conversation.number == 2
    assert Conversation.objects.get(pk=first.conversation.pk).status == "resolved"


def test_rolled_back_receive_publishes_nothing(world: World, published) -> None:
    def receive_then_fail() -> None:
        with transaction.atomic():
            receive(world.inbox, "geri alınacak")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        receive_then_fail()

    assert published == []
    assert Message.objects.count() == 0
    assert Contact.objects.count() == 0


def test_empty_message_is_refused_and_nothing_written(world: World) -> None:
    with pytest.raises(ValidationFailed) as excinfo:
        receive(world.inbox, "   ")

    assert excinfo.value.details == {"text": "empty"}
    assert Contact.objects.count() == 0
    assert Conversation.objects.count() == 0


def test_contact_without_any_identity_is_refused(world: World) -> None:
    with pytest.raises(ValidationFailed) as excinfo:
        do_receive_inbound_message(
            world.inbox, InboundMessage(contact=ContactClaim(name="Adsız"), text="Merhaba")
        )

    assert excinfo.value.details == {"contact": "empty"}
    assert Message.objects.count() == 0


def test_bad_phone_is_refused_with_the_value(world: World) -> None:
    with pytest.raises(ValidationFailed) as excinfo:
        receive(world.inbox, "Merhaba", email="", phone="12")

    assert excinfo.value.details == {"phone": "12"}


def test_external_id_then_email_finds_same_contact(world: World) -> None:
    first = receive(world.inbox, "a", email="", external_id="cust-9")
    second = receive(world.inbox, "b", email="zeynep@example.com", external_id="cust-9")

    assert second.contact.pk == first.contact.pk
    assert Contact.objects.get(pk=first.contact.pk).email == "zeynep@example.com"
    assert ContactIdentity.objects.filter(contact=first.contact).count() == 2


def test_identity_of_someone_else_is_never_silently_joined(world: World) -> None:
    ayse = receive(world.inbox, "a", email="ayse@example.com", name="Ayşe")
    fatma = receive(world.inbox, "b", email="", phone="+90 532 000 00 01", name="Fatma")
    # A message claiming Fatma's phone and Ayşe's email goes to the first strongest match (email).
    mixed = receive(world.inbox, "c", email="ayse@example.com", phone="+90 532 000 00 01")

    assert mixed.contact.pk == ayse.contact.pk
    assert ContactIdentity.objects.get(kind="phone").contact_id == fatma.contact.pk


def test_html_is_sanitized_and_text_derived(world: World) -> None:
    result = do_receive_inbound_message(
        world.inbox,
        InboundMessage(
            contact=ContactClaim(email="a@example.com"),
            html='<p onclick="x()">Merhaba <b>dünya</b><script>alert(1)</script><img src="https://t.example/p.gif"></p>',
        ),
    )

    message = Message.objects.get(pk=result.message.pk)
    assert message.html == "<p>Merhaba <b>dünya</b><img></p>"
    assert message.text == "Merhaba dünya"


def test_attachments_are_stored_with_size_and_hash(world: World, settings) -> None:
    result = do_receive_inbound_message(
        world.inbox,
        InboundMessage(
            contact=ContactClaim(email="a@example.com"),
            text="fatura ekte",
            attachments=(IncomingFile("../../etc/Fatura Ağustos.pdf", b"%PDF-1.4 test", "application/pdf"),),
        ),
    )

    attachment = result.message.attachments.get()
    assert attachment.filename == "_.._etc_Fatura Ağustos.pdf"
    assert attachment.size == 13
    assert attachment.content_type == "application/pdf"
    assert attachment.file.read() == b"%PDF-1.4 test"


def test_oversized_attachment_is_refused(world: World, settings) -> None:
    settings.YANIT_MAX_ATTACHMENT_BYTES = 10
    with pytest.raises(ValidationFailed) as excinfo:
        do_receive_inbound_message(
            world.inbox,
            InboundMessage(
                contact=ContactClaim(email="a@example.com"),
                text="büyük",
                attachments=(IncomingFile("big.bin", b"x" * 11),),
            ),
        )
    assert excinfo.value.code == "attachment_too_large"
    assert Message.objects.count() == 0


def test_conversation_numbers_are_sequential_per_workspace(world: World, other_world: World) -> None:
    numbers = [receive(world.inbox, "x", email=f"c{i}@example.com").conversation.number for i in range(3)]
    other = receive(other_world.inbox, "y").conversation.number

    assert numbers == [1, 2, 3]
    assert other == 1


def test_conversation_metadata_is_merged_without_duplicates(world: World) -> None:
    def send(text: str, metadata: dict[str, Any], provider_id: str) -> Any:
        return do_receive_inbound_message(
            world.inbox,
            InboundMessage(
                contact=ContactClaim(email="ayse@example.com"),
                text=text,
                provider_id=provider_id,
                conversation_metadata=metadata,
            ),
        )

    first = send("Bir", {"email": {"cc": ["Mehmet <mehmet@x.example>"]}}, "p1")
    first.conversation.refresh_from_db()
    assert first.conversation.metadata == {"email": {"cc": ["Mehmet <mehmet@x.example>"]}}
    second = send("İki", {"email": {"cc": ["<MEHMET@X.EXAMPLE>", "zehra@x.example"]}, "other": 1}, "p2")
    assert second.conversation.pk == first.conversation.pk
    second.conversation.refresh_from_db()
    assert second.conversation.metadata == {
        "email": {"cc": ["Mehmet <mehmet@x.example>", "zehra@x.example"]},
        "other": 1,
    }
    # A retry of a stored message changes nothing.
    send("İki", {"email": {"cc": ["yeni@x.example"]}}, "p2")
    second.conversation.refresh_from_db()
    assert second.conversation.metadata["email"]["cc"] == ["Mehmet <mehmet@x.example>", "zehra@x.example"]


def test_new_conversation_flag_does_not_continue_the_open_one(world: World) -> None:
    first = receive(world.inbox, "Bir", email="ayse@example.com")
    second = do_receive_inbound_message(
        world.inbox,
        InboundMessage(
            contact=ContactClaim(email="ayse@example.com"), text="Yeni konu", new_conversation=True
        ),
    )
    assert second.conversation.pk != first.conversation.pk
    assert second.contact.pk == first.contact.pk
