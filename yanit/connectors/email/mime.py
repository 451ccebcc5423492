"""Composing the email of one outbound message: who it goes to, its threading headers, its
text and HTML parts and its attachments. Sending it is ``smtp.py``'s job."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, getaddresses, parseaddr
from typing import Any
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.connectors.base import PermanentDeliveryError
from yanit.connectors.email import tokens
from yanit.connectors.email.config import MailboxConfig, mailbox_config
from yanit.conversations.models import Conversation, Message
from yanit.core.html import text_to_html
from yanit.inboxes.models import Inbox

# Long threads would otherwise grow References without end; RFC 5322 §3.6.4 allows trimming
# the middle, keeping the first (the thread's root) and the most recent ids.
MAX_REFERENCES = 20
QUOTE_CHARS = 4000


@dataclass
class Envelope:
    """The parties of one outgoing email: ``to`` and ``cc`` as "Name <addr>" strings."""

    to: list[str]
    cc: list[str] = field(default_factory=list)

    @property
    def recipients(self) -> list[str]:
        return [parseaddr(a)[1] for a in self.to + self.cc]


def email_meta(message: Message | None) -> dict[str, Any]:
    if message is None:
        return {}
    meta = (message.metadata or {}).get("email")
    return meta if isinstance(meta, dict) else {}


def latest_inbound_email(conversation: Conversation, before: Message | None = None) -> Message | None:
    """The customer's latest email in the conversation (the one a reply answers)."""
    query = Message.objects.filter(conversation=conversation, direction=Message.Direction.IN)
    if before is not None and before.pk:
        query = query.filter(created_at__lte=before.created_at)
    for candidate in query.order_by("-created_at", "-id")[:20]:
        if email_meta(candidate).get("message_id"):
            return candidate
    return None


def latest_inbound(conversation: Conversation, before: Message | None = None) -> Message | None:
    query = Message.objects.filter(
        conversation=conversation, direction=Message.Direction.IN, kind=Message.Kind.MESSAGE
    )
    if before is not None and before.pk:
        query = query.filter(created_at__lte=before.created_at)
    return query.order_by("-created_at", "-id").first()


def own_addresses(inbox: Inbox) -> set[str]:
    """Every address the workspace's email inboxes send from: never a customer to copy."""
    addresses = set()
    for other in Inbox.objects.filter(workspace_id=inbox.workspace_id, channel=Inbox.Channel.EMAIL):
        address = mailbox_config(other).address.strip().lower()
        if address:
            addresses.add(address)
    return addresses


def _first_address(values: Any) -> str:
    if isinstance(values, str):
        values = [values]
    for name, address in getaddresses([str(v) for v in values or []]):
        if "@" in address:
            return f"{name} <{address}>" if name else address
    return ""


def envelope_for(
    message: Message, config: MailboxConfig, sending_inbox: Inbox, answered: Message | None
) -> Envelope:
    """``answered``: the customer's email this message replies to (``latest_inbound_email``)."""
    conversation = message.conversation
    contact = conversation.contact
    to = str(message.metadata.get("email_to") or "").strip()
    if not to:
        meta = email_meta(answered)
        to = _first_address(meta.get("reply_to")) or _first_address(meta.get("from"))
    if not to and contact.email:
        to = f"{contact.name} <{contact.email}>" if contact.name else contact.email
    if not to or "@" not in parseaddr(to)[1]:
        raise PermanentDeliveryError(_("The customer has no email address to send this reply to."))
    ours = own_addresses(sending_inbox) | {config.address.lower()}
    seen = {parseaddr(to)[1].lower()} | ours
    cc: list[str] = []
    if not message.metadata.get("email_to"):
        conversation_meta = (conversation.metadata or {}).get("email") or {}
        for name, address in getaddresses([str(v) for v in conversation_meta.get("cc") or []]):
            lowered = address.lower()
            if "@" in lowered and lowered not in seen:
                seen.add(lowered)
                cc.append(f"{name} <{address}>" if name else address)
    return Envelope(to=[to], cc=cc)


def _address(display: str) -> Address:
    name, address = parseaddr(display)
    local, _at, domain = address.rpartition("@")
    try:
        return Address(display_name=one_line(name), username=local, domain=domain)
    except (ValueError, IndexError):  # an address email can't express: refuse clearly
        message = _("%(address)s is not a valid email address.") % {"address": address}
        raise PermanentDeliveryError(message) from None


