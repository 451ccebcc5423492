"""Storing one inbound email: ``ingest_raw_email(inbox, raw) -> IngestResult``.

Used by IMAP reading and by the inbound-email API. Exactly once per Message-ID and inbox (the
same mail fetched again, or posted again by a relay, stores nothing). Bounces mark our original
message failed and create no conversation.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from yanit.connectors.email.automated import is_machine_address
from yanit.connectors.email.config import mailbox_config
from yanit.connectors.email.models import RawEmail
from yanit.connectors.email.parsing import ParsedEmail, parse_email
from yanit.connectors.email.quotes import split_html, split_text
from yanit.connectors.email.tokens import conversation_from_addresses, number_from_subject
from yanit.contacts.services.identify import ContactClaim
from yanit.conversations.models import Conversation, Message
from yanit.conversations.services.attachments import IncomingFile
from yanit.conversations.services.receive import (
    MAX_TEXT_CHARS,
    InboundMessage,
    do_receive_inbound_message,
)
from yanit.conversations.services.reply import do_set_delivery_status
from yanit.core.html import html_to_text, sanitize_html, text_to_html
from yanit.inboxes.models import Inbox

logger = logging.getLogger(__name__)
MAX_HTML_CHARS = MAX_TEXT_CHARS * 5
# The fold around quoted mail: a native toggle, so it works without scripts in any view.
FOLD_OPEN = "<details><summary>…</summary>"
FOLD_CLOSE = "</details>"


@dataclass(frozen=True)
class IngestResult:
    created: bool
    conversation_id: int | None = None
    message_id: int | None = None
    # A delivery status notification: ``message_id`` is our original message, if found.
    bounce: bool = False


def ingest_raw_email(inbox: Inbox, raw: bytes) -> IngestResult:
    parsed = parse_email(raw)
    if parsed.bounce is not None:
        return _apply_bounce(inbox, parsed)
    own = _own_addresses(inbox)
    target = thread_target(inbox, parsed)
    seen = _already_stored(inbox, parsed.provider_id, target)
    if seen is not None:
        return IngestResult(created=False, conversation_id=seen.conversation_id, message_id=seen.pk)
    inbound = build_inbound(inbox, parsed, raw, own, target)
    with transaction.atomic():
        result = do_receive_inbound_message(inbox, inbound)
        if result.created:
            store_raw_email(result.message, raw)
    return IngestResult(
        created=result.created, conversation_id=result.conversation.pk, message_id=result.message.pk
    )


def _already_stored(inbox: Inbox, provider_id: str, conversation_id: int | None) -> Message | None:
    same = Q(inbox=inbox)
    if conversation_id is not None:
        same |= Q(conversation_id=conversation_id)
    return (
        Message.objects.filter(same, workspace_id=inbox.workspace_id, provider_id=provider_id)
        .only("pk", "conversation_id")
        .first()
    )


def store_raw_email(message: Message, raw: bytes) -> RawEmail:
    digest = hashlib.sha256(raw).hexdigest()
    record = RawEmail(workspace_id=message.workspace_id, message=message, size=len(raw), sha256=digest)
    record.file.save(f"{digest[:24]}.eml", ContentFile(raw), save=False)
    record.save()
    return record


def _own_addresses(inbox: Inbox) -> set[str]:
    config = mailbox_config(inbox)
    return {value.lower() for value in (config.address, config.imap_user) if "@" in value}


def _is_own(address: str, own: set[str]) -> bool:
    value = address.lower()
    if value in own:
        return True
    local, _sep, domain = value.partition("@")
    # Our reply-token addresses: destek+r42-…@magaza.com
    return any(
        local.startswith(mine.partition("@")[0] + "+") and domain == mine.partition("@")[2] for mine in own
    )


def thread_target(inbox: Inbox, parsed: ParsedEmail) -> int | None:
    """The conversation an email continues, or None for a new one.

    In order: our Message-IDs in In-Reply-To/References (any inbox of the workspace: a reply to
    an emailed chat answer continues the chat), the signed reply token in a recipient address,
    then a ``[#123]`` subject tag — that one only when the sender already takes part in the
    conversation, so guessing numbers doesn't let anyone write into someone else's thread.
    """
    workspace_id = inbox.workspace_id
    ids = [value for value in [parsed.in_reply_to, *reversed(parsed.references)] if value]
    if ids:
        found = dict(
            Message.objects.filter(workspace_id=workspace_id, provider_id__in=ids).values_list(
                "provider_id", "conversation_id"
            )
        )
        for value in ids:
            if value in found:
                return int(found[value])
    token = conversation_from_addresses(parsed.to + parsed.cc_addresses + parsed.envelope_to)
    if token is not None and Conversation.objects.filter(workspace_id=workspace_id, pk=token).exists():
        return token
    number = number_from_subject(parsed.subject)
    if number is not None:
        conversation = (
            Conversation.objects.filter(workspace_id=workspace_id, number=number)
            .select_related("contact")
            .first()
        )
        if conversation is not None and _takes_part(conversation, parsed):
            return conversation.pk
    return None


def _takes_part(conversation: Conversation, parsed: ParsedEmail) -> bool:
    senders = {parsed.from_address.lower(), *(value.lower() for value in parsed.reply_to)} - {""}
    people = {conversation.contact.email.lower()} - {""}
    for entry in ((conversation.metadata or {}).get("email") or {}).get("cc") or []:
        people.add(str(entry).rpartition("<")[2].rstrip(">").strip().lower())
    return bool(senders & people)


def _valid_email(address: str) -> str:
    try:
        validate_email(address)
    except ValidationError:
        return ""
    return address


def _contact_claim(inbox: Inbox, parsed: ParsedEmail, own: set[str]) -> ContactClaim:
    address = parsed.from_address
    for candidate in parsed.reply_to:
        if not is_machine_address(candidate) and not _is_own(candidate, own):
            address = candidate
            break
    email = _valid_email(address) or _valid_email(parsed.from_address)
    if email:
        return ContactClaim(name=parsed.from_name, email=email)
    # No usable address: the sender is still someone; keep them apart per inbox.
    label = parsed.from_header or _("Unknown sender")
    return ContactClaim(name=label[:200], external_id=label[:300], namespace=f"email-sender:{inbox.pk}")


def email_body(parsed: ParsedEmail, *, remote_images: bool = False) -> tuple[str, str]:
    """``(text, html)``: the new part as text, and the HTML with quoted mail folded away.

    ``remote_images`` keeps remote ``<img>`` sources: only for showing a message to an agent
    who asked for its images, never for what is stored.
    """
    if parsed.html.strip():
        new_html, quoted_html = split_html(parsed.html)
        new_clean = sanitize_html(new_html, remote_images=remote_images)
        if not html_to_text(new_clean).strip() and "<img" not in new_clean:
            new_clean, quoted_html = sanitize_html(parsed.html, remote_images=remote_images), ""
        html = new_clean
        if quoted_html.strip():
            html += FOLD_OPEN + sanitize_html(quoted_html, remote_images=remote_images) + FOLD_CLOSE
        text = split_text(parsed.text)[0] if parsed.text.strip() else html_to_text(new_clean)
        return text, html
    new_text, quoted_text = split_text(parsed.text)
    if quoted_text:
        return new_text, text_to_html(new_text) + FOLD_OPEN + text_to_html(quoted_text) + FOLD_CLOSE
    return new_text, ""


def build_inbound(
    inbox: Inbox, parsed: ParsedEmail, raw: bytes, own: set[str], target: int | None
) -> InboundMessage:
    text, html = email_body(parsed)
    text, html = text.replace("\x00", ""), html.replace("\x00", "")
    notes: list[dict[str, Any]] = []
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
        notes.append({"kind": "text_truncated"})
    if len(html) > MAX_HTML_CHARS:
        html = sanitize_html(html[:MAX_HTML_CHARS])
        notes.append({"kind": "html_truncated"})
    limit = settings.YANIT_MAX_ATTACHMENT_BYTES
    files: list[IncomingFile] = []
    cids: dict[str, int] = {}
    for item in parsed.attachments:
        if len(item.content) > limit:
            notes.append(
                {"kind": "attachment_too_large", "filename": item.filename, "size": len(item.content)}
            )
            continue
        if item.content_id:
            cids[item.content_id] = len(files)
        files.append(
            IncomingFile(filename=item.filename, content=item.content, content_type=item.content_type)
        )
    if not text.strip() and not html.strip() and not files:
        text = _("(This email has no text.)")
    cc = [
        f"{name} <{address}>" if name else address for name, address in parsed.cc if not _is_own(address, own)
    ]
    metadata = {
        "email": {
            "message_id": parsed.provider_id,
            "in_reply_to": parsed.in_reply_to,
            "references": parsed.references,
            "from": parsed.from_header,
            "to": parsed.to,
            "cc": parsed.cc_addresses,
            "reply_to": parsed.reply_to,
            "subject": parsed.subject,
            "automated": parsed.automated,
            "language": parsed.language,
        },
        # How the thread shows it: blocked remote images, inline cid images, what was left out.
        "email_view": {
            "remote_images": parsed.remote_images,
            "cid": cids,
            "notes": notes,
            "defects": parsed.defects,
        },
    }
    return InboundMessage(
        contact=_contact_claim(inbox, parsed, own),
        text=text,
        html=html,
        subject=parsed.subject[:300],
        provider_id=parsed.provider_id[:255],
        attachments=tuple(files),
        conversation_id=target,
        metadata=metadata,
        conversation_metadata={"email": {"cc": cc}} if cc else {},
        new_conversation=target is None,
    )


def _apply_bounce(inbox: Inbox, parsed: ParsedEmail) -> IngestResult:
    bounce = parsed.bounce
    assert bounce is not None
    original = None
    if bounce.original_message_id:
        original = (
            Message.objects.filter(
                workspace_id=inbox.workspace_id,
                provider_id=bounce.original_message_id,
                direction=Message.Direction.OUT,
            )
            .order_by("pk")
            .first()
        )
    if original is None:
        logger.info("bounce for an unknown message %s ignored", bounce.original_message_id or "(none)")
        return IngestResult(created=False, bounce=True)
    reason = bounce.reason or bounce.status
    if bounce.status and bounce.status not in reason:
        reason = f"{reason} ({bounce.status})"
    if bounce.recipient and bounce.recipient.lower() not in reason.lower():
        reason = f"{bounce.recipient}: {reason}"
    if bounce.is_failure and original.delivery_status != Message.Delivery.FAILED:
        do_set_delivery_status(original, Message.Delivery.FAILED, reason)
    return IngestResult(
        created=False, conversation_id=original.conversation_id, message_id=original.pk, bounce=True
    )


def ingest_or_keep(inbox: Inbox, raw: bytes) -> IngestResult:
    """:func:`ingest_raw_email`, and when that fails on a mail we can't make sense of, store it
    anyway with a note and the original attached, so reading goes on and nothing is lost."""
    try:
        return ingest_raw_email(inbox, raw)
    except DatabaseError:
        raise
    except Exception:
        logger.exception("inbox %s: an email could not be read; keeping the original", inbox.pk)
    digest = hashlib.sha256(raw).hexdigest()
    provider_id = f"<sha256:{digest}@unreadable>"
    seen = _already_stored(inbox, provider_id, None)
    if seen is not None:
        return IngestResult(created=False, conversation_id=seen.conversation_id, message_id=seen.pk)
    inbound = InboundMessage(
        contact=ContactClaim(
            name=_("Unknown sender"), external_id="unreadable", namespace=f"email-sender:{inbox.pk}"
        ),
        text=_("This email could not be read. Download the original to see it."),
        provider_id=provider_id,
        new_conversation=True,
        metadata={"email_view": {"defects": ["unreadable"]}},
    )
    with transaction.atomic():
        result = do_receive_inbound_message(inbox, inbound)
        if result.created:
            store_raw_email(result.message, raw)
    return IngestResult(
        created=result.created, conversation_id=result.conversation.pk, message_id=result.message.pk
    )
