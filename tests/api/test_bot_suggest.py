"""POST /api/v1/bot/suggest: the bot's decision over the API, per workspace."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.conftest import Api, error_of
from tests.factories import World, receive
from yanit.bot import index as bot_index
from yanit.bot.models import BotTurn
from yanit.kb.data.faq import load_faq
from yanit.kb.models import Article
from yanit.kb.search import index as search_index

pytestmark = pytest.mark.django_db
URL = "/api/v1/bot/suggest"


@pytest.fixture(autouse=True)
def _fresh_bot_index() -> Iterator[None]:
    bot_index.forget_all()
    search_index.forget_all()
    yield
    bot_index.forget_all()
    search_index.forget_all()


@pytest.fixture
def faq(world: World) -> dict[str, int]:
    return load_faq(world.workspace.pk)


def test_answer(world: World, api: Api, faq: dict[str, int]) -> None:
    response = api.post(URL, {"text": "kapida odeme var mi"}, token=world.agent_token)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"decision", "article_id", "confidence", "candidates", "reason", "language"}
    assert (body["decision"], body["article_id"], body["reason"], body["language"]) == (
        "answer",
        faq["kapida-odeme"],
        "confident",
        "tr",
    )
    assert 0.45 <= body["confidence"] <= 1
    assert body["candidates"][0] == {
        "article_id": faq["kapida-odeme"],
        "score": body["candidates"][0]["score"],
    }
    assert len(body["candidates"]) == 5
    assert all(set(c) == {"article_id", "score"} for c in body["candidates"])


def test_handoff_with_reason(world: World, api: Api, faq: dict[str, int]) -> None:
    body = api.post(URL, {"text": "ÜRÜN KIRIK GELDİ REZALET"}, token=world.agent_token).json()
    assert (body["decision"], body["reason"], body["confidence"]) == ("handoff", "angry", 0.0)


def test_language_given(world: World, api: Api, faq: dict[str, int]) -> None:
    english = Article.objects.get(
        translation_group=Article.objects.get(pk=faq["taksit-secenekleri"]).translation_group, language="en"
    )
    body = api.post(
        URL, {"text": "can i pay in instalments", "language": "en"}, token=world.agent_token
    ).json()
    assert (body["decision"], body["article_id"], body["language"]) == ("answer", english.pk, "en")


def test_conversation_makes_the_bot_wait_its_turn(world: World, api: Api, faq: dict[str, int]) -> None:
    received = receive(world.inbox, "kapida odeme var mi")
    BotTurn.objects.create(
        workspace=world.workspace,
        conversation=received.conversation,
        message=received.message,
        decision=BotTurn.Decision.ANSWER,
        reason="confident",
    )
    payload = {"text": "kapida odeme var mi", "conversation_id": received.conversation.pk}
    body = api.post(URL, payload, token=world.agent_token).json()
    assert (body["decision"], body["reason"]) == ("handoff", "bot_answered_last")


def test_other_workspace_sees_only_its_own_articles(
    world: World, other_world: World, api: Api, faq: dict[str, int]
) -> None:
    body = api.post(URL, {"text": "kapida odeme var mi"}, token=other_world.agent_token).json()
    assert (body["decision"], body["reason"], body["article_id"], body["candidates"]) == (
        "handoff",
        "no_articles",
        None,
        [],
    )
    # Its conversations are not reachable either.
    received = receive(world.inbox, "kapida odeme var mi")
    response = api.post(
        URL, {"text": "x kargo", "conversation_id": received.conversation.pk}, token=other_world.agent_token
    )
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"text": ""},
        {"text": "   \n "},
        {"text": "x" * 4001},
        {"text": 5},
        {"text": "kargo", "language": "de"},
        {"text": "kargo", "conversation_id": 0},
    ],
)
def test_bad_input_is_422(world: World, api: Api, payload: dict[str, object]) -> None:
    response = api.post(URL, payload, token=world.agent_token)
    assert response.status_code == 422
    assert error_of(response)["code"] == "validation_error"


def test_needs_a_token(world: World, api: Api) -> None:
    response = api.post(URL, {"text": "kargo"})
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_get_is_405(world: World, api: Api) -> None:
    response = api.get(URL, token=world.agent_token)
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
