"""Knowledge base search for agents: ``GET /api/v1/kb/search`` (drafts included on request)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from yanit.api.schemas import COMMON_ERRORS
from yanit.api.security import current_agent
from yanit.kb.search import MAX_LIMIT, MAX_QUERY_CHARS, search

router = Router(tags=["knowledge base"])


class SearchFilter(Schema):
    q: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="What was typed; Turkish or English")
    language: Literal["tr", "en"] | None = Field(
        default=None,
        description="Prefer articles in this language, the Turkish one where a translation is missing; "
        "without it every language, one article per translation",
    )
    limit: int = Field(default=10, ge=1, le=MAX_LIMIT)
    include_drafts: bool = False


class SearchHitOut(Schema):
    article_id: int
    title: str
    slug: str
    language: str
    status: str
    summary: str
    snippet: str = Field(description="Escaped HTML: a piece of the article with the matched words in <mark>")
    score: float = Field(description="0–1: the share of the query's words the article covers, weighted")
    category_id: int | None


class SearchOut(Schema):
    query: str
    results: list[SearchHitOut]


@router.get("/search", response={200: SearchOut, **COMMON_ERRORS}, summary="Search the knowledge base")
def search_articles(request: HttpRequest, filters: Query[SearchFilter]) -> dict[str, Any]:
    """Diacritic-insensitive, suffix- and typo-tolerant search of the workspace's articles, best first."""
    agent = current_agent(request)
    hits = search(
        agent.workspace_id,
        filters.q,
        language=filters.language,
        limit=filters.limit,
        include_drafts=filters.include_drafts,
    )
    return {
        "query": filters.q,
        "results": [
            {
                "article_id": hit.article_id,
                "title": hit.title,
                "slug": hit.slug,
                "language": hit.language,
                "status": hit.status,
                "summary": hit.summary,
                "snippet": hit.snippet,
                "score": hit.score,
                "category_id": hit.category_id,
            }
            for hit in hits
        ],
    }
