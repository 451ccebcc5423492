"""The one entry point for every inbound customer message, whatever the channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.accounts.models import Workspace
from yanit.contacts.models import Contact
from yanit.contacts.services.identify import ContactClaim, find_or_create_contact
from yanit.conversations.events import ConversationCreated, ConversationUpdated, MessageCreated
from yanit.conversations.models import Activity, Conversation, Message
from yanit.conversations.services.attachments import IncomingFile, check_files, store_attachments
from yanit.core.errors import ValidationFailed
from yanit.core.events import publish_on_commit
from yanit.core.html import html_to_text, sanitize_html
from yanit.core.text import search_fold
from yanit.inboxes.models import Inbox

MAX_TEXT_CHARS = 100_000
SEARCH_TEXT_CHARS = 20_000
PREVIEW_CHARS = 200
DEFAULT_REOPEN_DAYS = 7


@dataclass(frozen=True)
class InboundMessage:
    contact: ContactClaim
    text: str = ""
    html: str = ""
    subject: str = ""
    # The channel's id for this message; the same id again is the same message.
    provider_id: str | None = None
    attachments: tuple[IncomingFile, ...] = ()
    received_at: datetime | None = None
    # Set by channels that thread on their own (email In-Reply-To, reply token): any conversation
    # of the same workspace, so an email reply to a chat transcript continues that chat. The
    # message is then stored in that conversation's inbox.
    conversation_id: int | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    # Merged into ``Conversation.metadata`` (dicts key by key, lists without duplicates): e.g.
    # {"email": {"cc": ["Name <addr>"]}} for the people copied on an email thread.
    conversation_metadata: dict[str, Any] = field(default_factory=dict)
    # True when the channel knows this is a new thread (an email without any reference to an
    # earlier one): don't continue the contact's latest open conversation.
    new_conversation: bool = False


@dataclass(frozen=True)
class ReceiveResult:
    conversation: Conversation
    message: Message
    contact: Contact
    created: bool


def check_inbound(inbound: InboundMessage) -> None:
    if not inbound.text.strip() and not inbound.html.strip() and not inbound.attachments:
        raise ValidationFailed(_("The message has no text and no attachments."), details={"text": "empty"})
    if len(inbound.text) > MAX_TEXT_CHARS or len(inbound.html) > MAX_TEXT_CHARS * 5:
        raise ValidationFailed(
            _("The message is longer than %(n)d characters.") % {"n": MAX_TEXT_CHARS}, code="too_long"
        )
    if inbound.provider_id is not None and not (0 < len(inbound.provider_id) <= 255):
        raise ValidationFailed(
            _("external_id must be 1 to 255 characters."), details={"external_id": "length"}
        )
    check_files(list(inbound.attachments))


def _existing(inbox: Inbox, provider_id: str, conversation_id: int | None) -> ReceiveResult | None:
    same = Q(inbox=inbox)
    if conversation_id is not None:
        same |= Q(conversation_id=conversation_id)
    message = (
        Message.objects.filter(same, workspace_id=inbox.workspace_id, provider_id=provider_id)
        .select_related("conversation__contact")
        .first()
    )
    if message is None:
        return None
    conversation = message.conversation
    return ReceiveResult(
        conversation=conversation, message=message, contact=conversation.contact, created=False
    )


def next_conversation_number(workspace_id: int) -> int:
    Workspace.objects.filter(pk=workspace_id).update(
        next_conversation_number=F("next_conversation_number") + 1
    )
    value = Workspace.objects.values_list("next_conversation_number", flat=True).get(pk=workspace_id)
    return int(value) - 1


def conversation_search_text(conversation: Conversation, contact: Contact, extra: str = "") -> str:
    head = search_fold(
        " ".join([contact.name, contact.email, contact.phone.lstrip("+"), conversation.subject])
    )
    body = conversation.search_text.split("\n", 1)[1] if "\n" in conversation.search_text else ""
    if extra:
        body = (body + " " + search_fold(extra)).strip()
    return (head + "\n" + body)[:SEARCH_TEXT_CHARS]


def do_receive_inbound_message(inbox: Inbox, inbound: InboundMessage) -> ReceiveResult:
    """Store an inbound message exactly once and publish it.

    Idempotent on ``provider_id``: a retry of a delivered message returns the stored one and
    creates nothing, also when two retries race. The unique constraint on (inbox, provider_id)
    decides: retries are rare, so they pay for a rolled-back transaction and every first
    delivery saves a lookup.
    """
    check_inbound(inbound)
    try:
        with transaction.atomic():
            return _receive(inbox, inbound)
    except IntegrityError:
        if inbound.provider_id:
            seen = _existing(inbox, inbound.provider_id, inbound.conversation_id)
            if seen:
                return seen
        raise


# What receiving a message changes on an existing conversation; nothing else is rewritten.
_RECEIVE_UPDATES = [
    "status",
    "snoozed_until",
    "resolved_at",
    "last_activity_at",
    "waiting_since",
    "last_message_preview",
    "message_count",
    "search_text",
    "updated_at",
]


def reopen_window(inbox: Inbox) -> timedelta:
    """How long after resolving a customer's new message re-opens the conversation instead of
    starting a new one (inbox setting ``reopen_days``, default 7)."""
    try:
        days = int(inbox.settings.get("reopen_days", DEFAULT_REOPEN_DAYS))
    except (TypeError, ValueError):
        days = DEFAULT_REOPEN_DAYS
    return timedelta(days=max(0, days))


def _list_key(item: Any) -> Any:
    # "Name <addr>" and "<ADDR>" are the same participant: compare what the brackets hold.
    if isinstance(item, str):
        inner = item.rpartition("<")[2].rstrip(">") if item.rstrip().endswith(">") else item
        return inner.strip().casefold()
    return repr(item)


def merge_metadata(current: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``extra`` merged into a copy of ``current``: dicts key by key, lists without duplicates."""
    merged = dict(current)
    for key, value in extra.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merged[key] = merge_metadata(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            combined = list(old)
            seen = {_list_key(item) for item in old}
            for item in value:
                if _list_key(item) not in seen:
                    seen.add(_list_key(item))
                    combined.append(item)
            merged[key] = combined
        else:
            merged[key] = value
    return merged


def _open_conversation_for(
    inbox: Inbox, contact: Contact, inbound: InboundMessage, now: datetime
) -> Conversation | None:
    if inbound.conversation_id is not None:
        return Conversation.objects.filter(
            workspace_id=inbox.workspace_id, pk=inbound.conversation_id
        ).first()
    if inbound.new_conversation:
        return None
    latest = Conversation.objects.filter(inbox=inbox, contact=contact).order_by("-last_activity_at").first()
    if latest is None:
        return None
    if latest.status == Conversation.Status.RESOLVED and (
        latest.resolved_at is None or latest.resolved_at < now - reopen_window(inbox)
    ):
        return None
    return latest


def _receive(inbox: Inbox, inbound: InboundMessage) -> ReceiveResult:
    now = inbound.received_at or timezone.now()
    contact, _created = find_or_create_contact(inbox.workspace, inbound.contact)
    conversation = _open_conversation_for(inbox, contact, inbound, now)
    html = sanitize_html(inbound.html) if inbound.html else ""
    text = inbound.text or (html_to_text(html) if html else "")
    is_new = conversation is None
    changed: list[str] = []
    if conversation is None:
        conversation = Conversation(
            workspace_id=inbox.workspace_id,
            number=next_conversation_number(inbox.workspace_id),
            inbox=inbox,
            contact=contact,
            subject=(inbound.subject or text.strip().split("\n")[0])[:300],
            team_id=inbox.team_id,
            last_activity_at=now,
            waiting_since=now,
        )
    elif conversation.status != Conversation.Status.OPEN:
        # A customer writing again re-opens a resolved, pending or snoozed conversation.
        changed.append("status")
        Activity.objects.create(
            workspace_id=inbox.workspace_id,
            conversation=conversation,
            actor_kind="contact",
            verb=Activity.Verb.STATUS,
            data={"from": conversation.status, "to": Conversation.Status.OPEN},
            created_at=now,
        )
        conversation.status = Conversation.Status.OPEN
        conversation.snoozed_until = None
        conversation.resolved_at = None
    conversation.last_activity_at = now
    conversation.waiting_since = conversation.waiting_since or now
    conversation.last_message_preview = " ".join(text.split())[:PREVIEW_CHARS]
    conversation.message_count += 1
    conversation.search_text = conversation_search_text(conversation, contact, text)
    updates = _RECEIVE_UPDATES
    if inbound.conversation_metadata:
        merged = merge_metadata(conversation.metadata or {}, inbound.conversation_metadata)
        if merged != conversation.metadata:
            conversation.metadata = merged
            updates = [*_RECEIVE_UPDATES, "metadata"]
    if is_new:
        conversation.save()
    else:
        conversation.save(update_fields=updates)
    if is_new:
        Activity.objects.create(
            workspace_id=inbox.workspace_id,
            conversation=conversation,
            actor_kind="contact",
            verb=Activity.Verb.CREATED,
            data={"inbox": inbox.name, "channel": inbox.channel},
            created_at=now,
        )
    message = Message.objects.create(
        workspace_id=inbox.workspace_id,
        conversation=conversation,
        inbox_id=conversation.inbox_id,
        direction=Message.Direction.IN,
        kind=Message.Kind.MESSAGE,
        text=text,
        html=html,
        sender_contact=contact,
        provider_id=inbound.provider_id or None,
        metadata=inbound.metadata,
        created_at=now,
    )
    if inbound.attachments:
        store_attachments(message, list(inbound.attachments))
    if is_new:
        publish_on_commit(
            ConversationCreated(
                workspace_id=inbox.workspace_id, conversation_id=conversation.pk, inbox_id=inbox.pk
            )
        )
    elif changed:
        publish_on_commit(
            ConversationUpdated(
                workspace_id=inbox.workspace_id, conversation_id=conversation.pk, changed=tuple(changed)
            )
        )
    publish_on_commit(
        MessageCreated(
            workspace_id=inbox.workspace_id,
            conversation_id=conversation.pk,
            message_id=message.pk,
            direction=message.direction,
            kind=message.kind,
            opens_conversation=is_new,
        )
    )
    return ReceiveResult(conversation=conversation, message=message, contact=contact, created=True)
