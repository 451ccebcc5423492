"""Turkish-aware knowledge base search: the help center's search-as-you-type, the agents'
suggestions and the instant-answer bot all go through here.

* ``search(workspace_id, query, ...)`` → ranked ``Hit`` rows with a highlighted snippet;
* ``rank(workspace_id, text, language)`` → ``[(article_id, score)]`` for long messages, scores in
  [0, 1) as described in ``ranking.py``;
* ``search_payload(...)`` → the JSON-ready dict the API and the public help center return.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yanit.kb.search import index as search_index
from yanit.kb.search.analyzer import tokens
from yanit.kb.search.ranking import (
    best_per_group,
    language_candidates,
    matched_terms,
    query_slots,
    score,
    with_question_match,
)
from yanit.kb.search.snippets import highlight_snippet

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 12
MAX_MESSAGE_CHARS = 4000
MAX_MESSAGE_TERMS = 80
MAX_LIMIT = 50
LANGUAGES = ("tr", "en")


@dataclass(frozen=True, slots=True)
class Hit:
    article_id: int
    score: float
    title: str
    snippet: str  # escaped HTML with the matched words in <mark>
    slug: str
    language: str
    status: str
    summary: str
    category_id: int | None


def search(
    workspace_id: int,
    query: str,
    *,
    language: str | None = None,
    limit: int = 10,
    include_drafts: bool = False,
) -> list[Hit]:
    """The articles that best answer what someone typed, best first.

    With ``language``, articles in that language, and the Turkish version where a translation is
    missing; without it, every language, one article per translation. Ties go to the lower id.
    """
    query_tokens = tokens(query[:MAX_QUERY_CHARS], language)
    if not query_tokens or limit <= 0:
        return []
    index = search_index.get(workspace_id, include_drafts=include_drafts)
    # A query not ending in a space or punctuation may end in an unfinished word.
    typing = query[-1:].isalnum()
    slots = query_slots(index, query_tokens, MAX_QUERY_TERMS, typing=typing)
    limit = min(limit, MAX_LIMIT)
    coverage = score(index, slots, language_candidates(index, language))
    scores = with_question_match(index, slots, coverage, shortlist=max(40, 2 * limit))
    hits = []
    for article_id, value in best_per_group(index, scores, limit):
        article = index.articles[article_id]
        hits.append(
            Hit(
                article_id=article_id,
                score=round(value, 4),
                title=article.title,
                snippet=highlight_snippet(article, matched_terms(index, slots, article_id)),
                slug=article.slug,
                language=article.language,
                status=article.status,
                summary=article.summary,
                category_id=article.category_id,
            )
        )
    return hits


def rank(
    workspace_id: int, text: str, language: str | None = None, *, bot_only: bool = False, limit: int = 20
) -> list[tuple[int, float]]:
    """Published articles for a customer's message, best first: ``(article_id, score)`` with the
    score in [0, 1) — mostly the share of the message's (idf-weighted) words the article covers,
    see ``yanit.kb.search.ranking``. ``bot_only`` leaves out articles the bot may not answer with."""
    return rank_in(search_index.get(workspace_id), text, language, bot_only=bot_only, limit=limit)


def rank_in(
    index: search_index.WorkspaceIndex,
    text: str,
    language: str | None = None,
    *,
    bot_only: bool = False,
    limit: int = 20,
) -> list[tuple[int, float]]:
    """``rank`` over an index already in hand (the bot's evaluation builds one without a database)."""
    query_tokens = tokens(text[:MAX_MESSAGE_CHARS], language)
    if not query_tokens:
        return []
    slots = query_slots(index, query_tokens, MAX_MESSAGE_TERMS)
    candidates = language_candidates(index, language)
    if bot_only:
        allowed = {aid for aid, article in index.articles.items() if article.bot_enabled}
        candidates = allowed if candidates is None else candidates & allowed
    coverage = score(index, slots, candidates)
    best = best_per_group(
        index, with_question_match(index, slots, coverage, shortlist=max(40, 2 * limit)), limit
    )
    return [(aid, round(value, 4)) for aid, value in best]


def search_payload(
    workspace_id: int, query: str, *, language: str | None = None, limit: int = 10
) -> dict[str, Any]:
    """Published articles as JSON-ready data, for the API and the public help center."""
    hits = search(workspace_id, query, language=language, limit=limit)
    return {
        "query": query,
        "results": [
            {
                "article_id": hit.article_id,
                "title": hit.title,
                "slug": hit.slug,
                "language": hit.language,
                "summary": hit.summary,
                "snippet": hit.snippet,
                "score": hit.score,
                "category_id": hit.category_id,
            }
            for hit in hits
        ],
    }


__all__ = ["LANGUAGES", "MAX_LIMIT", "MAX_QUERY_CHARS", "Hit", "rank", "rank_in", "search", "search_payload"]
