"""Merging the open conversation into another one: the picker (search) and the merge itself."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yanit.conversations.models import Conversation
from yanit.conversations.services.access import access_conversation
from yanit.conversations.services.merge import do_merge_conversations
from yanit.core.errors import ValidationFailed
from yanit.core.text import search_fold
from yanit.web.access import agent_required
from yanit.web.views.common import agent_of, domain_errors

MAX_CANDIDATES = 10


def merge_candidates(conversation: Conversation, query: str) -> list[Conversation]:
    """The customer's other conversations first; a query searches by number or text instead."""
    others = (
        Conversation.objects.filter(workspace_id=conversation.workspace_id)
        .exclude(pk=conversation.pk)
        .exclude(metadata__has_key="merged_into")
        .select_related("contact", "inbox")
    )
    query = query.strip().lstrip("#")
    if not query:
        others = others.filter(contact_id=conversation.contact_id)
    elif query.isdigit():
        others = others.filter(number=int(query))
    else:
        others = others.filter(Q(search_text__contains=search_fold(query)) | Q(subject__icontains=query))
    return list(others.order_by("-last_activity_at", "-pk")[:MAX_CANDIDATES])


@require_GET
@agent_required
@domain_errors("#merge-errors")
def candidates(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access_conversation(agent_of(request), conversation_id)
    query = request.GET.get("q", "")
    return render(
        request,
        "web/routing/_merge_candidates.html",
        {"conversation": conversation, "candidates": merge_candidates(conversation, query), "query": query},
    )


@require_POST
@agent_required
@domain_errors("#merge-errors")
def merge(request: HttpRequest, conversation_id: int) -> HttpResponse:
    agent = agent_of(request)
    conversation = access_conversation(agent, conversation_id)
    raw = request.POST.get("into", "")
    if not raw.isdigit():
        raise ValidationFailed(_("Choose the conversation to merge into."))
    primary = access_conversation(agent, int(raw))
    do_merge_conversations(agent, conversation, primary)
    response = HttpResponse(status=204)
    response["HX-Redirect"] = reverse("web:conversation", kwargs={"conversation_id": primary.pk})
    return response
