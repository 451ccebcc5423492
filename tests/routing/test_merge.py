"""Merging two conversations: both threads in time order, attachments, tags, events, permissions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from tests.api.conftest import Api
from tests.factories import World, receive
from yanit.conversations.events import ConversationUpdated
from yanit.conversations.models import Activity, Attachment, Conversation, Message
from yanit.conversations.services.merge import do_merge_conversations
from yanit.conversations.services.reply import do_send_reply
from yanit.conversations.services.update import do_update_conversation
from yanit.core.errors import NotFound, ValidationFailed
from yanit.core.events import subscribe
from yanit.inboxes.services.manage import do_create_inbox
from yanit.routing.events import ConversationsMerged
from yanit.web.timeline import activity_text


def two_threads(world: World) -> tuple[Conversation, Conversation]:
    """Two conversations of one customer from two inboxes, messages interleaved in time."""
    second_inbox, _token = do_create_inbox(world.owner, name="İkinci", channel="api")
    first = receive(world.inbox, "Siparişim gelmedi", provider_id="p-1").conversation
    second = receive(second_inbox, "Kargo takip no?", provider_id="p-1").conversation
    base = timezone.now() - timedelta(hours=1)
    for minutes, message in zip(
        (0, 10), Message.objects.filter(conversation=first).order_by("created_at"), strict=False
    ):
        Message.objects.filter(pk=message.pk).update(created_at=base + timedelta(minutes=minutes))
    Message.objects.filter(conversation=second).update(created_at=base + timedelta(minutes=5))
    do_send_reply(world.agent, first, text="Bakıyorum")  # now: last
    do_update_conversation(world.agent, first, tags=["kargo"])
    do_update_conversation(world.agent, second, tags=["Kargo", "iade"])
    message = Message.objects.get(conversation=second, direction="in")
    Attachment.objects.create(
        workspace=world.workspace,
        message=message,
        file=ContentFile(b"fatura", name="fatura.pdf"),
        filename="fatura.pdf",
        content_type="application/pdf",
        size=6,
        sha256="a" * 64,
    )
    return first, second


def test_merge_moves_everything_in_time_order(world: World, django_capture_on_commit_callbacks: Any) -> None:
    events: list[Any] = []
    subscribe(ConversationsMerged, events.append)
    subscribe(ConversationUpdated, events.append)
    first, second = two_threads(world)
    assert first.pk != second.pk
    with django_capture_on_commit_callbacks(execute=True):
        primary = do_merge_conversations(world.agent, second, first)
    assert primary.pk == first.pk
    texts = list(Message.objects.filter(conversation=first).values_list("text", "inbox_id"))
    assert texts == [
        ("Siparişim gelmedi", world.inbox.pk),
        ("Kargo takip no?", second.inbox_id),
        ("Bakıyorum", world.inbox.pk),
    ]
    # Both messages kept their provider id: unique per inbox, so no clash after the move.
    assert sorted(Message.objects.filter(provider_id="p-1").values_list("conversation_id", flat=True)) == [
        first.pk,
        first.pk,
    ]
    assert Attachment.objects.get().message.conversation_id == first.pk
    first.refresh_from_db()
    second.refresh_from_db()
    assert sorted(first.tags.values_list("name", flat=True)) == ["iade", "kargo"]
    assert (first.message_count, first.last_message_preview) == (3, "Bakıyorum")
    assert (second.status, second.metadata["merged_into"], second.message_count) == ("resolved", first.pk, 0)
    assert not Message.objects.filter(conversation=second).exists()
    # The secondary's activities moved too; each side has its own merge entry.
    assert Activity.objects.filter(conversation=first, verb="tags").count() == 2
    here = Activity.objects.get(conversation=first, verb="merged")
    there = Activity.objects.get(conversation=second, verb="merged")
    name = world.agent.name
    with translation.override("en"):
        assert activity_text(here) == f"{name} merged #{second.number} into this conversation"
        assert activity_text(there) == f"{name} merged this conversation into #{first.number}"
    with translation.override("tr"):
        assert activity_text(there) == f"{name} bu konuşmayı #{first.number} ile birleştirdi"
    assert events[-3:] == [
        ConversationUpdated(
            workspace_id=world.workspace.pk, conversation_id=first.pk, changed=("merged", "tags")
        ),
        ConversationUpdated(
            workspace_id=world.workspace.pk, conversation_id=second.pk, changed=("merged", "status")
        ),
        ConversationsMerged(workspace_id=world.workspace.pk, primary_id=first.pk, secondary_id=second.pk),
    ]


def test_merge_refuses_itself_twice_and_other_workspaces(world: World, other_world: World) -> None:
    first, second = two_threads(world)
    foreign = receive(other_world.inbox).conversation
    with pytest.raises(ValidationFailed):
        do_merge_conversations(world.agent, first, first)
    with pytest.raises(NotFound):
        do_merge_conversations(world.agent, foreign, first)
    do_merge_conversations(world.agent, second, first)
    second.refresh_from_db()
    with pytest.raises(ValidationFailed):
        do_merge_conversations(world.agent, second, first)
    assert Message.objects.filter(conversation=foreign).count() == 1


def test_merge_api(world: World, other_world: World) -> None:
    first, second = two_threads(world)
    api = Api(world.agent_token)
    response = api.post(f"/api/v1/conversations/{second.pk}/merge", {"into": first.pk})
    assert response.status_code == 200, response.content
    assert (response.json()["id"], sorted(response.json()["tags"])) == (first.pk, ["iade", "kargo"])
    again = api.post(f"/api/v1/conversations/{second.pk}/merge", {"into": first.pk})
    assert (again.status_code, again.json()["error"]["code"]) == (422, "validation_error")
    foreign = receive(other_world.inbox).conversation
    cross = api.post(f"/api/v1/conversations/{first.pk}/merge", {"into": foreign.pk})
    assert (cross.status_code, cross.json()["error"]["code"]) == (404, "not_found")
    other = Api(other_world.agent_token).post(f"/api/v1/conversations/{first.pk}/merge", {"into": foreign.pk})
    assert other.status_code == 404
    assert Message.objects.filter(conversation=foreign).count() == 1


def test_merge_from_the_conversation_page(world: World, other_world: World, login: Any) -> None:
    first, second = two_threads(world)
    third = receive(world.inbox, "Başka bir konu", email="baska@example.com").conversation
    foreign = receive(other_world.inbox).conversation
    client = login(world.agent)
    page = client.get(f"/c/{second.pk}/").content.decode()
    assert 'data-testid="merge-form"' in page
    # Without a query: this customer's other conversations; a query searches the workspace.
    own = client.get(f"/c/{second.pk}/merge/candidates/", {"q": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert f'value="{first.pk}"' in own
    assert f'value="{third.pk}"' not in own
    found = client.get(f"/c/{second.pk}/merge/candidates/", {"q": "başka"}).content.decode()
    assert f'value="{third.pk}"' in found
    by_number = client.get(f"/c/{second.pk}/merge/candidates/", {"q": f"#{third.number}"}).content.decode()
    assert f'value="{third.pk}"' in by_number
    assert (
        f'value="{foreign.pk}"'
        not in client.get(f"/c/{second.pk}/merge/candidates/", {"q": "sipariş"}).content.decode()
    )
    cross = client.post(f"/c/{second.pk}/merge/", {"into": foreign.pk}, HTTP_HX_REQUEST="true")
    assert cross.status_code == 404
    response = client.post(f"/c/{second.pk}/merge/", {"into": first.pk}, HTTP_HX_REQUEST="true")
    assert (response.status_code, response["HX-Redirect"]) == (204, f"/c/{first.pk}/")
    # Opening the merged conversation lands on the one it was merged into.
    opened = client.get(f"/c/{second.pk}/")
    assert (opened.status_code, opened["Location"]) == (302, f"/c/{first.pk}/")
    assert Message.objects.filter(conversation=first).count() == 3
