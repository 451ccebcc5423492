"""The bot on live channels: answers once, hands off on "no" or a further message, solves on "yes"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.automation.helpers import kw, make_rule
from tests.bot.conftest import IADE_SUMMARY, KARGO_SUMMARY, route_round_robin
from tests.factories import World
from yanit.automation.models import Trigger
from yanit.bot.models import BotTurn
from yanit.bot.services.live import on_customer_message
from yanit.bot.services.settings import do_set_bot_enabled
from yanit.conversations.models import Activity, Conversation, Message
from yanit.conversations.services.reply import do_send_reply
from yanit.conversations.services.update import do_update_conversation
from yanit.core.errors import ValidationFailed
from yanit.inboxes.models import Inbox
from yanit.kb.models import Article
from yanit.web.timeline import thread_entries

pytestmark = pytest.mark.django_db

Say = Callable[..., Any]


def bot_messages(conversation: Conversation) -> list[Message]:
    return list(Message.objects.filter(conversation=conversation, kind=Message.Kind.AUTOMATED).order_by("pk"))


def bot_lines(conversation: Conversation) -> list[str]:
    return [e.text for e in thread_entries(conversation) if e.kind == "activity" and e.item.verb == "bot"]


def test_disabled_inbox_gets_no_answer(
    world: World, articles: dict[str, Article], customer_says: Say
) -> None:
    result = customer_says(world.inbox, "Kargom nerede, takip numarası gelmedi")
    assert BotTurn.objects.count() == 0
    assert bot_messages(result.conversation) == []


def test_whatsapp_inbox_cannot_turn_the_bot_on(world: World) -> None:
    inbox = Inbox.objects.create(workspace=world.workspace, name="WhatsApp", channel="whatsapp")
    with pytest.raises(ValidationFailed):
        do_set_bot_enabled(world.owner, inbox, True)


def test_faq_question_gets_the_article_once_without_stopping_the_sla(
    world: World, articles: dict[str, Article], bot_inbox: Inbox, customer_says: Say
) -> None:
    result = customer_says(bot_inbox, "kargom nerde acaba takip nosu gelmedi")
    turn = BotTurn.objects.get(message=result.message)
    assert (turn.decision, turn.outcome, turn.article_id) == ("answer", "pending", articles["kargo"].pk)
    [reply] = bot_messages(result.conversation)
    assert turn.reply_id == reply.pk
    url = f"http://127.0.0.1:8000/help/{world.workspace.slug}/tr/kargo-takibi/"
    ask = 'İşinize yaradı mı? "evet" ya da "hayır" yazarak yanıtlayın.'
    assert reply.text == f"{KARGO_SUMMARY}\n\nKargo takibi: {url}\n\n{ask}"
    assert reply.metadata["bot"] == {
        "turn": turn.pk,
        "article": articles["kargo"].pk,
        "article_title": "Kargo takibi",
        "article_url": url,
        "language": "tr",
        "quick_replies": [
            {"id": "yes", "label": "Evet, çözüldü"},
            {"id": "no", "label": "Hayır, temsilciye bağlan"},
        ],
    }
    conversation = Conversation.objects.get(pk=result.conversation.pk)
    # An automated answer is no first response and the customer still waits for a person.
    assert conversation.first_response_at is None
    assert conversation.waiting_since is not None
    assert conversation.status == "open"
    assert bot_lines(conversation) == [
        "Bot: 'Kargo takibi' makalesiyle yanıtladı — müşterinin yanıtı bekleniyor"
    ]
    # The same message handled again (a retry) changes nothing.
    assert on_customer_message(result.message.pk) == turn
    assert BotTurn.objects.count() == 1
    assert len(bot_messages(conversation)) == 1


def test_a_further_message_hands_off_and_the_bot_stays_silent(
    world: World, articles: dict[str, Article], bot_inbox: Inbox, customer_says: Say
) -> None:
    first = customer_says(bot_inbox, "kargom nerede")
    agent = route_round_robin(world)
    second = customer_says(bot_inbox, "iade nasıl yapılıyor peki")
    turn = BotTurn.objects.get(message=first.message)
    assert turn.outcome == "handed_off"
    assert turn.closed_at is not None
    # The further message is the team's: no turn, no second answer.
    assert not BotTurn.objects.filter(message=second.message).exists()
    conversation = Conversation.objects.get(pk=first.conversation.pk)
    assert conversation.assignee_id == agent.pk
    assert len(bot_messages(conversation)) == 1
    assert bot_lines(conversation) == [
        "Bot: 'Kargo takibi' makalesiyle yanıtladı — müşterinin yanıtı bekleniyor",
        "Bot: 'Kargo takibi' makalesiyle yanıtladı — müşteri tekrar yazdı, ekibe aktarıldı",
    ]
    # Still silent on a third message, though it is a FAQ again.
    third = customer_says(bot_inbox, "kargo takibi nasıl yapılır")
    assert not BotTurn.objects.filter(message=third.message).exists()
    assert len(bot_messages(conversation)) == 1


def test_no_hands_off_with_a_message_and_routes(
    world: World, articles: dict[str, Article], bot_inbox: Inbox, customer_says: Say
) -> None:
    first = customer_says(bot_inbox, "iade etmek istiyorum nasıl olacak")
    agent = route_round_robin(world)
    no = customer_says(bot_inbox, "Hayır.")
    turn = BotTurn.objects.get(message=first.message)
    assert (turn.article_id, turn.outcome) == (articles["iade"].pk, "handed_off")
    assert not BotTurn.objects.filter(message=no.message).exists()
    conversation = Conversation.objects.get(pk=first.conversation.pk)
    assert conversation.assignee_id == agent.pk
    assert [m.text.split("\n")[0] for m in bot_messages(conversation)] == [
        IADE_SUMMARY,
        "Kusura bakmayın. Sizi bir ekip arkadaşımıza aktarıyorum, birazdan buradan yanıt verecek.",
    ]
    assert (
        bot_lines(conversation)[-1]
        == "Bot: 'İade koşulları' makalesiyle yanıtladı — müşteri: Hayır, ekibe aktarıldı"
    )
    assert Activity.objects.filter(conversation=conversation, verb="assigned", actor_kind="bot").count() == 1


def test_yes_resolves_and_a_new_message_reopens(
    world: World, articles: dict[str, Article], bot_inbox: Inbox, customer_says: Say
) -> None:
    first = customer_says(bot_inbox, "kargomu nasıl takip ederim")
    customer_says(bot_inbox, "Evet, çözüldü!")
    turn = BotTurn.objects.get(message=first.message)
    assert turn.outcome == "solved"
    conversation = Conversation.objects.get(pk=first.conversation.pk)
    assert conversation.status == "resolved"
    assert bot_messages(conversation)[-1].text == (
        "Yardımcı olabildiysek ne mutlu! Başka bir konuda yardım gerekirse buraya yazmanız yeterli."
    )
    assert bot_lines(conversation)[-1] == "Bot: 'Kargo takibi' makalesiyle yanıtladı — müşteri: Evet, çözüldü"
    # "evet" again (a double tap) changes nothing.
    customer_says(bot_inbox, "evet")
    conversation = Conversation.objects.get(pk=conversation.pk)
    assert len(bot_messages(conversation)) == 2
    # A later question reopens it for the team: the bot's last word was an answer, so it does
    # not answer again (never twice in a row), but the closest article is on the turn for agents.
    later = customer_says(bot_inbox, "iade nasıl yapılır")
    conversation = Conversation.objects.get(pk=conversation.pk)
    assert conversation.status == "open"
    turn = BotTurn.objects.get(message=later.message)
    assert (turn.decision, turn.reason, turn.article_id) == (
        "handoff",
        "bot_answered_last",
        articles["iade"].pk,
    )
    assert len(bot_messages(conversation)) == 2


def test_bot_stays_silent_once_an_agent_replied(
    world: World, articles: dict[str, Article], bot_inbox: Inbox, customer_says: Say
) -> None:
    first = customer_says(bot_inbox, "siparişim 4521 neden iptal oldu")
    do_send_reply(world.agent, first.conversation, "Hemen bakıyorum.")
    second = customer_says(bot_inbox, "kargom nerede")
    assert not BotTurn.objects.filter(message=second.message).exists()
    assert bot_messages(first.conversation) == []


def test_greeting_alone_is_left_to_the_team_but_the_question_after_it_is_answered(
    world: World, articles: dict[str, Article], bot_inbox: Inbox, customer_says: Say
) -> None:
    hello = customer_says(bot_inbox, "Merhaba")
    turn = BotTurn.objects.get(message=hello.message)
    assert (turn.decision, turn.reason, turn.outcome) == ("handoff", "greeting", "")
    question = customer_says(bot_inbox, "kargom ne zaman gelir")
    assert BotTurn.objects.get(message=question.message).decision == "answer"


def test_complaint_goes_to_the_team_and_silences_the_bot(
    world: World, articles: dict[str, Article], bot_inbox: Inbox, customer_says: Say
) -> None:
    angry = customer_says(bot_inbox, "REZALET! 3 haftadır kargom gelmedi, param iade edilsin hemen")
    turn = BotTurn.objects.get(message=angry.message)
    assert turn.decision == "handoff"
    assert turn.reason in {"complaint", "angry"}
    assert bot_messages(angry.conversation) == []
    later = customer_says(bot_inbox, "kargo takibi nasıl yapılır")
    assert not BotTurn.objects.filter(message=later.message).exists()


def test_rule_that_assigns_or_sets_urgent_keeps_the_bot_silent(
    world: World, articles: dict[str, Article], bot_inbox: Inbox, customer_says: Say
) -> None:
    make_rule(
        world.owner,
        name="Kargo acil",
        trigger=Trigger.CONVERSATION_CREATED,
        conditions=[kw("acil")],
        actions=[{"type": "set_priority", "priority": "urgent"}],
    )
    result = customer_says(bot_inbox, "acil kargom nerede")
    turn = BotTurn.objects.get(message=result.message)
    assert (turn.decision, turn.reason) == ("handoff", "urgent_priority")
    assert bot_messages(result.conversation) == []
    assert bot_lines(result.conversation) == ["Bot: ekibe bıraktı (konuşma acil)"]


def test_unpublished_or_bot_disabled_article_is_never_sent(
    world: World, articles: dict[str, Article], bot_inbox: Inbox, customer_says: Say
) -> None:
    Article.objects.filter(pk=articles["kargo"].pk).update(bot_enabled=False)
    result = customer_says(bot_inbox, "kargom nerede")
    assert bot_messages(result.conversation) == []
    assert BotTurn.objects.get(message=result.message).decision == "handoff"


def test_manual_status_change_does_not_confuse_feedback(
    world: World, articles: dict[str, Article], bot_inbox: Inbox, customer_says: Say
) -> None:
    first = customer_says(bot_inbox, "kargom nerede")
    do_update_conversation(world.agent, first.conversation, status="resolved")
    customer_says(bot_inbox, "hayır")
    turn = BotTurn.objects.get(message=first.message)
    assert turn.outcome == "handed_off"
    assert Conversation.objects.get(pk=first.conversation.pk).status == "open"
