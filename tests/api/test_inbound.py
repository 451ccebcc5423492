from __future__ import annotations

import base64
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import Api, error_of
from tests.factories import World
from yanit.contacts.models import Contact, ContactIdentity
from yanit.conversations.models import Attachment, Conversation, Message

pytestmark = pytest.mark.django_db


def inbound(world: World, **extra: Any) -> dict[str, Any]:
    return {
        "contact": {"name": "Ayşe Kaya", "email": "ayse@example.com", "phone": "0532 123 45 67"},
        "text": "Siparişim nerede?",
        **extra,
    }


def url(world: World) -> str:
    return f"/api/v1/inboxes/{world.inbox.pk}/inbound"


def test_inbound_with_the_inbox_token_creates_everything(world: World, api: Api) -> None:
    response = api.post(
        url(world), inbound(world, subject="Kargo", external_id="ord-1"), token=world.inbound_token
    )

    assert response.status_code == 201
    body = response.json()
    message = Message.objects.get(pk=body["message_id"])
    conversation = Conversation.objects.get(pk=body["conversation_id"])
    contact = Contact.objects.get(pk=body["contact_id"])
    assert body["created"] is True
    assert (message.text, message.provider_id, message.direction) == ("Siparişim nerede?", "ord-1", "in")
    assert (conversation.subject, conversation.inbox, conversation.contact) == ("Kargo", world.inbox, contact)
    assert (contact.name, contact.email, contact.phone) == ("Ayşe Kaya", "ayse@example.com", "+905321234567")


def test_same_external_id_again_returns_the_same_ids_and_creates_nothing(world: World, api: Api) -> None:
    first = api.post(url(world), inbound(world, external_id="ord-1"), token=world.inbound_token)

    again = api.post(
        url(world), inbound(world, external_id="ord-1", text="başka metin"), token=world.inbound_token
    )

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == {**first.json(), "created": False}
    assert Message.objects.count() == 1
    assert Conversation.objects.count() == 1
    assert Conversation.objects.get().message_count == 1


def test_without_external_id_every_post_is_a_new_message(world: World, api: Api) -> None:
    first = api.post(url(world), inbound(world), token=world.inbound_token).json()
    second = api.post(url(world), inbound(world), token=world.inbound_token).json()

    assert second["message_id"] != first["message_id"]
    assert second["conversation_id"] == first["conversation_id"]
    assert Message.objects.count() == 2


def test_contact_external_id_is_scoped_to_the_inbox(world: World, api: Api) -> None:
    body = {"contact": {"external_id": "musteri-42", "name": "Işıl"}, "text": "Selam"}

    first = api.post(url(world), body, token=world.inbound_token).json()
    second = api.post(url(world), body, token=world.inbound_token).json()

    assert first["contact_id"] == second["contact_id"]
    identity = ContactIdentity.objects.get(contact_id=first["contact_id"])
    assert (identity.kind, identity.namespace, identity.value) == (
        "external",
        f"inbox:{world.inbox.pk}",
        "musteri-42",
    )


def test_agent_token_of_the_workspace_may_post(world: World, api: Api) -> None:
    response = api.post(url(world), inbound(world), token=world.agent_token)

    assert response.status_code == 201
    assert Message.objects.get().inbox == world.inbox


def test_attachments_are_stored(world: World, api: Api) -> None:
    pdf = b"%PDF-1.4 fatura"
    response = api.post(
        url(world),
        inbound(
            world,
            attachments=[
                {
                    "filename": "fatura.pdf",
                    "content_type": "application/pdf",
                    "data_base64": base64.b64encode(pdf).decode(),
                }
            ],
        ),
        token=world.inbound_token,
    )

    assert response.status_code == 201
    attachment = Attachment.objects.get(message_id=response.json()["message_id"])
    assert (attachment.filename, attachment.content_type, attachment.size) == (
        "fatura.pdf",
        "application/pdf",
        15,
    )
    with attachment.file.open("rb") as handle:
        assert handle.read() == pdf


