"""Search for the help center's search page and search-as-you-type, on top of the knowledge
base's Turkish-aware search (``yanit.kb.search``: İ/ı and diacritic folding, suffixes, typos,
synonyms, title boost). This module only shapes its hits for the pages: the title with the query's
words marked, and the snippet the search already escaped and marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from yanit.kb.search import search
from yanit.kb.search.analyzer import tokens


@dataclass(frozen=True)
class Hit:
    article_id: int
    language: str
    slug: str
    title: str
    title_html: SafeString
    snippet_html: SafeString
    category_id: int | None


def highlight_title(title: str, query: str) -> SafeString:
    """``title`` escaped, its words that analyse to one of the query's terms in <mark>."""
    wanted = {t.term for t in tokens(query)}
    out: list[str] = []
    cursor = 0
    for token in tokens(title):
        if token.term not in wanted or token.start < cursor:
            continue
        out.append(escape(title[cursor : token.start]))
        out.append(f"<mark>{escape(title[token.start : token.end])}</mark>")
        cursor = token.end
    out.append(escape(title[cursor:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def find(workspace_id: int, language: str, q: str, limit: int = 10) -> list[Hit]:
    """Published articles for ``q``: in ``language``, or the Turkish version where a translation
    is missing."""
    return [
        Hit(
            article_id=hit.article_id,
            language=hit.language,
            slug=hit.slug,
            title=hit.title,
            title_html=highlight_title(hit.title, q),
            snippet_html=mark_safe(hit.snippet),  # noqa: S308 - escaped by yanit.kb.search.snippets
            category_id=hit.category_id,
        )
        for hit in search(workspace_id, q, language=language, limit=limit)
    ]


def as_json(hit: Hit, url: str, category: str) -> dict[str, Any]:
    return {
        "id": hit.article_id,
        "language": hit.language,
        "title": hit.title,
        "title_html": str(hit.title_html),
        "snippet_html": str(hit.snippet_html),
        "category": category,
        "url": url,
    }
