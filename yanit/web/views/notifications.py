"""The bell's panel (notifications and my reminders) and the "remind me" control of a conversation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from yanit.conversations.services.access import access_conversation
from yanit.core.errors import NotFound
from yanit.notifications import display
from yanit.notifications.models import Notification
from yanit.notifications.queries import (
    PAGE_SIZE,
    notifications_of,
    pending_reminder_for,
    unread_count,
    upcoming_reminders,
)
from yanit.notifications.services.read import do_mark_all_read, do_mark_read
from yanit.notifications.services.reminders import (
    PRESETS,
    do_cancel_reminder,
    do_create_reminder,
    due_from_preset,
    parse_local,
)
from yanit.web.access import agent_required
from yanit.web.views.common import agent_of, domain_errors


def _items(notifications: list[Notification]) -> list[dict[str, Any]]:
    return [{"n": n, "title": display.title(n)} for n in notifications]


def panel_context(request: HttpRequest) -> dict[str, Any]:
    agent = agent_of(request)
    return {
        "items": _items(list(notifications_of(agent.pk)[:PAGE_SIZE])),
        "unread": unread_count(agent.pk),
        "reminders": list(upcoming_reminders(agent.pk)[:PAGE_SIZE]),
    }


@require_GET
@agent_required
def panel(request: HttpRequest) -> HttpResponse:
    return render(request, "web/notifications/_panel.html", panel_context(request))


@require_POST
@agent_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Clicking a notification: mark it read and go to its conversation."""
    agent = agent_of(request)
    notification = Notification.objects.filter(pk=notification_id, recipient=agent).first()
    if notification is None:
        return redirect("web:inbox")
    do_mark_read(agent, [notification.pk])
    target = display.link(notification) or "/"
    if request.htmx:  # type: ignore[attr-defined]
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@require_POST
@agent_required
def read_all(request: HttpRequest) -> HttpResponse:
    do_mark_all_read(agent_of(request))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "web/notifications/_panel.html", panel_context(request))
    return redirect(request.META.get("HTTP_REFERER") or "/")


def remind_context(request: HttpRequest, conversation_id: int) -> dict[str, Any]:
    agent = agent_of(request)
    conversation = access_conversation(agent, conversation_id)
    return {
        "conversation": conversation,
        "reminder": pending_reminder_for(agent.pk, conversation.pk),
        "presets": PRESETS,
    }


@require_GET
@agent_required
@domain_errors()
def remind_control(request: HttpRequest, conversation_id: int) -> HttpResponse:
    return render(request, "web/notifications/_remind.html", remind_context(request, conversation_id))


@require_POST
@agent_required
@domain_errors("#remind-errors")
def remind(request: HttpRequest, conversation_id: int) -> HttpResponse:
    agent = agent_of(request)
    conversation = access_conversation(agent, conversation_id)
    when = request.POST.get("when", "")
    due_at = (
        parse_local(agent, request.POST.get("due_at", ""))
        if when == "custom"
        else due_from_preset(agent, when)
    )
    do_create_reminder(agent, conversation, due_at, request.POST.get("note", ""))
    return render(request, "web/notifications/_remind.html", remind_context(request, conversation_id))


@require_POST
@agent_required
@domain_errors("#remind-errors")
def cancel_reminder(request: HttpRequest, reminder_id: int) -> HttpResponse:
    agent = agent_of(request)
    reminder = do_cancel_reminder(agent, reminder_id)
    if request.POST.get("from") == "panel":
        return render(request, "web/notifications/_panel.html", panel_context(request))
    try:
        return render(
            request, "web/notifications/_remind.html", remind_context(request, reminder.conversation_id)
        )
    except NotFound:
        return HttpResponse(status=204)
