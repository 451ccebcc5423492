"""Reading notifications and reminders (no writes here)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from yanit.notifications.models import Notification, Reminder

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def unread_count(agent_id: int) -> int:
    return Notification.objects.filter(recipient_id=agent_id, read_at__isnull=True).count()


def unread_counts(agent_ids: set[int]) -> dict[int, int]:
    """``unread_count`` for several agents in one query (agents with none are left out)."""
    rows = (
        Notification.objects.filter(recipient_id__in=agent_ids, read_at__isnull=True)
        .values("recipient_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["recipient_id"]: row["n"] for row in rows}


def notifications_of(
    agent_id: int, *, unread_only: bool = False, before_id: int | None = None
) -> QuerySet[Notification]:
    """Newest first; page with ``before_id`` (the last id of the previous page)."""
    qs = Notification.objects.filter(recipient_id=agent_id).select_related(
        "conversation__contact", "actor__user", "recipient__user"
    )
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    if before_id is not None:
        qs = qs.filter(pk__lt=before_id)
    return qs.order_by("-id")


def upcoming_reminders(agent_id: int) -> QuerySet[Reminder]:
    return (
        Reminder.objects.filter(agent_id=agent_id, fired_at__isnull=True, cancelled_at__isnull=True)
        .select_related("conversation__contact")
        .order_by("due_at", "id")
    )


def pending_reminder_for(agent_id: int, conversation_id: int) -> Reminder | None:
    return upcoming_reminders(agent_id).filter(conversation_id=conversation_id).first()
