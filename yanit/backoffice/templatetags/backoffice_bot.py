"""``{% inbox_bot_switch inbox %}``: the "Instant answers" card on an inbox's settings page."""

from __future__ import annotations

from typing import Any

from django import template

from yanit.backoffice.views.inbox_bot import bot_context
from yanit.inboxes.models import Inbox

register = template.Library()


@register.inclusion_tag("backoffice/settings/_inbox_bot.html", takes_context=True)
def inbox_bot_switch(context: dict[str, Any], inbox: Inbox | None) -> dict[str, Any]:
    return {"inbox": inbox, "csrf_token": context.get("csrf_token"), **bot_context(inbox)}
