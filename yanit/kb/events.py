"""Events of the knowledge base, published after the writing transaction commits. Ids only.

Search indexes don't need them (they watch ``yanit.kb.index_state``); they are for anything
that reacts to a change: caches of the help center, webhooks, the activity of an editor."""

from __future__ import annotations

from dataclasses import dataclass

from yanit.core.events import Event


@dataclass(frozen=True)
class KbChanged(Event):
    """Anything in the workspace's knowledge base changed (the base of the events below)."""


@dataclass(frozen=True)
class ArticleChanged(KbChanged):
    article_id: int
    # "created", "updated", "published", "unpublished", "restored", "translation", "questions"
    change: str


@dataclass(frozen=True)
class ArticleDeleted(KbChanged):
    article_id: int
    translation_group: str


@dataclass(frozen=True)
class CategoryChanged(KbChanged):
    category_id: int
    # "created", "updated", "deleted", "reordered"
    change: str


@dataclass(frozen=True)
class SynonymsChanged(KbChanged):
    pass


@dataclass(frozen=True)
class ArticleVoted(KbChanged):
    article_id: int
    helpful: bool


@dataclass(frozen=True)
class KbImported(KbChanged):
    created: int
    updated: int
