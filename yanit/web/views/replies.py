"""Canned responses and macros on the conversation page: the "/" picker's search and insert
(JSON, read by static/yanit/canned.js) and applying a macro from the Macros menu (htmx)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from yanit.conversations.services.access import access_conversation
from yanit.core.errors import DomainError, NotFound
from yanit.replies.models import CannedResponse
from yanit.replies.render import render_text
from yanit.replies.services.canned import (
    access_canned,
    body_for,
    do_record_canned_use,
    render_canned_result,
    search_canned,
)
from yanit.replies.services.macros import access_macro, apply_macro
from yanit.replies.services.variables import conversation_language, variable_values
from yanit.web.access import agent_required
from yanit.web.views.common import agent_of, domain_errors
from yanit.web.views.conversation import head_and_thread

PREVIEW_CHARS = 140


def _json_error(exc: DomainError) -> JsonResponse:
    return JsonResponse({"error": {"code": exc.code, "message": exc.message}}, status=exc.status)


def _item(
    canned: CannedResponse, conversation_id: int, language: str, values: dict[str, str | Callable[[], str]]
) -> dict[str, object]:
    # The preview reads as the customer would get it: variables filled for this conversation.
    body = render_text(body_for(canned, language), values).text
    return {
        "id": canned.pk,
        "title": canned.title,
        "shortcut": canned.shortcut,
        "category": canned.category,
        "category_label": str(canned.get_category_display()),
        "shared": canned.is_shared,
        "preview": " ".join(body.split())[:PREVIEW_CHARS],
        "render_url": reverse("web:canned-insert", args=[conversation_id, canned.pk]),
    }


@require_GET
@agent_required
def canned_search(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The picker's list: ``?q=`` Turkish-folded over title, shortcut and text."""
    agent = agent_of(request)
    try:
        conversation = access_conversation(agent, conversation_id)
    except NotFound as exc:
        return _json_error(exc)
    language = conversation_language(conversation)
    found = search_canned(agent, request.GET.get("q", ""))
    values = variable_values(conversation, agent, language)
    expected = values["expected_reply_time"]
    if callable(expected):
        values["expected_reply_time"] = _once(expected)
    return JsonResponse(
        {"language": language, "results": [_item(c, conversation.pk, language, values) for c in found]}
    )


def _once(compute: Callable[[], str]) -> Callable[[], str]:
    """A lazily computed value, computed at most once for the whole list."""
    cache: list[str] = []

    def value() -> str:
        if not cache:
            cache.append(compute())
        return cache[0]

    return value


@require_POST
@agent_required
def canned_insert(request: HttpRequest, conversation_id: int, canned_id: int) -> HttpResponse:
    """The response's text for this conversation, variables filled; counts one use."""
    agent = agent_of(request)
    try:
        conversation = access_conversation(agent, conversation_id)
        canned = access_canned(agent, canned_id)
    except DomainError as exc:
        return _json_error(exc)
    result = render_canned_result(canned, conversation, agent)
    do_record_canned_use(canned, conversation, agent)
    return JsonResponse({"text": result.text, "unknown": list(result.unknown)})


@require_POST
@agent_required
@domain_errors("#conv-errors")
def macro_apply(request: HttpRequest, conversation_id: int, macro_id: int) -> HttpResponse:
    agent = agent_of(request)
    conversation = access_conversation(agent, conversation_id)
    apply_macro(agent, conversation, access_macro(agent, macro_id))
    return head_and_thread(request, conversation_id)
