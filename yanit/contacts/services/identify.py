"""Finding the customer behind an inbound message, or creating them."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yanit.accounts.models import Workspace
from yanit.contacts.events import ContactUpdated
from yanit.contacts.models import Contact, ContactIdentity
from yanit.core.errors import ValidationFailed
from yanit.core.events import publish_on_commit
from yanit.core.text import search_fold


@dataclass(frozen=True)
class ContactClaim:
    """What a channel tells us about the sender. Every field is optional and untrusted."""

    name: str = ""
    email: str = ""
    phone: str = ""
    external_id: str = ""
    # A chat visitor (``yanit.connectors.webchat``): the browser, before or without any address.
    visitor_id: str = ""
    # Channel-scoped ids (external ids, chat visitors) are unique only within their inbox.
    namespace: str = ""


def normalize_email(raw: str) -> str:
    value = raw.strip().lower()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError as exc:
        raise ValidationFailed(
            _("Not a valid email address: %(value)s") % {"value": raw}, details={"email": raw}
        ) from exc
    return value


def normalize_phone(raw: str, region: str = "TR") -> str:
    """E.164 form of a phone number; Turkish numbers may be written 0532…, 532…, +90 532…."""
    value = raw.strip()
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationFailed(
            _("Not a valid phone number: %(value)s") % {"value": raw}, details={"phone": raw}
        ) from exc
    if not phonenumbers.is_possible_number(parsed):
        raise ValidationFailed(
            _("Not a valid phone number: %(value)s") % {"value": raw}, details={"phone": raw}
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """+905321234567 → +90 532 123 45 67 (the way Turkish numbers are written)."""
    if not e164:
        return ""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def contact_search_text(contact: Contact) -> str:
    return search_fold(" ".join([contact.name, contact.email, contact.phone, contact.phone.lstrip("+")]))[
        :600
    ]


def _identity_keys(claim: ContactClaim, email: str, phone: str) -> list[tuple[str, str, str]]:
    keys: list[tuple[str, str, str]] = []
    if claim.external_id:
        keys.append((ContactIdentity.Kind.EXTERNAL, claim.namespace, claim.external_id.strip()[:320]))
    if claim.visitor_id:
        keys.append((ContactIdentity.Kind.VISITOR, claim.namespace, claim.visitor_id[:320]))
    if email:
        keys.append((ContactIdentity.Kind.EMAIL, "", email))
    if phone:
        keys.append((ContactIdentity.Kind.PHONE, "", phone))
    return keys


def find_or_create_contact(workspace: Workspace, claim: ContactClaim) -> tuple[Contact, bool]:
    """The contact matching the claim's strongest identity (external id, then email, then phone).

    Identities the contact doesn't have yet are added to it, unless they already belong to
    someone else: two people are only joined by an explicit merge, never silently.
    """
    email = normalize_email(claim.email)
    phone = normalize_phone(claim.phone)
    keys = _identity_keys(claim, email, phone)
    if not keys:
        raise ValidationFailed(
            _("The contact needs at least an email, a phone number or an external id."),
            details={"contact": "empty"},
        )
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _find_or_create(workspace, claim, email, phone, keys)
        except IntegrityError:
            # Another request created the same identity at the same moment: look again.
            continue
    return _find_or_create(workspace, claim, email, phone, keys)


def _find_or_create(
    workspace: Workspace, claim: ContactClaim, email: str, phone: str, keys: list[tuple[str, str, str]]
) -> tuple[Contact, bool]:
    existing = {
        (i.kind, i.namespace, i.value): i
        for i in ContactIdentity.objects.filter(
            workspace=workspace, value__in=[k[2] for k in keys]
        ).select_related("contact")
    }
    contact = next((existing[k].contact for k in keys if k in existing), None)
    created = contact is None
    if contact is None:
        contact = Contact(workspace=workspace, name=claim.name.strip()[:200], email=email, phone=phone)
        contact.search_text = contact_search_text(contact)
        contact.save()
    else:
        changed = False
        for field, value in (("name", claim.name.strip()[:200]), ("email", email), ("phone", phone)):
            if value and not getattr(contact, field):
                setattr(contact, field, value)
                changed = True
        if changed:
            contact.search_text = contact_search_text(contact)
            contact.save(update_fields=["name", "email", "phone", "search_text", "updated_at"])
    for key in keys:
        if key not in existing:
            ContactIdentity.objects.create(
                workspace=workspace, contact=contact, kind=key[0], namespace=key[1], value=key[2]
            )
    return contact, created


def fill_contact_details(contact: Contact, *, name: str = "", email: str = "") -> bool:
    """Fill a contact's blank name or email with what the customer told us, as details only.

    No identity is added: an unverified address (typed into a chat widget) must never become
    the key that later joins someone else's mail to this contact.
    """
    email = normalize_email(email) if email else ""
    changed = []
    for field_name, value in (("name", name.strip()[:200]), ("email", email)):
        if value and not getattr(contact, field_name):
            setattr(contact, field_name, value)
            changed.append(field_name)
    if not changed:
        return False
    contact.search_text = contact_search_text(contact)
    contact.save(update_fields=[*changed, "search_text", "updated_at"])
    publish_on_commit(ContactUpdated(workspace_id=contact.workspace_id, contact_id=contact.pk))
    return True
