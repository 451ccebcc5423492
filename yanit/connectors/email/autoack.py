"""The automatic acknowledgement of a new email conversation: "we received your message, we
will answer within …", in the customer's language, never to a robot and at most once an hour
per sender."""

from __future__ import annotations

import re
from datetime import timedelta
from email.utils import getaddresses
from typing import Any

from django.db import transaction
from django.utils import timezone

from yanit.connectors.email.config import MailboxConfig, mailbox_config
from yanit.connectors.email.mime import email_meta, own_addresses
from yanit.connectors.email.models import AutoReplyLog
from yanit.conversations.models import Message
from yanit.conversations.services.reply import do_send_automated_reply
from yanit.inboxes.models import Inbox
from yanit.sla.reply_time import expected_reply

LANGUAGES = ("tr", "en")
ONE_PER = timedelta(hours=1)

DEFAULT_EXPECTED_REPLY = {"tr": "en geç 6 saat içinde", "en": "within 6 hours"}
DEFAULT_TEXT = {
    "tr": (
        "Merhaba {name},\n\n"
        "Mesajınızı aldık, talep numaranız #{number}. Ekibimiz size {expected_reply_time} "
        "dönüş yapacak.\n\n"
        "Eklemek istediğiniz bir şey olursa bu e-postayı yanıtlamanız yeterli; yazdıklarınız aynı "
        "talebe eklenir.\n\n"
        "Teşekkürler,\n{inbox}"
    ),
    "en": (
        "Hello {name},\n\n"
        "We have received your message; your request number is #{number}. Our team will get back "
        "to you {expected_reply_time}.\n\n"
        "If you would like to add anything, just reply to this email and it will join the same "
        "request.\n\n"
        "Thank you,\n{inbox}"
    ),
}
PLACEHOLDERS = ("name", "number", "subject", "expected_reply_time", "inbox")

_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
_TURKISH_LETTERS = re.compile(r"[çğıöşüÇĞİÖŞÜ]")
_TURKISH_WORDS = re.compile(
    r"\b(merhaba|selam|teşekkür\w*|tesekkur\w*|sipariş\w*|siparis\w*|kargo\w*|iade|nerede|"
    r"lütfen|lutfen|rica|iyi günler|iyi gunler|ürün\w*|urun\w*|ödeme|odeme|fatura|bir|ve|ama|için|icin)\b",
    re.IGNORECASE,
)
_ENGLISH_WORDS = re.compile(
    r"\b(hello|hi|dear|thanks|thank|please|order|where|my|the|is|are|refund|shipping|regards)\b",
    re.IGNORECASE,
)
_ROBOT_LOCALS = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]daemon|postmaster|bounces?)([+-].*)?$",
    re.IGNORECASE,
)


def guess_language(text: str) -> str:
    """Turkish unless the text clearly reads as English (most stores' customers write Turkish)."""
    sample = text[:2000]
    if _TURKISH_LETTERS.search(sample):
        return "tr"
    turkish = len(_TURKISH_WORDS.findall(sample))
    english = len(_ENGLISH_WORDS.findall(sample))
    return "en" if english > turkish else "tr"


def expected_reply_text(
    config: MailboxConfig, language: str, inbox: Inbox | None = None, *, workspace_id: int | None = None
) -> str:
    """From the business hours and SLA policy ("yarın 09:30'dan sonra") when the workspace has
    them; else the inbox's own setting, else the default. ``workspace_id`` stands in for an inbox
    not created yet (the settings page's preview)."""
    if inbox is not None or workspace_id is not None:
        if inbox is not None:
            answer = expected_reply(inbox.workspace_id, inbox.team_id, language)
        else:
            answer = expected_reply(workspace_id, None, language)  # type: ignore[arg-type]
        if answer is not None:
            return answer.text
    return (config.expected_reply_text.get(language) or "").strip() or DEFAULT_EXPECTED_REPLY[language]


def ack_template(config: MailboxConfig, language: str) -> str:
    return (config.autoack_text.get(language) or "").strip() or DEFAULT_TEXT[language]


def render_ack(template: str, values: dict[str, str]) -> str:
    """Fill the known ``{placeholders}``; any other brace is left as the admin typed it."""
    if not values.get("name"):
        template = re.sub(r"[ \t]*\{name\}", "", template)
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), template)


def normalized(address: str) -> str:
    """Lower-cased, without a ``+tag``: destek+r12-ab@x and destek@x are the same mailbox."""
    local, _at, domain = address.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def sender_address(message: Message) -> str:
    meta = email_meta(message)
    for field in ("reply_to", "from"):
        values = meta.get(field)
        values = [values] if isinstance(values, str) else values or []
        for _name, address in getaddresses([str(v) for v in values]):
            if "@" in address:
                return address.strip().lower()
    return (message.conversation.contact.email or "").strip().lower()


def skip_reason(message: Message, inbox: Inbox, config: MailboxConfig) -> str:
    """Why this inbound email gets no acknowledgement ("" = it gets one)."""
    if not config.autoack_enabled:
        return "disabled"
    if not config.sends:
        return "no smtp"
    meta = email_meta(message)
    if meta.get("automated"):
        return f"automated: {meta['automated']}"
    address = sender_address(message)
    if not address:
        return "no address"
    if _ROBOT_LOCALS.match(address.rpartition("@")[0]):
        return "no-reply sender"
    ours = {normalized(a) for a in own_addresses(inbox) | {config.address}}
    if normalized(address) in ours:
        return "our own address"
    return ""


def language_of(message: Message) -> str:
    language = str(email_meta(message).get("language") or "")
    if language in LANGUAGES:
        return language
    return guess_language(f"{message.conversation.subject}\n{message.text}")


def acknowledge(message_id: int) -> Message | None:
    """Send the acknowledgement of the inbound email ``message_id`` if it deserves one."""
    message = Message.objects.select_related("inbox", "conversation__contact").filter(pk=message_id).first()
    if message is None or message.direction != Message.Direction.IN:
        return None
    inbox = message.inbox
    if inbox.channel != Inbox.Channel.EMAIL:
        return None
    config = mailbox_config(inbox)
    if skip_reason(message, inbox, config):
        return None
    address = sender_address(message)
    language = language_of(message)
    conversation = message.conversation
    values = {
        "name": conversation.contact.name,
        "number": str(conversation.number),
        "subject": conversation.subject,
        "expected_reply_time": expected_reply_text(config, language, inbox),
        "inbox": config.from_name or inbox.name,
    }
    text = render_ack(ack_template(config, language), values)
    recipient = f"{conversation.contact.name} <{address}>" if conversation.contact.name else address
    metadata: dict[str, Any] = {"autoack": True, "email_to": recipient, "language": language}
    with transaction.atomic():
        # One acknowledgement per sender per hour: the inbox row is the lock (SQLite runs
        # IMMEDIATE transactions, which serialize the same way).
        Inbox.objects.select_for_update().filter(pk=inbox.pk).first()
        now = timezone.now()
        if AutoReplyLog.objects.filter(inbox=inbox, address=address, sent_at__gte=now - ONE_PER).exists():
            return None
        AutoReplyLog.objects.create(inbox=inbox, address=address, sent_at=now)
        # Only the last hour matters: the log never grows past one hour of senders.
        AutoReplyLog.objects.filter(inbox=inbox, sent_at__lt=now - ONE_PER).delete()
        return do_send_automated_reply(conversation, text, metadata=metadata)
