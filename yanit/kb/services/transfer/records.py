"""The shape every import format is read into, and applying it to a workspace.

An import is idempotent: an article is found again by its language and slug (made from the
title when the file has none), so importing the same file twice updates, never duplicates, and
an unchanged article gets no new revision. Each row is applied in its own savepoint: a bad row
is reported with its number and reason, the good rows are kept. A dry run applies everything
and rolls it back, so the preview shows exactly what the real import would do."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.core.errors import DomainError, ValidationFailed
from yanit.core.events import publish_on_commit
from yanit.kb.body import sanitize_body, tr_slug
from yanit.kb.events import KbImported
from yanit.kb.models import Article, Category, Language
from yanit.kb.services.access import require_editor
from yanit.kb.services.articles import ArticleInput, clean_labels, save_article
from yanit.kb.services.categories import CategoryInput, save_category
from yanit.kb.services.questions import add_questions, replace_synonyms

MAX_ROWS = 5000
# Translation groups of imported keys are derived from the workspace and the key, so the same
# file imported into two workspaces never collides and re-importing finds the same group.
_KEY_NAMESPACE = uuid.UUID("4f1d4c1e-7a0b-4c53-9a43-6b2d1c0e8a11")


@dataclass
class CategoryRecord:
    name_tr: str
    slug: str = ""
    name_en: str = ""
    description_tr: str = ""
    description_en: str = ""
    icon: str = ""


@dataclass
class ArticleRecord:
    row: int
    title: str
    language: str = Language.TR
    slug: str = ""
    key: str = ""
    summary: str = ""
    body_html: str = ""
    # A category's slug or its Turkish name; created when the workspace has none by that name.
    category: str = ""
    tags: list[str] = field(default_factory=list)
    skus: list[str] = field(default_factory=list)
    status: str = Article.Status.DRAFT
    bot_enabled: bool = True
    video_url: str = ""
    position: int = 0
    # (text, source) pairs; the source is "import" unless the file says otherwise.
    questions: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class RowError:
    row: int
    title: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportReport:
    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    categories_created: list[str] = field(default_factory=list)
    synonym_groups: int | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "categories_created": self.categories_created,
            "errors": [
                {"row": e.row, "title": e.title, "message": e.message, "details": e.details}
                for e in self.errors
            ],
        }


class _Rollback(Exception):
    """Raised at the end of a dry run to undo everything it applied."""


def parse_bool(value: Any, default: bool = True) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().casefold()
    if not text:
        return default
    if text in {"1", "true", "yes", "evet", "e", "on", "açık", "acik"}:
        return True
    if text in {"0", "false", "no", "hayır", "hayir", "h", "off", "kapalı", "kapali"}:
        return False
    raise ValidationFailed(
        _("“%(value)s” is not yes or no.") % {"value": value}, details={"value": str(value)}
    )


_STATUS_WORDS = {
    "published": Article.Status.PUBLISHED,
    "yayında": Article.Status.PUBLISHED,
    "yayinda": Article.Status.PUBLISHED,
    "yayınlandı": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "taslak": Article.Status.DRAFT,
    "": Article.Status.DRAFT,
}


def parse_status(value: Any) -> str:
    text = str(value or "").strip().casefold()
    if text in _STATUS_WORDS:
        return _STATUS_WORDS[text]
    raise ValidationFailed(
        _("Unknown status %(value)s (use published or draft).") % {"value": value},
        details={"status": str(value)},
    )


def parse_language(value: Any) -> str:
    return str(value or "").strip().casefold()[:2] or Language.TR


def _category_for(
    workspace_id: int, name: str, known: dict[str, Category], report: ImportReport
) -> Category | None:
    name = " ".join((name or "").split())
    if not name:
        return None
    slug = tr_slug(name, 80)
    found = known.get(slug) or known.get(name.casefold())
    if found is None:
        found = save_category(workspace_id, CategoryInput(name_tr=name, slug=slug))
        report.categories_created.append(found.name_tr)
        known[found.slug] = found
        known[found.name_tr.casefold()] = found
    return found


def _known_categories(workspace_id: int) -> dict[str, Category]:
    known: dict[str, Category] = {}
    for category in Category.objects.filter(workspace_id=workspace_id):
        known[category.slug] = category
        known[category.name_tr.casefold()] = category
    return known


def _same_content(article: Article, data: ArticleInput) -> bool:
    return (
        article.title == " ".join(data.title.split())
        and article.summary == data.summary.replace("\r\n", "\n").strip()
        and article.body_html == sanitize_body(data.body_html)
        and article.category_id == data.category_id
        and article.tags == clean_labels(data.tags, "tags")
        and article.skus == clean_labels(data.skus, "skus")
        and article.status == data.status
        and article.bot_enabled == data.bot_enabled
        and article.video_url == data.video_url.strip()
        and article.position == data.position
    )


def _apply_article(
    workspace_id: int,
    record: ArticleRecord,
    known: dict[str, Category],
    groups: dict[str, uuid.UUID],
    actor: Agent | None,
    report: ImportReport,
) -> None:
    if record.language not in Language.values:
        raise ValidationFailed(
            _("Unknown language %(value)s.") % {"value": record.language},
            details={"language": record.language, "allowed": list(Language.values)},
        )
    slug = tr_slug(record.slug or record.title)
    if not slug:
        raise ValidationFailed(_("The article needs a title."), details={"title": "required"})
    category = _category_for(workspace_id, record.category, known, report)
    data = ArticleInput(
        title=record.title,
        body_html=record.body_html,
        summary=record.summary,
        language=record.language,
        category_id=category.pk if category else None,
        slug=slug,
        status=record.status,
        tags=record.tags,
        skus=record.skus,
        video_url=record.video_url,
        bot_enabled=record.bot_enabled,
        position=record.position,
    )
    existing = Article.objects.filter(workspace_id=workspace_id, language=record.language, slug=slug).first()
    key = record.key or ""
    if existing is not None:
        if not _same_content(existing, data):
            existing = save_article(workspace_id, data, actor=actor, article=existing)
            report.updated.append(existing.title)
        else:
            report.unchanged.append(existing.title)
        article = existing
        if key and key not in groups:
            groups[key] = article.translation_group
        elif key and groups[key] != article.translation_group:
            _join_group(article, groups[key])
    else:
        article = save_article(workspace_id, data, actor=actor)
        report.created.append(article.title)
        if key:
            group = groups.setdefault(key, uuid.uuid5(_KEY_NAMESPACE, f"{workspace_id}:{key}"))
            _join_group(article, group)
    add_questions(article, record.questions, actor=actor)


def _join_group(article: Article, group: uuid.UUID) -> None:
    clash = Article.objects.filter(translation_group=group, language=article.language).exclude(pk=article.pk)
    if clash.exists():
        raise ValidationFailed(
            _("Two rows with the same translation key are in the same language."),
            details={"key": "duplicate_language"},
        )
    Article.objects.filter(pk=article.pk).update(translation_group=group)
    article.translation_group = group


def apply_import(
    workspace_id: int,
    articles: list[ArticleRecord],
    *,
    categories: list[CategoryRecord] | None = None,
    synonyms: list[list[str]] | None = None,
    actor: Agent | None = None,
    dry_run: bool = False,
    errors: list[RowError] | None = None,
) -> ImportReport:
    """Apply read records; ``errors`` are problems the reader already found (kept in the report)."""
    require_editor(actor)
    report = ImportReport(dry_run=dry_run, errors=list(errors or []))
    if len(articles) > MAX_ROWS:
        raise ValidationFailed(
            _("At most %(n)d articles can be imported at once.") % {"n": MAX_ROWS},
            details={"rows": len(articles)},
        )
    try:
        with transaction.atomic():
            _apply_all(workspace_id, articles, categories or [], synonyms, actor, report)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    report.errors.sort(key=lambda e: e.row)
    if not dry_run and (report.created or report.updated):
        publish_on_commit(
            KbImported(workspace_id=workspace_id, created=len(report.created), updated=len(report.updated))
        )
    return report


def _apply_all(
    workspace_id: int,
    articles: list[ArticleRecord],
    categories: list[CategoryRecord],
    synonyms: list[list[str]] | None,
    actor: Agent | None,
    report: ImportReport,
) -> None:
    known = _known_categories(workspace_id)
    for position, category_record in enumerate(categories):
        try:
            with transaction.atomic():
                slug = tr_slug(category_record.slug or category_record.name_tr, 80)
                current = known.get(slug)
                data = CategoryInput(
                    name_tr=category_record.name_tr,
                    name_en=category_record.name_en,
                    description_tr=category_record.description_tr,
                    description_en=category_record.description_en,
                    icon=category_record.icon,
                    slug=slug,
                )
                saved = save_category(workspace_id, data, category=current)
                if current is None:
                    report.categories_created.append(saved.name_tr)
                if saved.position != position and current is None:
                    Category.objects.filter(pk=saved.pk).update(position=position)
                known[saved.slug] = saved
                known[saved.name_tr.casefold()] = saved
        except DomainError as exc:
            report.errors.append(
                RowError(row=0, title=category_record.name_tr, message=exc.message, details=exc.details)
            )
    groups: dict[str, uuid.UUID] = {}
    for record in articles:
        try:
            with transaction.atomic():
                _apply_article(workspace_id, record, known, groups, actor, report)
        except DomainError as exc:
            report.errors.append(
                RowError(row=record.row, title=record.title, message=exc.message, details=exc.details)
            )
    if synonyms:
        text = "\n".join(", ".join(words) for words in synonyms)
        try:
            with transaction.atomic():
                report.synonym_groups = len(replace_synonyms(workspace_id, text))
        except DomainError as exc:
            report.errors.append(
                RowError(row=0, title=_("Synonyms"), message=exc.message, details=exc.details)
            )
