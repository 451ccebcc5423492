"""A short piece of an article around the words that matched, as escaped HTML with <mark>."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.html import escape

from yanit.kb.search.analyzer import WORD, analyse_word
from yanit.kb.search.index import IndexedArticle

SNIPPET_CHARS = 180
# Past this, a body is not scanned for the first matched word (the snippet starts at the top).
SCAN_CHARS = 4000


def highlight_snippet(article: IndexedArticle, matched: set[str]) -> str:
    """From the short answer if a matched word is in it, else from the body around the first
    matched word, else the beginning of the short answer (or body)."""
    english = article.language == "en"
    seen: dict[str, bool] = {}

    def is_match(raw: str) -> bool:
        known = seen.get(raw)
        if known is None:
            known = seen[raw] = any(term in matched for _, term in analyse_word(raw, english))
        return known

    for source in (article.summary, article.body_text):
        text = " ".join(source.split())
        first = _first_match(text[:SCAN_CHARS], is_match)
        if first is not None:
            return _render(text, first, is_match)
    return _render(" ".join((article.summary or article.body_text).split()), None, is_match)


def _first_match(text: str, is_match: Callable[[str], bool]) -> int | None:
    for found in WORD.finditer(text):
        if is_match(found.group(1)):
            return found.start(1)
    return None


def _render(text: str, first: int | None, is_match: Callable[[str], bool]) -> str:
    start = 0
    if first is not None and first > SNIPPET_CHARS // 3:
        start = text.rfind(" ", 0, first - SNIPPET_CHARS // 4) + 1
    end = len(text)
    if end - start > SNIPPET_CHARS:
        end = text.rfind(" ", start, start + SNIPPET_CHARS)
        if end <= start:
            end = start + SNIPPET_CHARS
    parts = ["…" if start > 0 else ""]
    cursor = start
    if first is not None:
        for found in WORD.finditer(text, start, end):
            if is_match(found.group(1)):
                parts.append(escape(text[cursor : found.start(1)]))
                parts.append(f"<mark>{escape(found.group(1))}</mark>")
                cursor = found.end(1)
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts)
