"""How the bot's part of a conversation reads on the agents' timeline."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def handoff_reason_label(reason: str) -> str:
    return {
        "complaint": _("a complaint"),
        "angry": _("an upset customer"),
        "urgent": _("urgent"),
        "greeting": _("a greeting only"),
        "thanks": _("a thank-you only"),
        "specific_order": _("about one specific order"),
        "payment": _("about a payment"),
        "account": _("about the customer's account"),
        "off_topic": _("off-topic"),
        "low_confidence": _("no article fits well enough"),
        "no_articles": _("no published articles"),
        "bot_answered_last": _("the bot answered last"),
        "rule_assigned": _("a rule assigned an agent"),
        "urgent_priority": _("the conversation is urgent"),
    }.get(reason, reason)


def bot_activity_text(data: dict[str, Any]) -> str:
    """E.g. "Bot: answered with 'Kargo takibi' — customer: No"."""
    event = data.get("event")
    article = str(data.get("article") or "")
    if event == "answered":
        return _("Bot: answered with '%(article)s' — waiting for the customer") % {"article": article}
    if event == "solved":
        return _("Bot: answered with '%(article)s' — customer: Yes, solved") % {"article": article}
    if event == "handed_off":
        if data.get("cause") == "said_no":
            return _("Bot: answered with '%(article)s' — customer: No, handed to the team") % {
                "article": article
            }
        return _("Bot: answered with '%(article)s' — the customer wrote again, handed to the team") % {
            "article": article
        }
    reason = handoff_reason_label(str(data.get("reason") or ""))
    if article:
        return _("Bot: left it to the team (%(reason)s); closest article '%(article)s'") % {
            "reason": reason,
            "article": article,
        }
    return _("Bot: left it to the team (%(reason)s)") % {"reason": reason}
