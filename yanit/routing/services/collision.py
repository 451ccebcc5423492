"""Reply collision: did someone else answer the customer since this agent last loaded the thread?

The agent's page (or an API client) says which message it saw last; a reply to the customer
from another agent or from automation after it holds the send until the agent confirms.
"""

from __future__ import annotations

from django.db.models import Q

from yanit.accounts.models import Agent
from yanit.conversations.models import Conversation, Message


def newer_reply(conversation: Conversation, agent: Agent, seen_up_to: int | None) -> Message | None:
    """The latest customer-facing reply after message ``seen_up_to`` not written by ``agent``.

    ``None`` (nothing seen, e.g. an empty thread) counts every reply as new."""
    replies = Message.objects.filter(
        conversation=conversation,
        direction=Message.Direction.OUT,
        kind__in=[Message.Kind.MESSAGE, Message.Kind.AUTOMATED],
    ).exclude(Q(sender_agent=agent) & Q(kind=Message.Kind.MESSAGE))
    if seen_up_to is not None:
        replies = replies.filter(pk__gt=seen_up_to)
    return replies.select_related("sender_agent__user").order_by("-created_at", "-pk").first()


def last_message_id(conversation: Conversation) -> int | None:
    return (
        Message.objects.filter(conversation=conversation).order_by("-pk").values_list("pk", flat=True).first()
    )


def replier_name(message: Message) -> str:
    if message.sender_agent is not None:
        return message.sender_agent.name
    return ""
