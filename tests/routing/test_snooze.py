"""Snoozed conversations wake up at their time: open again, timeline entry, ConversationWoke."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from tests.factories import World
from yanit.conversations.models import Activity, Conversation
from yanit.conversations.services.update import do_update_conversation
from yanit.core.events import subscribe
from yanit.routing.events import ConversationWoke
from yanit.routing.tasks import wake_snoozed
from yanit.web.timeline import activity_text


def test_wakes_due_conversations_once(
    world: World, new_conversation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    woke: list[ConversationWoke] = []
    subscribe(ConversationWoke, woke.append)
    due, later = new_conversation(), new_conversation()
    do_update_conversation(world.agent, due, assignee=world.agent)
    until = timezone.now() + timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        do_update_conversation(world.agent, due, status="snoozed", snoozed_until=until)
        do_update_conversation(world.agent, later, status="snoozed", snoozed_until=until + timedelta(days=1))
    # One wake-up job queued at each snooze's time.
    queued = sorted(r.run_after for r in DBTaskResult.objects.filter(task_path__endswith="wake_snoozed"))
    assert queued == [until, until + timedelta(days=1)]
    assert wake_snoozed.call() == "woke 0"
    Conversation.objects.filter(pk=due.pk).update(snoozed_until=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert wake_snoozed.call() == "woke 1"
        assert wake_snoozed.call() == "woke 0"  # idempotent
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, due.snoozed_until) == ("open", None)
    assert later.status == "snoozed"
    assert woke == [
        ConversationWoke(workspace_id=world.workspace.pk, conversation_id=due.pk, assignee_id=world.agent.pk)
    ]
    activity = Activity.objects.filter(conversation=due, verb="status").last()
    assert activity is not None
    with translation.override("tr"):
        assert (activity.actor_kind, activity.data["to"], activity_text(activity)) == (
            "system",
            "open",
            "Erteleme bitti: yeniden açık",
        )
