"""GET /api/v1/kb/search and the help center's search_payload()."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api, error_of
from tests.api.conftest import api as api  # the fixture
from tests.factories import World
from tests.kb.factories import make_article
from tests.kb.search_fixtures import fresh_search_cache as fresh_search_cache  # autouse
from yanit.kb.models import Article
from yanit.kb.search import search_payload

pytestmark = pytest.mark.django_db


def test_agents_search_their_workspace(world: World, other_world: World, api: Api) -> None:
    article = make_article(
        world.workspace, "Siparişim nerede?", summary="Takip numarası SMS ile gelir.", tags=["kargo"]
    )
    make_article(other_world.workspace, "Siparişim nerede?")
    response = api.get("/api/v1/kb/search", {"q": "siparisim", "language": "tr"}, token=world.agent_token)
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "siparisim"
    (hit,) = body["results"]
    assert hit == {
        "article_id": article.pk,
        "title": "Siparişim nerede?",
        "slug": article.slug,
        "language": "tr",
        "status": "published",
        "summary": "Takip numarası SMS ile gelir.",
        "snippet": "Takip numarası SMS ile gelir.",
        "score": hit["score"],
        "category_id": None,
    }
    assert 0 < hit["score"] < 1


def test_drafts_only_when_asked(world: World, api: Api) -> None:
    draft = make_article(world.workspace, "Kapıda ödeme", status=Article.Status.DRAFT)

    def found(**params: object) -> list[int]:
        response = api.get("/api/v1/kb/search", {"q": "kapida", **params}, token=world.agent_token)
        assert response.status_code == 200
        return [hit["article_id"] for hit in response.json()["results"]]

    assert found() == []
    assert found(include_drafts="true") == [draft.pk]


def test_bad_queries_get_the_error_shape(world: World, api: Api) -> None:
    for params in (
        {"q": ""},
        {},
        {"q": "x" * 201},
        {"q": "kargo", "language": "de"},
        {"q": "kargo", "limit": 0},
    ):
        response = api.get("/api/v1/kb/search", params, token=world.agent_token)
        assert response.status_code == 422, params
        assert error_of(response)["code"] == "validation_error"
    assert api.get("/api/v1/kb/search", {"q": "kargo"}).status_code == 401


def test_limit_caps_the_results(world: World, api: Api) -> None:
    for n in range(4):
        make_article(world.workspace, f"Kargo bilgisi {n}")
    response = api.get("/api/v1/kb/search", {"q": "kargo", "limit": 2}, token=world.agent_token)
    assert len(response.json()["results"]) == 2


def test_search_payload_for_the_public_help_center(world: World) -> None:
    make_article(world.workspace, "Taslak iade", status=Article.Status.DRAFT)
    article = make_article(world.workspace, "İade koşulları", summary="14 gün içinde iade.")
    payload = search_payload(world.workspace.pk, "IADE", language="tr", limit=5)
    assert payload["query"] == "IADE"
    assert [row["article_id"] for row in payload["results"]] == [article.pk]
    assert payload["results"][0]["snippet"] == "14 gün içinde <mark>iade</mark>."
