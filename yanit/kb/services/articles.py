"""Articles: saving (sanitised body, plain text, unique Turkish-safe slug, a revision on every
save), publishing, restoring a revision, linking translations and deleting.

Every write bumps the workspace's index state inside its transaction and publishes an event
after commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.core.errors import Conflict, NotFound, ValidationFailed
from yanit.core.events import publish_on_commit
from yanit.core.text import tr_lower
from yanit.kb import index_state
from yanit.kb.body import body_plain_text, sanitize_body, tr_slug, video_kind
from yanit.kb.events import ArticleChanged, ArticleDeleted
from yanit.kb.models import Article, ArticleRevision, Category, Language
from yanit.kb.services.access import get_category, require_editor

MAX_TITLE = 200
MAX_SUMMARY = 600
MAX_BODY_CHARS = 200_000
MAX_LABELS = 30
MAX_LABEL_CHARS = 60


@dataclass
class ArticleInput:
    title: str
    body_html: str = ""
    summary: str = ""
    language: str = Language.TR
    category_id: int | None = None
    # Empty: made from the title for a new article, kept as it is for an existing one.
    slug: str = ""
    status: str = Article.Status.DRAFT
    tags: list[str] = field(default_factory=list)
    skus: list[str] = field(default_factory=list)
    video_url: str = ""
    bot_enabled: bool = True
    position: int = 0


def clean_labels(values: list[str] | str, field_name: str) -> list[str]:
    """Tags or SKUs: trimmed, inner spaces collapsed, duplicates (case-folded) dropped, order kept.
    A string is split on commas."""
    if isinstance(values, str):
        values = values.split(",")
    seen: set[str] = set()
    cleaned: list[str] = []
    for raw in values:
        value = " ".join(str(raw).split())
        if not value:
            continue
        if len(value) > MAX_LABEL_CHARS:
            raise ValidationFailed(
                _("“%(value)s” is longer than %(n)d characters.")
                % {"value": value[:20], "n": MAX_LABEL_CHARS},
                details={field_name: "long"},
            )
        key = tr_lower(value)
        if key not in seen:
            seen.add(key)
            cleaned.append(value)
    if len(cleaned) > MAX_LABELS:
        raise ValidationFailed(
            _("At most %(n)d entries.") % {"n": MAX_LABELS}, details={field_name: "too_many"}
        )
    return cleaned


@dataclass(frozen=True)
class _Clean:
    title: str
    summary: str
    body_html: str
    language: str
    category: Category | None
    slug: str
    status: str
    tags: list[str]
    skus: list[str]
    video_url: str
    bot_enabled: bool
    position: int


def _check(workspace_id: int, data: ArticleInput) -> _Clean:
    title = " ".join((data.title or "").split())
    if not title:
        raise ValidationFailed(_("The article needs a title."), details={"title": "required"})
    if len(title) > MAX_TITLE:
        raise ValidationFailed(
            _("The title is longer than %(n)d characters.") % {"n": MAX_TITLE}, details={"title": "long"}
        )
    summary = (data.summary or "").replace("\r\n", "\n").strip()
    if len(summary) > MAX_SUMMARY:
        raise ValidationFailed(
            _("The short answer is longer than %(n)d characters.") % {"n": MAX_SUMMARY},
            details={"summary": "long"},
        )
    if len(data.body_html or "") > MAX_BODY_CHARS:
        raise ValidationFailed(
            _("The body is longer than %(n)d characters.") % {"n": MAX_BODY_CHARS},
            details={"body_html": "long"},
        )
    if data.language not in Language.values:
        raise ValidationFailed(
            _("Unknown language %(value)s.") % {"value": data.language},
            details={"language": data.language, "allowed": list(Language.values)},
        )
    if data.status not in Article.Status.values:
        raise ValidationFailed(
            _("Unknown status %(value)s.") % {"value": data.status},
            details={"status": data.status, "allowed": list(Article.Status.values)},
        )
    video_url = (data.video_url or "").strip()
    if video_url and video_kind(video_url) is None:
        raise ValidationFailed(
            _("The video link must be a YouTube or Vimeo video address (https://…)."),
            details={"video_url": "invalid"},
        )
    category = None
    if data.category_id is not None:
        try:
            category = get_category(workspace_id, data.category_id)
        except NotFound:
            raise ValidationFailed(
                _("Category not found."), details={"category_id": data.category_id}
            ) from None
    slug = tr_slug(data.slug) if data.slug else ""
    if data.slug and not slug:
        raise ValidationFailed(_("The address needs letters or digits."), details={"slug": "invalid"})
    return _Clean(
        title=title,
        summary=summary,
        body_html=sanitize_body(data.body_html or ""),
        language=data.language,
        category=category,
        slug=slug,
        status=data.status,
        tags=clean_labels(data.tags, "tags"),
        skus=clean_labels(data.skus, "skus"),
        video_url=video_url,
        bot_enabled=bool(data.bot_enabled),
        position=max(0, int(data.position or 0)),
    )


def _slug_taken(workspace_id: int, language: str, slug: str, exclude_id: int | None) -> bool:
    found = Article.objects.filter(workspace_id=workspace_id, language=language, slug=slug)
    if exclude_id is not None:
        found = found.exclude(pk=exclude_id)
    return found.exists()


def _free_slug(workspace_id: int, language: str, base: str, exclude_id: int | None) -> str:
    base = base or "makale"
    candidate, n = base, 1
    while _slug_taken(workspace_id, language, candidate, exclude_id):
        n += 1
        candidate = f"{base[:100]}-{n}"
    return candidate


def _write_revision(article: Article, actor: Agent | None) -> ArticleRevision:
    last = article.revisions.aggregate(n=Max("number"))["n"] or 0
    return ArticleRevision.objects.create(
        article=article,
        number=last + 1,
        title=article.title,
        summary=article.summary,
        body_html=article.body_html,
        status=article.status,
        author=actor,
    )


def _set_status(article: Article, status: str) -> None:
    article.status = status
    if status == Article.Status.PUBLISHED:
        article.published_at = article.published_at or timezone.now()
    else:
        article.published_at = None


def _locked(article: Article) -> Article:
    """The article's row, locked until the transaction ends, so revision numbers never collide."""
    return Article.objects.select_for_update(of=("self",)).select_related("category").get(pk=article.pk)