def one_line(value: str) -> str:
    """Header text on one line: a line break in a name or subject could forge headers."""
    return " ".join(value.split())


def sender_name(message: Message, config: MailboxConfig, inbox: Inbox) -> str:
    base = one_line(config.from_name or inbox.name)
    automated = message.kind == Message.Kind.AUTOMATED
    if config.sender_shows_agent and not automated and message.sender_agent is not None:
        return f"{one_line(message.sender_agent.name)} — {base}"
    return base


def subject_for(message: Message) -> str:
    conversation = message.conversation
    # Whitespace folded: a line break in a header would let a subject smuggle in headers.
    override = one_line(str(message.metadata.get("email_subject") or ""))
    if override:
        subject = override
    else:
        base = one_line(conversation.subject or "")
        if not base:
            base = _("Your message")
        subject = base if base.lower().startswith(("re:", "ynt:", "yanıt:")) else f"Re: {base}"
    return tokens.subject_with_tag(subject, conversation.number)


def references_for(answered: Message | None) -> tuple[str, list[str]]:
    meta = email_meta(answered)
    in_reply_to = str(meta.get("message_id") or "")
    if not in_reply_to:
        return "", []
    earlier = [str(r) for r in meta.get("references") or [] if r]
    chain = [r for r in earlier if r != in_reply_to] + [in_reply_to]
    if len(chain) > MAX_REFERENCES:
        chain = chain[:1] + chain[-(MAX_REFERENCES - 1) :]
    return in_reply_to, chain


def _quote_text(text: str) -> str:
    body = text.strip()[:QUOTE_CHARS]
    return "\n".join("> " + line if line else ">" for line in body.splitlines())


def build_email(
    message: Message,
    config: MailboxConfig,
    sending_inbox: Inbox,
    *,
    envelope: Envelope,
    answered: Message | None,
    message_id: str,
) -> EmailMessage:
    conversation = message.conversation
    quoted = answered or latest_inbound(conversation, message)
    automated = message.kind == Message.Kind.AUTOMATED

    email = EmailMessage(policy=SMTP)
    email["From"] = Address(
        display_name=sender_name(message, config, sending_inbox),
        addr_spec=config.address,
    )
    email["To"] = [_address(a) for a in envelope.to]
    if envelope.cc:
        email["Cc"] = [_address(a) for a in envelope.cc]
    email["Reply-To"] = Address(
        display_name=one_line(config.from_name or sending_inbox.name),
        addr_spec=tokens.reply_address(config.address, conversation.pk),
    )
    email["Subject"] = subject_for(message)
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = message_id
    in_reply_to, references = references_for(answered)
    if in_reply_to:
        email["In-Reply-To"] = in_reply_to
        email["References"] = " ".join(references)
    if automated:
        # RFC 3834: an automatic answer; other robots (and Exchange) must not answer it back.
        email["Auto-Submitted"] = "auto-replied"
        email["X-Auto-Response-Suppress"] = "All"

    signature = config.signature.strip()
    text = message.text.strip()
    if signature:
        text += "\n\n-- \n" + signature
    quote_intro = ""
    if quoted is not None:
        zone = ZoneInfo(conversation.workspace.time_zone or "Europe/Istanbul")
        when = timezone.localtime(quoted.created_at, zone).strftime("%d.%m.%Y %H:%M")
        who = conversation.contact.name or conversation.contact.email
        quote_intro = _("On %(when)s, %(who)s wrote:") % {"when": when, "who": who}
        text += "\n\n" + quote_intro + "\n" + _quote_text(quoted.text)
    email.set_content(text + "\n")
    html = render_to_string(
        "email_channel/reply.html",
        {
            "body": message.html or text_to_html(message.text),
            "signature": text_to_html(signature) if signature else "",
            "quote_intro": quote_intro,
            "quoted": (quoted.html or text_to_html(quoted.text)) if quoted is not None else "",
            "subject": email["Subject"],
        },
    )
    email.add_alternative(html, subtype="html")
    for attachment in message.attachments.all():
        content_type = attachment.content_type or mimetypes.guess_type(attachment.filename)[0]
        maintype, _slash, subtype = (content_type or "application/octet-stream").partition("/")
        with attachment.file.open("rb") as handle:
            data = handle.read()
        email.add_attachment(
            data, maintype=maintype, subtype=subtype or "octet-stream", filename=attachment.filename
        )
    return email
