"""Loading conversations with the workspace check every caller needs."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.conversations.models import Conversation
from yanit.core.errors import NotFound


def access_conversation(
    agent: Agent, conversation_id: int | str, *, for_update: bool = False
) -> Conversation:
    queryset = Conversation.objects.filter(workspace_id=agent.workspace_id)
    if for_update:
        queryset = queryset.select_for_update()
    try:
        return queryset.select_related("contact", "inbox", "assignee__user", "team").get(
            pk=int(conversation_id)
        )
    except (Conversation.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Conversation not found."), details={"conversation_id": conversation_id}) from None
