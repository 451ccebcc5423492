"""Reads of contacts that the agent pages and the API share."""

from __future__ import annotations

from django.db.models import QuerySet

from yanit.accounts.models import Agent
from yanit.contacts.models import Contact
from yanit.core.text import search_terms


def matching_contacts(agent: Agent, q: str) -> QuerySet[Contact]:
    """Contacts of the agent's workspace with every word of ``q`` in their name, email or phone
    (in any spelling: ``search_text`` is folded the same way); unordered."""
    qs = Contact.objects.filter(workspace_id=agent.workspace_id)
    for term in search_terms(q):
        qs = qs.filter(search_text__contains=term)
    return qs
