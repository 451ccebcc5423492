from __future__ import annotations

import base64

import pytest

from tests.api.conftest import Api, error_of
from tests.factories import World, receive
from yanit.conversations.models import Message

pytestmark = pytest.mark.django_db


def test_messages_in_order_with_senders_and_attachments(world: World, api: Api) -> None:
    pdf = base64.b64encode(b"%PDF fatura").decode()
    first = api.post(
        f"/api/v1/inboxes/{world.inbox.pk}/inbound",
        {
            "contact": {"name": "Ayşe", "email": "ayse@example.com"},
            "text": "Fatura ekte",
            "attachments": [
                {"filename": "fatura.pdf", "content_type": "application/pdf", "data_base64": pdf}
            ],
        },
        token=world.inbound_token,
    ).json()
    conversation_id = first["conversation_id"]
    api.post(
        f"/api/v1/conversations/{conversation_id}/messages", {"text": "Teşekkürler"}, token=world.agent_token
    )
    api.post(
        f"/api/v1/conversations/{conversation_id}/messages",
        {"text": "İade edilecek", "private": True},
        token=world.agent_token,
    )

    response = api.get(f"/api/v1/conversations/{conversation_id}/messages", token=world.agent_token)

    assert response.status_code == 200
    rows = response.json()
    assert [(m["direction"], m["kind"], m["text"], m["delivery_status"]) for m in rows] == [
        ("in", "message", "Fatura ekte", ""),
        ("out", "message", "Teşekkürler", "queued"),
        ("out", "note", "İade edilecek", ""),
    ]
    assert rows[0]["sender"] == {"type": "contact", "id": first["contact_id"], "name": "Ayşe"}
    assert rows[1]["sender"] == {"type": "agent", "id": world.agent.pk, "name": world.agent.name}
    attachment = rows[0]["attachments"][0]
    assert (attachment["filename"], attachment["content_type"], attachment["size"]) == (
        "fatura.pdf",
        "application/pdf",
        11,
    )
    assert attachment["url"] == f"http://testserver/api/v1/attachments/{attachment['id']}"
    download = api.client.get(attachment["url"], headers={"Authorization": f"Bearer {world.agent_token}"})
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF fatura"
    assert download["Content-Disposition"] == 'attachment; filename="fatura.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"


def test_reply_is_queued_for_delivery(world: World, api: Api) -> None:
    conversation = receive(world.inbox).conversation

    response = api.post(
        f"/api/v1/conversations/{conversation.pk}/messages",
        {"text": "Kargoya verildi."},
        token=world.agent_token,
    )

    assert response.status_code == 201
    message = Message.objects.get(pk=response.json()["id"])
    assert (message.kind, message.delivery_status, message.sender_agent) == ("message", "queued", world.agent)
    conversation.refresh_from_db()
    assert conversation.waiting_since is None
    assert conversation.first_response_at == message.created_at


def test_note_is_not_delivered(world: World, api: Api) -> None:
    conversation = receive(world.inbox).conversation

    response = api.post(
        f"/api/v1/conversations/{conversation.pk}/messages",
        {"text": "Müşteri VIP", "private": True},
        token=world.agent_token,
    )

    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["delivery_status"]) == ("note", "")
    conversation.refresh_from_db()
    assert conversation.first_response_at is None


@pytest.mark.parametrize(
    "body", [{"text": "   "}, {}, {"text": None}, {"text": "x", "private": "belki"}, {"text": ["x"]}]
)
def test_bad_reply_is_refused(world: World, api: Api, body: dict[str, object]) -> None:
    conversation = receive(world.inbox).conversation

    response = api.post(f"/api/v1/conversations/{conversation.pk}/messages", body, token=world.agent_token)

    assert response.status_code == 422
    assert error_of(response)["code"] == "validation_error"
    assert Message.objects.filter(direction="out").count() == 0


def test_unknown_conversation_or_attachment_is_404(world: World, api: Api) -> None:
    assert api.get("/api/v1/conversations/987654/messages", token=world.agent_token).status_code == 404
    assert (
        api.post("/api/v1/conversations/987654/messages", {"text": "x"}, token=world.agent_token).status_code
        == 404
    )
    assert api.get("/api/v1/attachments/987654", token=world.agent_token).status_code == 404
    assert Message.objects.count() == 0


def test_messages_come_a_page_at_a_time_after_the_last_seen_id(world: World, api: Api) -> None:
    first = receive(world.inbox, "bir")
    for text in ("iki", "üç", "dört"):
        receive(world.inbox, text)
    path = f"/api/v1/conversations/{first.conversation.pk}/messages"

    page_one = api.get(path, {"limit": 2}, token=world.agent_token).json()
    page_two = api.get(path, {"limit": 2, "after": page_one[-1]["id"]}, token=world.agent_token).json()
    page_three = api.get(path, {"limit": 2, "after": page_two[-1]["id"]}, token=world.agent_token).json()

    assert [m["text"] for m in page_one] == ["bir", "iki"]
    assert [m["text"] for m in page_two] == ["üç", "dört"]
    assert page_three == []


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"after": -1}, {"limit": "çok"}])
def test_bad_paging_is_422(world: World, api: Api, params: dict[str, object]) -> None:
    conversation = receive(world.inbox, "bir").conversation

    response = api.get(f"/api/v1/conversations/{conversation.pk}/messages", params, token=world.agent_token)

    assert response.status_code == 422
    assert error_of(response)["code"] == "validation_error"