def save_article(
    workspace_id: int,
    data: ArticleInput,
    *,
    actor: Agent | None = None,
    article: Article | None = None,
    translation_of: Article | None = None,
) -> Article:
    """Create (``article`` None) or update an article. ``translation_of`` makes the new article
    another language version of that one. Writes a revision every time."""
    require_editor(actor)
    if article is not None and article.workspace_id != workspace_id:
        raise NotFound(_("Article not found."), details={"article_id": article.pk})
    cleaned = _check(workspace_id, data)
    try:
        with transaction.atomic():
            if article is None:
                target = Article(workspace_id=workspace_id, author=actor)
                if translation_of is not None:
                    _check_translation_slot(workspace_id, translation_of, cleaned.language)
                    target.translation_group = translation_of.translation_group
                change = "created"
            else:
                target = _locked(article)
                if cleaned.language != target.language:
                    _check_language_change(target, cleaned.language)
                change = "updated"
            if cleaned.slug:
                if _slug_taken(workspace_id, cleaned.language, cleaned.slug, target.pk):
                    raise ValidationFailed(
                        _("Another article already uses the address %(slug)s.") % {"slug": cleaned.slug},
                        details={"slug": "taken"},
                    )
                target.slug = cleaned.slug
            elif not target.slug or (change == "updated" and cleaned.language != target.language):
                target.slug = _free_slug(workspace_id, cleaned.language, tr_slug(cleaned.title), target.pk)
            target.title = cleaned.title
            target.summary = cleaned.summary
            target.body_html = cleaned.body_html
            target.body_text = body_plain_text(cleaned.body_html)
            target.language = cleaned.language
            target.category = cleaned.category
            target.tags = cleaned.tags
            target.skus = cleaned.skus
            target.video_url = cleaned.video_url
            target.bot_enabled = cleaned.bot_enabled
            target.position = cleaned.position
            _set_status(target, cleaned.status)
            target.save()
            _write_revision(target, actor)
            index_state.bump(workspace_id)
    except IntegrityError:
        raise Conflict(
            _("Another article was saved with the same address or language at the same time. Try again."),
            details={"slug": "taken"},
        ) from None
    publish_on_commit(ArticleChanged(workspace_id=workspace_id, article_id=target.pk, change=change))
    return target


def _check_translation_slot(workspace_id: int, source: Article, language: str) -> None:
    if source.workspace_id != workspace_id:
        raise NotFound(_("Article not found."), details={"article_id": source.pk})
    if Article.objects.filter(translation_group=source.translation_group, language=language).exists():
        raise ValidationFailed(
            _("This article already has a version in that language."), details={"language": "taken"}
        )


