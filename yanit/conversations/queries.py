"""Reads of the inbox: the filters, sorts, search, counts and keyset pages that the agent UI and
the REST API share, so both always show the same list."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.dateparse import parse_datetime

from yanit.accounts.models import Agent
from yanit.conversations.models import PRIORITY_BY_NAME, Activity, Conversation, Message
from yanit.core.errors import ValidationFailed
from yanit.core.text import search_terms

VIEWS = ("mine", "unassigned", "all")
SORTS = ("newest", "waiting", "priority", "due")
MAX_PAGE = 100


@dataclass(frozen=True)
class InboxFilter:
    view: str = "all"  # mine | unassigned | all
    status: str | None = "open"  # None = every status
    priority: str | None = None
    inbox_id: int | None = None
    team_id: int | None = None
    assignee_id: int | None = None
    tag: str | None = None
    q: str = ""
    sort: str = "newest"

    def checked(self) -> InboxFilter:
        if self.view not in VIEWS:
            raise ValidationFailed(f"view must be one of {', '.join(VIEWS)}", details={"view": self.view})
        if self.sort not in SORTS:
            raise ValidationFailed(f"sort must be one of {', '.join(SORTS)}", details={"sort": self.sort})
        if self.status is not None and self.status not in Conversation.Status.values:
            raise ValidationFailed(
                f"status must be one of {', '.join(Conversation.Status.values)}",
                details={"status": self.status},
            )
        if self.priority is not None and self.priority not in PRIORITY_BY_NAME:
            raise ValidationFailed(
                f"priority must be one of {', '.join(PRIORITY_BY_NAME)}", details={"priority": self.priority}
            )
        return replace(self, q=self.q.strip()[:200])


def filtered(agent: Agent, flt: InboxFilter) -> QuerySet[Conversation]:
    """Conversations of the agent's workspace matching the filter (no ordering applied)."""
    qs = Conversation.objects.filter(workspace_id=agent.workspace_id)
    if flt.view == "mine":
        qs = qs.filter(assignee=agent)
    elif flt.view == "unassigned":
        qs = qs.filter(assignee__isnull=True)
    if flt.status:
        qs = qs.filter(status=flt.status)
    if flt.priority:
        qs = qs.filter(priority=PRIORITY_BY_NAME[flt.priority])
    if flt.inbox_id is not None:
        qs = qs.filter(inbox_id=flt.inbox_id)
    if flt.team_id is not None:
        qs = qs.filter(team_id=flt.team_id)
    if flt.assignee_id is not None:
        qs = qs.filter(assignee_id=flt.assignee_id)
    if flt.tag:
        qs = qs.filter(tags__workspace_id=agent.workspace_id, tags__name=flt.tag)
    for term in search_terms(flt.q):
        # search_text holds Turkish-folded contact details, subject and message text.
        qs = qs.filter(search_text__contains=term)
    return qs


# Sort key per sort: (field, descending). The id breaks ties so pages never overlap.
_SORT_FIELDS: dict[str, list[tuple[str, bool]]] = {
    "newest": [("last_activity_at", True), ("id", True)],
    "waiting": [("waiting_since", False), ("id", False)],
    "priority": [("priority", True), ("last_activity_at", True), ("id", True)],
    # "Due soonest": conversations with a running SLA clock, breached ones (due in the past) first.
    "due": [("sla_due_at", False), ("id", False)],
}


