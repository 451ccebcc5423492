"""The JSON format: everything, for backups and moving between yanit installations.

    {"format": "yanit-kb", "version": 1,
     "categories": [{"slug", "name_tr", "name_en", "description_tr", "description_en", "icon"}],
     "articles": [{"key", "language", "slug", "title", "summary", "body_html", "category",
                   "tags", "skus", "status", "bot_enabled", "video_url", "position",
                   "questions": [{"text", "source"}]}],
     "synonyms": [["kargo", "gönderi", "paket"]]}

Articles with the same ``key`` are translations of each other. ``questions`` may also be plain
strings; every field except ``title`` may be left out."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from yanit.accounts.models import Agent, Workspace
from yanit.core.errors import DomainError, ValidationFailed
from yanit.kb.models import Article, Category, SynonymGroup
from yanit.kb.services.transfer.records import (
    ArticleRecord,
    CategoryRecord,
    ImportReport,
    RowError,
    apply_import,
    parse_bool,
    parse_language,
    parse_status,
)

FORMAT = "yanit-kb"
VERSION = 1


def export_data(workspace_id: int) -> dict[str, Any]:
    categories = list(Category.objects.filter(workspace_id=workspace_id))
    slugs = {c.pk: c.slug for c in categories}
    articles = (
        Article.objects.filter(workspace_id=workspace_id)
        .prefetch_related("example_questions")
        .order_by("translation_group", "language", "pk")
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "categories": [
            {
                "slug": c.slug,
                "name_tr": c.name_tr,
                "name_en": c.name_en,
                "description_tr": c.description_tr,
                "description_en": c.description_en,
                "icon": c.icon,
            }
            for c in categories
        ],
        "articles": [
            {
                "key": str(a.translation_group),
                "language": a.language,
                "slug": a.slug,
                "title": a.title,
                "summary": a.summary,
                "body_html": a.body_html,
                "category": slugs.get(a.category_id, "") if a.category_id else "",
                "tags": list(a.tags),
                "skus": list(a.skus),
                "status": a.status,
                "bot_enabled": a.bot_enabled,
                "video_url": a.video_url,
                "position": a.position,
                "questions": [{"text": q.text, "source": q.source} for q in a.example_questions.all()],
            }
            for a in articles
        ],
        "synonyms": [
            list(words)
            for words in SynonymGroup.objects.filter(workspace_id=workspace_id).values_list(
                "words", flat=True
            )
        ],
    }


def export_json(workspace_id: int) -> str:
    return json.dumps(export_data(workspace_id), ensure_ascii=False, indent=2)


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.split(",")
    if isinstance(value, list):
        return [_str(v) for v in value]
    raise ValidationFailed(_("Expected a list."), details={"value": _str(value)[:40]})


def _questions(value: Any) -> list[tuple[str, str]]:
    out = []
    for item in value or []:
        if isinstance(item, dict):
            out.append((_str(item.get("text")), _str(item.get("source")) or "import"))
        else:
            out.append((_str(item), "import"))
    return out


def read_data(
    data: Any,
) -> tuple[list[CategoryRecord], list[ArticleRecord], list[list[str]] | None, list[RowError]]:
    if not isinstance(data, dict) or not isinstance(data.get("articles", []), list):
        raise ValidationFailed(
            _('This is not a knowledge base export: expected an object with an "articles" list.'),
            details={"format": "invalid"},
        )
    errors: list[RowError] = []
    categories = []
    for raw in data.get("categories") or []:
        if isinstance(raw, dict) and _str(raw.get("name_tr")).strip():
            categories.append(
                CategoryRecord(
                    name_tr=_str(raw.get("name_tr")),
                    slug=_str(raw.get("slug")),
                    name_en=_str(raw.get("name_en")),
                    description_tr=_str(raw.get("description_tr")),
                    description_en=_str(raw.get("description_en")),
                    icon=_str(raw.get("icon")),
                )
            )
    articles = []
    for row, raw in enumerate(data.get("articles") or [], start=1):
        title = _str(raw.get("title")) if isinstance(raw, dict) else ""
        try:
            if not isinstance(raw, dict):
                raise ValidationFailed(_("Expected an object."), details={"row": "invalid"})
            articles.append(
                ArticleRecord(
                    row=row,
                    title=title,
                    language=parse_language(raw.get("language")),
                    slug=_str(raw.get("slug")),
                    key=_str(raw.get("key")),
                    summary=_str(raw.get("summary")),
                    body_html=_str(raw.get("body_html")),
                    category=_str(raw.get("category")),
                    tags=_list(raw.get("tags")),
                    skus=_list(raw.get("skus")),
                    status=parse_status(raw.get("status")),
                    bot_enabled=parse_bool(raw.get("bot_enabled"), True),
                    video_url=_str(raw.get("video_url")),
                    position=int(raw.get("position") or 0),
                    questions=_questions(raw.get("questions")),
                )
            )
        except (DomainError, ValueError, TypeError) as exc:
            message = exc.message if isinstance(exc, DomainError) else str(exc)
            details = exc.details if isinstance(exc, DomainError) else {}
            errors.append(RowError(row=row, title=title, message=message, details=details))
    synonyms = data.get("synonyms")
    synonym_groups = [_list(g) for g in synonyms] if isinstance(synonyms, list) else None
    return categories, articles, synonym_groups, errors


def import_data(
    workspace_id: int, data: Any, *, actor: Agent | None = None, dry_run: bool = False
) -> ImportReport:
    categories, articles, synonyms, errors = read_data(data)
    return apply_import(
        workspace_id,
        articles,
        categories=categories,
        synonyms=synonyms,
        actor=actor,
        dry_run=dry_run,
        errors=errors,
    )


def import_json(
    workspace: Workspace | int, data: Any, *, actor: Agent | None = None, dry_run: bool = False
) -> ImportReport:
    """Import a JSON export (already parsed, or as text/bytes) into ``workspace``."""
    workspace_id = workspace if isinstance(workspace, int) else workspace.pk
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise ValidationFailed(
                _("The file is not valid JSON: %(problem)s") % {"problem": exc}, details={"format": "invalid"}
            ) from None
    return import_data(workspace_id, data, actor=actor, dry_run=dry_run)
