"""Creating notifications: the one write path every source (assignment, mentions, SLA, rules…) uses."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.conversations.models import Conversation
from yanit.core.errors import ValidationFailed
from yanit.core.events import publish_on_commit
from yanit.notifications.events import NotificationCreated
from yanit.notifications.models import Kind, Notification

# A burst (a rule and an agent assigning within seconds, a note edited twice) makes one notification.
DEDUPE_WINDOW = timedelta(minutes=1)
MAX_TEXT = 500


def _clip(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def recently_notified(
    recipient_ids: list[int], kind: str, conversation: Conversation | None, now: datetime
) -> set[int]:
    """Who got this kind for this conversation within the dedupe window."""
    return set(
        Notification.objects.filter(
            recipient_id__in=recipient_ids,
            kind=kind,
            conversation=conversation,
            created_at__gt=now - DEDUPE_WINDOW,
        ).values_list("recipient_id", flat=True)
    )


def do_notify(
    recipients: Iterable[Agent],
    kind: str,
    *,
    conversation: Conversation | None = None,
    actor: Agent | None = None,
    text: str = "",
    data: dict[str, Any] | None = None,
    dedupe: bool = True,
) -> list[Notification]:
    """Notify each recipient once; returns the notifications created.

    Skipped: the actor (nobody is told about what they did themselves), inactive agents, agents of
    another workspace than the conversation's, and (with ``dedupe``) anyone who got the same kind
    for the same conversation within the last minute.
    """
    if kind not in Kind.values:
        raise ValidationFailed(
            _("Unknown notification kind %(kind)s.") % {"kind": kind},
            details={"kind": kind, "allowed": list(Kind.values)},
        )
    workspace_id = conversation.workspace_id if conversation is not None else None
    if workspace_id is None and actor is not None:
        workspace_id = actor.workspace_id
    wanted: dict[int, Agent] = {}
    for agent in recipients:
        if agent is None or not agent.is_active or agent.pk in wanted:
            continue
        if actor is not None and agent.pk == actor.pk:
            continue
        if workspace_id is not None and agent.workspace_id != workspace_id:
            continue
        wanted[agent.pk] = agent
    if not wanted:
        return []
    now = timezone.now()
    with transaction.atomic():
        if dedupe:
            # Two sources notifying the same agent at the same moment (a rule and a colleague
            # assigning) must not both see "nothing recent": the check and the insert run under
            # a lock on the recipients' rows (PostgreSQL; SQLite transactions are IMMEDIATE, so
            # already one at a time). Locked in id order so concurrent callers can't deadlock.
            list(
                Agent.objects.select_for_update().filter(pk__in=list(wanted)).order_by("pk").values_list("pk")
            )
            for recipient_id in recently_notified(list(wanted), kind, conversation, now):
                wanted.pop(recipient_id, None)
        rows = [
            Notification(
                workspace_id=agent.workspace_id,
                recipient=agent,
                kind=kind,
                conversation=conversation,
                actor=actor,
                text=_clip(text),
                data=data or {},
                created_at=now,
            )
            for agent in wanted.values()
        ]
        created = Notification.objects.bulk_create(rows)
        for row in created:
            publish_on_commit(
                NotificationCreated(
                    workspace_id=row.workspace_id, notification_id=row.pk, recipient_id=row.recipient_id
                )
            )
    return created
