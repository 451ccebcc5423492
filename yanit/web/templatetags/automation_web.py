"""Suggested replies from the complaint playbook, shown above the composer."""

from __future__ import annotations

from typing import Any

from django import template

from yanit.automation.queries import open_suggestions
from yanit.conversations.models import Conversation

register = template.Library()


@register.inclusion_tag("web/automation/_suggestions.html", takes_context=True)
def rule_suggestions(context: template.Context, conversation: Conversation) -> dict[str, Any]:
    from yanit.replies.services.canned import render_canned

    request = context.get("request")
    agent = getattr(request, "agent", None)
    items = [(s, render_canned(s.canned, conversation, agent)) for s in open_suggestions(conversation.pk)]
    return {"items": items, "conversation": conversation}
