"""What a visitor does in the chat: write, upload, catch up, read; and how messages look to them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.conversations.models import Attachment, Conversation, Message
from yanit.conversations.services.attachments import IncomingFile
from yanit.conversations.services.receive import InboundMessage, do_receive_inbound_message
from yanit.conversations.services.reply import do_set_delivery_status
from yanit.core.errors import DomainError, NotFound, ValidationFailed

from ..models import ChatWidget, Visitor
from ..push import agent_read_on_commit
from .limits import hit, ip_prefix, message_limit_per_ip, message_limit_per_visitor
from .visitors import contact_of, visitor_claim
from .widgets import MAX_CHAT_TEXT

# Emailed transcripts; missing keys must not make the comparison NULL (which would hide the row).
BY_EMAIL = Q(metadata__has_key="deliver_by") & Q(metadata__deliver_by="email")
HISTORY_SIZE = 50
CATCH_UP_SIZE = 200
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
VISIBLE_KINDS = (Message.Kind.MESSAGE, Message.Kind.AUTOMATED)


class FileTooLarge(DomainError):
    code = "file_too_large"
    status = 413


class FileTypeNotAllowed(DomainError):
    code = "file_type_not_allowed"
    status = 415


# --- how a message looks to the widget ------------------------------------------------------


def initials(name: str) -> str:
    parts = [p for p in name.split() if p[:1].isalnum()]
    letters = (parts[0][:1] + (parts[-1][:1] if len(parts) > 1 else "")) if parts else "?"
    return letters.upper() if letters.isascii() else "".join(_upper_tr(c) for c in letters)


def _upper_tr(ch: str) -> str:
    return {"i": "İ", "ı": "I"}.get(ch, ch.upper())


def agent_read_up_to(conversation: Conversation) -> int:
    return int(((conversation.metadata or {}).get("webchat") or {}).get("read_up_to") or 0)


def file_url(widget_key: str, attachment_id: int) -> str:
    return f"{settings.YANIT_BASE_URL}/widget/v1/{widget_key}/files/{attachment_id}"


def message_data(message: Message, widget_key: str, read_up_to: int) -> dict[str, Any]:
    webchat = (message.metadata or {}).get("webchat") or {}
    author = None
    if message.direction == Message.Direction.OUT and message.sender_agent is not None:
        name = message.sender_agent.name
        author = {"name": name, "avatar_initials": initials(name)}
    incoming = message.direction == Message.Direction.IN
    return {
        "id": message.pk,
        "client_id": webchat.get("client_id"),
        "direction": message.direction,
        "kind": message.kind,
        "text": message.text,
        "created_at": message.created_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "author": author,
        "attachments": [
            {
                "id": a.pk,
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
                "url": file_url(widget_key, a.pk),
            }
            for a in message.attachments.all()
        ],
        "read": message.pk <= read_up_to if incoming else message.delivery_status == Message.Delivery.READ,
        "bot": bot_data(message),
    }


def bot_data(message: Message) -> dict[str, Any] | None:
    """An instant answer's article link and yes/no buttons (see docs/widget-protocol.md)."""
    bot = (message.metadata or {}).get("bot") or {}
    if not bot.get("quick_replies"):
        return None
    return {
        "article_title": bot.get("article_title", ""),
        "article_url": bot.get("article_url", ""),
        "quick_replies": bot["quick_replies"],
    }


def visible_messages(conversation_id: int) -> QuerySet[Message]:
    """What the visitor may see: messages both ways, never notes, activities or emailed
    transcripts."""
    return (
        Message.objects.filter(conversation_id=conversation_id, kind__in=VISIBLE_KINDS)
        .exclude(BY_EMAIL)
        .select_related("sender_agent__user")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
    )


def history(widget: ChatWidget, visitor: Visitor, *, after: int | None = None) -> list[dict[str, Any]]:
    conversation = visitor.conversation
    if conversation is None:
        return []
    read_up_to = agent_read_up_to(conversation)
    messages = visible_messages(conversation.pk)
    if after is None:
        items = list(messages.order_by("-created_at", "-id")[:HISTORY_SIZE])[::-1]
    else:
        items = list(messages.filter(pk__gt=after).order_by("created_at", "id")[:CATCH_UP_SIZE])
    return [message_data(m, widget.public_key, read_up_to) for m in items]


# --- writing ------------------------------------------------------------------------------


def check_client_id(raw: Any) -> str:
    if not isinstance(raw, str) or not _CLIENT_ID.match(raw):
        raise ValidationFailed(
            _("client_id must be 8 to 64 letters, digits, - or _ (a UUID)."), details={"client_id": "invalid"}
        )
    return raw


def check_chat_text(raw: Any, *, required: bool) -> str:
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise ValidationFailed(_("text must be a string."), details={"text": "type"})
    text = raw.replace("\r\n", "\n").replace("\x00", "").strip()
    if required and not text:
        raise ValidationFailed(_("Write a message."), details={"text": "empty"})
    if len(text) > MAX_CHAT_TEXT:
        raise ValidationFailed(
            _("The message is longer than %(n)d characters.") % {"n": MAX_CHAT_TEXT},
            details={"text": "too_long", "max": MAX_CHAT_TEXT},
            code="too_long",
        )
    return text


# Magic bytes of what a visitor may upload: images and PDF, whatever the browser claims.
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"%PDF-", 0, "application/pdf"),
)


def sniff_type(content: bytes) -> str | None:
    for magic, offset, content_type in _SIGNATURES:
        if content[offset : offset + len(magic)] == magic:
            return content_type
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}


