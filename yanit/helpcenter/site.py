"""Which help center a request is for, in which language, and the article listings its pages share.

A workspace that never opened its help center settings gets the defaults (public, the workspace
name as title); ``is_public=False`` makes every page of it answer 404, as does an unknown slug.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import Http404
from django.urls import reverse

from yanit.accounts.models import Workspace
from yanit.core.text import search_fold
from yanit.kb.branding import is_hex_color, link_color, text_on
from yanit.kb.models import Article, Category, HelpCenter, Language

LANGUAGES = (Language.TR.value, Language.EN.value)
DEFAULT_COLOR = "#0f766e"
LISTING_FIELDS = (
    "id", "language", "translation_group", "slug", "title", "summary", "category_id", "view_count",
    "position", "updated_at", "published_at",
)  # fmt: skip


@dataclass
class Site:
    workspace: Workspace
    center: HelpCenter
    language: str

    @property
    def slug(self) -> str:
        return self.workspace.slug

    @property
    def title(self) -> str:
        return self.center.title(self.language) or self.workspace.name

    @property
    def brand(self) -> str:
        color = self.center.brand_color
        return color.lower() if is_hex_color(color) else DEFAULT_COLOR

    @property
    def brand_ink(self) -> str:
        return text_on(self.brand)

    @property
    def brand_link(self) -> str:
        return link_color(self.brand)

    def with_language(self, language: str) -> Site:
        return Site(self.workspace, self.center, language)

    def home_url(self, language: str | None = None) -> str:
        language = language or self.language
        if language == Language.TR:
            return reverse("helpcenter:home", args=[self.slug])
        return reverse("helpcenter:home_lang", args=[self.slug, language])

    def search_url(self) -> str:
        url = reverse("helpcenter:search", args=[self.slug])
        return url if self.language == Language.TR else f"{url}?lang={self.language}"

    def logo_url(self) -> str:
        if self.center.logo_id is None:
            return ""
        return reverse("helpcenter:logo", args=[self.slug, self.center.logo_id])


def article_url(workspace_slug: str, language: str, slug: str) -> str:
    return reverse("helpcenter:article", args=[workspace_slug, language, slug])


def category_url(workspace_slug: str, language: str, slug: str) -> str:
    return reverse("helpcenter:category", args=[workspace_slug, language, slug])


def load_site(workspace_slug: str, language: str = Language.TR) -> Site:
    if language not in LANGUAGES:
        raise Http404("unknown language")
    center = (
        HelpCenter.objects.select_related("workspace", "logo").filter(workspace__slug=workspace_slug).first()
    )
    if center is None:
        workspace = Workspace.objects.filter(slug=workspace_slug).first()
        if workspace is None:
            raise Http404("no such help center")
        center = HelpCenter(workspace=workspace)
    if not center.is_public:
        raise Http404("this help center is not published")
    return Site(center.workspace, center, language)


def published(workspace_id: int) -> Any:
    return Article.objects.filter(workspace_id=workspace_id, status=Article.Status.PUBLISHED)


def listing(site: Site, category_id: int | None = None) -> list[dict[str, Any]]:
    """One row per published article for the page's language: its version in that language when
    it exists, else the Turkish one (marked by its ``language``), so an English visitor still
    finds everything the store wrote."""
    rows = published(site.workspace.pk)
    if category_id is not None:
        rows = rows.filter(category_id=category_id)
    chosen: dict[Any, dict[str, Any]] = {}
    for row in rows.values(*LISTING_FIELDS):
        current = chosen.get(row["translation_group"])
        if current is None or (row["language"] == site.language and current["language"] != site.language):
            chosen[row["translation_group"]] = row
    out = list(chosen.values())
    for row in out:
        row["url"] = article_url(site.slug, row["language"], row["slug"])
    out.sort(key=lambda r: (r["position"], r["title"].casefold()))
    return out


def categories(site: Site) -> list[Category]:
    found = list(Category.objects.filter(workspace_id=site.workspace.pk))
    # Turkish alphabetical order ("İade" before "Kargo"), which the database collation may not give.
    found.sort(key=lambda c: (c.position, search_fold(c.name(site.language))))
    return found


def last_modified(*stamps: datetime | None) -> datetime | None:
    present = [s for s in stamps if s is not None]
    return max(present) if present else None
