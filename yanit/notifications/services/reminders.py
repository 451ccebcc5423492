"""Follow-up reminders: "remind me about this conversation in an hour / tomorrow 09:00 / at …"."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.conversations.models import Activity, Conversation
from yanit.core.errors import NotFound, ValidationFailed
from yanit.core.events import publish_on_commit
from yanit.notifications.events import ReminderFired
from yanit.notifications.models import Kind, Reminder
from yanit.notifications.services.notify import do_notify

MAX_AHEAD = timedelta(days=366)
MAX_PENDING_PER_AGENT = 500
MORNING = time(9, 0)
PRESETS = ("1h", "3h", "tomorrow", "next_week")


def zone_of(agent: Agent) -> ZoneInfo:
    try:
        return ZoneInfo(agent.workspace.time_zone or "Europe/Istanbul")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Europe/Istanbul")


def due_from_preset(agent: Agent, preset: str, now: datetime | None = None) -> datetime:
    """In 1 or 3 hours, tomorrow 09:00 or next Monday 09:00 in the workspace's time zone."""
    now = now or timezone.now()
    zone = zone_of(agent)
    local = now.astimezone(zone)
    if preset == "1h":
        return now + timedelta(hours=1)
    if preset == "3h":
        return now + timedelta(hours=3)
    if preset == "tomorrow":
        return datetime.combine(local.date() + timedelta(days=1), MORNING, tzinfo=zone)
    if preset == "next_week":
        days = 7 - local.weekday()  # the coming Monday, a week ahead when today is Monday
        return datetime.combine(local.date() + timedelta(days=days), MORNING, tzinfo=zone)
    raise ValidationFailed(
        _("Unknown reminder time %(preset)s.") % {"preset": preset},
        details={"preset": preset, "allowed": list(PRESETS)},
    )


def parse_local(agent: Agent, value: str) -> datetime:
    """A date-time typed in a form ("2026-11-24T14:30") read in the workspace's time zone.

    ISO strings with an offset ("…+03:00", "…Z") are taken as they are.
    """
    raw = (value or "").strip()
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationFailed(
            _("Enter a date and time, e.g. 2026-11-24 14:30."), details={"due_at": "invalid"}
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone_of(agent))
    return parsed


def do_create_reminder(
    agent: Agent, conversation: Conversation, due_at: datetime, note: str = ""
) -> Reminder:
    from yanit.notifications.tasks import fire_due_reminders

    if conversation.workspace_id != agent.workspace_id:
        raise NotFound(_("Conversation not found."))
    now = timezone.now()
    if due_at <= now:
        raise ValidationFailed(_("Pick a time in the future."), details={"due_at": "past"})
    if due_at > now + MAX_AHEAD:
        raise ValidationFailed(_("Pick a time within a year."), details={"due_at": "too_far"})
    note = " ".join((note or "").split())
    if len(note) > 500:
        raise ValidationFailed(_("Keep the note under 500 characters."), details={"note": "too_long"})
    pending = Reminder.objects.filter(agent=agent, fired_at__isnull=True, cancelled_at__isnull=True)
    if pending.count() >= MAX_PENDING_PER_AGENT:
        raise ValidationFailed(
            _("You have %(n)d open reminders; cancel some first.") % {"n": MAX_PENDING_PER_AGENT},
            details={"reminders": "too_many"},
        )
    with transaction.atomic():
        reminder = Reminder.objects.create(
            workspace_id=agent.workspace_id,
            agent=agent,
            conversation=conversation,
            due_at=due_at,
            note=note,
            created_at=now,
        )
        # The job wakes at the due time and fires everything due then (this one and any a lost job missed).
        transaction.on_commit(lambda: fire_due_reminders.using(run_after=due_at).enqueue())
    return reminder


def do_cancel_reminder(agent: Agent, reminder_id: int) -> Reminder:
    reminder = Reminder.objects.filter(pk=reminder_id, agent=agent).first()
    if reminder is None:
        raise NotFound(_("Reminder not found."))
    if reminder.fired_at is not None:
        raise ValidationFailed(_("This reminder has already fired."), details={"reminder": "fired"})
    if reminder.cancelled_at is None:
        Reminder.objects.filter(pk=reminder.pk, fired_at__isnull=True, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now()
        )
        reminder.refresh_from_db()
    return reminder


def do_fire_reminder(reminder_id: int) -> bool:
    """Fire one due reminder exactly once: claim it, write the timeline line, notify its agent."""
    now = timezone.now()
    with transaction.atomic():
        claimed = Reminder.objects.filter(
            pk=reminder_id, fired_at__isnull=True, cancelled_at__isnull=True, due_at__lte=now
        ).update(fired_at=now)
        if not claimed:
            return False
        reminder = Reminder.objects.select_related("agent__user", "conversation").get(pk=reminder_id)
        Activity.objects.create(
            workspace_id=reminder.workspace_id,
            conversation=reminder.conversation,
            actor=reminder.agent,
            actor_kind="reminder",
            verb=Activity.Verb.REMINDER,
            data={"note": reminder.note, "agent": reminder.agent.name, "reminder_id": reminder.pk},
            created_at=now,
        )
        do_notify(
            [reminder.agent],
            Kind.REMINDER,
            conversation=reminder.conversation,
            text=reminder.note,
            data={"reminder_id": reminder.pk},
            dedupe=False,
        )
        publish_on_commit(
            ReminderFired(
                workspace_id=reminder.workspace_id,
                reminder_id=reminder.pk,
                conversation_id=reminder.conversation_id,
                agent_id=reminder.agent_id,
            )
        )
    return True


def do_fire_due_reminders(limit: int = 500) -> int:
    """Fire every reminder that is due now; safe to run any number of times, concurrently too."""
    ids = list(
        Reminder.objects.filter(fired_at__isnull=True, cancelled_at__isnull=True, due_at__lte=timezone.now())
        .order_by("due_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for rid in ids if do_fire_reminder(rid))
