"""Yes/no on email and form (signed links, or replying "evet"/"hayır") and on the API inbox."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.factories import World
from yanit.bot.models import BotTurn
from yanit.bot.services.settings import do_set_bot_enabled
from yanit.bot.services.tokens import read_token
from yanit.connectors.api.adapter import message_payload
from yanit.connectors.webchat.services.chat import message_data
from yanit.conversations.models import Conversation, Message
from yanit.inboxes.models import Inbox
from yanit.kb.models import Article

pytestmark = pytest.mark.django_db

Say = Callable[..., Any]


@pytest.fixture
def email_inbox(world: World) -> Inbox:
    inbox = Inbox.objects.create(workspace=world.workspace, name="Destek e-postası", channel="email")
    return do_set_bot_enabled(world.owner, inbox, True)


def answer_of(conversation: Conversation) -> Message:
    return Message.objects.filter(conversation=conversation, kind=Message.Kind.AUTOMATED).order_by("pk")[0]


def links_in(text: str) -> list[str]:
    return [u.replace("http://127.0.0.1:8000", "") for u in re.findall(r"http://\S+/bot/feedback/\S+/", text)]


def test_email_answer_carries_signed_yes_and_no_links(
    world: World, articles: dict[str, Article], email_inbox: Inbox, customer_says: Say
) -> None:
    result = customer_says(email_inbox, "Merhabalar, kargomu nereden takip edebilirim?")
    turn = BotTurn.objects.get(message=result.message)
    reply = answer_of(result.conversation)
    yes, no = links_in(reply.text)
    assert read_token(yes.split("/")[3]) == (turn.pk, "yes")
    assert read_token(no.split("/")[3]) == (turn.pk, "no")
    assert 'Bu e-postaya "evet" ya da "hayır" yazarak da yanıt verebilirsiniz.' in reply.text
    assert reply.metadata["bot"]["feedback_links"] == {
        "yes": "http://127.0.0.1:8000" + yes,
        "no": "http://127.0.0.1:8000" + no,
    }


def test_yes_link_asks_to_confirm_then_resolves_once(
    world: World,
    articles: dict[str, Article],
    email_inbox: Inbox,
    customer_says: Say,
    django_capture_on_commit_callbacks: Any,
) -> None:
    result = customer_says(email_inbox, "kargo takip numaram nerede")
    yes, _no = links_in(answer_of(result.conversation).text)
    client = Client()
    page = client.get(yes)
    # Opening the link (a mail scanner does) records nothing.
    assert page.status_code == 200
    assert 'data-testid="feedback-confirm"' in page.text
    assert "Evet, çözüldü" in page.text
    assert BotTurn.objects.get(message=result.message).outcome == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(yes)
    assert "İşinize yaradığına sevindik" in done.text
    assert BotTurn.objects.get(message=result.message).outcome == "solved"
    assert Conversation.objects.get(pk=result.conversation.pk).status == "resolved"
    again = client.post(yes)
    assert 'data-testid="feedback-closed"' in again.text
    assert Message.objects.filter(conversation=result.conversation, kind="automated").count() == 2


def test_no_link_hands_off(
    world: World, articles: dict[str, Article], email_inbox: Inbox, customer_says: Say
) -> None:
    result = customer_says(email_inbox, "iade etmek istiyorum")
    _yes, no = links_in(answer_of(result.conversation).text)
    done = Client().post(no)
    assert "size e-postayla yanıt verecek" in done.text
    assert BotTurn.objects.get(message=result.message).outcome == "handed_off"


def test_forged_or_altered_link_is_refused(
    world: World, articles: dict[str, Article], email_inbox: Inbox, customer_says: Say
) -> None:
    result = customer_says(email_inbox, "kargom nerede")
    yes, _no = links_in(answer_of(result.conversation).text)
    token = yes.split("/")[3]
    forged = Client().post(f"/bot/feedback/{token[:-2]}xx/")
    assert forged.status_code == 404
    assert "Bu bağlantı geçerli değil" in forged.text
    assert Client().get("/bot/feedback/abc/").status_code == 404
    assert BotTurn.objects.get(message=result.message).outcome == "pending"


def test_replying_hayir_by_email_hands_off(
    world: World, articles: dict[str, Article], email_inbox: Inbox, customer_says: Say
) -> None:
    result = customer_says(email_inbox, "kargom nerede")
    customer_says(email_inbox, "Hayir")
    assert BotTurn.objects.get(message=result.message).outcome == "handed_off"


def test_api_webhook_payload_carries_quick_replies_and_feedback_comes_back(
    world: World,
    articles: dict[str, Article],
    bot_inbox: Inbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {world.inbound_token}"}
    contact = {"name": "Ayşe", "external_id": "c-1"}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(
            f"/api/v1/inboxes/{bot_inbox.pk}/inbound",
            {"contact": contact, "text": "kargom nerede kaldı"},
            content_type="application/json",
            **auth,
        )
    assert first.status_code == 201, first.text
    conversation = Conversation.objects.get(pk=first.json()["conversation_id"])
    reply = answer_of(conversation)
    bot = message_payload(reply)["data"]["message"]["bot"]
    assert bot == {
        "article_id": articles["kargo"].pk,
        "article_title": "Kargo takibi",
        "article_url": f"http://127.0.0.1:8000/help/{world.workspace.slug}/tr/kargo-takibi/",
        "quick_replies": [
            {"id": "yes", "label": "Evet, çözüldü"},
            {"id": "no", "label": "Hayır, temsilciye bağlan"},
        ],
    }
    bad = client.post(
        f"/api/v1/inboxes/{bot_inbox.pk}/inbound",
        {"contact": contact, "text": "x", "metadata": {"bot_feedback": "maybe"}},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422
    assert "error" in bad.json()
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(
            f"/api/v1/inboxes/{bot_inbox.pk}/inbound",
            {"contact": contact, "text": "Evet, çözüldü", "metadata": {"bot_feedback": "yes"}},
            content_type="application/json",
            **auth,
        )
    assert second.status_code == 201, second.text
    turn = BotTurn.objects.get(conversation=conversation)
    assert turn.outcome == "solved"
    assert Conversation.objects.get(pk=conversation.pk).status == "resolved"


def test_api_feedback_metadata_wins_over_the_text(
    world: World,
    articles: dict[str, Article],
    bot_inbox: Inbox,
    customer_says: Say,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = customer_says(bot_inbox, "kargom nerede", external_id="c-2")
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            f"/api/v1/inboxes/{bot_inbox.pk}/inbound",
            {"contact": {"external_id": "c-2"}, "text": "bağlan", "metadata": {"bot_feedback": "no"}},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {world.inbound_token}",
        )
    assert response.status_code == 201, response.text
    assert BotTurn.objects.get(message=first.message).outcome == "handed_off"


def test_widget_message_data_shows_the_buttons(
    world: World, articles: dict[str, Article], bot_inbox: Inbox, customer_says: Say
) -> None:
    result = customer_says(bot_inbox, "kargom nerede")
    data = message_data(answer_of(result.conversation), "wk_test", 0)
    assert data["bot"] == {
        "article_title": "Kargo takibi",
        "article_url": f"http://127.0.0.1:8000/help/{world.workspace.slug}/tr/kargo-takibi/",
        "quick_replies": [
            {"id": "yes", "label": "Evet, çözüldü"},
            {"id": "no", "label": "Hayır, temsilciye bağlan"},
        ],
    }
    assert message_data(result.message, "wk_test", 0)["bot"] is None
