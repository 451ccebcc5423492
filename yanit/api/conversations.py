"""Conversations: the inbox list (same filters and pages as the agent UI), one conversation,
and changes to status, priority, assignee, team, tags, subject and snooze."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import AwareDatetime

from yanit.api.schemas import COMMON_ERRORS, AgentRef, ContactRef, Id, InboxRef, TeamRef, Timestamp
from yanit.api.security import current_agent
from yanit.conversations.models import Conversation
from yanit.conversations.queries import MAX_PAGE, InboxFilter, page_of
from yanit.conversations.services.access import access_conversation
from yanit.conversations.services.update import (
    UNSET,
    access_assignee,
    access_team,
    do_update_conversation,
)

router = Router(tags=["conversations"])

StatusName = Literal["open", "pending", "snoozed", "resolved"]
PriorityName = Literal["low", "normal", "high", "urgent"]


class ConversationOut(Schema):
    id: int
    number: int = Field(description="Per-workspace number, shown as #123")
    subject: str
    status: StatusName
    priority: PriorityName
    inbox: InboxRef
    contact: ContactRef
    assignee: AgentRef | None
    team: TeamRef | None
    tags: list[str]
    snoozed_until: Timestamp | None
    waiting_since: Timestamp | None = Field(description="Since when the customer waits for an answer")
    first_response_at: Timestamp | None
    resolved_at: Timestamp | None
    last_activity_at: Timestamp
    last_message_preview: str
    message_count: int
    sla_due_at: Timestamp | None = Field(description="Nearest due time of a running SLA timer")
    sla_state: Literal["", "ok", "warning", "breached", "paused"] = Field(
        description='"" without SLA timers; "paused" while pending or snoozed'
    )
    created_at: Timestamp
    updated_at: Timestamp


class ConversationPage(Schema):
    items: list[ConversationOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null at the end")


class ConversationFilter(Schema):
    view: Literal["mine", "unassigned", "all"] = "all"
    status: Literal["open", "pending", "snoozed", "resolved", "all"] = "open"
    priority: PriorityName | None = None
    inbox_id: Id | None = None
    team_id: Id | None = None
    assignee_id: Id | None = None
    tag: str | None = Field(default=None, max_length=60)
    q: str = Field(default="", max_length=200)
    sort: Literal["newest", "waiting", "priority", "due"] = "newest"
    cursor: str | None = Field(default=None, max_length=500)
    limit: int = Field(default=25, ge=1, le=MAX_PAGE)


class ConversationPatch(Schema):
    status: StatusName | None = None
    priority: PriorityName | None = None
    assignee_id: Id | None = Field(default=None, description="null unassigns")
    team_id: Id | None = Field(default=None, description="null removes the team")
    tags: list[str] | None = Field(default=None, max_length=30, description="The full list of tag names")
    subject: str | None = Field(default=None, max_length=300)
    snoozed_until: AwareDatetime | None = Field(default=None, description="ISO 8601 with offset")


def present_conversation(conversation: Conversation) -> dict[str, Any]:
    contact, assignee, team, inbox = (
        conversation.contact,
        conversation.assignee,
        conversation.team,
        conversation.inbox,
    )
    return {
        "id": conversation.pk,
        "number": conversation.number,
        "subject": conversation.subject,
        "status": conversation.status,
        "priority": conversation.priority_name,
        "inbox": {"id": inbox.pk, "name": inbox.name, "channel": inbox.channel},
        "contact": {"id": contact.pk, "name": contact.name, "email": contact.email, "phone": contact.phone},
        "assignee": {"id": assignee.pk, "name": assignee.name} if assignee else None,
        "team": {"id": team.pk, "name": team.name} if team else None,
        # Read through the prefetch cache when there is one (lists prefetch tags).
        "tags": sorted(tag.name for tag in conversation.tags.all()),
        "snoozed_until": conversation.snoozed_until,
        "waiting_since": conversation.waiting_since,
        "first_response_at": conversation.first_response_at,
        "resolved_at": conversation.resolved_at,
        "last_activity_at": conversation.last_activity_at,
        "last_message_preview": conversation.last_message_preview,
        "message_count": conversation.message_count,
        "sla_due_at": conversation.sla_due_at,
        "sla_state": conversation.sla_state,
        "created_at": conversation.created_at,
        "updated_at": conversation.updated_at,
    }


@router.get("", response={200: ConversationPage, **COMMON_ERRORS}, summary="The inbox list, one page")
def list_conversations(request: HttpRequest, filters: Query[ConversationFilter]) -> dict[str, Any]:
    agent = current_agent(request)
    flt = InboxFilter(
        view=filters.view,
        status=None if filters.status == "all" else filters.status,
        priority=filters.priority,
        inbox_id=filters.inbox_id,
        team_id=filters.team_id,
        assignee_id=filters.assignee_id,
        tag=filters.tag or None,
        q=filters.q,
        sort=filters.sort,
    )
    page = page_of(agent, flt, cursor=filters.cursor or None, limit=filters.limit)
    return {"items": [present_conversation(c) for c in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/{int:conversation_id}", response={200: ConversationOut, **COMMON_ERRORS}, summary="One conversation"
)
def get_conversation(request: HttpRequest, conversation_id: int) -> dict[str, Any]:
    return present_conversation(access_conversation(current_agent(request), conversation_id))


@router.patch(
    "/{int:conversation_id}",
    response={200: ConversationOut, **COMMON_ERRORS},
    summary="Change status, priority, assignee, team, tags, subject or snooze",
)
def update_conversation(
    request: HttpRequest, conversation_id: int, payload: ConversationPatch
) -> dict[str, Any]:
    agent = current_agent(request)
    conversation = access_conversation(agent, conversation_id)
    sent = payload.model_fields_set
    changes: dict[str, Any] = {}
    # For these, null is meaningful (unassign, no team, no snooze), so "sent" decides, not the value.
    if "assignee_id" in sent:
        changes["assignee"] = access_assignee(agent.workspace_id, payload.assignee_id)
    if "team_id" in sent:
        changes["team"] = access_team(agent.workspace_id, payload.team_id)
    if "snoozed_until" in sent:
        changes["snoozed_until"] = payload.snoozed_until
    for name in ("status", "priority", "tags", "subject"):
        value = getattr(payload, name)
        changes[name] = UNSET if value is None else value
    do_update_conversation(agent, conversation, **changes)
    # Re-read with the related rows the response shows (the service returns a bare row).
    return present_conversation(access_conversation(agent, conversation_id))
