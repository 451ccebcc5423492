"""Creating notifications: the one write path every source (assignment, mentions, SLA, rules…) uses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.conversations.models import Conversation
from yanit.core.errors import ValidationFailed
from yanit.core.events import publish_many_on_commit
from yanit.notifications.events import NotificationCreated
from yanit.notifications.models import Kind, Notification

# A burst (a rule and an agent assigning within seconds, a note edited twice) makes one notification.
DEDUPE_WINDOW = timedelta(minutes=1)
MAX_TEXT = 500


def _clip(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


@dataclass(frozen=True)
class Notify:
    """One notification to send to several agents (what ``do_notify`` takes, for ``do_notify_many``)."""

    recipients: Sequence[Agent]
    kind: str
    conversation: Conversation | None = None
    actor: Agent | None = None
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)


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
    request = Notify(list(recipients), kind, conversation, actor, text, data or {})
    return do_notify_many([request], dedupe=dedupe)


def do_notify_many(requests: Sequence[Notify], *, dedupe: bool = True) -> list[Notification]:
    """``do_notify`` for many at once (one SLA scan's warnings): one lock, one duplicate check and
    one insert for all of them, whatever their number."""
    for request in requests:
        if request.kind not in Kind.values:
            raise ValidationFailed(
                _("Unknown notification kind %(kind)s.") % {"kind": request.kind},
                details={"kind": request.kind, "allowed": list(Kind.values)},
            )
    wanted = [(request, _recipients(request)) for request in requests]
    wanted = [(request, agents) for request, agents in wanted if agents]
    if not wanted:
        return []
    now = timezone.now()
    with transaction.atomic():
        seen: set[tuple[int, str, int | None]] = set()
        if dedupe:
            # Two sources notifying the same agent at the same moment (a rule and a colleague
            # assigning) must not both see "nothing recent": the check and the insert run under
            # a lock on the recipients' rows (PostgreSQL; SQLite transactions are IMMEDIATE, so
            # already one at a time). Locked in id order so concurrent callers can't deadlock.
            agent_ids = sorted({agent_id for _request, agents in wanted for agent_id in agents})
            list(Agent.objects.select_for_update().filter(pk__in=agent_ids).order_by("pk").values_list("pk"))
            seen = _recent(wanted, now)
        rows = []
        for request, agents in wanted:
            conversation_id = request.conversation.pk if request.conversation is not None else None
            for agent in agents.values():
                key = (agent.pk, request.kind, conversation_id)
                if dedupe and key in seen:
                    continue
                seen.add(key)
                rows.append(
                    Notification(
                        workspace_id=agent.workspace_id,
                        recipient=agent,
                        kind=request.kind,
                        conversation=request.conversation,
                        actor=request.actor,
                        text=_clip(request.text),
                        data=request.data,
                        created_at=now,
                    )
                )
        created = Notification.objects.bulk_create(rows, batch_size=500)
        publish_many_on_commit(
            [
                NotificationCreated(
                    workspace_id=row.workspace_id, notification_id=row.pk, recipient_id=row.recipient_id
                )
                for row in created
            ]
        )
    return created


def _recipients(request: Notify) -> dict[int, Agent]:
    """The request's recipients who should hear it, by id."""
    conversation, actor = request.conversation, request.actor
    workspace_id = conversation.workspace_id if conversation is not None else None
    if workspace_id is None and actor is not None:
        workspace_id = actor.workspace_id
    wanted: dict[int, Agent] = {}
    for agent in request.recipients:
        if agent is None or not agent.is_active or agent.pk in wanted:
            continue
        if actor is not None and agent.pk == actor.pk:
            continue
        if workspace_id is not None and agent.workspace_id != workspace_id:
            continue
        wanted[agent.pk] = agent
    return wanted


def _recent(wanted: list[tuple[Notify, dict[int, Agent]]], now: datetime) -> set[tuple[int, str, int | None]]:
    """(recipient, kind, conversation) triples notified within the dedupe window, in one query
    (a superset of the pairs asked for is read; only exact triples are compared)."""
    agent_ids = {agent_id for _request, agents in wanted for agent_id in agents}
    kinds = {request.kind for request, _agents in wanted}
    conversation_ids = {r.conversation.pk for r, _agents in wanted if r.conversation is not None}
    about = Q(conversation_id__in=conversation_ids)
    if any(request.conversation is None for request, _agents in wanted):
        about |= Q(conversation__isnull=True)
    return set(
        Notification.objects.filter(
            about, recipient_id__in=agent_ids, kind__in=kinds, created_at__gt=now - DEDUPE_WINDOW
        ).values_list("recipient_id", "kind", "conversation_id")
    )
