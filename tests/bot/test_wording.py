"""Reading a customer's yes or no, and the timeline lines of the bot's decisions."""

from __future__ import annotations

import pytest
from django.utils import translation

from yanit.bot.display import bot_activity_text
from yanit.bot.services.wording import read_feedback


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("evet", "yes"),
        ("EVET", "yes"),
        ("Evet, çözüldü!", "yes"),
        ("evet cozuldu", "yes"),
        ("Yes, solved", "yes"),
        ("hayır", "no"),
        ("HAYIR.", "no"),
        ("hayir", "no"),
        ("Hayır, temsilciye bağlan", "no"),
        ("No, connect me to an agent", "no"),
        ("hayır kargom hala gelmedi", None),
        ("evet ama iade de etmek istiyorum", None),
        ("kargom nerede", None),
        ("", None),
    ],
)
def test_read_feedback(text: str, expected: str | None) -> None:
    assert read_feedback(text) == expected


def test_explicit_feedback_wins_and_other_values_are_ignored() -> None:
    assert read_feedback("bağlan", {"bot_feedback": "no"}) == "no"
    assert read_feedback("evet", {"bot_feedback": "maybe"}) == "yes"
    assert read_feedback("tamam", {"bot_feedback": "maybe"}) is None


def test_timeline_lines() -> None:
    with translation.override("tr"):
        assert (
            bot_activity_text({"event": "handoff", "reason": "specific_order", "article": "Kargo takibi"})
            == "Bot: ekibe bıraktı (belirli bir sipariş hakkında); en yakın makale 'Kargo takibi'"
        )
        assert (
            bot_activity_text({"event": "handoff", "reason": "greeting"})
            == "Bot: ekibe bıraktı (yalnızca selamlama)"
        )
    with translation.override("en"):
        assert (
            bot_activity_text({"event": "handed_off", "cause": "said_no", "article": "Returns"})
            == "Bot: answered with 'Returns' — customer: No, handed to the team"
        )
