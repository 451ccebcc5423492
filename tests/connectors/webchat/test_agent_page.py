"""The agent's page for a chat conversation: visitor info, rating, read marks, transcript button,
and what an agent of another workspace can't do."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from tests.adapters import swapped_adapter
from tests.connectors.webchat.conftest import Chat
from tests.connectors.webchat.test_delivery import FakeEmail
from tests.factories import World
from yanit.accounts.models import Agent
from yanit.connectors.webchat.models import Visitor
from yanit.conversations.models import Conversation, Message

pytestmark = pytest.mark.django_db


def login(agent: Agent) -> Client:
    client = Client()
    client.force_login(agent.user)
    session = client.session
    session["workspace_id"] = agent.workspace_id
    session.save()
    return client


@pytest.fixture
def email() -> Iterator[FakeEmail]:
    fake = FakeEmail()
    with swapped_adapter("email", fake):
        yield fake


def _conversation(chat: Chat, **session: str) -> tuple[str, Conversation]:
    token = chat.session(page_url="javascript:alert(1)", **session)["visitor_token"]
    chat.say(token, '<img src=x onerror="alert(1)"> kargom nerede?')
    return token, Conversation.objects.get(inbox=chat.widget.inbox)


def test_page_shows_visitor_rating_and_marks_visitor_messages_read(chat: Chat) -> None:
    token, conversation = _conversation(chat, name="Deniz", email="deniz@example.com")
    chat.post("/rating", {"rating": 4, "comment": "<b>iyi</b>"}, token=token)
    Visitor.objects.update(connections=1)  # the widget has a socket open
    page = login(chat.world.agent).get(f"/c/{conversation.pk}/", headers={"Accept-Language": "tr"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="chat-visitor"' in html
    assert 'data-testid="visitor-present"' in html
    # A javascript: page address is shown as text, never as a link.
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html
    assert "deniz@example.com" in html
    assert 'data-testid="rating"' in html
    assert "&lt;b&gt;iyi&lt;/b&gt;" in html
    assert "<b>iyi</b>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; kargom nerede?" in html
    assert 'data-testid="transcript-form"' in html
    conversation.refresh_from_db()
    last_in = Message.objects.filter(conversation=conversation, direction="in").latest("id")
    assert conversation.metadata["webchat"]["read_up_to"] == last_in.pk
    assert chat.get("/messages", token=token, after=0).json()["messages"][0]["read"] is True


def test_agent_sends_the_transcript(chat: Chat, email: FakeEmail) -> None:
    _token, conversation = _conversation(chat, email="deniz@example.com")
    client = login(chat.world.agent)
    response = client.post(f"/c/{conversation.pk}/transcript/", {"email": "deniz@example.com"})
    assert response.status_code == 200
    assert "deniz@example.com" in response.content.decode()
    transcript = Message.objects.get(metadata__transcript=True)
    assert transcript.metadata["email_to"] == "deniz@example.com"
    bad = client.post(f"/c/{conversation.pk}/transcript/", {"email": "olmaz"})
    assert bad.status_code == 422


def test_agent_of_another_workspace_cant_see_or_send(
    chat: Chat, other_world: World, email: FakeEmail
) -> None:
    _token, conversation = _conversation(chat)
    stranger = login(other_world.agent)
    assert stranger.get(f"/c/{conversation.pk}/").status_code == 404
    assert stranger.post(f"/c/{conversation.pk}/transcript/", {"email": "x@example.com"}).status_code == 404
    assert stranger.post(f"/c/{conversation.pk}/reply/", {"text": "selam"}).status_code == 404
    assert not Message.objects.filter(metadata__transcript=True).exists()
    # Their page didn't mark anything read.
    conversation.refresh_from_db()
    assert "webchat" not in conversation.metadata


def test_a_visitor_without_a_live_socket_shows_as_left(chat: Chat) -> None:
    from datetime import timedelta

    from django.utils import timezone

    _token, conversation = _conversation(chat)
    # A socket count left behind by a crashed server, but nothing heard for 5 minutes.
    Visitor.objects.update(connections=1, last_seen_at=timezone.now() - timedelta(minutes=5))
    html = login(chat.world.agent).get(f"/c/{conversation.pk}/").content.decode()
    assert 'data-testid="visitor-left"' in html
    assert 'data-testid="visitor-present"' not in html
