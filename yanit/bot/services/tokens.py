"""Signed yes/no links in the bot's email answers: whoever holds the email may answer, no login."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from yanit.bot.services.wording import NO, YES

SALT = "yanit.bot.feedback"
# Long enough for a customer who reads the email a few weeks later.
MAX_AGE_SECONDS = 60 * 24 * 3600


def feedback_token(turn_id: int, answer: str) -> str:
    return signing.dumps({"t": turn_id, "a": answer}, salt=SALT, compress=False)


def read_token(token: str) -> tuple[int, str] | None:
    """(turn id, "yes"|"no"), or None for a forged, altered or expired token."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") not in (YES, NO) or not isinstance(data.get("t"), int):
        return None
    return int(data["t"]), str(data["a"])


def feedback_links(turn_id: int) -> dict[str, str]:
    return {
        answer: f"{settings.YANIT_BASE_URL}/bot/feedback/{feedback_token(turn_id, answer)}/"
        for answer in (YES, NO)
    }
