"""Follow-up reminders: presets in Istanbul time, firing once, the timeline line, cancelling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories import World, make_world, receive
from yanit.conversations.models import Activity
from yanit.core.errors import NotFound, ValidationFailed
from yanit.core.worker import run_pending_tasks
from yanit.notifications.models import Notification, Reminder
from yanit.notifications.queries import upcoming_reminders
from yanit.notifications.services.reminders import (
    do_cancel_reminder,
    do_create_reminder,
    do_fire_due_reminders,
    due_from_preset,
    parse_local,
)
from yanit.web.timeline import activity_text

pytestmark = pytest.mark.django_db(transaction=True)


def test_presets_are_in_istanbul_time(world: World) -> None:
    # 23:30 in Istanbul on a Sunday (20:30 UTC).
    now = datetime(2026, 11, 22, 20, 30, tzinfo=UTC)
    assert due_from_preset(world.agent, "1h", now) == datetime(2026, 11, 22, 21, 30, tzinfo=UTC)
    assert due_from_preset(world.agent, "3h", now) == datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    # "Tomorrow 09:00" is Monday 09:00 Istanbul = 06:00 UTC.
    assert due_from_preset(world.agent, "tomorrow", now) == datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    assert due_from_preset(world.agent, "next_week", now) == datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    # 00:30 Monday in Istanbul is still Sunday 21:30 UTC: tomorrow is Tuesday there.
    late = datetime(2026, 11, 22, 21, 30, tzinfo=UTC)
    assert due_from_preset(world.agent, "tomorrow", late) == datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    assert due_from_preset(world.agent, "next_week", late) == datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
    with pytest.raises(ValidationFailed):
        due_from_preset(world.agent, "someday", now)


def test_typed_time_is_read_in_istanbul_time(world: World) -> None:
    assert parse_local(world.agent, "2026-11-24T14:30") == datetime(2026, 11, 24, 11, 30, tzinfo=UTC)
    assert parse_local(world.agent, "2026-11-24T14:30Z") == datetime(2026, 11, 24, 14, 30, tzinfo=UTC)
    with pytest.raises(ValidationFailed):
        parse_local(world.agent, "yarın öğlen")


def test_reminder_fires_once_notifies_and_writes_the_timeline(world: World) -> None:
    conversation = receive(world.inbox).conversation
    reminder = do_create_reminder(
        world.agent, conversation, timezone.now() + timedelta(hours=1), "  Kargo  firmasını ara "
    )
    assert reminder.note == "Kargo firmasını ara"
    assert list(upcoming_reminders(world.agent.pk)) == [reminder]

    # Not due yet: the job finds nothing.
    assert do_fire_due_reminders() == 0
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(seconds=1))

    assert do_fire_due_reminders() == 1
    assert do_fire_due_reminders() == 0  # idempotent: a second run (or a second worker) fires nothing
    run_pending_tasks()  # the job queued at creation runs too, and finds nothing left

    notification = Notification.objects.get()
    assert (
        notification.recipient_id,
        notification.kind,
        notification.conversation_id,
        notification.text,
    ) == (
        world.agent.pk,
        "reminder",
        conversation.pk,
        "Kargo firmasını ara",
    )
    activity = Activity.objects.get(conversation=conversation, verb="reminder")
    assert activity.actor_id == world.agent.pk
    assert activity_text(activity) == f"{world.agent.name} için hatırlatma: Kargo firmasını ara"
    assert list(upcoming_reminders(world.agent.pk)) == []


def test_two_reminders_on_one_conversation_both_notify(world: World) -> None:
    conversation = receive(world.inbox).conversation
    for note in ("birinci", "ikinci"):
        do_create_reminder(world.agent, conversation, timezone.now() + timedelta(minutes=5), note)
    Reminder.objects.update(due_at=timezone.now() - timedelta(seconds=1))

    assert do_fire_due_reminders() == 2
    assert sorted(Notification.objects.values_list("text", flat=True)) == ["birinci", "ikinci"]


def test_cancelled_reminder_never_fires(world: World) -> None:
    conversation = receive(world.inbox).conversation
    reminder = do_create_reminder(world.agent, conversation, timezone.now() + timedelta(minutes=5))
    do_cancel_reminder(world.agent, reminder.pk)
    Reminder.objects.update(due_at=timezone.now() - timedelta(seconds=1))

    assert do_fire_due_reminders() == 0
    assert Notification.objects.count() == 0
    assert Activity.objects.filter(verb="reminder").count() == 0


def test_reminders_are_personal_and_checked(world: World) -> None:
    other = make_world("Başka")
    conversation = receive(world.inbox).conversation
    reminder = do_create_reminder(world.agent, conversation, timezone.now() + timedelta(minutes=5))

    with pytest.raises(NotFound):
        do_cancel_reminder(world.owner, reminder.pk)  # someone else's reminder
    with pytest.raises(NotFound):
        do_create_reminder(other.agent, conversation, timezone.now() + timedelta(minutes=5))
    with pytest.raises(ValidationFailed):
        do_create_reminder(world.agent, conversation, timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationFailed):
        do_create_reminder(world.agent, conversation, timezone.now() + timedelta(days=400))
    with pytest.raises(ValidationFailed):
        do_create_reminder(world.agent, conversation, timezone.now() + timedelta(hours=1), "x" * 501)
    assert Reminder.objects.count() == 1
