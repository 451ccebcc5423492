"""Retries and races: one turn per message, and never two answers in a row, on both databases.

The decision is slowed down by 200 ms so that, without the conversation lock and the one-turn-
per-message constraint, the racing threads would all decide and answer.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from tests.bot.conftest import KARGO_SUMMARY
from tests.factories import World, make_world, receive
from yanit.bot.decision import Suggestion
from yanit.bot.models import BotTurn
from yanit.bot.services import live
from yanit.bot.services.settings import do_set_bot_enabled
from yanit.conversations.models import Message
from yanit.kb.index_state import bump
from yanit.kb.models import Article, ExampleQuestion

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def slow_decisions(monkeypatch: pytest.MonkeyPatch) -> None:
    from yanit.bot.decide import suggest

    def slow(*args: Any, **kwargs: Any) -> Suggestion:
        found = suggest(*args, **kwargs)
        time.sleep(0.2)
        return found

    monkeypatch.setattr(live, "decider", lambda: slow)


def faq_world() -> World:
    world = make_world("Yarış")
    article = Article.objects.create(
        workspace=world.workspace,
        slug="kargo-takibi",
        title="Kargo takibi",
        summary=KARGO_SUMMARY,
        status=Article.Status.PUBLISHED,
    )
    for text in ("kargom nerede kaldı", "siparişimi nasıl takip ederim", "kargo takip numarası"):
        ExampleQuestion.objects.create(workspace=world.workspace, article=article, text=text)
    bump(world.workspace.pk)
    return world


def race(targets: list[Callable[[], Any]]) -> list[BaseException]:
    barrier = threading.Barrier(len(targets))
    errors: list[BaseException] = []

    def run(target: Callable[[], Any]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            target()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    connection.close()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_the_same_message_handled_five_times_at_once_answers_once(db: None, slow_decisions: None) -> None:
    world = faq_world()
    message = receive(world.inbox, "siparişimi nasıl takip ederim").message  # bot still off
    do_set_bot_enabled(world.owner, world.inbox, True)
    errors = race([lambda: live.on_customer_message(message.pk) for _ in range(5)])
    assert errors == []
    [turn] = BotTurn.objects.filter(conversation_id=message.conversation_id)
    assert (turn.message_id, turn.decision, turn.outcome) == (message.pk, "answer", "pending")
    assert Message.objects.filter(conversation_id=message.conversation_id, kind="automated").count() == 1


def test_two_questions_racing_get_one_answer(db: None, slow_decisions: None) -> None:
    world = faq_world()
    first = receive(world.inbox, "siparişimi nasıl takip ederim").message
    second = receive(world.inbox, "kargo takip numarası nerede").message
    assert first.conversation_id == second.conversation_id
    do_set_bot_enabled(world.owner, world.inbox, True)
    errors = race([lambda: live.on_customer_message(first.pk), lambda: live.on_customer_message(second.pk)])
    assert errors == []
    turns = list(BotTurn.objects.filter(conversation_id=first.conversation_id).order_by("pk"))
    assert [t.decision for t in turns].count("answer") == 1
    # The other message either lost the race under the lock (a handoff turn) or, if it came
    # later, was written before the answer and is covered by it (no turn).
    assert [t.reason for t in turns if t.decision == "handoff"] in ([], ["bot_answered_last"])
    assert Message.objects.filter(conversation_id=first.conversation_id, kind="automated").count() == 1
