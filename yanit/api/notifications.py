"""The caller's own notifications, delivery preferences and follow-up reminders."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import AwareDatetime

from yanit.api.schemas import COMMON_ERRORS, Id, Timestamp
from yanit.api.security import current_agent
from yanit.conversations.services.access import access_conversation
from yanit.core.errors import ValidationFailed
from yanit.notifications import display
from yanit.notifications.models import Kind, Reminder
from yanit.notifications.queries import MAX_PAGE_SIZE, notifications_of, unread_count, upcoming_reminders
from yanit.notifications.services.preferences import choices_of, do_set_preference
from yanit.notifications.services.read import do_mark_all_read, do_mark_read
from yanit.notifications.services.reminders import do_cancel_reminder, do_create_reminder, due_from_preset

router = Router(tags=["notifications"])

KindName = Literal[
    "assigned", "mention", "sla_warning", "sla_breach", "snooze_woke", "reminder", "rule", "reply_collision"
]


class NotificationOut(Schema):
    id: int
    kind: KindName
    title: str = Field(description="One line in the caller's language, e.g. “Ayşe mentioned you in #42”")
    text: str
    conversation_id: int | None
    conversation_number: int | None
    url: str = Field(description="Path of the conversation in the agent inbox")
    actor: str | None
    created_at: str
    read: bool


class NotificationPage(Schema):
    items: list[NotificationOut]
    unread_count: int
    next_before: int | None = Field(description="Pass as ?before= for the next (older) page; null at the end")


class NotificationQuery(Schema):
    unread: bool = False
    before: Id | None = None
    limit: int = Field(default=20, ge=1, le=MAX_PAGE_SIZE)


class ReadIn(Schema):
    ids: list[Id] = Field(max_length=500)


class ReadOut(Schema):
    marked: int
    unread_count: int


class PreferenceOut(Schema):
    kind: KindName
    email: bool
    browser: bool


class PreferenceIn(Schema):
    kind: KindName
    email: bool
    browser: bool


class ReminderOut(Schema):
    id: int
    conversation_id: int
    conversation_number: int
    due_at: Timestamp
    note: str
    created_at: Timestamp
    fired_at: Timestamp | None
    cancelled_at: Timestamp | None


class ReminderIn(Schema):
    conversation_id: Id
    due_at: AwareDatetime | None = Field(default=None, description="ISO 8601 with offset")
    preset: Literal["1h", "3h", "tomorrow", "next_week"] | None = Field(
        default=None, description="Instead of due_at: tomorrow and next_week mean 09:00 in the workspace"
    )
    note: str = Field(default="", max_length=500)


def present_reminder(reminder: Reminder) -> dict[str, Any]:
    return {
        "id": reminder.pk,
        "conversation_id": reminder.conversation_id,
        "conversation_number": reminder.conversation.number,
        "due_at": reminder.due_at,
        "note": reminder.note,
        "created_at": reminder.created_at,
        "fired_at": reminder.fired_at,
        "cancelled_at": reminder.cancelled_at,
    }


@router.get(
    "/notifications",
    response={200: NotificationPage, **COMMON_ERRORS},
    summary="My notifications, newest first",
)
def list_notifications(request: HttpRequest, filters: Query[NotificationQuery]) -> dict[str, Any]:
    agent = current_agent(request)
    rows = list(
        notifications_of(agent.pk, unread_only=filters.unread, before_id=filters.before)[: filters.limit + 1]
    )
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    return {
        "items": [display.as_json(n) for n in rows],
        "unread_count": unread_count(agent.pk),
        "next_before": rows[-1].pk if more and rows else None,
    }


@router.post("/notifications/read", response={200: ReadOut, **COMMON_ERRORS}, summary="Mark some read")
def mark_read(request: HttpRequest, payload: ReadIn) -> dict[str, int]:
    agent = current_agent(request)
    marked = do_mark_read(agent, payload.ids)
    return {"marked": marked, "unread_count": unread_count(agent.pk)}


@router.post("/notifications/read-all", response={200: ReadOut, **COMMON_ERRORS}, summary="Mark all read")
def mark_all_read(request: HttpRequest) -> dict[str, int]:
    agent = current_agent(request)
    marked = do_mark_all_read(agent)
    return {"marked": marked, "unread_count": unread_count(agent.pk)}


@router.get(
    "/notifications/preferences",
    response={200: list[PreferenceOut], **COMMON_ERRORS},
    summary="Which kinds also come by email and as desktop alerts",
)
def list_preferences(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"kind": c.kind, "email": c.email, "browser": c.browser} for c in choices_of(current_agent(request))
    ]


@router.put(
    "/notifications/preferences",
    response={200: list[PreferenceOut], **COMMON_ERRORS},
    summary="Change delivery for some kinds (in-app is always on)",
)
def set_preferences(request: HttpRequest, payload: list[PreferenceIn]) -> list[dict[str, Any]]:
    agent = current_agent(request)
    if len(payload) > len(Kind.values):
        raise ValidationFailed(_("Too many entries."), details={"max": len(Kind.values)})
    for item in payload:
        do_set_preference(agent, item.kind, email=item.email, browser=item.browser)
    return [{"kind": c.kind, "email": c.email, "browser": c.browser} for c in choices_of(agent)]


@router.get("/reminders", response={200: list[ReminderOut], **COMMON_ERRORS}, summary="My upcoming reminders")
def list_reminders(request: HttpRequest) -> list[dict[str, Any]]:
    return [present_reminder(r) for r in upcoming_reminders(current_agent(request).pk)]


@router.post(
    "/reminders", response={201: ReminderOut, **COMMON_ERRORS}, summary="Remind me about a conversation"
)
def create_reminder(request: HttpRequest, payload: ReminderIn) -> Status:
    agent = current_agent(request)
    conversation = access_conversation(agent, payload.conversation_id)
    if (payload.due_at is None) == (payload.preset is None):
        raise ValidationFailed(
            _("Give either due_at or preset."), details={"due_at": "required", "preset": "required"}
        )
    due_at = payload.due_at if payload.due_at is not None else due_from_preset(agent, str(payload.preset))
    reminder = do_create_reminder(agent, conversation, due_at, payload.note)
    return Status(201, present_reminder(reminder))


@router.delete(
    "/reminders/{int:reminder_id}", response={200: ReminderOut, **COMMON_ERRORS}, summary="Cancel a reminder"
)
def cancel_reminder(request: HttpRequest, reminder_id: int) -> dict[str, Any]:
    return present_reminder(do_cancel_reminder(current_agent(request), reminder_id))