def check_upload(widget: ChatWidget, filename: str, content: bytes) -> IncomingFile:
    if len(content) > widget.max_file_bytes:
        raise FileTooLarge(
            _("The file is larger than %(mb).1f MB.") % {"mb": widget.max_file_bytes / 1_048_576},
            details={"size": len(content), "limit": widget.max_file_bytes},
        )
    if not content:
        raise ValidationFailed(_("The file is empty."), details={"file": "empty"})
    content_type = sniff_type(content)
    if content_type is None:
        raise FileTypeNotAllowed(
            _("Only images (PNG, JPEG, GIF, WebP) and PDF files can be sent."), details={"file": filename}
        )
    name = filename or "file"
    extension = _EXTENSIONS[content_type]
    if not name.lower().endswith(extension) and not (
        content_type == "image/jpeg" and name.lower().endswith(".jpeg")
    ):
        # The stored name matches what the file is, so nobody opens a PDF named .exe.
        name = name.rsplit(".", 1)[0] + extension
    return IncomingFile(filename=name, content=content, content_type=content_type)


@dataclass(frozen=True)
class Sent:
    message: Message
    created: bool
    conversation_changed: bool


def do_visitor_message(
    widget: ChatWidget,
    visitor: Visitor,
    *,
    client_id: Any,
    text: Any,
    ip: str,
    files: tuple[IncomingFile, ...] = (),
    bot_feedback: Any = None,
) -> Sent:
    """Store the visitor's message once: the same ``client_id`` again (a retry, a reconnect, a
    second tab) returns the stored message."""
    client_id = check_client_id(client_id)
    body = check_chat_text(text, required=not files)
    provider_id = f"wc:{visitor.pk}:{client_id}"
    existing = _already_sent(widget, provider_id)
    if existing is not None:
        return Sent(existing, created=False, conversation_changed=False)
    hit(message_limit_per_visitor(), str(visitor.pk))
    if ip:
        hit(message_limit_per_ip(), ip_prefix(ip))
    with transaction.atomic():
        contact_of(widget, visitor)
        result = do_receive_inbound_message(
            widget.inbox,
            InboundMessage(
                contact=visitor_claim(widget, visitor),
                text=body,
                provider_id=provider_id,
                attachments=files,
                metadata={
                    "webchat": {
                        "client_id": client_id,
                        "visitor_id": visitor.pk,
                        "page_url": visitor.page_url,
                    },
                    # A click on an instant answer's yes/no button (the text is the button's label).
                    **({"bot_feedback": bot_feedback} if bot_feedback in ("yes", "no") else {}),
                },
            ),
        )
        changed = visitor.conversation_id != result.conversation.pk
        if changed:
            visitor.conversation = result.conversation
            Visitor.objects.filter(pk=visitor.pk).update(conversation=result.conversation)
    message = _with_relations(result.message.pk)
    return Sent(message, created=result.created, conversation_changed=changed)


def _already_sent(widget: ChatWidget, provider_id: str) -> Message | None:
    pk = (
        Message.objects.filter(inbox_id=widget.inbox_id, provider_id=provider_id)
        .values_list("pk", flat=True)
        .first()
    )
    return _with_relations(pk) if pk else None


def _with_relations(message_id: int) -> Message:
    return (
        Message.objects.select_related("conversation", "sender_agent__user")
        .prefetch_related("attachments")
        .get(pk=message_id)
    )


def visitor_attachment(widget: ChatWidget, visitor: Visitor, attachment_id: int) -> Attachment:
    """An attachment of a message the visitor can see; anything else is not found."""
    attachment = (
        Attachment.objects.filter(
            pk=attachment_id,
            message__inbox_id=widget.inbox_id,
            message__kind__in=VISIBLE_KINDS,
            message__conversation__inbox_id=widget.inbox_id,
            message__conversation__contact_id=visitor.contact_id,
        )
        .select_related("message")
        .first()
        if visitor.contact_id
        else None
    )
    if attachment is None:
        raise NotFound(_("File not found."))
    return attachment


# --- read receipts ------------------------------------------------------------------------


def do_visitor_read(visitor: Visitor, up_to: Any) -> list[int]:
    """The visitor has seen agent messages up to ``up_to``: they become READ (agents see ✓✓)."""
    if not isinstance(up_to, int) or isinstance(up_to, bool) or visitor.conversation_id is None:
        return []
    unread = list(
        Message.objects.filter(
            conversation_id=visitor.conversation_id,
            direction=Message.Direction.OUT,
            kind__in=VISIBLE_KINDS,
            pk__lte=up_to,
            delivery_status__in=(Message.Delivery.QUEUED, Message.Delivery.SENT, Message.Delivery.DELIVERED),
        ).exclude(BY_EMAIL)
    )
    for message in unread:
        do_set_delivery_status(message, Message.Delivery.READ)
    return [m.pk for m in unread]


def do_agent_read(conversation: Conversation) -> int | None:
    """An agent looked at a chat conversation: the visitor's messages so far are read. Returns
    the new mark when it moved (the visitor's widget is told), else None."""
    latest = (
        Message.objects.filter(conversation_id=conversation.pk, direction=Message.Direction.IN)
        .order_by("-id")
        .values_list("pk", flat=True)
        .first()
    )
    if latest is None or latest <= agent_read_up_to(conversation):
        return None
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if latest <= agent_read_up_to(locked):
            return None
        metadata = dict(locked.metadata or {})
        metadata["webchat"] = {
            **(metadata.get("webchat") or {}),
            "read_up_to": latest,
            "read_at": timezone.now().isoformat(),
        }
        Conversation.objects.filter(pk=locked.pk).update(metadata=metadata)
        conversation.metadata = metadata
        agent_read_on_commit(conversation.pk, latest)
    return latest
