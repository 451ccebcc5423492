"""Loads the shipped FAQ (``faq_tr.json``) into a workspace through the knowledge base's import
service: categories, Turkish articles with their English translations, and example questions.
Idempotent: articles whose Turkish address already exists in the workspace are left as they are
(an editor may have changed them)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from yanit.kb.models import Article, Language
from yanit.kb.services.transfer.json_format import FORMAT, VERSION, import_json

FAQ_PATH = Path(__file__).with_name("faq_tr.json")


class FaqImportFailed(RuntimeError):
    """The shipped FAQ did not import cleanly (a bug in the file or the import)."""


@cache
def faq_data() -> dict[str, Any]:
    """The parsed FAQ file (read once per process)."""
    data: dict[str, Any] = json.loads(FAQ_PATH.read_text(encoding="utf-8"))
    return data


def _as_export(
    rows: list[dict[str, Any]], categories: list[dict[str, Any]], bot_enabled: bool
) -> dict[str, Any]:
    """The FAQ rows in the knowledge base's JSON export format."""
    articles = []
    for position, row in enumerate(rows):
        versions = [(Language.TR, row)] + ([(Language.EN, row["en"])] if row.get("en") else [])
        for language, version in versions:
            articles.append(
                {
                    "key": row["key"],
                    "language": str(language),
                    "slug": slugify(row["key"]),
                    "title": version["title"],
                    "summary": version.get("summary", ""),
                    "body_html": version.get("body_html", ""),
                    "category": row["category"],
                    "tags": list(version.get("tags", row.get("tags", []))),
                    "status": "published",
                    "bot_enabled": bot_enabled,
                    "position": position,
                    "questions": list(version.get("examples", [])),
                }
            )
    return {"format": FORMAT, "version": VERSION, "categories": categories, "articles": articles}


@transaction.atomic
def load_faq(workspace_id: int, *, bot_enabled: bool = True) -> dict[str, int]:
    """Import the FAQ's missing articles into the workspace; returns ``{article key: id of the
    Turkish article}`` for every FAQ article (new or already there)."""
    data = faq_data()
    slug_of = {row["key"]: slugify(row["key"]) for row in data["articles"]}
    existing = set(
        Article.objects.filter(
            workspace_id=workspace_id, language=Language.TR, slug__in=slug_of.values()
        ).values_list("slug", flat=True)
    )
    missing = [row for row in data["articles"] if slug_of[row["key"]] not in existing]
    if missing:
        report = import_json(workspace_id, _as_export(missing, data["categories"], bot_enabled))
        if not report.ok:
            raise FaqImportFailed(json.dumps(report.as_dict(), ensure_ascii=False, default=str))
    ids = dict(
        Article.objects.filter(
            workspace_id=workspace_id, language=Language.TR, slug__in=slug_of.values()
        ).values_list("slug", "id")
    )
    return {key: ids[slug] for key, slug in slug_of.items()}
