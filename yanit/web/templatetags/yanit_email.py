"""How an email message shows in the agent's thread: its header lines, ``cid:`` images pointing
at the stored attachments, and which attachments are already shown inline."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from yanit.conversations.models import Attachment, Conversation, Message

register = template.Library()

_CID_SRC = re.compile(r'src="cid:([^"]*)"')
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|ynt|ilt|yanıt|aw|wg)\s*:\s*)+", re.IGNORECASE)
_TAG = re.compile(r"\s*\[#\d+\]\s*")


@dataclass
class EmailView:
    sender_name: str = ""
    sender_address: str = ""
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    subject: str = ""
    show_subject: bool = False
    remote_images: int = 0
    left_out: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False
    unreadable: bool = False
    has_original: bool = False


def _plain_subject(value: str) -> str:
    return _TAG.sub(" ", _REPLY_PREFIX.sub("", value or "")).strip().casefold()


def _attachments(message: Message) -> list[Attachment]:
    return sorted(message.attachments.all(), key=lambda item: item.pk)


@register.simple_tag
def email_view(message: Message, conversation: Conversation) -> EmailView | None:
    """None for messages that didn't come in by email."""
    meta = message.metadata or {}
    email = meta.get("email")
    view = meta.get("email_view") or {}
    if message.direction != Message.Direction.IN or not (email or view):
        return None
    email = email or {}
    sender = str(email.get("from", ""))
    name, _sep, address = sender.rpartition("<")
    notes = view.get("notes") or []
    return EmailView(
        sender_name=name.strip() if address else sender,
        sender_address=address.rstrip(">") if address else "",
        to=list(email.get("to") or []),
        cc=list(email.get("cc") or []),
        subject=str(email.get("subject", "")),
        show_subject=_plain_subject(str(email.get("subject", ""))) != _plain_subject(conversation.subject),
        remote_images=int(view.get("remote_images") or 0),
        left_out=[note for note in notes if note.get("kind") == "attachment_too_large"],
        truncated=any(note.get("kind", "").endswith("_truncated") for note in notes),
        unreadable="unreadable" in (view.get("defects") or []),
        has_original=True,
    )


def email_html_for(message: Message, body: str) -> SafeString:
    """``body`` (sanitized HTML) with ``cid:`` images pointing at the message's attachments."""
    cids: dict[str, int] = ((message.metadata or {}).get("email_view") or {}).get("cid") or {}
    files = _attachments(message) if cids else []

    def to_url(match: re.Match[str]) -> str:
        index = cids.get(html.unescape(match.group(1)))
        if index is None or index >= len(files):
            return 'src=""'
        return 'src="' + reverse("web:attachment", args=[files[index].pk]) + '"'

    return mark_safe(_CID_SRC.sub(to_url, body))  # noqa: S308 (stored HTML is sanitized; we only swap src)


@register.filter
def email_html(message: Message) -> SafeString:
    return email_html_for(message, message.html)


@register.filter
def listed_attachments(message: Message) -> list[Attachment]:
    """The attachments to list under the message: inline ``cid:`` images show in the body."""
    cids = ((message.metadata or {}).get("email_view") or {}).get("cid") or {}
    if not cids or not message.html:
        return _attachments(message)
    files = _attachments(message)
    shown = {index for cid, index in cids.items() if f'src="cid:{html.escape(cid)}"' in message.html}
    return [item for index, item in enumerate(files) if index not in shown]
