"""The instant-answer bot's decision for a message: ``POST /bot/suggest``.

The same ``yanit.bot.decide.suggest`` the live channels run, so a store can test its knowledge
base ("would the bot answer this?") or run the bot from its own systems."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import field_validator

from yanit.api.schemas import COMMON_ERRORS, Id
from yanit.api.security import current_agent
from yanit.bot.decide import suggest
from yanit.conversations.services.access import access_conversation

router = Router(tags=["instant-answer bot"])

MAX_TEXT_CHARS = 4000


class SuggestIn(Schema):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="The customer's message")
    language: Literal["tr", "en"] | None = Field(default=None, description="Default: guessed from the text")
    conversation_id: Id | None = Field(
        default=None, description="The conversation it arrived in: the bot never answers twice in a row"
    )

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("The text is empty.")
        return value


class CandidateOut(Schema):
    article_id: int
    score: float


class SuggestOut(Schema):
    decision: Literal["answer", "handoff"]
    article_id: int | None = Field(description="The best article; also set for a handoff when one matched")
    confidence: float = Field(description="0–1; the bot answers only above its threshold")
    candidates: list[CandidateOut] = Field(description="Up to 5 articles, best first")
    reason: str = Field(
        description='"confident" for an answer; for a handoff: complaint, angry, urgent, greeting, thanks, '
        "specific_order, payment, account, off_topic, low_confidence, no_articles, bot_answered_last"
    )
    language: Literal["tr", "en"]


@router.post(
    "/bot/suggest",
    response={200: SuggestOut, **COMMON_ERRORS},
    summary="What the bot would do with a message",
)
def bot_suggest(request: HttpRequest, payload: SuggestIn) -> dict[str, Any]:
    agent = current_agent(request)
    conversation_id = None
    if payload.conversation_id is not None:
        conversation_id = access_conversation(agent, payload.conversation_id).pk
    result = suggest(agent.workspace_id, payload.text, payload.language, conversation_id=conversation_id)
    return {
        "decision": result.decision,
        "article_id": result.article_id,
        "confidence": result.confidence,
        "candidates": [{"article_id": c.article_id, "score": c.score} for c in result.candidates],
        "reason": result.reason,
        "language": result.language,
    }
