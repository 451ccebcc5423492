"""The widget's yes/no buttons over the widget's HTTP endpoint: the click is a message with bot_feedback."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.connectors.webchat.conftest import make_chat
from tests.factories import World
from yanit.bot.models import BotTurn
from yanit.bot.services.settings import do_set_bot_enabled
from yanit.conversations.models import Conversation, Message
from yanit.kb.models import Article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("feedback", "outcome", "status"), [("yes", "solved", "resolved"), ("no", "handed_off", "open")]
)
def test_widget_button_click_records_the_answer(
    world: World,
    articles: dict[str, Article],
    django_capture_on_commit_callbacks: Any,
    feedback: str,
    outcome: str,
    status: str,
) -> None:
    chat = make_chat(world)
    do_set_bot_enabled(world.owner, chat.widget.inbox, True)
    token = chat.session()["visitor_token"]
    with django_capture_on_commit_callbacks(execute=True):
        asked = chat.say(token, "kargom nerde kaldı")
    assert asked.status_code in (200, 201), asked.content
    history = chat.get("/messages", token=token).json()["messages"]
    answer = history[-1]
    assert answer["kind"] == "automated"
    assert [q["id"] for q in answer["bot"]["quick_replies"]] == ["yes", "no"]
    # The label a visitor clicks is just text; the choice travels in bot_feedback.
    with django_capture_on_commit_callbacks(execute=True):
        clicked = chat.post(
            "/messages",
            {"client_id": str(uuid.uuid4()), "text": "Bir şey seçtim", "bot_feedback": feedback},
            token=token,
        )
    assert clicked.status_code in (200, 201), clicked.content
    turn = BotTurn.objects.get(conversation__inbox=chat.widget.inbox)
    assert turn.outcome == outcome
    assert Conversation.objects.get(pk=turn.conversation_id).status == status
    click = Message.objects.filter(conversation_id=turn.conversation_id, direction="in").order_by("pk").last()
    assert click is not None
    assert click.metadata["bot_feedback"] == feedback
