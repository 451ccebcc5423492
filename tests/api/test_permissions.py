"""A token of workspace A reaches nothing of workspace B: every id of B is "not found"."""

from __future__ import annotations

import base64

import pytest

from tests.api.conftest import Api, error_of
from tests.factories import World, receive
from yanit.connectors.models import WebhookDelivery
from yanit.contacts.models import Contact
from yanit.conversations.models import Attachment, Conversation, Message
from yanit.inboxes.models import Inbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def b_objects(other_world: World, api: Api) -> dict[str, int]:
    body = api.post(
        f"/api/v1/inboxes/{other_world.inbox.pk}/inbound",
        {
            "contact": {"email": "b@example.com"},
            "text": "B'nin mesajı",
            "attachments": [{"filename": "b.txt", "data_base64": base64.b64encode(b"gizli").decode()}],
        },
        token=other_world.inbound_token,
    ).json()
    return {
        "inbox": other_world.inbox.pk,
        "conversation": body["conversation_id"],
        "contact": body["contact_id"],
        "attachment": Attachment.objects.get(message_id=body["message_id"]).pk,
    }


def requests_for(b: dict[str, int], own_contact: int) -> list[tuple[str, str, object]]:
    return [
        ("GET", f"/api/v1/inboxes/{b['inbox']}", None),
        ("PATCH", f"/api/v1/inboxes/{b['inbox']}", {"name": "ele geçirildi"}),
        ("POST", f"/api/v1/inboxes/{b['inbox']}/rotate-token", None),
        ("GET", f"/api/v1/inboxes/{b['inbox']}/webhook-deliveries", None),
        (
            "POST",
            f"/api/v1/inboxes/{b['inbox']}/inbound",
            {"contact": {"email": "x@example.com"}, "text": "x"},
        ),
        ("GET", f"/api/v1/conversations/{b['conversation']}", None),
        ("PATCH", f"/api/v1/conversations/{b['conversation']}", {"status": "resolved"}),
        ("GET", f"/api/v1/conversations/{b['conversation']}/messages", None),
        ("POST", f"/api/v1/conversations/{b['conversation']}/messages", {"text": "x"}),
        ("GET", f"/api/v1/attachments/{b['attachment']}", None),
        ("GET", f"/api/v1/contacts/{b['contact']}", None),
        ("PATCH", f"/api/v1/contacts/{b['contact']}", {"name": "x"}),
        ("POST", f"/api/v1/contacts/{b['contact']}/merge", {"other_contact_id": own_contact}),
        ("POST", f"/api/v1/contacts/{own_contact}/merge", {"other_contact_id": b["contact"]}),
    ]


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_every_object_of_another_workspace_is_404(
    world: World, other_world: World, api: Api, b_objects: dict[str, int], role: str
) -> None:
    token = world.owner_token if role == "owner" else world.agent_token
    own_contact = receive(world.inbox).contact.pk
    WebhookDelivery.objects.create(
        workspace=other_world.workspace,
        inbox=other_world.inbox,
        webhook_id="msg_1",
        event_type="message.created",
        url="https://b.example/hook",
        attempt=1,
        outcome="succeeded",
    )
    before = (Message.objects.count(), Contact.objects.count(), Conversation.objects.count())

    for method, path, body in requests_for(b_objects, own_contact):
        response = api.send(method, path, body, token=token)
        assert (method, path, response.status_code) == (method, path, 404)
        assert error_of(response)["code"] == "not_found"

    assert (Message.objects.count(), Contact.objects.count(), Conversation.objects.count()) == before
    other_world.inbox.refresh_from_db()
    assert other_world.inbox.name == "Başka API"
    assert Conversation.objects.get(pk=b_objects["conversation"]).status == "open"


def test_lists_show_nothing_of_another_workspace(world: World, api: Api, b_objects: dict[str, int]) -> None:
    lists = {
        path: api.get(
            path, {"status": "all"} if "conversations" in path else None, token=world.owner_token
        ).json()
        for path in ("/api/v1/inboxes", "/api/v1/conversations", "/api/v1/contacts", "/api/v1/agents")
    }

    assert [i["id"] for i in lists["/api/v1/inboxes"]] == [world.inbox.pk]
    assert lists["/api/v1/conversations"]["items"] == []
    assert lists["/api/v1/contacts"]["items"] == []
    assert {a["id"] for a in lists["/api/v1/agents"]} == {world.owner.pk, world.agent.pk}
    filtered = api.get("/api/v1/conversations", {"inbox_id": b_objects["inbox"]}, token=world.owner_token)
    assert filtered.json()["items"] == []


def test_inbound_token_of_b_cannot_post_to_a(world: World, other_world: World, api: Api) -> None:
    response = api.post(
        f"/api/v1/inboxes/{world.inbox.pk}/inbound",
        {"contact": {"email": "x@example.com"}, "text": "x"},
        token=other_world.inbound_token,
    )

    assert response.status_code == 401
    assert Message.objects.count() == 0


def test_inbound_token_is_not_an_agent_token(world: World, api: Api) -> None:
    for path in ("/api/v1/inboxes", f"/api/v1/inboxes/{world.inbox.pk}", "/api/v1/conversations"):
        assert api.get(path, token=world.inbound_token).status_code == 401


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/inboxes", {"name": "Yeni"}),
        ("PATCH", "/api/v1/inboxes/{inbox}", {"name": "Yeni"}),
        ("POST", "/api/v1/inboxes/{inbox}/rotate-token", None),
        ("GET", "/api/v1/inboxes/{inbox}/webhook-deliveries", None),
    ],
)
def test_admin_only_operations_are_403_for_agents(
    world: World, api: Api, method: str, path: str, body: object
) -> None:
    token_hash = world.inbox.inbound_token_hash

    response = api.send(method, path.format(inbox=world.inbox.pk), body, token=world.agent_token)

    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"
    assert Inbox.objects.get(pk=world.inbox.pk).inbound_token_hash == token_hash
    assert Inbox.objects.count() == 1


def test_admins_may_do_admin_operations(world: World, api: Api) -> None:
    from yanit.accounts.models import Agent

    world.agent.role = Agent.Role.ADMIN
    world.agent.save()

    response = api.post("/api/v1/inboxes", {"name": "Yöneticinin"}, token=world.agent_token)

    assert response.status_code == 201
