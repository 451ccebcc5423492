"""The customer sidebar: details, inline edits, every conversation on any channel, and merging
a duplicate into this contact."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yanit.accounts.models import Agent
from yanit.connectors.webchat.queries import visitor_info
from yanit.contacts.models import Contact
from yanit.contacts.services.identify import format_phone
from yanit.contacts.services.manage import access_contact, do_merge_contacts, do_update_contact
from yanit.conversations.models import Conversation
from yanit.conversations.queries import contact_conversations
from yanit.conversations.services.access import access_conversation
from yanit.core.errors import ValidationFailed
from yanit.web import lookups
from yanit.web.access import agent_required
from yanit.web.views.chat import is_chat
from yanit.web.views.common import agent_of, domain_errors

EDITABLE = ("name", "email", "phone", "attribute")


def sidebar_context(agent: Agent, contact: Contact, conversation: Conversation | None) -> dict[str, Any]:
    return {
        "contact": contact,
        "contact_phone": format_phone(contact.phone),
        "contact_attributes": sorted(contact.attributes.items()),
        "contact_conversations": contact_conversations(agent, contact.pk),
        "current_conversation_id": conversation.pk if conversation else None,
        "chat_visitor": visitor_info(conversation) if conversation and is_chat(conversation) else None,
        "current_rating": conversation if conversation and conversation.rating else None,
    }


def _context_conversation(request: HttpRequest) -> Conversation | None:
    raw = request.POST.get("conversation") or request.GET.get("conversation")
    return access_conversation(agent_of(request), raw) if raw else None


def _sidebar(request: HttpRequest, contact: Contact) -> HttpResponse:
    agent = agent_of(request)
    context = sidebar_context(agent, contact, _context_conversation(request))
    return render(request, "web/_contact_sidebar.html", context)


@require_GET
@agent_required
@domain_errors()
def contact_sidebar(request: HttpRequest, contact_id: int) -> HttpResponse:
    return _sidebar(request, access_contact(agent_of(request), contact_id))


@require_http_methods(["GET", "POST"])
@agent_required
@domain_errors("#contact-errors-{field}")
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    """GET: the inline form for one field; POST: save it and show the sidebar again."""
    agent = agent_of(request)
    contact = access_contact(agent, contact_id)
    params = request.POST if request.method == "POST" else request.GET
    field = params.get("field", "")
    if field not in EDITABLE:
        raise ValidationFailed(_("This field can't be edited."))
    if request.method == "GET":
        value = {"attribute": "", "phone": format_phone(contact.phone)}.get(
            field, getattr(contact, field, "")
        )
        return render(
            request,
            "web/_contact_field_form.html",
            {
                "contact": contact,
                "field": field,
                "value": value,
                "conversation_id": params.get("conversation", ""),
            },
        )
    if field == "attribute":
        key = request.POST.get("key", "").strip()
        if not key:
            raise ValidationFailed(_("Give the attribute a name."))
        do_update_contact(agent, contact, attributes={key: request.POST.get("value", "").strip()})
    elif field == "name":
        do_update_contact(agent, contact, name=request.POST.get("value", ""))
    elif field == "email":
        do_update_contact(agent, contact, email=request.POST.get("value", ""))
    else:
        do_update_contact(agent, contact, phone=request.POST.get("value", ""))
    return _sidebar(request, access_contact(agent, contact_id))


@require_POST
@agent_required
@domain_errors("#contact-errors-attribute")
def contact_attribute_remove(request: HttpRequest, contact_id: int) -> HttpResponse:
    agent = agent_of(request)
    contact = access_contact(agent, contact_id)
    do_update_contact(agent, contact, attributes={request.POST.get("key", ""): None})
    return _sidebar(request, access_contact(agent, contact_id))


@require_http_methods(["GET", "POST"])
@agent_required
@domain_errors("#contact-errors-merge")
def contact_merge(request: HttpRequest, contact_id: int) -> HttpResponse:
    """GET ``q``: search for the duplicate; GET ``other``: confirm; POST ``other``: merge it in."""
    agent = agent_of(request)
    contact = access_contact(agent, contact_id)
    params = request.POST if request.method == "POST" else request.GET
    conversation_id = params.get("conversation", "")
    other_id = params.get("other", "")
    if request.method == "POST":
        if not other_id:
            raise ValidationFailed(_("Choose the contact to merge."))
        do_merge_contacts(agent, contact, access_contact(agent, other_id))  # type: ignore[arg-type]
        return _sidebar(request, access_contact(agent, contact_id))
    if other_id:
        other = access_contact(agent, other_id)  # type: ignore[arg-type]
        return render(
            request,
            "web/_contact_merge.html",
            {
                "contact": contact,
                "other": other,
                "other_phone": format_phone(other.phone),
                "other_conversations": len(contact_conversations(agent, other.pk)),
                "conversation_id": conversation_id,
            },
        )
    q = request.GET.get("q", "")
    return render(
        request,
        "web/_contact_merge.html",
        {
            "contact": contact,
            "q": q,
            "candidates": lookups.search_contacts(agent, q, exclude_id=contact.pk) if q.strip() else [],
            "searched": bool(q.strip()),
            "conversation_id": conversation_id,
        },
    )
