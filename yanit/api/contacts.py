"""Contacts: search, read (with every conversation across inboxes), edit, merge."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from yanit.api.conversations import PriorityName, StatusName
from yanit.api.queries import MAX_PAGE, search_contacts
from yanit.api.schemas import COMMON_ERRORS, MAX_ID, AgentRef, ErrorOut, Id, InboxRef, Timestamp
from yanit.api.security import current_agent
from yanit.contacts.models import Contact
from yanit.contacts.services.identify import format_phone
from yanit.contacts.services.manage import access_contact, do_merge_contacts, do_update_contact
from yanit.conversations.models import Conversation
from yanit.conversations.queries import contact_conversations
from yanit.core.errors import ValidationFailed

router = Router(tags=["contacts"])
# "Every conversation" of one customer, bounded so one request stays one cheap query.
MAX_CONTACT_CONVERSATIONS = 1000


class IdentityOut(Schema):
    kind: str
    namespace: str
    value: str


class ContactOut(Schema):
    id: int
    name: str
    email: str
    phone: str = Field(description="E.164, e.g. +905321234567")
    phone_display: str = Field(description="As Turkish numbers are written: +90 532 123 45 67")
    attributes: dict[str, Any]
    created_at: Timestamp
    updated_at: Timestamp


class ContactConversationOut(Schema):
    id: int
    number: int
    subject: str
    status: StatusName
    priority: PriorityName
    inbox: InboxRef
    assignee: AgentRef | None
    last_activity_at: Timestamp
    last_message_preview: str


class ContactDetailOut(ContactOut):
    identities: list[IdentityOut]
    conversations: list[ContactConversationOut]


class ContactPage(Schema):
    items: list[ContactOut]
    next_cursor: str | None


class ContactFilter(Schema):
    q: str = Field(default="", max_length=200, description="Name, email or phone; ı/i, ş/s… match")
    cursor: str | None = Field(default=None, max_length=20)
    limit: int = Field(default=25, ge=1, le=MAX_PAGE)


class ContactPatch(Schema):
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254, description='"" removes it')
    phone: str | None = Field(default=None, max_length=40, description='Any common format; "" removes it')
    attributes: dict[str, Any] | None = Field(default=None, description="Merged; a null value removes a key")


class MergeIn(Schema):
    other_contact_id: Id = Field(description="This contact is merged INTO the one in the URL, then deleted")


def present_contact(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.pk,
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "phone_display": format_phone(contact.phone),
        "attributes": contact.attributes,
        "created_at": contact.created_at,
        "updated_at": contact.updated_at,
    }


def present_contact_conversation(conversation: Conversation) -> dict[str, Any]:
    inbox, assignee = conversation.inbox, conversation.assignee
    return {
        "id": conversation.pk,
        "number": conversation.number,
        "subject": conversation.subject,
        "status": conversation.status,
        "priority": conversation.priority_name,
        "inbox": {"id": inbox.pk, "name": inbox.name, "channel": inbox.channel},
        "assignee": {"id": assignee.pk, "name": assignee.name} if assignee else None,
        "last_activity_at": conversation.last_activity_at,
        "last_message_preview": conversation.last_message_preview,
    }


def contact_detail(request: HttpRequest, contact: Contact) -> dict[str, Any]:
    agent = current_agent(request)
    conversations = contact_conversations(agent, contact.pk, limit=MAX_CONTACT_CONVERSATIONS)
    return {
        **present_contact(contact),
        "identities": [
            {"kind": i.kind, "namespace": i.namespace, "value": i.value}
            for i in contact.identities.order_by("kind", "namespace", "value")
        ],
        "conversations": [present_contact_conversation(c) for c in conversations],
    }


def _cursor_id(cursor: str | None) -> int | None:
    if not cursor:
        return None
    if not (cursor.isascii() and cursor.isdigit()) or not 0 < int(cursor) <= MAX_ID:
        raise ValidationFailed(_("The cursor is not valid."), details={"cursor": cursor})
    return int(cursor)


@router.get("", response={200: ContactPage, **COMMON_ERRORS}, summary="Search contacts, newest first")
def list_contacts(request: HttpRequest, filters: Query[ContactFilter]) -> dict[str, Any]:
    contacts = search_contacts(
        current_agent(request), filters.q, before_id=_cursor_id(filters.cursor), limit=filters.limit + 1
    )
    next_cursor = str(contacts[filters.limit - 1].pk) if len(contacts) > filters.limit else None
    return {"items": [present_contact(c) for c in contacts[: filters.limit]], "next_cursor": next_cursor}


@router.get("/{int:contact_id}", response={200: ContactDetailOut, **COMMON_ERRORS}, summary="One contact")
def get_contact(request: HttpRequest, contact_id: int) -> dict[str, Any]:
    return contact_detail(request, access_contact(current_agent(request), contact_id))


@router.patch(
    "/{int:contact_id}",
    response={200: ContactDetailOut, **COMMON_ERRORS, 409: ErrorOut},
    summary="Change name, email, phone or attributes",
)
def update_contact(request: HttpRequest, contact_id: int, payload: ContactPatch) -> dict[str, Any]:
    agent = current_agent(request)
    contact = access_contact(agent, contact_id)
    contact = do_update_contact(
        agent,
        contact,
        name=payload.name,
        email=payload.email,
        phone=payload.phone,
        attributes=payload.attributes,
    )
    return contact_detail(request, contact)


@router.post(
    "/{int:contact_id}/merge",
    response={200: ContactDetailOut, **COMMON_ERRORS},
    summary="Merge another contact into this one (its conversations and identities move here)",
)
def merge_contacts(request: HttpRequest, contact_id: int, payload: MergeIn) -> dict[str, Any]:
    agent = current_agent(request)
    target = access_contact(agent, contact_id)
    source = access_contact(agent, payload.other_contact_id)
    return contact_detail(request, do_merge_contacts(agent, target, source))
