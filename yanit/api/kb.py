"""Knowledge base: articles (list with filters and pages, one, create, change, delete) and
categories (list, create). Every agent's token may read; writing needs an admin or owner.
An article or category of another workspace is "not found". ``/kb/search`` lives elsewhere."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from yanit.api.schemas import COMMON_ERRORS, MAX_ID, ErrorOut, Id, Timestamp
from yanit.api.security import current_agent
from yanit.kb.models import Article, Category
from yanit.kb.services import (
    ArticleInput,
    CategoryInput,
    delete_article,
    filter_articles,
    get_article,
    get_category,
    require_editor,
    save_article,
    save_category,
    sync_questions,
    translations,
)
from yanit.kb.services.articles import MAX_BODY_CHARS, MAX_LABEL_CHARS, MAX_LABELS, MAX_SUMMARY, MAX_TITLE

router = Router(tags=["knowledge base"])
ERRORS = {**COMMON_ERRORS, 403: ErrorOut}

Language = Literal["tr", "en"]
ArticleStatus = Literal["draft", "published"]
Label = Annotated[str, Field(max_length=MAX_LABEL_CHARS)]
Question = Annotated[str, Field(max_length=500)]


class QuestionOut(Schema):
    id: int
    text: str
    source: Literal["editor", "import", "conversation"]


class ArticleOut(Schema):
    id: int
    language: Language
    slug: str
    title: str
    summary: str = Field(description="The short answer the bot replies with")
    body_html: str = Field(description="Sanitised HTML")
    body_text: str
    category_id: int | None
    status: ArticleStatus
    published_at: Timestamp | None
    tags: list[str]
    skus: list[str]
    video_url: str
    bot_enabled: bool
    position: int
    translations: dict[str, int] = Field(description='Other language versions: {"en": 12}')
    questions: list[QuestionOut]
    view_count: int
    helpful_yes: int
    helpful_no: int
    created_at: Timestamp
    updated_at: Timestamp


class ArticleSummaryOut(Schema):
    id: int
    language: Language
    slug: str
    title: str
    summary: str
    category_id: int | None
    status: ArticleStatus
    tags: list[str]
    skus: list[str]
    bot_enabled: bool
    updated_at: Timestamp


class ArticlePage(Schema):
    items: list[ArticleSummaryOut]
    total: int
    next_offset: int | None = Field(description="Pass as ?offset= for the next page; null at the end")


class ArticleFilter(Schema):
    language: Language | None = None
    status: ArticleStatus | None = None
    category: Id | None = Field(default=None, description="A category id")
    tag: str = Field(default="", max_length=MAX_LABEL_CHARS)
    sku: str = Field(default="", max_length=MAX_LABEL_CHARS)
    q: str = Field(default="", max_length=200, description="Folded contains: 'iade' finds 'İADE'")
    offset: int = Field(default=0, ge=0, le=1_000_000)
    limit: int = Field(default=50, ge=1, le=200)


class ArticleIn(Schema):
    title: str = Field(max_length=MAX_TITLE)
    summary: str = Field(default="", max_length=MAX_SUMMARY)
    body_html: str = Field(default="", max_length=MAX_BODY_CHARS, description="Sanitised on save")
    language: Language = "tr"
    category_id: Id | None = None
    slug: str = Field(default="", max_length=120, description="Made from the title when empty")
    status: ArticleStatus = "draft"
    tags: list[Label] = Field(default_factory=list, max_length=MAX_LABELS)
    skus: list[Label] = Field(default_factory=list, max_length=MAX_LABELS)
    video_url: str = Field(default="", max_length=500, description="A YouTube or Vimeo address")
    bot_enabled: bool = True
    position: int = Field(default=0, ge=0, le=1_000_000)
    questions: list[Question] | None = Field(default=None, max_length=200, description="Example questions")
    translation_of: Id | None = Field(default=None, description="Make it a translation of this article")


class ArticlePatch(Schema):
    title: str | None = Field(default=None, max_length=MAX_TITLE)
    summary: str | None = Field(default=None, max_length=MAX_SUMMARY)
    body_html: str | None = Field(default=None, max_length=MAX_BODY_CHARS)
    language: Language | None = None
    category_id: int | None = Field(
        default=None, ge=0, le=MAX_ID, description="Left out keeps it; 0 removes the category"
    )
    slug: str | None = Field(default=None, max_length=120)
    status: ArticleStatus | None = None
    tags: list[Label] | None = Field(default=None, max_length=MAX_LABELS)
    skus: list[Label] | None = Field(default=None, max_length=MAX_LABELS)
    video_url: str | None = Field(default=None, max_length=500)
    bot_enabled: bool | None = None
    position: int | None = Field(default=None, ge=0, le=1_000_000)
    questions: list[Question] | None = Field(default=None, max_length=200, description="Replaces them")


class CategoryOut(Schema):
    id: int
    slug: str
    name_tr: str
    name_en: str
    description_tr: str
    description_en: str
    icon: str
    position: int


class CategoryIn(Schema):
    name_tr: str = Field(max_length=120)
    name_en: str = Field(default="", max_length=120)
    description_tr: str = Field(default="", max_length=300)
    description_en: str = Field(default="", max_length=300)
    icon: str = Field(default="", max_length=8)
    slug: str = Field(default="", max_length=80)


def present_article(article: Article) -> dict[str, Any]:
    return {
        "id": article.pk,
        "language": article.language,
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "body_html": article.body_html,
        "body_text": article.body_text,
        "category_id": article.category_id,
        "status": article.status,
        "published_at": article.published_at,
        "tags": list(article.tags),
        "skus": list(article.skus),
        "video_url": article.video_url,
        "bot_enabled": article.bot_enabled,
        "position": article.position,
        "translations": {language: other.pk for language, other in translations(article).items()},
        "questions": [
            {"id": q.pk, "text": q.text, "source": q.source} for q in article.example_questions.all()
        ],
        "view_count": article.view_count,
        "helpful_yes": article.helpful_yes,
        "helpful_no": article.helpful_no,
        "created_at": article.created_at,
        "updated_at": article.updated_at,
    }


def present_summary(article: Article) -> dict[str, Any]:
    return {
        "id": article.pk,
        "language": article.language,
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "category_id": article.category_id,
        "status": article.status,
        "tags": list(article.tags),
        "skus": list(article.skus),
        "bot_enabled": article.bot_enabled,
        "updated_at": article.updated_at,
    }


def present_category(category: Category) -> dict[str, Any]:
    return {
        "id": category.pk,
        "slug": category.slug,
        "name_tr": category.name_tr,
        "name_en": category.name_en,
        "description_tr": category.description_tr,
        "description_en": category.description_en,
        "icon": category.icon,
        "position": category.position,
    }


@router.get("/articles", response={200: ArticlePage, **ERRORS}, summary="Articles, one page")
def list_articles(request: HttpRequest, filters: Query[ArticleFilter]) -> dict[str, Any]:
    agent = current_agent(request)
    if filters.category is not None:
        get_category(agent.workspace_id, filters.category)
    found = filter_articles(
        agent.workspace_id,
        language=filters.language or "",
        status=filters.status or "",
        category_id=filters.category,
        tag=filters.tag,
        sku=filters.sku,
        q=filters.q,
    )
    end = filters.offset + filters.limit
    return {
        "items": [present_summary(a) for a in found[filters.offset : end]],
        "total": len(found),
        "next_offset": end if end < len(found) else None,
    }


@router.post("/articles", response={201: ArticleOut, **ERRORS}, summary="Write an article (admins)")
def create_article(request: HttpRequest, payload: ArticleIn) -> Status:
    agent = current_agent(request)
    require_editor(agent)
    source = get_article(agent.workspace_id, payload.translation_of) if payload.translation_of else None
    data = ArticleInput(**payload.model_dump(exclude={"questions", "translation_of"}))
    with transaction.atomic():
        article = save_article(agent.workspace_id, data, actor=agent, translation_of=source)
        if payload.questions:
            sync_questions(article, payload.questions, actor=agent)
    return Status(201, present_article(get_article(agent.workspace_id, article.pk)))


@router.get("/articles/{int:article_id}", response={200: ArticleOut, **ERRORS}, summary="One article")
def read_article(request: HttpRequest, article_id: int) -> dict[str, Any]:
    return present_article(get_article(current_agent(request).workspace_id, article_id))


@router.patch(
    "/articles/{int:article_id}", response={200: ArticleOut, **ERRORS}, summary="Change an article (admins)"
)
def update_article(request: HttpRequest, article_id: int, payload: ArticlePatch) -> dict[str, Any]:
    agent = current_agent(request)
    require_editor(agent)
    article = get_article(agent.workspace_id, article_id)
    values: dict[str, Any] = {
        "title": article.title,
        "summary": article.summary,
        "body_html": article.body_html,
        "language": article.language,
        "category_id": article.category_id,
        "slug": "",
        "status": article.status,
        "tags": list(article.tags),
        "skus": list(article.skus),
        "video_url": article.video_url,
        "bot_enabled": article.bot_enabled,
        "position": article.position,
    }
    changes = payload.model_dump(exclude_none=True, exclude={"questions"})
    values.update(changes)
    if payload.category_id == 0:
        values["category_id"] = None
    with transaction.atomic():
        save_article(agent.workspace_id, ArticleInput(**values), actor=agent, article=article)
        if payload.questions is not None:
            sync_questions(article, payload.questions, actor=agent)
    return present_article(get_article(agent.workspace_id, article_id))


@router.delete(
    "/articles/{int:article_id}", response={204: None, **ERRORS}, summary="Delete an article (admins)"
)
def remove_article(request: HttpRequest, article_id: int) -> Status:
    agent = current_agent(request)
    require_editor(agent)
    delete_article(get_article(agent.workspace_id, article_id), actor=agent)
    return Status(204, None)


@router.get("/categories", response={200: list[CategoryOut], **ERRORS}, summary="Categories in order")
def list_categories(request: HttpRequest) -> list[dict[str, Any]]:
    agent = current_agent(request)
    return [present_category(c) for c in Category.objects.filter(workspace_id=agent.workspace_id)]


@router.post("/categories", response={201: CategoryOut, **ERRORS}, summary="Add a category (admins)")
def create_category(request: HttpRequest, payload: CategoryIn) -> Status:
    agent = current_agent(request)
    category = save_category(agent.workspace_id, CategoryInput(**payload.model_dump()), actor=agent)
    return Status(201, present_category(category))
