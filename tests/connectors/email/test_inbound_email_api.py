"""``POST /api/v1/inboxes/{id}/inbound-email`` with a raw message/rfc822 body."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.connectors.email.conftest import ADDRESS, fixture_bytes, make_our_message
from tests.factories import World
from yanit.connectors.email.config import MailboxConfig, stored_settings
from yanit.conversations.models import Message
from yanit.inboxes.services.manage import do_create_inbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_inbox_token(world: World) -> tuple[int, str]:
    inbox, token = do_create_inbox(
        world.owner,
        name="E-posta",
        channel="email",
        settings={"email": stored_settings(MailboxConfig(address=ADDRESS))},
    )
    return inbox.pk, token


def post(inbox_id: int, raw: bytes, token: str, content_type: str = "message/rfc822") -> object:
    return Client().post(
        f"/api/v1/inboxes/{inbox_id}/inbound-email",
        raw,
        content_type=content_type,
        headers={"Authorization": f"Bearer {token}"},
    )


def test_raw_email_with_the_inbox_token_then_a_duplicate(email_inbox_token: tuple[int, str]) -> None:
    inbox_id, token = email_inbox_token
    raw = fixture_bytes("iso_8859_9_base64.eml")
    first = post(inbox_id, raw, token)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["created"] is True
    message = Message.objects.get(pk=body["message_id"])
    assert message.conversation_id == body["conversation_id"]
    assert message.metadata["email"]["subject"] == "Adres değişikliği"
    again = post(inbox_id, raw, token)
    assert again.status_code == 200
    assert again.json() == {**body, "created": False}


def test_agent_token_of_the_workspace_works_and_other_workspaces_get_404(
    world: World, other_world: World, email_inbox_token: tuple[int, str]
) -> None:
    inbox_id, _token = email_inbox_token
    raw = fixture_bytes("gmail_reply_en.eml")
    assert post(inbox_id, raw, world.agent_token).status_code == 201
    assert post(inbox_id, raw, other_world.agent_token).status_code == 404
    assert post(inbox_id, raw, "yin_wrong").status_code == 401


def test_a_bounce_answers_202_and_fails_our_message(world: World, email_inbox_token: tuple[int, str]) -> None:
    inbox_id, token = email_inbox_token
    ours = make_our_message(world.workspace.inboxes.get(pk=inbox_id))
    response = post(inbox_id, fixture_bytes("bounce_dsn.eml"), token)
    assert response.status_code == 202
    assert response.json() == {"bounce": True, "message_id": ours.pk}
    ours.refresh_from_db()
    assert ours.delivery_status == "failed"


def test_errors(world: World, email_inbox_token: tuple[int, str]) -> None:
    inbox_id, token = email_inbox_token
    empty = post(inbox_id, b"", token)
    assert empty.status_code == 400
    assert empty.json()["error"]["code"] == "empty_body"
    json_body = post(inbox_id, b"{}", token, content_type="application/json")
    assert json_body.status_code == 415
    not_email = post(world.inbox.pk, fixture_bytes("gmail_reply_en.eml"), world.inbound_token)
    assert not_email.status_code == 422
    assert not_email.json()["error"]["code"] == "not_an_email_inbox"


@override_settings(YANIT_MAX_EMAIL_BYTES=50_000)
def test_over_the_email_size_limit_is_413(email_inbox_token: tuple[int, str]) -> None:
    inbox_id, token = email_inbox_token
    raw = fixture_bytes("gmail_reply_en.eml") + b"x" * 60_000
    response = post(inbox_id, raw, token)
    assert response.status_code == 413
    assert response.json()["error"]["details"] == {"limit": 50_000}
    assert Message.objects.filter(direction="in").count() == 0


def test_an_email_larger_than_the_json_body_limit_is_taken(email_inbox_token: tuple[int, str]) -> None:
    # 3 MB: over YANIT_MAX_BODY_BYTES (1 MB) of the JSON endpoints, within YANIT_MAX_EMAIL_BYTES.
    from email.message import EmailMessage

    inbox_id, token = email_inbox_token
    msg = EmailMessage()
    msg["From"] = "ayse@example.com"
    msg["To"] = ADDRESS
    msg["Subject"] = "Büyük ek"
    msg["Message-ID"] = "<big-api@example.com>"
    msg.set_content("Katalog ekte.")
    msg.add_attachment(
        b"\x89PNG" + b"\x00" * 3_000_000, maintype="image", subtype="png", filename="katalog.png"
    )
    response = post(inbox_id, msg.as_bytes(), token)
    assert response.status_code == 201, response.content
    message = Message.objects.get(pk=response.json()["message_id"])
    assert message.attachments.get().size == 3_000_004


def test_openapi_documents_the_endpoint() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/inboxes/{inbox_id}/inbound-email"]["post"]
    assert "message/rfc822" in operation["requestBody"]["content"]
    assert {"200", "201", "202", "413", "422"} <= set(operation["responses"])
