"""One conversation: the pane (head with controls, thread, composer, customer sidebar) and
the mutations on it. Each mutation is one service call and answers with the fragment it changed."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yanit.conversations.models import Conversation
from yanit.conversations.services.access import access_conversation
from yanit.conversations.services.attachments import IncomingFile
from yanit.conversations.services.reply import do_send_reply
from yanit.conversations.services.update import access_assignee, access_team, do_update_conversation
from yanit.core.errors import ValidationFailed
from yanit.core.text import tr_lower
from yanit.replies.services.macros import visible_macros
from yanit.web import lookups
from yanit.web.access import agent_required
from yanit.web.timeline import thread_entries
from yanit.web.views.chat import chat_context, mark_read
from yanit.web.views.common import agent_of, domain_errors, filter_from, filter_query
from yanit.web.views.contact import sidebar_context
from yanit.web.views.inbox import page_context


def head_context(request: HttpRequest, conversation: Conversation) -> dict[str, Any]:
    agent = agent_of(request)
    return {
        "conversation": conversation,
        "conversation_tags": lookups.conversation_tag_names(conversation),
        "agents": lookups.workspace_agents(agent),
        "teams_all": lookups.workspace_teams(agent),
        "tags": lookups.workspace_tags(agent),
        "statuses": [
            (value, label)
            for value, label in Conversation.Status.choices
            if value != Conversation.Status.SNOOZED or conversation.status == value
        ],
        "priorities": Conversation.Priority.choices,
        "macros": list(visible_macros(agent).order_by("name")),
        **chat_context(conversation),
    }


def pane_context(request: HttpRequest, conversation: Conversation) -> dict[str, Any]:
    agent = agent_of(request)
    return {
        **head_context(request, conversation),
        "entries": thread_entries(conversation),
        **sidebar_context(agent, conversation.contact, conversation),
    }


def _load(request: HttpRequest, conversation_id: int) -> Conversation:
    return access_conversation(agent_of(request), conversation_id)


@require_GET
@agent_required
@domain_errors()
def conversation_page(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The inbox with this conversation open; htmx asking for the pane gets only the pane."""
    conversation = _load(request, conversation_id)
    mark_read(conversation)
    if request.htmx and request.headers.get("HX-Target") == "pane":  # type: ignore[attr-defined]
        return render(request, "web/_pane.html", pane_context(request, conversation))
    flt = filter_from(request.GET)
    context = {**page_context(request, flt), **pane_context(request, conversation)}
    context["active_id"] = conversation.pk
    context["back_url"] = "/" + (f"?{filter_query(flt)}" if filter_query(flt) else "")
    return render(request, "web/inbox.html", context)


@require_GET
@agent_required
@domain_errors()
def conversation_head(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _load(request, conversation_id)
    return render(request, "web/_conversation_head.html", head_context(request, conversation))


@require_GET
@agent_required
@domain_errors()
def conversation_thread(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _load(request, conversation_id)
    mark_read(conversation)
    return render(
        request, "web/_thread.html", {"conversation": conversation, "entries": thread_entries(conversation)}
    )


def _uploaded_files(request: HttpRequest) -> list[IncomingFile]:
    return [
        IncomingFile(filename=f.name or "attachment", content=f.read(), content_type=f.content_type or "")
        for f in request.FILES.getlist("files")
    ]


@require_POST
@agent_required
@domain_errors("#composer-errors")
def reply(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _load(request, conversation_id)
    do_send_reply(
        agent_of(request),
        conversation,
        request.POST.get("text", ""),
        private=request.POST.get("mode") == "note",
        attachments=_uploaded_files(request),
    )
    conversation = _load(request, conversation_id)
    return render(
        request,
        "web/_thread.html",
        {"conversation": conversation, "entries": thread_entries(conversation), "clear_composer": True},
    )


def parse_local_datetime(raw: str, time_zone: str) -> datetime | None:
    """A ``datetime-local`` value, read in the workspace's time zone."""
    raw = raw.strip()
    if not raw:
        return None
    parsed = parse_datetime(raw)
    if parsed is None:
        raise ValidationFailed(_("Enter a valid date and time."), details={"snoozed_until": raw})
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(time_zone or "Europe/Istanbul"))
    return parsed


def _optional_id(raw: str) -> int | None:
    if raw in ("", "none"):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationFailed(_("Choose an entry from the list.")) from None


def update_arguments(request: HttpRequest) -> dict[str, Any]:
    """The changes a control posted, as keyword arguments of ``do_update_conversation``."""
    agent = agent_of(request)
    post = request.POST
    changes: dict[str, Any] = {}
    if "status" in post:
        changes["status"] = post["status"]
    if "snoozed_until" in post:
        changes["snoozed_until"] = parse_local_datetime(post["snoozed_until"], agent.workspace.time_zone)
        if changes.get("status") == Conversation.Status.SNOOZED and changes["snoozed_until"] is None:
            raise ValidationFailed(_("Say until when to snooze."))
    if "priority" in post:
        changes["priority"] = post["priority"]
    if "assignee" in post:
        raw = post["assignee"]
        assignee_id = agent.pk if raw == "me" else _optional_id(raw)
        changes["assignee"] = access_assignee(agent.workspace_id, assignee_id)
    if "team" in post:
        changes["team"] = access_team(agent.workspace_id, _optional_id(post["team"]))
    return changes


def head_and_thread(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _load(request, conversation_id)
    context = head_context(request, conversation)
    context["entries"] = thread_entries(conversation)
    context["thread_oob"] = True
    return render(request, "web/_conversation_head.html", context)


@require_POST
@agent_required
@domain_errors("#conv-errors")
def update(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _load(request, conversation_id)
    changes = update_arguments(request)
    if changes:
        do_update_conversation(agent_of(request), conversation, **changes)
    return head_and_thread(request, conversation_id)


@require_POST
@agent_required
@domain_errors("#conv-errors")
def tag_add(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _load(request, conversation_id)
    name = " ".join(request.POST.get("tag", "").split())
    if not name:
        raise ValidationFailed(_("Write a tag name."))
    names = lookups.conversation_tag_names(conversation)
    do_update_conversation(agent_of(request), conversation, tags=[*names, name])
    return head_and_thread(request, conversation_id)


@require_POST
@agent_required
@domain_errors("#conv-errors")
def tag_remove(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _load(request, conversation_id)
    gone = tr_lower(request.POST.get("tag", ""))
    names = [n for n in lookups.conversation_tag_names(conversation) if tr_lower(n) != gone]
    do_update_conversation(agent_of(request), conversation, tags=names)
    return head_and_thread(request, conversation_id)
