"""Agents' replies and internal notes."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.conversations.events import ConversationUpdated, MessageCreated, MessageDeliveryChanged
from yanit.conversations.models import Activity, Conversation, Message
from yanit.conversations.services.attachments import IncomingFile, check_files, store_attachments
from yanit.conversations.services.receive import MAX_TEXT_CHARS, PREVIEW_CHARS, conversation_search_text
from yanit.core.errors import ValidationFailed
from yanit.core.events import publish_on_commit
from yanit.core.html import text_to_html


def check_reply(text: str, files: list[IncomingFile]) -> str:
    cleaned = (text or "").replace("\r\n", "\n").strip()
    if not cleaned and not files:
        raise ValidationFailed(_("Write a message or attach a file."), details={"text": "empty"})
    if len(cleaned) > MAX_TEXT_CHARS:
        raise ValidationFailed(_("The message is longer than %(n)d characters.") % {"n": MAX_TEXT_CHARS})
    check_files(files)
    return cleaned


def do_send_reply(
    agent: Agent,
    conversation: Conversation,
    text: str,
    *,
    private: bool = False,
    attachments: list[IncomingFile] | None = None,
    kind: str | None = None,
) -> Message:
    """A reply to the customer (queued for delivery on the conversation's channel) or, with
    ``private``, an internal note only agents see."""
    files = attachments or []
    body = check_reply(text, files)
    return _append_outbound(
        conversation,
        body=body,
        agent=agent,
        kind=Message.Kind.NOTE if private else (kind or Message.Kind.MESSAGE),
        files=files,
        metadata={},
    )


def do_send_automated_reply(
    conversation: Conversation, text: str, *, metadata: dict[str, Any] | None = None
) -> Message:
    """A message the system sends on its own (an acknowledgement, a form confirmation): delivered
    like a reply, but it neither counts as the first response nor stops the customer's wait."""
    body = check_reply(text, [])
    return _append_outbound(
        conversation, body=body, agent=None, kind=Message.Kind.AUTOMATED, files=[], metadata=metadata or {}
    )


def _append_outbound(
    conversation: Conversation,
    *,
    body: str,
    agent: Agent | None,
    kind: str,
    files: list[IncomingFile],
    metadata: dict[str, Any],
) -> Message:
    private = kind == Message.Kind.NOTE
    by_person = agent is not None and not private
    with transaction.atomic():
        conversation = (
            Conversation.objects.select_for_update().select_related("contact").get(pk=conversation.pk)
        )
        now = timezone.now()
        message = Message.objects.create(
            workspace_id=conversation.workspace_id,
            conversation=conversation,
            inbox_id=conversation.inbox_id,
            direction=Message.Direction.OUT,
            kind=kind,
            text=body,
            html=text_to_html(body),
            sender_agent=agent,
            delivery_status="" if private else Message.Delivery.QUEUED,
            metadata=metadata,
            created_at=now,
        )
        if files:
            store_attachments(message, files)
        changed = ["last_activity_at"]
        conversation.last_activity_at = now
        conversation.message_count += 1
        conversation.search_text = conversation_search_text(conversation, conversation.contact, body)
        if not private:
            conversation.last_message_preview = " ".join(body.split())[:PREVIEW_CHARS]
        if by_person:
            conversation.waiting_since = None
            if conversation.first_response_at is None:
                conversation.first_response_at = now
                changed.append("first_response_at")
        conversation.save()
        publish_on_commit(
            MessageCreated(
                workspace_id=conversation.workspace_id,
                conversation_id=conversation.pk,
                message_id=message.pk,
                direction=message.direction,
                kind=message.kind,
            )
        )
        publish_on_commit(
            ConversationUpdated(
                workspace_id=conversation.workspace_id,
                conversation_id=conversation.pk,
                changed=tuple(changed),
            )
        )
    return message


def do_set_delivery_status(message: Message, status: str, reason: str = "") -> None:
    """Record what the channel said about an outbound message; a failure also goes on the timeline."""
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(delivery_status=status, failure_reason=reason[:2000])
        message.delivery_status = status
        message.failure_reason = reason[:2000]
        if status == Message.Delivery.FAILED:
            Activity.objects.create(
                workspace_id=message.workspace_id,
                conversation_id=message.conversation_id,
                actor_kind="system",
                verb=Activity.Verb.DELIVERY_FAILED,
                data={"message_id": message.pk, "reason": reason[:500]},
                created_at=timezone.now(),
            )
        publish_on_commit(
            MessageDeliveryChanged(
                workspace_id=message.workspace_id,
                conversation_id=message.conversation_id,
                message_id=message.pk,
                delivery_status=status,
            )
        )
