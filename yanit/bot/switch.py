"""Which inboxes the instant-answer bot works in.

The switch is ``Inbox.settings["bot"]["enabled"]``, off unless turned on (the demo workspace
turns it on for its chat): a store decides when its knowledge base is good enough to answer
customers on its own. WhatsApp stays out: its 24-hour window and templates need a person.
"""

from __future__ import annotations

from typing import Any

from yanit.inboxes.models import Inbox

BOT_CHANNELS = frozenset({Inbox.Channel.WEBCHAT, Inbox.Channel.EMAIL, Inbox.Channel.FORM, Inbox.Channel.API})


def bot_supported(inbox: Inbox) -> bool:
    return inbox.channel in BOT_CHANNELS


def bot_enabled(inbox: Inbox) -> bool:
    settings: dict[str, Any] = inbox.settings or {}
    bot = settings.get("bot") or {}
    return bot_supported(inbox) and inbox.is_active and bool(bot.get("enabled"))
