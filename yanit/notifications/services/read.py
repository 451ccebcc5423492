"""Marking notifications read: only ever the acting agent's own."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from yanit.accounts.models import Agent
from yanit.core.events import publish_on_commit
from yanit.notifications.events import NotificationsRead
from yanit.notifications.models import Notification


def do_mark_read(agent: Agent, notification_ids: Iterable[int]) -> int:
    """Mark some of ``agent``'s notifications read; ids of other agents' notifications are ignored."""
    ids = sorted({int(i) for i in notification_ids})
    if not ids:
        return 0
    changed = Notification.objects.filter(recipient=agent, pk__in=ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        publish_on_commit(
            NotificationsRead(
                workspace_id=agent.workspace_id, recipient_id=agent.pk, notification_ids=tuple(ids)
            )
        )
    return changed


def do_mark_all_read(agent: Agent) -> int:
    changed = Notification.objects.filter(recipient=agent, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        publish_on_commit(
            NotificationsRead(workspace_id=agent.workspace_id, recipient_id=agent.pk, notification_ids=())
        )
    return changed
