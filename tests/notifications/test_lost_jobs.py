"""Reminders and snoozes whose queued job was lost (the worker crashed, the queue was wiped) are
caught by the periodic sweep, once: a job that turns up later changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import World, receive
from yanit.conversations.models import Activity, Conversation
from yanit.conversations.services.update import do_update_conversation
from yanit.core.worker import _periodic, run_pending_tasks, run_periodic_once
from yanit.notifications.models import Notification, Reminder
from yanit.notifications.services.reminders import do_create_reminder

pytestmark = pytest.mark.django_db(transaction=True)


def kinds(world: World) -> list[tuple[str, int | None]]:
    return list(
        Notification.objects.filter(recipient=world.agent)
        .order_by("id")
        .values_list("kind", "conversation_id")
    )


def test_the_sweeps_are_registered_every_minute() -> None:
    assert (_periodic["reminders-sweep"].every_seconds, _periodic["snooze-sweep"].every_seconds) == (60, 60)


def test_a_reminder_whose_job_was_lost_fires_once_from_the_sweep(world: World) -> None:
    conversation = receive(world.inbox).conversation
    reminder = do_create_reminder(world.agent, conversation, timezone.now() + timedelta(hours=1), "Ara")
    jobs = DBTaskResult.objects.filter(task_path__endswith="fire_due_reminders")
    assert jobs.count() == 1
    jobs.delete()  # the crash: the queued job is gone
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(minutes=5))

    run_pending_tasks()  # nothing queued: nothing fires
    assert kinds(world) == []
    run_periodic_once()
    run_periodic_once()
    assert kinds(world) == [("reminder", conversation.pk)]
    reminder.refresh_from_db()
    assert reminder.fired_at is not None
    assert Activity.objects.filter(conversation=conversation, verb="reminder").count() == 1


def test_the_sweep_and_a_late_job_fire_a_reminder_once(world: World) -> None:
    conversation = receive(world.inbox).conversation
    reminder = do_create_reminder(world.agent, conversation, timezone.now() + timedelta(hours=1))
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(minutes=5))
    # The job was only delayed (a worker restarting): the sweep gets there first, then the job runs.
    DBTaskResult.objects.filter(task_path__endswith="fire_due_reminders").update(run_after=timezone.now())
    run_periodic_once()
    run_pending_tasks()
    assert kinds(world) == [("reminder", conversation.pk)]
    assert Activity.objects.filter(conversation=conversation, verb="reminder").count() == 1


def test_a_snooze_whose_job_was_lost_wakes_once_from_the_sweep(world: World) -> None:
    conversation = receive(world.inbox).conversation
    do_update_conversation(world.owner, conversation, assignee=world.agent)
    Notification.objects.all().delete()  # the "assigned" notification is not what this is about
    until = timezone.now() + timedelta(minutes=30)
    do_update_conversation(world.agent, conversation, status="snoozed", snoozed_until=until)
    jobs = DBTaskResult.objects.filter(task_path__endswith="wake_snoozed")
    assert list(jobs.values_list("run_after", flat=True)) == [until]
    kept = list(jobs.values_list("pk", flat=True))
    Conversation.objects.filter(pk=conversation.pk).update(
        snoozed_until=timezone.now() - timedelta(seconds=5)
    )

    jobs.delete()  # the crash
    run_periodic_once()
    run_periodic_once()
    conversation.refresh_from_db()
    assert (conversation.status, conversation.snoozed_until) == ("open", None)
    assert kinds(world) == [("snooze_woke", conversation.pk)]
    assert kept
    assert not DBTaskResult.objects.filter(pk__in=kept).exists()


def test_the_sweep_and_a_late_wake_up_job_wake_once(world: World) -> None:
    conversation = receive(world.inbox).conversation
    do_update_conversation(world.owner, conversation, assignee=world.agent)
    Notification.objects.all().delete()
    do_update_conversation(
        world.agent, conversation, status="snoozed", snoozed_until=timezone.now() + timedelta(minutes=30)
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        snoozed_until=timezone.now() - timedelta(seconds=5)
    )
    DBTaskResult.objects.filter(task_path__endswith="wake_snoozed").update(run_after=timezone.now())
    run_periodic_once()
    run_pending_tasks()
    assert kinds(world) == [("snooze_woke", conversation.pk)]
    woke = Activity.objects.filter(conversation=conversation, verb="status", data__reason="snooze_ended")
    assert woke.count() == 1
