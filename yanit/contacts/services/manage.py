"""Editing and merging contacts."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.contacts.events import ContactsMerged, ContactUpdated
from yanit.contacts.models import Contact, ContactIdentity
from yanit.contacts.services.identify import contact_search_text, normalize_email, normalize_phone
from yanit.conversations.models import Activity, Conversation, Message
from yanit.core.errors import Conflict, NotFound, ValidationFailed
from yanit.core.events import publish_on_commit

MAX_ATTRIBUTES = 50


def access_contact(agent: Agent, contact_id: int) -> Contact:
    try:
        return Contact.objects.get(pk=contact_id, workspace_id=agent.workspace_id)
    except (Contact.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Contact not found."), details={"contact_id": contact_id}) from None


def check_attributes(attributes: Any) -> dict[str, str]:
    if not isinstance(attributes, dict):
        raise ValidationFailed(_("Attributes must be an object of names to values."))
    if len(attributes) > MAX_ATTRIBUTES:
        raise ValidationFailed(_("At most %(n)d attributes.") % {"n": MAX_ATTRIBUTES})
    cleaned: dict[str, str] = {}
    for key, value in attributes.items():
        name = str(key).strip()[:60]
        if not name:
            raise ValidationFailed(_("Attribute names can't be empty."))
        if value is None:
            continue
        if not isinstance(value, str | int | float | bool):
            raise ValidationFailed(
                _("Attribute values must be text or numbers."), details={"attribute": name}
            )
        cleaned[name] = str(value)[:500]
    return cleaned


@transaction.atomic
def do_update_contact(
    agent: Agent,
    contact: Contact,
    *,
    name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    attributes: dict[str, Any] | None = None,
) -> Contact:
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if name is not None:
        contact.name = name.strip()[:200]
    for kind, raw, normalizer in (
        (ContactIdentity.Kind.EMAIL, email, normalize_email),
        (ContactIdentity.Kind.PHONE, phone, normalize_phone),
    ):
        if raw is None:
            continue
        value = normalizer(raw)
        owner = (
            ContactIdentity.objects.filter(
                workspace_id=contact.workspace_id, kind=kind, namespace="", value=value
            )
            .exclude(contact=contact)
            .values_list("contact_id", flat=True)
            .first()
        )
        if value and owner:
            raise Conflict(
                _("Another contact already has %(value)s; merge the two instead.") % {"value": value},
                details={"field": kind, "contact_id": owner},
            )
        setattr(contact, kind, value)
        if value:
            ContactIdentity.objects.get_or_create(
                workspace_id=contact.workspace_id, contact=contact, kind=kind, namespace="", value=value
            )
    if attributes is not None:
        merged = {**contact.attributes, **check_attributes(attributes)}
        contact.attributes = {k: v for k, v in merged.items() if attributes.get(k, "") is not None}
    contact.search_text = contact_search_text(contact)
    contact.save()
    publish_on_commit(ContactUpdated(workspace_id=contact.workspace_id, contact_id=contact.pk))
    return contact


@transaction.atomic
def do_merge_contacts(agent: Agent, target: Contact, source: Contact) -> Contact:
    """Fold ``source`` into ``target``: conversations, identities, missing details, attributes."""
    if target.pk == source.pk:
        raise ValidationFailed(_("A contact can't be merged with itself."))
    if target.workspace_id != source.workspace_id or target.workspace_id != agent.workspace_id:
        raise NotFound(_("Contact not found."))
    target = Contact.objects.select_for_update().get(pk=target.pk)
    source = Contact.objects.select_for_update().get(pk=source.pk)

    conversation_ids = tuple(Conversation.objects.filter(contact=source).values_list("id", flat=True))
    Conversation.objects.filter(contact=source).update(contact=target)
    Message.objects.filter(sender_contact=source).update(sender_contact=target)

    for identity in ContactIdentity.objects.filter(contact=source):
        identity.contact = target
        identity.save(update_fields=["contact"])
    for field in ("name", "email", "phone"):
        if not getattr(target, field) and getattr(source, field):
            setattr(target, field, getattr(source, field))
    target.attributes = {**source.attributes, **target.attributes}
    target.search_text = contact_search_text(target)
    target.save()

    now = timezone.now()
    Activity.objects.bulk_create(
        Activity(
            workspace_id=target.workspace_id,
            conversation_id=cid,
            actor=agent,
            verb=Activity.Verb.CONTACT_MERGED,
            data={"from": source.display_name, "into": target.display_name, "into_id": target.pk},
            created_at=now,
        )
        for cid in conversation_ids
    )
    merged_id = source.pk
    source.delete()
    publish_on_commit(
        ContactsMerged(
            workspace_id=target.workspace_id,
            contact_id=target.pk,
            merged_contact_id=merged_id,
            conversation_ids=conversation_ids,
        )
    )
    return target