def _check_language_change(article: Article, language: str) -> None:
    clash = Article.objects.filter(translation_group=article.translation_group, language=language)
    if clash.exclude(pk=article.pk).exists():
        raise ValidationFailed(
            _("This article already has a version in that language."), details={"language": "taken"}
        )


def set_status(article: Article, status: str, *, actor: Agent | None = None) -> Article:
    """Publish or unpublish (a revision records the change)."""
    require_editor(actor)
    if status not in Article.Status.values:
        raise ValidationFailed(_("Unknown status %(value)s.") % {"value": status}, details={"status": status})
    with transaction.atomic():
        target = _locked(article)
        if target.status == status:
            return target
        _set_status(target, status)
        target.save(update_fields=["status", "published_at", "updated_at"])
        _write_revision(target, actor)
        index_state.bump(target.workspace_id)
    change = "published" if status == Article.Status.PUBLISHED else "unpublished"
    publish_on_commit(ArticleChanged(workspace_id=target.workspace_id, article_id=target.pk, change=change))
    return target


def publish(article: Article, *, actor: Agent | None = None) -> Article:
    return set_status(article, Article.Status.PUBLISHED, actor=actor)


def unpublish(article: Article, *, actor: Agent | None = None) -> Article:
    return set_status(article, Article.Status.DRAFT, actor=actor)


def restore_revision(article: Article, number: int, *, actor: Agent | None = None) -> Article:
    """Bring back the title, short answer and body of revision ``number`` (the status stays as
    it is now); the restore itself is a new revision."""
    require_editor(actor)
    with transaction.atomic():
        target = _locked(article)
        revision = target.revisions.filter(number=number).first()
        if revision is None:
            raise NotFound(_("Revision not found."), details={"number": number})
        target.title = revision.title
        target.summary = revision.summary
        target.body_html = sanitize_body(revision.body_html)
        target.body_text = body_plain_text(target.body_html)
        target.save(update_fields=["title", "summary", "body_html", "body_text", "updated_at"])
        _write_revision(target, actor)
        index_state.bump(target.workspace_id)
    publish_on_commit(
        ArticleChanged(workspace_id=target.workspace_id, article_id=target.pk, change="restored")
    )
    return target


def link_translation(article: Article, other: Article, *, actor: Agent | None = None) -> None:
    """Make ``other`` the version of ``article`` in ``other``'s language (one per language)."""
    require_editor(actor)
    if other.workspace_id != article.workspace_id:
        raise NotFound(_("Article not found."), details={"article_id": other.pk})
    if other.language == article.language:
        raise ValidationFailed(
            _("A translation must be in another language."), details={"language": other.language}
        )
    with transaction.atomic():
        group = Article.objects.filter(translation_group=article.translation_group).exclude(pk=other.pk)
        if group.filter(language=other.language).exists():
            raise ValidationFailed(
                _("This article already has a version in that language."), details={"language": "taken"}
            )
        joining = Article.objects.filter(translation_group=other.translation_group).exclude(pk=other.pk)
        if joining.filter(language=article.language).exists():
            raise ValidationFailed(
                _("The other article is already linked to a version in this language."),
                details={"language": "taken"},
            )
        Article.objects.filter(pk=other.pk).update(translation_group=article.translation_group)
        other.translation_group = article.translation_group
        index_state.bump(article.workspace_id)
    for changed in (article, other):
        publish_on_commit(
            ArticleChanged(workspace_id=article.workspace_id, article_id=changed.pk, change="translation")
        )


def unlink_translation(article: Article, *, actor: Agent | None = None) -> None:
    """Take the article out of its translation group (the others stay linked together)."""
    require_editor(actor)
    with transaction.atomic():
        article.translation_group = uuid.uuid4()
        Article.objects.filter(pk=article.pk).update(translation_group=article.translation_group)
        index_state.bump(article.workspace_id)
    publish_on_commit(
        ArticleChanged(workspace_id=article.workspace_id, article_id=article.pk, change="translation")
    )


def translations(article: Article) -> dict[str, Article]:
    """The other language versions of the article, by language."""
    others = Article.objects.filter(translation_group=article.translation_group).exclude(pk=article.pk)
    return {a.language: a for a in others}


def delete_article(article: Article, *, actor: Agent | None = None) -> None:
    require_editor(actor)
    article_id, group = article.pk, str(article.translation_group)
    with transaction.atomic():
        article.delete()
        index_state.bump(article.workspace_id)
    publish_on_commit(
        ArticleDeleted(workspace_id=article.workspace_id, article_id=article_id, translation_group=group)
    )
