from __future__ import annotations

import re
import time

import pytest
from django.test import Client

from tests.factories import World
from tests.helpcenter.conftest import Kb, make_article, make_category
from yanit.helpcenter import view_counts
from yanit.kb.models import Article, HelpCenter
from yanit.sla.models import BusinessHours

BASE = "http://127.0.0.1:8000"


def links(html: str, rel: str) -> list[tuple[str, str]]:
    return re.findall(rf'<link rel="{rel}" hreflang="([\w-]+)" href="([^"]+)">', html)


def test_home_shows_categories_with_counts_popular_articles_and_no_drafts(kb: Kb, visitor: Client) -> None:
    ws = kb.world.workspace.slug
    response = visitor.get(f"/help/{ws}/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="tr">' in html
    cats = re.findall(r'<span class="cat-name">([^<]+)</span>', html)
    assert cats == ["İade ve değişim", "Kargo ve teslimat"]
    counts = re.findall(r'<span class="count">([^<]+)</span>', html)
    assert counts == ["2 yazı", "1 yazı"]
    popular = re.search(r'data-testid="popular">(.*?)</ul>', html, re.S)
    assert popular is not None
    assert re.findall(r'<span class="t">([^<]+)</span>', popular.group(1)) == [
        "Kargom nerede?",
        "İade nasıl yapılır?",
        "Beden değişimi",
    ]
    assert "Gizli kampanya" not in html
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert (
        "frame-src https://www.youtube-nocookie.com https://player.vimeo.com"
        in response.headers["Content-Security-Policy"]
    )


def test_english_home_lists_english_articles_and_turkish_ones_that_have_no_translation(
    kb: Kb, visitor: Client
) -> None:
    ws = kb.world.workspace.slug
    html = visitor.get(f"/help/{ws}/en/").text
    assert '<html lang="en">' in html
    assert re.findall(r'<span class="cat-name">([^<]+)</span>', html) == ["Returns", "Shipping"]
    assert "How do I return an item?" in html
    assert "İade nasıl yapılır?" not in html
    # No English version: the Turkish one, marked.
    assert f'<a href="/help/{ws}/tr/kargom-nerede/" hreflang="tr">' in html
    assert '<span class="badge">in Turkish</span>' in html
    assert "How can we help you?" in html


def test_article_page_content_seo_and_language_switch(kb: Kb, visitor: Client) -> None:
    ws = kb.world.workspace.slug
    url = f"/help/{ws}/tr/iade-nasil-yapilir/"
    response = visitor.get(url)
    assert response.status_code == 200
    html = response.text
    assert "<title>İade nasıl yapılır? · Anadolu" in html
    assert (
        '<meta name="description" content="Siparişinizi teslim aldıktan sonra 14 gün içinde ücretsiz iade '
        'edebilirsiniz.">' in html
    )
    assert f'<link rel="canonical" href="{BASE}{url}">' in html
    assert links(html, "alternate") == [
        ("tr", f"{BASE}{url}"),
        ("en", f"{BASE}/help/{ws}/en/how-to-return/"),
        ("x-default", f"{BASE}{url}"),
    ]
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="İade nasıl yapılır?">' in html
    assert (
        f'<a href="/help/{ws}/en/how-to-return/" hreflang="en" lang="en" data-testid="lang-en">English</a>'
        in html
    )
    assert '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert "<p>Hesabım &gt; Siparişlerim sayfasından iade talebi oluşturun." in html
    assert f'<a href="/help/{ws}/tr/c/iade-ve-degisim/">İade ve değişim</a>' in html  # breadcrumbs
    assert "Bu yazı işinize yaradı mı?" in html
    assert "Son güncelleme" in html
    assert "2 Kasım 2026" in html
    related = re.search(r'data-testid="related">(.*?)</ul>', html, re.S)
    assert related is not None
    assert re.findall(r'<span class="t">([^<]+)</span>', related.group(1)) == ["Beden değişimi"]
    assert response.headers["Content-Language"] == "tr"
    assert response.headers["Last-Modified"] == "Mon, 02 Nov 2026 10:00:00 GMT"

    english = visitor.get(f"/help/{ws}/en/how-to-return/").text
    assert '<html lang="en">' in english
    assert "Was this article helpful?" in english
    assert (
        f'<a href="/help/{ws}/tr/iade-nasil-yapilir/" hreflang="tr" lang="tr" '
        'data-testid="lang-tr">Türkçe</a>' in english
    )
    assert "<iframe" not in english


def test_article_answers_304_when_unchanged_and_counts_views_later(
    kb: Kb, visitor: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # However long this process has run, the next flush is not due during the test.
    monkeypatch.setattr(view_counts, "FLUSH_SECONDS", 3600.0)
    monkeypatch.setattr(view_counts, "_last_flush", time.monotonic())
    ws = kb.world.workspace.slug
    url = f"/help/{ws}/tr/kargom-nerede/"
    first = visitor.get(url)
    again = visitor.get(url, HTTP_IF_MODIFIED_SINCE=first.headers["Last-Modified"])
    assert again.status_code == 304
    # Counted in memory, not yet written: the page did no write.
    assert view_counts.pending() == {kb.cargo.pk: 2}
    assert Article.objects.get(pk=kb.cargo.pk).view_count == 90
    visitor.get(f"/help/{ws}/tr/beden-degisimi/")
    visitor.get(f"/help/{ws}/tr/iade-nasil-yapilir/")
    assert view_counts.flush() == 4
    views = dict(Article.objects.filter(workspace=kb.world.workspace).values_list("slug", "view_count"))
    assert (views["kargom-nerede"], views["beden-degisimi"], views["iade-nasil-yapilir"]) == (92, 6, 41)
    assert view_counts.pending() == {}


def test_views_are_written_after_a_response_once_the_interval_passed(
    kb: Kb, visitor: Client, monkeypatch: object
) -> None:
    import pytest

    patch = pytest.MonkeyPatch()
    patch.setattr(view_counts, "FLUSH_SECONDS", 0.0)
    try:
        visitor.get(f"/help/{kb.world.workspace.slug}/tr/kargom-nerede/")
    finally:
        patch.undo()
    assert Article.objects.get(pk=kb.cargo.pk).view_count == 91


def test_video_links_become_vimeo_player_or_plain_link(world: World, visitor: Client) -> None:
    make_article(world, "Kurulum videosu", "kurulum", video_url="https://vimeo.com/76979871")
    make_article(world, "Başka video", "baska", video_url="https://videos.example/v/1")
    ws = world.workspace.slug
    html = visitor.get(f"/help/{ws}/tr/kurulum/").text
    assert '<iframe src="https://player.vimeo.com/video/76979871"' in html
    other = visitor.get(f"/help/{ws}/tr/baska/").text
    assert "<iframe" not in other
    assert '<a href="https://videos.example/v/1" rel="noopener nofollow">Videoyu izleyin</a>' in other


def test_category_page_lists_its_published_articles(kb: Kb, visitor: Client) -> None:
    ws = kb.world.workspace.slug
    html = visitor.get(f"/help/{ws}/tr/c/iade-ve-degisim/").text
    listed = re.search(r'data-testid="category-articles">(.*?)</ul>', html, re.S)
    assert listed is not None
    assert re.findall(r'<span class="t">([^<]+)</span>', listed.group(1)) == [
        "Beden değişimi",
        "İade nasıl yapılır?",
    ]
    assert '<h1><span class="icon" aria-hidden="true">↩️</span> İade ve değişim</h1>' in html
    assert '<p class="lead">İade süreci</p>' in html
    english = visitor.get(f"/help/{ws}/en/c/iade-ve-degisim/").text
    assert "<title>Returns ·" in english
    assert "How do I return an item?" in english
    assert "Beden değişimi" in english
    # A category with only a draft in it, and an unknown one.
    assert visitor.get(f"/help/{ws}/tr/c/bos/").status_code == 404
    make_category(kb.world, "bos", "Boş")
    assert visitor.get(f"/help/{ws}/tr/c/bos/").status_code == 404


def test_language_fallbacks(kb: Kb, visitor: Client) -> None:
    ws = kb.world.workspace.slug
    # The Turkish address under /en/: the English translation.
    response = visitor.get(f"/help/{ws}/en/iade-nasil-yapilir/")
    assert (response.status_code, response["Location"]) == (301, f"/help/{ws}/en/how-to-return/")
    # No English version: the Turkish page.
    response = visitor.get(f"/help/{ws}/en/kargom-nerede/")
    assert (response.status_code, response["Location"]) == (302, f"/help/{ws}/tr/kargom-nerede/")
    response = visitor.get(f"/help/{ws}/tr/how-to-return/")
    assert (response.status_code, response["Location"]) == (301, f"/help/{ws}/tr/iade-nasil-yapilir/")
    assert visitor.get(f"/help/{ws}/de/kargom-nerede/").status_code == 404


def test_drafts_other_workspaces_and_unpublished_centers_are_404(
    kb: Kb, other_world: World, visitor: Client
) -> None:
    ws = kb.world.workspace.slug
    assert visitor.get(f"/help/{ws}/tr/gizli-kampanya/").status_code == 404
    assert visitor.get(f"/help/{ws}/en/gizli-kampanya/").status_code == 404
    # Another workspace's article is not reachable under this workspace, nor the other way round.
    make_article(other_world, "Başka mağaza", "baska-magaza")
    assert visitor.get(f"/help/{ws}/tr/baska-magaza/").status_code == 404
    assert visitor.get(f"/help/{other_world.workspace.slug}/tr/kargom-nerede/").status_code == 404
    assert visitor.get(f"/help/{other_world.workspace.slug}/tr/baska-magaza/").status_code == 200
    assert visitor.get("/help/yok-boyle-magaza/").status_code == 404
    # Unpublishing the help center hides every page of it.
    HelpCenter.objects.create(workspace=kb.world.workspace, is_public=False)
    for url in (
        f"/help/{ws}/",
        f"/help/{ws}/en/",
        f"/help/{ws}/tr/kargom-nerede/",
        f"/help/{ws}/tr/c/kargo/",
        f"/help/{ws}/search?q=kargo",
        f"/help/{ws}/search.json?q=kargo",
        f"/help/{ws}/sitemap.xml",
    ):
        assert visitor.get(url).status_code == 404, url
    assert visitor.post(f"/help/{ws}/tr/kargom-nerede/vote", {"helpful": "yes"}).status_code == 404


def test_brand_title_and_contact_options(kb: Kb, visitor: Client) -> None:
    from datetime import datetime, time

    from yanit.sla import schedules

    inbox = kb.world.inbox
    HelpCenter.objects.create(
        workspace=kb.world.workspace,
        title_tr="Anadolu Destek",
        title_en="Anadolu Help",
        brand_color="#fde047",
        contact={
            "email": "destek@anadolu.example",
            "phone": "+902125551234",
            "whatsapp": "+905321234567",
            "chat_widget": "wk_test123",
            "social": {"instagram": "https://instagram.com/anadolu", "x": "https://x.com/anadolu"},
            "hours_note_tr": "Hafta içi 09:00-18:00",
        },
    )
    BusinessHours.objects.create(
        workspace=kb.world.workspace,
        time_zone="Europe/Istanbul",
        weekly={str(d): [["09:00", "18:00"]] for d in range(1, 6)},
        observe_holidays=False,
    )
    schedules.invalidate(kb.world.workspace.pk)
    del inbox, datetime, time
    html = visitor.get(f"/help/{kb.world.workspace.slug}/tr/kargom-nerede/").text
    assert "<title>Kargom nerede? · Anadolu Destek</title>" in html
    # Pale yellow: dark text on it, links darkened until readable on white.
    assert "--brand:#fde047;--brand-ink:#111827;--brand-link:#" in html
    assert '<a class="way" href="mailto:destek@anadolu.example"' in html
    assert '<a class="way" href="tel:+902125551234" data-testid="contact-phone">' in html
    assert "<small>0 (212) 555 12 34</small>" in html
    assert '<a class="way" href="https://wa.me/905321234567"' in html
    assert "<small>0 (532) 123 45 67</small>" in html
    assert '<script src="/widget.js" data-inbox="wk_test123" async></script>' in html
    assert (
        '<a href="https://instagram.com/anadolu" rel="noopener me" data-network="instagram">Instagram</a>'
        in html
    )
    assert '<a href="https://x.com/anadolu" rel="noopener me" data-network="x">X</a>' in html
    assert "Hafta içi 09:00-18:00" in html
    assert 'data-testid="hours">' in html
    english = visitor.get(f"/help/{kb.world.workspace.slug}/en/how-to-return/").text
    assert "<title>How do I return an item? · Anadolu Help</title>" in english
    assert "Still need help?" in english


def test_cached_pages_follow_edits_and_unpublishing_at_once(kb: Kb, visitor: Client) -> None:
    from yanit.kb.index_state import bump

    ws = kb.world.workspace.slug
    url = f"/help/{ws}/tr/kargom-nerede/"
    assert "Kargom nerede?" in visitor.get(url).text
    assert "Kargom nerede?" in visitor.get(f"/help/{ws}/").text
    # Written the way the knowledge base services write: the row, then the version bump.
    Article.objects.filter(pk=kb.cargo.pk).update(title="Siparişim nerede?")
    bump(kb.world.workspace.pk)
    assert "<h1>Siparişim nerede?</h1>" in visitor.get(url).text
    assert "Siparişim nerede?" in visitor.get(f"/help/{ws}/").text
    Article.objects.filter(pk=kb.cargo.pk).update(status=Article.Status.DRAFT)
    bump(kb.world.workspace.pk)
    assert visitor.get(url).status_code == 404
    assert "Siparişim nerede?" not in visitor.get(f"/help/{ws}/").text
    # Settings changes count too, and an unpublished help center is 404 even with pages cached.
    assert visitor.get(f"/help/{ws}/tr/beden-degisimi/").status_code == 200
    center = HelpCenter.objects.create(workspace=kb.world.workspace, title_tr="Yeni Başlık")
    assert "<title>Beden değişimi · Yeni Başlık</title>" in visitor.get(f"/help/{ws}/tr/beden-degisimi/").text
    center.is_public = False
    center.save()
    assert visitor.get(f"/help/{ws}/tr/beden-degisimi/").status_code == 404
