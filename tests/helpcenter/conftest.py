"""A small Turkish store help center: categories, published/draft articles, an English translation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from tests.factories import World
from yanit.helpcenter import page_cache, view_counts
from yanit.kb.index_state import bump
from yanit.kb.models import Article, Category
from yanit.kb.search.index import forget_all


def make_category(world: World, slug: str, name_tr: str, name_en: str = "", **extra: object) -> Category:
    return Category.objects.create(
        workspace=world.workspace, slug=slug, name_tr=name_tr, name_en=name_en, **extra
    )


def make_article(
    world: World,
    title: str,
    slug: str,
    *,
    category: Category | None = None,
    language: str = "tr",
    summary: str = "",
    body: str = "",
    status: str = Article.Status.PUBLISHED,
    group: uuid.UUID | None = None,
    **extra: object,
) -> Article:
    article = Article.objects.create(
        workspace=world.workspace,
        category=category,
        language=language,
        translation_group=group or uuid.uuid4(),
        slug=slug,
        title=title,
        summary=summary,
        body_html=f"<p>{escape(body)}</p>" if body else "",
        body_text=body,
        status=status,
        published_at=timezone.now() if status == Article.Status.PUBLISHED else None,
        **extra,
    )
    bump(world.workspace.pk)
    return article


@dataclass
class Kb:
    world: World
    returns: Category
    shipping: Category
    refund: Article
    refund_en: Article
    exchange: Article
    cargo: Article
    draft: Article


def set_updated(article: Article, when: datetime) -> None:
    Article.objects.filter(pk=article.pk).update(updated_at=when)


@pytest.fixture
def kb(world: World) -> Kb:
    returns = make_category(
        world, "iade-ve-degisim", "İade ve değişim", "Returns", description_tr="İade süreci", icon="↩️"
    )
    shipping = make_category(world, "kargo", "Kargo ve teslimat", "Shipping", icon="📦")
    refund = make_article(
        world,
        "İade nasıl yapılır?",
        "iade-nasil-yapilir",
        category=returns,
        summary="Siparişinizi teslim aldıktan sonra 14 gün içinde ücretsiz iade edebilirsiniz.",
        body="Hesabım > Siparişlerim sayfasından iade talebi oluşturun. Kargo kodu SMS ile gelir.",
        tags=["iade", "kargo"],
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        view_count=40,
    )
    refund_en = make_article(
        world,
        "How do I return an item?",
        "how-to-return",
        category=returns,
        language="en",
        group=refund.translation_group,
        summary="You can return your order free of charge within 14 days of delivery.",
        body="Open My account > Orders and create a return request.",
    )
    exchange = make_article(
        world,
        "Beden değişimi",
        "beden-degisimi",
        category=returns,
        summary="Farklı bedenle değişim ücretsizdir.",
        body="Değişim için iade talebi oluşturup yeni bedeni seçin.",
        tags=["iade", "beden"],
        view_count=5,
    )
    cargo = make_article(
        world,
        "Kargom nerede?",
        "kargom-nerede",
        category=shipping,
        summary="Kargo takip numaranız SMS ile gönderilir.",
        body="Siparişiniz 1-3 iş günü içinde kargoya verilir.",
        view_count=90,
    )
    draft = make_article(
        world,
        "Gizli kampanya",
        "gizli-kampanya",
        category=shipping,
        status=Article.Status.DRAFT,
        summary="Henüz yayında değil.",
    )
    stamp = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    for a in (refund, refund_en, exchange, cargo, draft):
        set_updated(a, stamp)
    Category.objects.filter(workspace=world.workspace).update(updated_at=stamp)
    forget_all()
    return Kb(world, returns, shipping, refund, refund_en, exchange, cargo, draft)


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    view_counts.discard_pending()
    forget_all()
    page_cache.clear()


@pytest.fixture
def visitor() -> Client:
    return Client(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Mozilla/5.0 test")
