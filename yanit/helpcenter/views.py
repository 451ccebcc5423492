"""The public help center pages: home, category, article (with votes), search, sitemap, logo.

Server-rendered and complete without JavaScript; ``helpcenter.js`` only adds search as you type
and sends votes without reloading. Pages are rendered in the URL's language whatever the visitor's
cookie says, so a shared link shows the same page to everyone.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from yanit.helpcenter import page_cache, view_counts
from yanit.helpcenter.contact import contact_options
from yanit.helpcenter.finder import as_json, find
from yanit.helpcenter.site import (
    LANGUAGES,
    Site,
    article_url,
    categories,
    category_url,
    last_modified,
    listing,
    load_site,
    published,
)
from yanit.helpcenter.video import FRAME_SOURCES, embed_url
from yanit.kb.index_state import current
from yanit.kb.models import Article, Category, HelpCenter, KbAsset
from yanit.kb.services.votes import record_vote

POPULAR = 6
RELATED = 5
SEARCH_LIMIT = 20
SUGGEST_LIMIT = 6
PAGE_MAX_AGE = 60
CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self'",
        "connect-src 'self'",
        f"frame-src {' '.join(FRAME_SOURCES)}",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def _html(request: HttpRequest, site: Site, template: str, context: dict[str, Any]) -> str:
    with translation.override(site.language):
        base = {
            "site": site,
            "contact": contact_options(site.workspace.pk, site.center.contact or {}, site.language),
            "base_url": settings.YANIT_BASE_URL,
            "canonical": settings.YANIT_BASE_URL + request.path,
        }
        return render_to_string(template, {**base, **context}, request=request)


def _page(site: Site, html: str) -> HttpResponse:
    response = HttpResponse(html)
    response.headers["Content-Language"] = site.language
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return response


def _render(request: HttpRequest, site: Site, template: str, context: dict[str, Any]) -> HttpResponse:
    return _page(site, _html(request, site, template, context))


def _stamp(site: Site) -> tuple[int, Any]:
    """What a cached page of this help center must still match (see ``page_cache``)."""
    return (current(site.workspace.pk), site.center.updated_at)


def _public(response: HttpResponse, max_age: int = PAGE_MAX_AGE) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=max_age)
    return response


def _category_names(site: Site) -> dict[int, str]:
    return {c.pk: c.name(site.language) for c in categories(site)}


@require_GET
def home(request: HttpRequest, workspace: str, lang: str = "tr") -> HttpResponse:
    site = load_site(workspace, lang)
    key, stamp = ("home", site.workspace.pk, lang), _stamp(site)
    cached = page_cache.get(key, stamp)
    if cached is not None:
        return _public(_page(site, cached.html))
    rows = listing(site)
    counts: dict[int, int] = {}
    for row in rows:
        if row["category_id"] is not None:
            counts[row["category_id"]] = counts.get(row["category_id"], 0) + 1
    sections = [
        {
            "category": c,
            "name": c.name(lang),
            "description": c.description(lang),
            "count": counts.get(c.pk, 0),
            "url": category_url(site.slug, lang, c.slug),
        }
        for c in categories(site)
        if counts.get(c.pk)
    ]
    popular = sorted(rows, key=lambda r: (-r["view_count"], r["title"]))[:POPULAR]
    context = {
        "sections": sections,
        "popular": popular,
        "uncategorised": [r for r in rows if r["category_id"] is None][:20],
        "alternates": [(code, site.home_url(code)) for code in LANGUAGES],
        "description": site.title,
    }
    html = _html(request, site, "helpcenter/home.html", context)
    page_cache.put(key, stamp, html)
    return _public(_page(site, html))


@require_GET
def category(request: HttpRequest, workspace: str, lang: str, slug: str) -> HttpResponse:
    site = load_site(workspace, lang)
    key, stamp = ("category", site.workspace.pk, lang, slug), _stamp(site)
    cached = page_cache.get(key, stamp)
    if cached is not None:
        return _public(_page(site, cached.html))
    section = Category.objects.filter(workspace_id=site.workspace.pk, slug=slug).first()
    if section is None:
        raise Http404("no such category")
    rows = listing(site, category_id=section.pk)
    if not rows:
        raise Http404("no published articles in this category")
    context = {
        "section": section,
        "name": section.name(lang),
        "description": section.description(lang) or section.name(lang),
        "articles": rows,
        "alternates": [(code, category_url(site.slug, code, slug)) for code in LANGUAGES],
    }
    html = _html(request, site, "helpcenter/category.html", context)
    page_cache.put(key, stamp, html)
    return _public(_page(site, html))


def _related(article: Article) -> list[dict[str, Any]]:
    """Articles of the same category in the same language, those sharing most tags first."""
    if article.category_id is None:
        return []
    candidates = list(
        published(article.workspace_id)
        .filter(category_id=article.category_id, language=article.language)
        .exclude(pk=article.pk)
        .order_by("-view_count", "title")
        .values("slug", "title", "tags", "language")[:40]
    )
    tags = {str(t).casefold() for t in article.tags or []}
    candidates.sort(key=lambda r: -len(tags & {str(t).casefold() for t in r["tags"] or []}))
    return candidates[:RELATED]


def _fallback(site: Site, lang: str, slug: str) -> HttpResponse:
    """An article address in a language it does not exist in: go to its translation when there is
    one, else to the version that exists."""
    other = published(site.workspace.pk).filter(slug=slug).exclude(language=lang).first()
    if other is None:
        raise Http404("no such article")
    translation_row = (
        published(site.workspace.pk).filter(translation_group=other.translation_group, language=lang).first()
    )
    target = translation_row or other
    return redirect(
        article_url(site.slug, target.language, target.slug), permanent=translation_row is not None
    )


def _conditional(request: HttpRequest, changed: datetime | None) -> HttpResponseBase | None:
    return get_conditional_response(request, last_modified=int(changed.timestamp()) if changed else None)


def _article_response(site: Site, html: str, changed: datetime | None) -> HttpResponse:
    response = _public(_page(site, html))
    if changed:
        response.headers["Last-Modified"] = http_date(changed.timestamp())
    return response


@require_GET
def article(request: HttpRequest, workspace: str, lang: str, slug: str) -> HttpResponseBase:
    site = load_site(workspace, lang)
    vote = request.GET.get("vote", "")
    vote = vote if vote in ("yes", "no") else ""
    key, stamp = ("article", site.workspace.pk, lang, slug, vote), _stamp(site)
    cached = page_cache.get(key, stamp)
    if cached is not None and cached.article_id is not None:
        view_counts.count_view(cached.article_id)
        return _conditional(request, cached.last_modified) or _article_response(
            site, cached.html, cached.last_modified
        )
    page = published(site.workspace.pk).filter(language=lang, slug=slug).select_related("category").first()
    if page is None:
        return _fallback(site, lang, slug)
    changed = last_modified(page.updated_at, site.center.updated_at)
    view_counts.count_view(page.pk)
    not_modified = _conditional(request, changed)
    if not_modified is not None:
        return not_modified
    translations = list(
        published(site.workspace.pk)
        .filter(translation_group=page.translation_group)
        .exclude(pk=page.pk)
        .values("language", "slug", "title")
    )
    for row in translations:
        row["url"] = article_url(site.slug, row["language"], row["slug"])
    own_url = article_url(site.slug, lang, slug)
    related = _related(page)
    for row in related:
        row["url"] = article_url(site.slug, lang, row["slug"])
    context = {
        "article": page,
        "category_name": page.category.name(lang) if page.category else "",
        "category_link": category_url(site.slug, lang, page.category.slug) if page.category else "",
        "video_embed": embed_url(page.video_url) if page.video_url else "",
        "translations": translations,
        "alternates": [(lang, own_url)] + [(t["language"], t["url"]) for t in translations],
        "related": related,
        "vote": vote,
        "description": page.summary or page.body_text[:160],
    }
    html = _html(request, site, "helpcenter/article.html", context)
    page_cache.put(key, stamp, html, article_id=page.pk, last_modified=changed)
    return _article_response(site, html, changed)


def voter_hash(request: HttpRequest, article_id: int) -> str:
    """A keyed hash of the visitor's address and browser: one vote each, changeable, and nothing
    that identifies the visitor is stored."""
    material = (
        f"{request.META.get('REMOTE_ADDR', '')}|{request.headers.get('User-Agent', '')[:300]}|{article_id}"
    )
    return hmac.new(settings.SECRET_KEY.encode(), material.encode(), hashlib.sha256).hexdigest()


# No CSRF token: the page stays cacheable and a forged vote can only be the visitor's own one vote.
@csrf_exempt
@require_POST
def vote(request: HttpRequest, workspace: str, lang: str, slug: str) -> HttpResponse:
    site = load_site(workspace, lang)
    page = published(site.workspace.pk).filter(language=lang, slug=slug).first()
    if page is None:
        raise Http404("no such article")
    answer = request.POST.get("helpful", "")
    if answer not in ("yes", "no"):
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse(
                {"error": {"code": "invalid", "message": "helpful must be yes or no"}}, status=400
            )
        return redirect(article_url(site.slug, lang, slug))
    record_vote(page, voter_hash(request, page.pk), answer == "yes")
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"helpful": answer == "yes"})
    return redirect(f"{article_url(site.slug, lang, slug)}?vote={answer}#feedback")


def _search_language(request: HttpRequest) -> str:
    lang = request.GET.get("lang", "tr")
    return lang if lang in LANGUAGES else "tr"


@require_GET
def search(request: HttpRequest, workspace: str) -> HttpResponse:
    site = load_site(workspace, _search_language(request))
    q = request.GET.get("q", "").strip()[:200]
    names = _category_names(site)
    hits = find(site.workspace.pk, site.language, q, SEARCH_LIMIT) if q else []
    results = [
        {
            "hit": h,
            "url": article_url(site.slug, h.language, h.slug),
            "category": names.get(h.category_id or 0, ""),
        }
        for h in hits
    ]
    context = {"q": q, "results": results, "alternates": [], "description": site.title, "noindex": True}
    response = _render(request, site, "helpcenter/search.html", context)
    patch_cache_control(response, private=True, max_age=0)
    return response


@require_GET
def search_json(request: HttpRequest, workspace: str) -> JsonResponse:
    site = load_site(workspace, _search_language(request))
    q = request.GET.get("q", "").strip()[:200]
    try:
        limit = min(max(int(request.GET.get("limit", SUGGEST_LIMIT)), 1), SEARCH_LIMIT)
    except ValueError:
        return JsonResponse({"error": {"code": "invalid", "message": "limit must be a number"}}, status=400)
    names = _category_names(site) if q else {}
    hits = find(site.workspace.pk, site.language, q, limit) if q else []
    results = [
        as_json(h, article_url(site.slug, h.language, h.slug), names.get(h.category_id or 0, ""))
        for h in hits
    ]
    response = JsonResponse({"query": q, "language": site.language, "results": results})
    patch_cache_control(response, private=True, max_age=30)
    return response


@require_GET
def sitemap(request: HttpRequest, workspace: str) -> HttpResponse:
    site = load_site(workspace)
    base = settings.YANIT_BASE_URL
    rows = list(published(site.workspace.pk).values("language", "slug", "updated_at", "category_id"))
    entries: list[tuple[str, str]] = []
    home_changed = last_modified(*(r["updated_at"] for r in rows), site.center.updated_at)
    entries.append((base + site.home_url("tr"), home_changed.date().isoformat() if home_changed else ""))
    if any(r["language"] == "en" for r in rows):
        entries.append((base + site.home_url("en"), home_changed.date().isoformat() if home_changed else ""))
    for c in categories(site):
        for code in LANGUAGES:
            in_category = [
                r["updated_at"] for r in rows if r["category_id"] == c.pk and r["language"] == code
            ]
            if in_category:
                changed = max([*in_category, c.updated_at])
                entries.append((base + category_url(site.slug, code, c.slug), changed.date().isoformat()))
    for r in sorted(rows, key=lambda r: (r["language"] != "tr", r["language"], r["slug"])):
        entries.append(
            (base + article_url(site.slug, r["language"], r["slug"]), r["updated_at"].date().isoformat())
        )
    response = render(request, "helpcenter/sitemap.xml", {"entries": entries}, content_type="application/xml")
    return _public(response, 300)


@require_GET
def logo(request: HttpRequest, workspace: str, asset_id: int) -> FileResponse:
    # Served while the help center is unpublished too: the settings page previews it.
    center = HelpCenter.objects.filter(workspace__slug=workspace, logo_id=asset_id).first()
    if center is None:
        raise Http404("not this help center's logo")
    asset = KbAsset.objects.filter(pk=asset_id, workspace_id=center.workspace_id).first()
    if asset is None or not asset.content_type.startswith("image/"):
        raise Http404("no logo")
    response = FileResponse(asset.file.open("rb"), content_type=asset.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # The address changes with every new logo, so it can be kept for long.
    patch_cache_control(response, public=True, max_age=86400 * 30, immutable=True)
    return response
