"""Replies, notes, status/priority/assignee/team/tag changes: each writes its timeline and one event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import World, make_agent, receive
from yanit.accounts.services.workspaces import do_save_team
from yanit.connectors.models import WebhookDelivery
from yanit.conversations.models import Activity, Conversation, Message, Tag
from yanit.conversations.services.reply import do_send_reply
from yanit.conversations.services.update import do_update_conversation
from yanit.core.errors import NotFound, ValidationFailed
from yanit.core.worker import run_pending_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def test_reply_sets_first_response_and_clears_waiting(world: World) -> None:
    conversation = receive(world.inbox, "Kargom nerede?").conversation

    reply = do_send_reply(world.agent, conversation, "Merhaba Ayşe Hanım,\nkargonuz yolda.")

    conversation.refresh_from_db()
    assert conversation.first_response_at == reply.created_at
    assert conversation.waiting_since is None
    assert conversation.last_message_preview == "Merhaba Ayşe Hanım, kargonuz yolda."
    assert (reply.direction, reply.kind, reply.delivery_status) == ("out", "message", "queued")
    assert reply.html == "<p>Merhaba Ayşe Hanım,<br>kargonuz yolda.</p>"


def test_reply_without_webhook_is_marked_sent_by_the_worker(world: World) -> None:
    conversation = receive(world.inbox, "Merhaba").conversation
    reply = do_send_reply(world.agent, conversation, "Size nasıl yardımcı olabilirim?")

    run_pending_tasks()

    reply.refresh_from_db()
    assert reply.delivery_status == "sent"
    assert WebhookDelivery.objects.count() == 0


def test_note_is_private_and_keeps_the_customer_waiting(world: World) -> None:
    conversation = receive(world.inbox, "İade istiyorum").conversation

    note = do_send_reply(world.agent, conversation, "Depoya soruyorum", private=True)
    run_pending_tasks()

    conversation.refresh_from_db()
    note.refresh_from_db()
    assert (note.kind, note.delivery_status) == ("note", "")
    assert conversation.first_response_at is None
    assert conversation.waiting_since is not None


def test_empty_reply_is_refused(world: World) -> None:
    conversation = receive(world.inbox, "Merhaba").conversation
    with pytest.raises(ValidationFailed):
        do_send_reply(world.agent, conversation, "  \n ")
    assert Message.objects.filter(direction="out").count() == 0


def test_changes_write_one_activity_each(world: World) -> None:
    conversation = receive(world.inbox, "Ürün kırık geldi").conversation
    team = do_save_team(world.owner, "İade Ekibi", member_ids=[world.agent.pk])

    do_update_conversation(
        world.owner,
        conversation,
        status="pending",
        priority="urgent",
        assignee=world.agent,
        team=team,
        tags=["hasarlı ürün", "İADE"],
    )

    conversation.refresh_from_db()
    assert (conversation.status, conversation.priority_name) == ("pending", "urgent")
    assert (conversation.assignee_id, conversation.team_id) == (world.agent.pk, team.pk)
    assert sorted(conversation.tags.values_list("name", flat=True)) == ["hasarlı ürün", "İADE"]
    rows = list(Activity.objects.filter(conversation=conversation).exclude(verb="created").order_by("id"))
    assert [(a.verb, a.actor_id) for a in rows] == [
        ("status", world.owner.pk),
        ("priority", world.owner.pk),
        ("assigned", world.owner.pk),
        ("team", world.owner.pk),
        ("tags", world.owner.pk),
    ]
    assert rows[2].data == {"from": None, "to": world.agent.name, "to_id": world.agent.pk}
    assert rows[4].data == {"added": ["hasarlı ürün", "İADE"], "removed": []}


def test_tags_match_turkish_case_insensitively(world: World) -> None:
    conversation = receive(world.inbox, "x").conversation
    do_update_conversation(world.agent, conversation, tags=["İade"])
    other = receive(world.inbox, "y", email="b@example.com").conversation

    do_update_conversation(world.agent, other, tags=["iade", "IŞIK"])

    assert sorted(Tag.objects.filter(workspace=world.workspace).values_list("name", flat=True)) == [
        "IŞIK",
        "İade",
    ]


def test_unchanged_values_write_nothing(world: World) -> None:
    conversation = receive(world.inbox, "x").conversation
    do_update_conversation(world.agent, conversation, status="open", priority="normal", assignee=None)
    assert Activity.objects.filter(conversation=conversation).count() == 1  # only "created"


def test_resolving_sets_and_reopening_clears_resolved_at(world: World) -> None:
    conversation = receive(world.inbox, "x").conversation
    do_update_conversation(world.agent, conversation, status="resolved")
    conversation.refresh_from_db()
    assert conversation.resolved_at is not None
    do_update_conversation(world.agent, conversation, status="open")
    conversation.refresh_from_db()
    assert conversation.resolved_at is None


def test_snooze_needs_a_future_time(world: World) -> None:
    conversation = receive(world.inbox, "x").conversation
    with pytest.raises(ValidationFailed):
        do_update_conversation(world.agent, conversation, status="snoozed")
    with pytest.raises(ValidationFailed):
        do_update_conversation(
            world.agent, conversation, status="snoozed", snoozed_until=timezone.now() - timedelta(minutes=1)
        )
    until = timezone.now() + timedelta(hours=3)
    do_update_conversation(world.agent, conversation, status="snoozed", snoozed_until=until)
    conversation.refresh_from_db()
    assert (conversation.status, conversation.snoozed_until) == ("snoozed", until)


def test_unknown_status_and_priority_are_refused(world: World) -> None:
    conversation = receive(world.inbox, "x").conversation
    with pytest.raises(ValidationFailed) as status_error:
        do_update_conversation(world.agent, conversation, status="closed")
    with pytest.raises(ValidationFailed) as priority_error:
        do_update_conversation(world.agent, conversation, priority="critical")
    assert status_error.value.details["status"] == "closed"
    assert priority_error.value.details["priority"] == "critical"
    assert Conversation.objects.get(pk=conversation.pk).status == "open"


def test_agent_of_another_workspace_cannot_be_assigned(world: World, other_world: World) -> None:
    conversation = receive(world.inbox, "x").conversation
    with pytest.raises(NotFound):
        do_update_conversation(world.owner, conversation, assignee=other_world.agent)
    assert Conversation.objects.get(pk=conversation.pk).assignee_id is None


def test_inactive_colleague_is_still_a_valid_record(world: World) -> None:
    colleague = make_agent(world.workspace, name="Mehmet")
    conversation = receive(world.inbox, "x").conversation
    do_update_conversation(world.owner, conversation, assignee=colleague)
    assert Conversation.objects.get(pk=conversation.pk).assignee_id == colleague.pk
