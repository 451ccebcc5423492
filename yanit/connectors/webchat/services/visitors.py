"""Visitors: who is behind a widget, their contact, their session."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.contacts.events import ContactUpdated
from yanit.contacts.models import Contact
from yanit.contacts.services.identify import (
    ContactClaim,
    fill_contact_details,
    find_or_create_contact,
    normalize_email,
)
from yanit.core.errors import ValidationFailed
from yanit.core.events import publish_on_commit

from ..models import ChatWidget, Visitor
from .identity import SignedIdentity, verify_identity
from .limits import hit, ip_prefix, session_limit_per_ip
from .widgets import LANGUAGES, identity_secret

TOKEN_PREFIX = "vt_"  # noqa: S105 (a prefix, not a secret)
# A visitor heard from this recently is still on the page: replies stay in the chat.
PRESENT_WINDOW = timedelta(minutes=2)
# How often a live socket refreshes ``last_seen_at`` (a write), at most.
SEEN_REFRESH = timedelta(seconds=45)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_visitor_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def visitor_for_token(widget: ChatWidget, raw: str | None) -> Visitor | None:
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    return (
        Visitor.objects.filter(token_hash=hash_token(raw), inbox_id=widget.inbox_id)
        .select_related("conversation", "contact")
        .first()
    )


def namespace(widget: ChatWidget) -> str:
    return f"inbox:{widget.inbox_id}"


def visitor_claim(widget: ChatWidget, visitor: Visitor) -> ContactClaim:
    """Who sends the visitor's messages. A signed customer is their store id and email (which
    joins the contact that has that email); an unsigned visitor is only this browser."""
    if visitor.external_id:
        return ContactClaim(
            name=visitor.name,
            email=visitor.email,
            external_id=visitor.external_id,
            visitor_id=f"v{visitor.pk}",
            namespace=namespace(widget),
        )
    return ContactClaim(name=visitor.name, visitor_id=f"v{visitor.pk}", namespace=namespace(widget))


def contact_of(widget: ChatWidget, visitor: Visitor) -> Contact:
    contact, _created = find_or_create_contact(widget.inbox.workspace, visitor_claim(widget, visitor))
    if not visitor.external_id and (visitor.name or visitor.email):
        fill_contact_details(contact, name=visitor.name, email=visitor.email)
    if visitor.contact_id != contact.pk:
        visitor.contact = contact
        Visitor.objects.filter(pk=visitor.pk).update(contact=contact)
    return contact


def is_present(visitor: Visitor) -> bool:
    return visitor.last_seen_at >= timezone.now() - PRESENT_WINDOW


def _text(raw: Any, limit: int) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ValidationFailed(_("Expected text."))
    return " ".join(raw.split())[:limit]


@dataclass(frozen=True)
class SessionRequest:
    visitor_token: str | None = None
    name: str = ""
    email: str = ""
    language: str = ""
    page_url: str = ""
    page_title: str = ""
    identity: Any = None
    user_agent: str = ""
    ip: str = ""

    @classmethod
    def from_json(cls, body: dict[str, Any], *, user_agent: str, ip: str) -> SessionRequest:
        token = body.get("visitor_token")
        return cls(
            visitor_token=token if isinstance(token, str) else None,
            name=_text(body.get("name"), 200),
            email=_text(body.get("email"), 254),
            language=_text(body.get("language"), 8).lower(),
            page_url=_text(body.get("page_url"), 500),
            page_title=_text(body.get("page_title"), 200),
            identity=body.get("identity"),
            user_agent=user_agent[:300],
            ip=ip,
        )


@dataclass(frozen=True)
class Session:
    visitor: Visitor
    token: str
    created: bool


def do_start_session(widget: ChatWidget, request: SessionRequest) -> Session:
    """The visitor of this browser (created when the token is missing or unknown), its details
    refreshed from the page, and attached to the store's customer when the identity is signed."""
    signed: SignedIdentity | None = None
    if request.identity is not None:
        signed = verify_identity(identity_secret(widget), request.identity)
    email = normalize_email(request.email) if request.email else ""
    language = request.language[:2] if request.language[:2] in LANGUAGES else ""
    visitor = visitor_for_token(widget, request.visitor_token)
    token = request.visitor_token or ""
    created = visitor is None
    now = timezone.now()
    if visitor is None:
        hit(session_limit_per_ip(), ip_prefix(request.ip))
        token = new_visitor_token()
        visitor = Visitor(
            workspace_id=widget.workspace_id,
            inbox_id=widget.inbox_id,
            token_hash=hash_token(token),
            language=language or widget.inbox.workspace.language or "tr",
            last_seen_at=now,
        )
    if language:
        visitor.language = language
    if request.page_url:
        visitor.page_url = request.page_url
        visitor.page_title = request.page_title
    if request.user_agent:
        visitor.user_agent = request.user_agent
    if request.ip:
        visitor.ip_prefix = ip_prefix(request.ip)
    visitor.last_seen_at = now
    if signed is not None:
        visitor.external_id = signed.external_id
        visitor.name = signed.name or visitor.name
        visitor.email = normalize_email(signed.email) if signed.email else visitor.email
    else:
        visitor.name = request.name or visitor.name
        visitor.email = email or visitor.email
    with transaction.atomic():
        visitor.save()
        if signed is not None or (visitor.contact_id and (request.name or email)):
            contact_of(widget, visitor)
    return Session(visitor=visitor, token=token, created=created)


def do_leave_contact_details(widget: ChatWidget, visitor: Visitor, *, email: str, name: str = "") -> Visitor:
    """The offline step: where to send the answer. Kept as the visitor's (unverified) details."""
    address = normalize_email(email) if email else ""
    if not address:
        raise ValidationFailed(_("Write your email address."), details={"email": "required"})
    with transaction.atomic():
        if not visitor.external_id:
            # A signed customer's address comes from the store, not from the widget.
            visitor.email = address
        if name.strip():
            visitor.name = " ".join(name.split())[:200]
        visitor.save(update_fields=["email", "name"])
        if visitor.contact_id:
            contact_of(widget, visitor)
    return visitor


def touch(visitor_id: int, *, connections: int = 0) -> None:
    """A sign of life from the visitor's socket; ``connections`` counts sockets opening (+1)
    and closing (-1). When the first socket opens or the last one closes, the agents' customer
    panel hears it (``ContactUpdated``: it re-fetches and shows "on the page" / "left")."""
    updates: dict[str, Any] = {"last_seen_at": timezone.now()}
    if not connections:
        Visitor.objects.filter(pk=visitor_id).update(**updates)
        return
    updates["connections"] = Greatest(F("connections") + connections, 0)
    with transaction.atomic():
        # The row lock makes "was anyone connected before?" exact when two tabs open at once.
        before = (
            Visitor.objects.select_for_update()
            .filter(pk=visitor_id)
            .values_list("connections", "contact_id", "workspace_id")
            .first()
        )
        if before is None:
            return
        Visitor.objects.filter(pk=visitor_id).update(**updates)
        was_there, contact_id, workspace_id = before[0] > 0, before[1], before[2]
        if contact_id is not None and was_there != (before[0] + connections > 0):
            publish_on_commit(ContactUpdated(workspace_id=workspace_id, contact_id=contact_id))
