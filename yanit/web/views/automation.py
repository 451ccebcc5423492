"""Automation on the conversation page: "why did this happen" and suggested replies."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from yanit.automation.queries import rule_runs_of
from yanit.automation.suggestions import access_suggestion, do_handle_suggestion
from yanit.conversations.services.access import access_conversation
from yanit.web.access import agent_required
from yanit.web.views.common import agent_of, domain_errors


@require_GET
@agent_required
@domain_errors()
def conversation_rules(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access_conversation(agent_of(request), conversation_id)
    return render(request, "web/automation/_rule_runs.html", {"runs": rule_runs_of(conversation.pk)})


@require_POST
@agent_required
@domain_errors()
def suggestion_handle(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    agent = agent_of(request)
    suggestion = access_suggestion(agent, suggestion_id)
    do_handle_suggestion(agent, suggestion, used=request.POST.get("used") == "1")
    return HttpResponse("")
