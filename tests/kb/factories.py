"""Knowledge base rows for tests, written straight through the ORM (the write services live in
``yanit.kb.services``; these only need rows that look like what they store) — each bumps the
workspace's index version the way the services do."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from django.utils import timezone

from yanit.accounts.models import Workspace
from yanit.kb import index_state
from yanit.kb.models import Article, Category, ExampleQuestion, SynonymGroup

_seq = itertools.count(1)


def make_category(workspace: Workspace, name: str = "Kargo ve teslimat") -> Category:
    category = Category.objects.create(workspace=workspace, slug=f"kategori-{next(_seq)}", name_tr=name)
    index_state.bump(workspace.pk)
    return category


def make_article(
    workspace: Workspace,
    title: str,
    *,
    summary: str = "",
    body: str = "",
    language: str = "tr",
    status: str = Article.Status.PUBLISHED,
    tags: Sequence[str] = (),
    skus: Sequence[str] = (),
    examples: Sequence[str] = (),
    translation_of: Article | None = None,
    category: Category | None = None,
    bot_enabled: bool = True,
) -> Article:
    extra = {"translation_group": translation_of.translation_group} if translation_of else {}
    article = Article.objects.create(
        workspace=workspace,
        category=category,
        language=language,
        slug=f"makale-{next(_seq)}",
        title=title,
        summary=summary,
        body_html=f"<p>{body}</p>" if body else "",
        body_text=body,
        status=status,
        published_at=timezone.now() if status == Article.Status.PUBLISHED else None,
        tags=list(tags),
        skus=list(skus),
        bot_enabled=bot_enabled,
        **extra,
    )
    for text in examples:
        ExampleQuestion.objects.create(workspace=workspace, article=article, text=text)
    index_state.bump(workspace.pk)
    return article


def make_synonyms(workspace: Workspace, *words: str) -> SynonymGroup:
    group = SynonymGroup.objects.create(workspace=workspace, words=list(words))
    index_state.bump(workspace.pk)
    return group
