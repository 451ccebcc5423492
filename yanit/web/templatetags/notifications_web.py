"""The bell in the inbox's top bar and the data the mention autocomplete needs."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from yanit.accounts.models import Agent
from yanit.notifications.queries import unread_count

register = template.Library()


@register.inclusion_tag("web/notifications/_bell.html", takes_context=True)
def notification_bell(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    agent = getattr(request, "agent", None)
    return {"unread": unread_count(agent.pk) if agent is not None else 0, "request": request}


@register.simple_tag(takes_context=True)
def mention_agents_json(context: template.Context) -> SafeString:
    """The workspace's agents for "@" autocomplete: name and email local part, as safe JSON."""
    request = context.get("request")
    agent = getattr(request, "agent", None)
    if agent is None:
        return mark_safe("[]")
    rows = [
        {"id": a.pk, "name": a.name, "handle": a.user.email.split("@", 1)[0]}
        for a in Agent.objects.filter(workspace_id=agent.workspace_id, is_active=True).select_related("user")
    ]
    text = json.dumps(rows, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return mark_safe(text.replace("&", "\\u0026"))  # noqa: S308 (escaped for a <script> block above)
