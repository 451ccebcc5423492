"""What the instant-answer bot decides about one customer message: the shape shared by the live
channels, the agent's suggestions and ``POST /api/v1/bot/suggest``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Decision = Literal["answer", "handoff"]


@dataclass(frozen=True)
class Candidate:
    article_id: int
    score: float


@dataclass(frozen=True)
class Suggestion:
    decision: Decision
    # The chosen article (also set for a handoff when one matched, so agents still see it).
    article_id: int | None
    confidence: float
    candidates: list[Candidate] = field(default_factory=list)
    # Why: "confident" for an answer; for a handoff e.g. "complaint", "angry", "urgent",
    # "greeting", "thanks", "specific_order", "payment", "account", "off_topic", "low_confidence",
    # "no_articles", "bot_answered_last".
    reason: str = ""
    language: str = "tr"
