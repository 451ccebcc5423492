"""Merging a conversation into another: ``POST /conversations/{id}/merge {"into": id}``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from yanit.api.conversations import ConversationOut, present_conversation
from yanit.api.schemas import COMMON_ERRORS
from yanit.api.security import current_agent
from yanit.conversations.services.access import access_conversation
from yanit.conversations.services.merge import do_merge_conversations

router = Router(tags=["conversations"])


class MergeIn(Schema):
    into: int = Field(description="The conversation that keeps both threads")


@router.post(
    "/{int:conversation_id}/merge",
    response={200: ConversationOut, **COMMON_ERRORS},
    summary="Merge this conversation into another; returns the one that remains",
)
def merge_conversation(request: HttpRequest, conversation_id: int, payload: MergeIn) -> dict[str, Any]:
    agent = current_agent(request)
    secondary = access_conversation(agent, conversation_id)
    primary = access_conversation(agent, payload.into)
    do_merge_conversations(agent, secondary, primary, actor_kind="api")
    return present_conversation(access_conversation(agent, primary.pk))