def test_attachment_only_message_is_accepted(world: World, api: Api) -> None:
    response = api.post(
        url(world),
        {
            "contact": {"email": "a@example.com"},
            "attachments": [{"filename": "a.txt", "data_base64": base64.b64encode(b"x").decode()}],
        },
        token=world.inbound_token,
    )

    assert response.status_code == 201
    assert Attachment.objects.get().content_type == "text/plain"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"contact": {"email": "a@example.com"}, "text": "   "}, 422, "validation_error"),
        ({"contact": {}, "text": "Merhaba"}, 422, "validation_error"),
        ({"contact": {"email": "not-an-email"}, "text": "Merhaba"}, 422, "validation_error"),
        ({"contact": {"phone": "12"}, "text": "Merhaba"}, 422, "validation_error"),
        ({"text": "Merhaba"}, 422, "validation_error"),
        ({"contact": {"email": "a@example.com"}, "text": 5}, 422, "validation_error"),
        ({"contact": {"email": "a@example.com"}, "text": "x", "external_id": ""}, 422, "validation_error"),
        (
            {"contact": {"email": "a@example.com"}, "text": "x", "external_id": "e" * 256},
            422,
            "validation_error",
        ),
        ({"contact": {"email": "a@example.com"}, "text": "x" * 100_001}, 422, "too_long"),
        (
            {
                "contact": {"email": "a@example.com"},
                "text": "x",
                "attachments": [{"filename": "a.txt", "data_base64": "bu base64 değil!"}],
            },
            422,
            "validation_error",
        ),
        ({"contact": "a@example.com", "text": "x"}, 422, "validation_error"),
        ([], 422, "validation_error"),
    ],
)
def test_bad_inbound_is_refused_and_writes_nothing(
    world: World, api: Api, body: Any, status: int, code: str
) -> None:
    response = api.post(url(world), body, token=world.inbound_token)

    assert response.status_code == status
    assert error_of(response)["code"] == code
    assert (Message.objects.count(), Conversation.objects.count(), Contact.objects.count()) == (0, 0, 0)


def test_base64_error_names_the_field(world: World, api: Api) -> None:
    response = api.post(
        url(world),
        {"contact": {"email": "a@example.com"}, "attachments": [{"filename": "a", "data_base64": "%%%"}]},
        token=world.inbound_token,
    )

    fields = error_of(response)["details"]["fields"]
    assert [(f["in"], f["field"]) for f in fields] == [("body", "attachments.0.data_base64")]


def test_inbox_token_of_another_inbox_is_401(world: World, other_world: World, api: Api) -> None:
    response = api.post(url(world), inbound(world), token=other_world.inbound_token)

    assert response.status_code == 401
    assert Message.objects.count() == 0


def test_agent_token_of_another_workspace_is_404(world: World, other_world: World, api: Api) -> None:
    response = api.post(url(world), inbound(world), token=other_world.owner_token)

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert Message.objects.count() == 0


def test_switched_off_inbox_refuses_both_tokens(world: World, api: Api) -> None:
    world.inbox.is_active = False
    world.inbox.save()

    with_inbox_token = api.post(url(world), inbound(world), token=world.inbound_token)
    with_agent_token = api.post(url(world), inbound(world), token=world.agent_token)

    assert with_inbox_token.status_code == 401
    assert with_agent_token.status_code == 409
    assert error_of(with_agent_token)["code"] == "inbox_inactive"
    assert Message.objects.count() == 0


def test_no_token_is_401(world: World, api: Api) -> None:
    assert api.post(url(world), inbound(world)).status_code == 401


def test_inbound_costs_a_fixed_number_of_queries(world: World, api: Api) -> None:
    # Warm up: the first message creates the contact and conversation.
    api.post(url(world), inbound(world, external_id="m-0"), token=world.inbound_token)

    with CaptureQueriesContext(connection) as follow_up:
        api.post(url(world), inbound(world, external_id="m-1"), token=world.inbound_token)
    with CaptureQueriesContext(connection) as retry:
        response = api.post(url(world), inbound(world, external_id="m-1"), token=world.inbound_token)

    assert response.status_code == 200

    def statements(captured: CaptureQueriesContext) -> list[str]:
        return [
            " ".join(q["sql"].split()[:2]) for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]
        ]

    # A follow-up message: token, identity, open conversation, update it, insert the message.
    assert statements(follow_up) == [
        'SELECT "inboxes_inbox"."id",',
        'SELECT "contacts_contactidentity"."id",',
        'SELECT "conversations_conversation"."id",',
        'UPDATE "conversations_conversation"',
        "INSERT INTO",
    ]
    # A retry runs the same transaction, the unique constraint refuses the message, the
    # transaction rolls back and the stored message is returned.
    assert statements(retry) == [*statements(follow_up), 'SELECT "conversations_message"."id",']
    # No lazy load of the inbox's workspace anywhere on the way.
    assert not [q for q in follow_up.captured_queries if 'FROM "accounts_workspace"' in q["sql"]]
