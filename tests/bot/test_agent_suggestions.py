"""The conversation sidebar's suggested articles, Insert, and learning an example question."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.factories import World, receive
from yanit.accounts.models import Agent
from yanit.conversations.services.reply import do_send_reply
from yanit.kb.models import Article, ExampleQuestion

pytestmark = pytest.mark.django_db


def test_sidebar_suggests_articles_for_the_last_customer_message(
    world: World, articles: dict[str, Article], client_for: Callable[[Agent], Client]
) -> None:
    conversation = receive(world.inbox, "iade etmek istiyorum, nasıl yapılır?").conversation
    receive(world.inbox, "Hayır, temsilciye bağlan")  # a yes/no to the bot is no question
    client = client_for(world.agent)
    page = client.get(f"/c/{conversation.pk}/")
    assert f'hx-get="/c/{conversation.pk}/articles/"' in page.text
    box = client.get(f"/c/{conversation.pk}/articles/")
    assert box.status_code == 200
    assert "Önerilen makaleler" in box.text
    first = box.text.index('data-testid="kb-suggestion"')
    assert "İade koşulları" in box.text[first : first + 300]
    url = f"http://127.0.0.1:8000/help/{world.workspace.slug}/tr/iade-kosullari/"
    assert f'data-suggestion-text="{articles["iade"].summary}\n\nİade koşulları: {url}"' in box.text


def test_no_match_says_so_and_other_workspaces_are_hidden(
    world: World, other_world: World, articles: dict[str, Article], client_for: Callable[[Agent], Client]
) -> None:
    conversation = receive(world.inbox, "asdf qwer zxcv").conversation
    box = client_for(world.agent).get(f"/c/{conversation.pk}/articles/")
    assert 'data-testid="kb-no-suggestions"' in box.text
    assert client_for(other_world.agent).get(f"/c/{conversation.pk}/articles/").status_code == 404


def test_agent_reply_with_an_article_link_offers_to_save_the_wording(
    world: World, articles: dict[str, Article], client_for: Callable[[Agent], Client]
) -> None:
    wording = "paketimi geri yollamak istiyorum ne yapmalıyım"
    conversation = receive(world.inbox, wording).conversation
    client = client_for(world.agent)
    assert 'data-testid="kb-learn"' not in client.get(f"/c/{conversation.pk}/articles/").text
    url = f"http://127.0.0.1:8000/help/{world.workspace.slug}/tr/iade-kosullari/"
    do_send_reply(world.agent, conversation, f"{articles['iade'].summary}\n\nİade koşulları: {url}")
    box = client.get(f"/c/{conversation.pk}/articles/")
    assert f"'{wording}' sorusunu 'İade koşulları' makalesinin örnek sorusu olarak kaydet" in box.text
    saved = client.post(f"/c/{conversation.pk}/articles/learn/", {"article": articles["iade"].pk})
    assert saved.status_code == 200
    assert 'data-testid="kb-learned"' in saved.text
    assert 'data-testid="kb-learn"' not in saved.text
    example = ExampleQuestion.objects.get(article=articles["iade"], source="conversation")
    assert (example.text, example.conversation_id, example.created_by_id) == (
        wording,
        conversation.pk,
        world.agent.pk,
    )
    # Saving again adds nothing; a wrong article id is refused.
    again: Any = client.post(f"/c/{conversation.pk}/articles/learn/", {"article": articles["iade"].pk})
    assert again.status_code == 200
    assert ExampleQuestion.objects.filter(article=articles["iade"], text=wording).count() == 1
    wrong = client.post(f"/c/{conversation.pk}/articles/learn/", {"article": articles["kargo"].pk})
    assert wrong.status_code == 404
