"""The per-process index cache: rebuilt when the knowledge base version moves, never shared
between workspaces, drafts only on request."""

from __future__ import annotations

import pytest

from tests.factories import World
from tests.kb.factories import make_article
from tests.kb.search_fixtures import fresh_search_cache as fresh_search_cache  # autouse
from yanit.kb import index_state
from yanit.kb.models import Article
from yanit.kb.search import index as search_index
from yanit.kb.search import search

pytestmark = pytest.mark.django_db


def titles(world: World, query: str, **kwargs: object) -> list[str]:
    return [hit.title for hit in search(world.workspace.pk, query, **kwargs)]  # type: ignore[arg-type]


def test_an_edit_elsewhere_rebuilds_this_process_index(world: World) -> None:
    article = make_article(world.workspace, "Kargo ücreti", summary="250 TL üzeri ücretsiz.")
    first = search_index.get(world.workspace.pk)
    assert titles(world, "kargo") == ["Kargo ücreti"]
    assert search_index.get(world.workspace.pk) is first  # cached while nothing changes

    # Another process edits the article: only the database changes, then the version moves.
    Article.objects.filter(pk=article.pk).update(title="Gönderim ücreti")
    assert titles(world, "gönderim ücreti") == ["Kargo ücreti"]  # not bumped yet: still cached
    index_state.bump(world.workspace.pk)

    assert titles(world, "gönderim ücreti") == ["Gönderim ücreti"]
    rebuilt = search_index.get(world.workspace.pk)
    assert rebuilt is not first
    assert rebuilt.version == index_state.current(world.workspace.pk)


def test_drafts_are_left_out_unless_asked_for(world: World) -> None:
    make_article(world.workspace, "Kapıda ödeme", status=Article.Status.DRAFT)
    published = make_article(world.workspace, "Kapıda ödeme ücreti")
    assert [hit.article_id for hit in search(world.workspace.pk, "kapıda ödeme")] == [published.pk]
    assert titles(world, "kapıda ödeme", include_drafts=True) == ["Kapıda ödeme", "Kapıda ödeme ücreti"]


def test_publishing_a_draft_makes_it_findable(world: World) -> None:
    draft = make_article(world.workspace, "Havale bilgileri", status=Article.Status.DRAFT)
    assert titles(world, "havale") == []
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.PUBLISHED)
    index_state.bump(world.workspace.pk)
    assert titles(world, "havale") == ["Havale bilgileri"]


def test_workspaces_never_see_each_other(world: World, other_world: World) -> None:
    make_article(world.workspace, "Kargo takibi")
    theirs = make_article(other_world.workspace, "Kargo takibi nasıl yapılır")
    assert titles(world, "kargo takibi") == ["Kargo takibi"]
    assert [hit.article_id for hit in search(other_world.workspace.pk, "kargo takibi")] == [theirs.pk]
    assert titles(world, "yapılır") == []
    assert len(search(other_world.workspace.pk, "yapılır")) == 1


def test_build_time_is_recorded(world: World) -> None:
    make_article(world.workspace, "Kargo takibi")
    built = search_index.get(world.workspace.pk)
    assert built.build_seconds > 0
    assert built.vocabulary == ["kargo", "takip"]
