"""The bot looks at each new inbound customer message, in-process right after commit.

The bot app comes after the automation app in INSTALLED_APPS, so its subscriber runs after the
rules have run on the same message (see ``yanit.bot.services.live``).
"""

from __future__ import annotations

from yanit.conversations.events import MessageCreated
from yanit.conversations.models import Message
from yanit.core.events import subscribe


def on_message_created(event: MessageCreated) -> None:
    if event.direction != Message.Direction.IN or event.kind != Message.Kind.MESSAGE:
        return
    from yanit.bot.services.live import on_customer_message

    on_customer_message(event.message_id)


def register() -> None:
    subscribe(MessageCreated, on_message_created)
