"""Conversation events drive the timers; the worker's periodic loop drives the scan."""

from __future__ import annotations

from yanit.conversations.events import ConversationCreated, ConversationUpdated, MessageCreated
from yanit.conversations.models import Message
from yanit.core.events import subscribe
from yanit.core.worker import register_periodic
from yanit.sla.scan import SCAN_SECONDS, scan_all
from yanit.sla.timers import reconcile

# Changes that decide which clocks run and how long they are: everything else is ignored.
TIMER_FIELDS = {"status", "first_response_at"}
TARGET_FIELDS = {"priority", "tags", "team", "inbox"}


def on_conversation_created(event: ConversationCreated) -> None:
    reconcile(event.conversation_id)


def on_message_created(event: MessageCreated) -> None:
    # The opening message is covered by ConversationCreated; notes and automated messages
    # (acknowledgements) never start or stop a clock.
    if event.opens_conversation or event.kind != Message.Kind.MESSAGE:
        return
    reconcile(event.conversation_id)


def on_conversation_updated(event: ConversationUpdated) -> None:
    changed = set(event.changed)
    if changed & TARGET_FIELDS:
        reconcile(event.conversation_id, retarget=True)
    elif changed & TIMER_FIELDS:
        reconcile(event.conversation_id)


def register() -> None:
    subscribe(ConversationCreated, on_conversation_created)
    subscribe(MessageCreated, on_message_created)
    subscribe(ConversationUpdated, on_conversation_updated)
    register_periodic("sla-scan", SCAN_SECONDS, scan_all)
