"""Reading articles for the editor and the API: filters by language, status, category, tag,
SKU and a plain folded "contains" search (the ranked search lives in ``yanit.kb.search``)."""

from __future__ import annotations

from django.db.models import QuerySet

from yanit.core.text import search_fold, search_terms, tr_lower
from yanit.kb.models import Article


def filter_articles(
    workspace_id: int,
    *,
    language: str = "",
    status: str = "",
    category_id: int | None = None,
    uncategorised: bool = False,
    tag: str = "",
    sku: str = "",
    q: str = "",
) -> list[Article]:
    """Matching articles in the editor's order (category, position, title). Tags and SKUs are
    JSON lists, compared case-folded in Python so SQLite and PostgreSQL agree."""
    found: QuerySet[Article] = Article.objects.filter(workspace_id=workspace_id).select_related("category")
    if language:
        found = found.filter(language=language)
    if status:
        found = found.filter(status=status)
    if uncategorised:
        found = found.filter(category__isnull=True)
    elif category_id is not None:
        found = found.filter(category_id=category_id)
    articles = list(found.order_by("category__position", "position", "title", "pk"))
    if tag:
        wanted = tr_lower(tag.strip())
        articles = [a for a in articles if wanted in {tr_lower(t) for t in a.tags}]
    if sku:
        wanted = tr_lower(sku.strip())
        articles = [a for a in articles if wanted in {tr_lower(s) for s in a.skus}]
    terms = search_terms(q)
    if terms:
        articles = [
            a
            for a in articles
            if all(
                term
                in search_fold(
                    " ".join([a.title, a.summary, a.body_text, " ".join(a.tags), " ".join(a.skus)])
                )
                for term in terms
            )
        ]
    return articles