def _encode_cursor(values: list[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, sort: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationFailed("cursor is not valid", details={"cursor": cursor}) from exc
    fields = _SORT_FIELDS[sort]
    if not isinstance(values, list) or len(values) != len(fields):
        raise ValidationFailed("cursor is not valid", details={"cursor": cursor})
    decoded: list[Any] = []
    for (name, _desc), value in zip(fields, values, strict=True):
        if name.endswith("_at") or name == "waiting_since":
            parsed = parse_datetime(value) if isinstance(value, str) else None
            if parsed is None:
                raise ValidationFailed("cursor is not valid", details={"cursor": cursor})
            decoded.append(parsed)
        elif isinstance(value, int):
            decoded.append(value)
        else:
            raise ValidationFailed("cursor is not valid", details={"cursor": cursor})
    return decoded


def _after(fields: list[tuple[str, bool]], values: list[Any]) -> Q:
    """Rows strictly after ``values`` in the sort order: (a > x) or (a = x and b > y) …"""
    condition = Q()
    for i, (name, desc) in enumerate(fields):
        step = Q(**{f"{name}__{'lt' if desc else 'gt'}": values[i]})
        for j in range(i):
            step &= Q(**{fields[j][0]: values[j]})
        condition |= step
    # Implied by the OR above, but only this plain bound lets SQLite seek the sort index instead
    # of scanning every row of the view (page 2 of 100,000: 213 ms → see docs/benchmarks.md).
    first, first_desc = fields[0]
    condition &= Q(**{f"{first}__{'lte' if first_desc else 'gte'}": values[0]})
    return condition


@dataclass(frozen=True)
class Page:
    items: list[Conversation]
    next_cursor: str | None


def page_of(agent: Agent, flt: InboxFilter, *, cursor: str | None = None, limit: int = 25) -> Page:
    """One keyset page: constant time however deep, no OFFSET scans over 100,000 rows."""
    flt = flt.checked()
    limit = max(1, min(limit, MAX_PAGE))
    fields = _SORT_FIELDS[flt.sort]
    qs = filtered(agent, flt)
    if flt.sort == "waiting":
        qs = qs.filter(waiting_since__isnull=False)
    elif flt.sort == "due":
        qs = qs.filter(sla_due_at__isnull=False)
    if cursor:
        qs = qs.filter(_after(fields, _decode_cursor(cursor, flt.sort)))
    qs = qs.order_by(*[("-" if desc else "") + name for name, desc in fields])
    rows = list(
        qs.select_related("contact", "inbox", "assignee__user", "team").prefetch_related("tags")[: limit + 1]
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = _encode_cursor([getattr(last, name) for name, _ in fields])
    return Page(items=rows, next_cursor=next_cursor)


@dataclass(frozen=True)
class InboxCounts:
    """The numbers of the inbox rail, for one status."""

    mine: int
    unassigned: int
    all: int
    by_team: dict[int, int]
    by_inbox: dict[int, int]


def counts(agent: Agent, status: str | None = "open") -> InboxCounts:
    """Mine / Unassigned / All and the per-team and per-inbox numbers in one grouped query: the
    result has one row per (team, inbox, assignee) combination, a few dozen rows however many
    conversations there are, and is summed here."""
    rows = Conversation.objects.filter(workspace_id=agent.workspace_id)
    if status:
        rows = rows.filter(status=status)
    grouped = rows.values_list("team_id", "inbox_id", "assignee_id").annotate(n=Count("id")).order_by()
    mine = unassigned = total = 0
    by_team: dict[int, int] = {}
    by_inbox: dict[int, int] = {}
    for team_id, inbox_id, assignee_id, n in grouped:
        total += n
        if assignee_id is None:
            unassigned += n
        elif assignee_id == agent.pk:
            mine += n
        if team_id is not None:
            by_team[team_id] = by_team.get(team_id, 0) + n
        by_inbox[inbox_id] = by_inbox.get(inbox_id, 0) + n
    return InboxCounts(mine=mine, unassigned=unassigned, all=total, by_team=by_team, by_inbox=by_inbox)


def contact_conversations(agent: Agent, contact_id: int, limit: int = 50) -> list[Conversation]:
    """Every conversation of one customer, on any channel, newest first."""
    return list(
        Conversation.objects.filter(workspace_id=agent.workspace_id, contact_id=contact_id)
        .select_related("inbox", "assignee__user")
        .order_by("-last_activity_at")[:limit]
    )


def thread_of(conversation: Conversation) -> list[Any]:
    """Messages and activities of a conversation in time order (the thread the page shows)."""
    messages = list(
        conversation.messages.select_related("sender_agent__user", "sender_contact").prefetch_related(
            "attachments"
        )
    )
    activities = list(conversation.activities.select_related("actor__user"))
    return sorted([*messages, *activities], key=_thread_order)


def _thread_order(item: Message | Activity) -> tuple[datetime, int]:
    # At the same instant: "conversation started", then the message, then what it caused.
    if isinstance(item, Message):
        return item.created_at, 1
    return item.created_at, 0 if item.verb == Activity.Verb.CREATED else 2


MAX_MESSAGES_PAGE = 500


def messages_after(
    conversation: Conversation, *, after_id: int | None = None, limit: int = 100
) -> list[Message]:
    """Messages of a conversation oldest first, those after ``after_id``: a client that keeps the
    last id it has fetches only what is new."""
    qs = conversation.messages.select_related("sender_agent__user", "sender_contact").prefetch_related(
        "attachments"
    )
    if after_id is not None:
        qs = qs.filter(pk__gt=after_id)
    return list(qs.order_by("id")[: max(1, min(limit, MAX_MESSAGES_PAGE))])
