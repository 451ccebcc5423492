"""Domain events → widget sockets: agent replies, conversation status, agents online."""

from __future__ import annotations

from yanit.accounts.events import AgentAvailabilityChanged
from yanit.conversations.events import ConversationUpdated, MessageCreated
from yanit.conversations.models import Conversation, Message
from yanit.core.events import subscribe
from yanit.inboxes.models import Inbox

from .push import send_to_group, send_to_visitors, visitors_of, widget_workspace_group
from .services.chat import agent_read_up_to, message_data
from .services.widgets import agents_online


def push_agent_message(event: MessageCreated) -> None:
    if event.direction != Message.Direction.OUT or event.kind not in (
        Message.Kind.MESSAGE,
        Message.Kind.AUTOMATED,
    ):
        return
    message = (
        Message.objects.filter(pk=event.message_id, inbox__channel=Inbox.Channel.WEBCHAT)
        .select_related("conversation", "sender_agent__user", "inbox__chat_widget")
        .prefetch_related("attachments")
        .first()
    )
    if message is None or (message.metadata or {}).get("deliver_by") == "email":
        return
    visitor_ids = visitors_of(message.conversation_id)
    if not visitor_ids:
        return
    data = message_data(message, message.inbox.chat_widget.public_key, agent_read_up_to(message.conversation))
    send_to_visitors(visitor_ids, {"type": "message", "message": data}, message.conversation_id)


def push_conversation_status(event: ConversationUpdated) -> None:
    if "status" not in event.changed:
        return
    row = (
        Conversation.objects.filter(pk=event.conversation_id, inbox__channel=Inbox.Channel.WEBCHAT)
        .values_list("status", flat=True)
        .first()
    )
    if row is None:
        return
    visitor_ids = visitors_of(event.conversation_id)
    if visitor_ids:
        frame = {"type": "status", "online": agents_online(event.workspace_id), "conversation_status": row}
        send_to_visitors(visitor_ids, frame, event.conversation_id)


def push_agents_online(event: AgentAvailabilityChanged) -> None:
    send_to_group(
        widget_workspace_group(event.workspace_id),
        {"type": "status", "online": agents_online(event.workspace_id)},
    )


def register() -> None:
    from yanit.connectors.registry import register_adapter

    from .adapter import WebchatAdapter

    register_adapter(WebchatAdapter())
    subscribe(MessageCreated, push_agent_message)
    subscribe(ConversationUpdated, push_conversation_status)
    subscribe(AgentAvailabilityChanged, push_agents_online)
