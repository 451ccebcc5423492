"""The inbox: the rail (views, teams, inboxes with counts), the filter bar and the list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from yanit.conversations.models import PRIORITY_NAMES, Conversation
from yanit.conversations.queries import MAX_PAGE, InboxFilter, counts, page_of
from yanit.core.errors import ValidationFailed
from yanit.web import lookups
from yanit.web.access import agent_required
from yanit.web.views.common import agent_of, filter_from, filter_query, has_account_menu

PAGE_SIZE = 25


def rail_context(request: HttpRequest, flt: InboxFilter) -> dict[str, Any]:
    agent = agent_of(request)
    numbers = counts(agent, flt.status)
    teams = lookups.teams_with_counts(agent, numbers.by_team)
    for team in teams:
        team.link = filter_query(flt, view=None, team=team.pk, inbox=None)  # type: ignore[attr-defined]
    inboxes = lookups.inboxes_with_counts(agent, numbers.by_inbox)
    for inbox_row in inboxes:
        inbox_row.link = filter_query(flt, view=None, team=None, inbox=inbox_row.pk)  # type: ignore[attr-defined]
    return {
        "flt": flt,
        "counts": numbers,
        "teams": teams,
        "inboxes": inboxes,
        "rail_links": {
            "mine": filter_query(flt, view="mine", team=None, inbox=None),
            "unassigned": filter_query(flt, view="unassigned", team=None, inbox=None),
            "all": filter_query(flt, view=None, team=None, inbox=None),
        },
    }


def list_context(request: HttpRequest, flt: InboxFilter, *, limit: int = PAGE_SIZE) -> dict[str, Any]:
    agent = agent_of(request)
    cursor = request.GET.get("cursor") or None
    try:
        page = page_of(agent, flt, cursor=cursor, limit=limit)
    except ValidationFailed:
        # A stale or hand-edited cursor: start again from the top rather than fail.
        page = page_of(agent, flt, limit=limit)
    query = filter_query(flt)
    return {
        "flt": flt,
        "query": query,
        "page": page,
        "list_url": "/list/" + (f"?{query}" if query else ""),
        "more_url": f"/list/?{query}&more=1&cursor={page.next_cursor}".replace("?&", "?")
        if page.next_cursor
        else "",
        "active_id": None,
    }


def page_context(request: HttpRequest, flt: InboxFilter) -> dict[str, Any]:
    agent = agent_of(request)
    return {
        **rail_context(request, flt),
        **list_context(request, flt),
        "filter_choices": {
            "statuses": [*Conversation.Status.choices],
            "priorities": _priority_choices(),
            "sorts": _sort_choices(),
        },
        "tags": lookups.workspace_tags(agent),
        "has_account_menu": has_account_menu(),
    }


def _priority_choices() -> list[tuple[str, str]]:
    return [(PRIORITY_NAMES[value], str(label)) for value, label in Conversation.Priority.choices]


def _sort_choices() -> list[tuple[str, str]]:
    return [
        ("newest", _("Newest")),
        ("waiting", _("Longest waiting")),
        ("priority", _("Priority")),
        ("due", _("Due soonest")),
    ]


@require_GET
@agent_required
def inbox(request: HttpRequest) -> HttpResponse:
    flt = filter_from(request.GET)
    return render(request, "web/inbox.html", page_context(request, flt))


@require_GET
@agent_required
def conversation_list(request: HttpRequest) -> HttpResponse:
    """The list fragment: a whole first page (with the rail's counts out of band), or with
    ``more=1`` just the next rows and a new "load more" button."""
    flt = filter_from(request.GET)
    try:
        limit = max(1, min(int(request.GET.get("limit", PAGE_SIZE)), MAX_PAGE))
    except ValueError:
        limit = PAGE_SIZE
    context = list_context(request, flt, limit=limit)
    context["active_id"] = _int(request.GET.get("active"))
    if request.GET.get("more"):
        return render(request, "web/_rows.html", context)
    context.update(rail_context(request, flt))
    context["rail_oob"] = True
    return render(request, "web/_list.html", context)


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None
