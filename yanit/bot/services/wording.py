"""What the bot says, in the customer's language, and how it reads a customer's yes or no."""

from __future__ import annotations

import re
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from yanit.core.text import search_fold
from yanit.inboxes.models import Inbox
from yanit.kb.models import Article

YES = "yes"
NO = "no"

# Folded (lower case, no Turkish letters) short replies that mean yes or no. A longer message is
# a new question or a complaint, never feedback: "hayır kargom hala gelmedi" goes to a person as
# a further message anyway, so only these exact short forms are read as feedback.
_YES_WORDS = frozenset(
    {
        "evet",
        "evet cozuldu",
        "evet tesekkurler",
        "evet tesekkur ederim",
        "cozuldu",
        "cozuldu tesekkurler",
        "oldu",
        "oldu tesekkurler",
        "tamam cozuldu",
        "yes",
        "yes solved",
        "yes thanks",
        "yes thank you",
        "solved",
    }
)
_NO_WORDS = frozenset(
    {
        "hayir",
        "hayir temsilciye baglan",
        "hayir cozulmedi",
        "cozulmedi",
        "olmadi",
        "temsilci",
        "temsilciye baglan",
        "no",
        "no connect me to an agent",
        "no not solved",
        "not solved",
        "agent",
    }
)
_PUNCTUATION = re.compile(r"[^\w\s]+")


def read_feedback(text: str, metadata: dict[str, Any] | None = None) -> str | None:
    """ "yes", "no" or None (the message is not an answer to "Did this solve it?")."""
    explicit = (metadata or {}).get("bot_feedback")
    if explicit in (YES, NO):
        return str(explicit)
    folded = " ".join(_PUNCTUATION.sub(" ", search_fold(text or "")).split())
    if folded in _YES_WORDS:
        return YES
    if folded in _NO_WORDS:
        return NO
    return None


def quick_replies(language: str) -> list[dict[str, str]]:
    with translation.override(language):
        return [
            {"id": YES, "label": _("Yes, solved")},
            {"id": NO, "label": _("No, connect me to an agent")},
        ]


def answer_text(
    article: Article,
    *,
    summary: str,
    url: str,
    channel: str,
    language: str,
    links: dict[str, str] | None = None,
) -> str:
    """The bot's answer: the short answer, the article's link and "Did this solve it?" with the
    way to say yes or no that the channel supports."""
    with translation.override(language):
        parts = [summary.strip(), f"{article.title}: {url}"]
        if channel == Inbox.Channel.WEBCHAT:
            parts.append(_("Did this solve it?"))
        elif links:
            parts.append(
                _("Did this solve it? Yes: %(yes)s — No, connect me to an agent: %(no)s")
                % {"yes": links[YES], "no": links[NO]}
                + "\n"
                + _('You can also reply "yes" or "no".')
            )
        else:
            parts.append(_('Did this solve it? Reply "yes" or "no".'))
        return "\n\n".join(p for p in parts if p)


def solved_text(language: str) -> str:
    with translation.override(language):
        return _("Glad it helped! If you need anything else, just write here.")


def handed_off_text(language: str) -> str:
    with translation.override(language):
        return _("Sorry about that. I'm passing you to a team member; they will reply here shortly.")
