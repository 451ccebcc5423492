"""Turning the bot on or off for an inbox."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.bot.switch import bot_supported
from yanit.core.errors import ValidationFailed
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import do_update_inbox


def do_set_bot_enabled(actor: Agent, inbox: Inbox, enabled: bool) -> Inbox:
    """Admins only (checked by ``do_update_inbox``)."""
    if enabled and not bot_supported(inbox):
        raise ValidationFailed(
            _("Instant answers work in chat, email, form and API inboxes."), details={"bot": "unsupported"}
        )
    bot = {**((inbox.settings or {}).get("bot") or {}), "enabled": bool(enabled)}
    return do_update_inbox(actor, inbox, settings={"bot": bot})
