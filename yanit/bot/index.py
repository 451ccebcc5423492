"""The bot's in-memory matcher per workspace, rebuilt when the knowledge base changes.

Each process keeps one ``Matcher`` per workspace together with the knowledge base version it was
built from (``yanit.kb.index_state``); every write to the knowledge base bumps that version, so
the next decision sees the edit. Only published articles are indexed.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass

from yanit.bot.matcher import MatchDoc, Matcher
from yanit.kb import index_state
from yanit.kb.models import Article, ExampleQuestion, SynonymGroup


@dataclass(frozen=True)
class ArticleInfo:
    article_id: int
    group: str
    language: str
    bot_enabled: bool


@dataclass(frozen=True)
class BotIndex:
    version: int
    matcher: Matcher
    articles: dict[int, ArticleInfo]
    # translation group → {language: article id}
    translations: dict[str, dict[str, int]]


_lock = threading.Lock()
_cache: dict[int, BotIndex] = {}


def build(workspace_id: int, version: int) -> BotIndex:
    rows = list(
        Article.objects.filter(workspace_id=workspace_id, status=Article.Status.PUBLISHED).values_list(
            "id", "translation_group", "language", "title", "summary", "body_text", "tags", "bot_enabled"
        )
    )
    questions: defaultdict[int, list[str]] = defaultdict(list)
    for article_id, text in ExampleQuestion.objects.filter(
        workspace_id=workspace_id, article__status=Article.Status.PUBLISHED
    ).values_list("article_id", "text"):
        questions[article_id].append(text)
    synonyms = [
        [str(word) for word in words]
        for words in SynonymGroup.objects.filter(workspace_id=workspace_id).values_list("words", flat=True)
        if isinstance(words, list)
    ]
    docs = []
    articles: dict[int, ArticleInfo] = {}
    translations: defaultdict[str, dict[str, int]] = defaultdict(dict)
    for article_id, group, language, title, summary, body, tags, bot_enabled in rows:
        group_key = str(group)
        docs.append(
            MatchDoc(
                article_id=article_id,
                group=group_key,
                language=language,
                title=title,
                summary=summary,
                body=body,
                tags=[str(tag) for tag in tags or []],
                questions=questions.get(article_id, []),
            )
        )
        articles[article_id] = ArticleInfo(article_id, group_key, language, bot_enabled)
        translations[group_key][language] = article_id
    return BotIndex(version, Matcher(docs, synonyms), articles, dict(translations))


def get(workspace_id: int) -> BotIndex:
    """The workspace's index, rebuilt first if its knowledge base changed since."""
    version = index_state.current(workspace_id)
    cached = _cache.get(workspace_id)
    if cached is not None and cached.version == version:
        return cached
    fresh = build(workspace_id, version)
    with _lock:
        _cache[workspace_id] = fresh
    return fresh


def forget_all() -> None:
    """Drop every cached index (tests that reuse workspace ids across databases)."""
    with _lock:
        _cache.clear()
