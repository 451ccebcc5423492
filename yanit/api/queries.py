"""Reads that only the API needs and that no domain ``queries`` module offers yet.

Every function is scoped by the caller's workspace; nothing here writes. The conversation list
is not here on purpose: it goes through ``yanit.conversations.queries`` like the agent UI.
"""

from __future__ import annotations

from django.db.models import QuerySet

from yanit.accounts.models import Agent, Team
from yanit.contacts.models import Contact
from yanit.contacts.queries import matching_contacts
from yanit.conversations.models import Attachment
from yanit.inboxes.models import Inbox

MAX_PAGE = 100
# Lists come in creation order (by id): the same on SQLite and PostgreSQL whatever their
# collation does with İ/ı, and stable for clients that sync.


def inboxes_of(agent: Agent) -> list[Inbox]:
    return list(Inbox.objects.filter(workspace_id=agent.workspace_id).order_by("id"))


def agents_of(agent: Agent) -> list[Agent]:
    return list(Agent.objects.filter(workspace_id=agent.workspace_id).select_related("user").order_by("id"))


def teams_of(agent: Agent) -> list[Team]:
    return list(
        Team.objects.filter(workspace_id=agent.workspace_id).prefetch_related("members").order_by("id")
    )


def search_contacts(agent: Agent, q: str, *, before_id: int | None, limit: int) -> list[Contact]:
    """Newest contacts first, every folded word of ``q`` in name/email/phone; keyset by id."""
    qs: QuerySet[Contact] = matching_contacts(agent, q)
    if before_id is not None:
        qs = qs.filter(pk__lt=before_id)
    return list(qs.order_by("-id")[:limit])


def attachment_of(agent: Agent, attachment_id: int) -> Attachment | None:
    return Attachment.objects.filter(workspace_id=agent.workspace_id, pk=attachment_id).first()
