from __future__ import annotations

import re

from django.test import Client

from tests.helpcenter.conftest import Kb, make_article

BASE = "http://127.0.0.1:8000"


def test_search_page_works_without_javascript_and_folds_turkish(kb: Kb, visitor: Client) -> None:
    ws = kb.world.workspace.slug
    response = visitor.get(f"/help/{ws}/search", {"q": "IADE NASIL YAPILIR"})
    assert response.status_code == 200
    html = response.text
    results = re.search(r'data-testid="results">(.*?)</ol>', html, re.S)
    assert results is not None
    titles = re.findall(r'<li><a href="([^"]+)">(.*?)</a>', results.group(1))
    assert titles[0] == (
        f"/help/{ws}/tr/iade-nasil-yapilir/",
        "<mark>İade</mark> <mark>nasıl</mark> <mark>yapılır</mark>?",
    )
    assert '<meta name="robots" content="noindex, follow">' in html
    assert 'value="IADE NASIL YAPILIR"' in html
    assert response.headers["Cache-Control"] == "private, max-age=0"
    nothing = visitor.get(f"/help/{ws}/search", {"q": "uzay gemisi"}).text
    assert "“uzay gemisi” için yazı bulunamadı." in nothing
    # Drafts are never found.
    assert "Gizli" not in visitor.get(f"/help/{ws}/search", {"q": "gizli kampanya"}).text
    empty = visitor.get(f"/help/{ws}/search").text
    assert 'data-testid="results"' not in empty
    assert 'data-testid="no-results"' not in empty


def test_search_json_gives_top_results_with_snippets(kb: Kb, visitor: Client) -> None:
    ws = kb.world.workspace.slug
    data = visitor.get(f"/help/{ws}/search.json", {"q": "kargom nerde"}).json()
    assert data["query"] == "kargom nerde"
    first = data["results"][0]
    assert first == {
        "id": kb.cargo.pk,
        "language": "tr",
        "title": "Kargom nerede?",
        "title_html": "<mark>Kargom</mark> <mark>nerede</mark>?",
        "snippet_html": "<mark>Kargo</mark> takip numaranız SMS ile gönderilir.",
        "category": "Kargo ve teslimat",
        "url": f"/help/{ws}/tr/kargom-nerede/",
    }
    # As you type: an unfinished last word still matches.
    typing = visitor.get(f"/help/{ws}/search.json", {"q": "beden deg"}).json()
    assert next(r["title"] for r in typing["results"]) == "Beden değişimi"
    # English visitors get the English version of an article that has one.
    english = visitor.get(f"/help/{ws}/search.json", {"q": "return", "lang": "en"}).json()
    assert english["results"][0]["url"] == f"/help/{ws}/en/how-to-return/"
    turkish_only = visitor.get(f"/help/{ws}/search.json", {"q": "iade", "lang": "en"}).json()
    assert f"/help/{ws}/tr/iade-nasil-yapilir/" not in [r["url"] for r in turkish_only["results"]]
    assert f"/help/{ws}/tr/beden-degisimi/" in [r["url"] for r in turkish_only["results"]]
    # Snippets are escaped: only <mark> is HTML.
    make_article(kb.world, "Kod <script> örneği", "kod", summary="<b>kalın</b> kod")
    escaped = visitor.get(f"/help/{ws}/search.json", {"q": "kod"}).json()["results"][0]
    assert escaped["title_html"] == "<mark>Kod</mark> &lt;script&gt; örneği"
    assert escaped["snippet_html"] == "&lt;b&gt;kalın&lt;/b&gt; <mark>kod</mark>"
    assert visitor.get(f"/help/{ws}/search.json", {"q": ""}).json()["results"] == []
    bad = visitor.get(f"/help/{ws}/search.json", {"q": "x", "limit": "lots"})
    assert bad.status_code == 400


def test_search_is_isolated_per_workspace(kb: Kb, other_world: object, visitor: Client) -> None:
    from tests.factories import World

    assert isinstance(other_world, World)
    make_article(other_world, "Kargo ücretleri", "kargo-ucretleri")
    ws = kb.world.workspace.slug
    urls = [r["url"] for r in visitor.get(f"/help/{ws}/search.json", {"q": "kargo"}).json()["results"]]
    assert f"/help/{other_world.workspace.slug}/tr/kargo-ucretleri/" not in urls
    theirs = visitor.get(f"/help/{other_world.workspace.slug}/search.json", {"q": "kargo"}).json()
    assert [r["title"] for r in theirs["results"]] == ["Kargo ücretleri"]


def test_sitemap_lists_published_articles_and_categories(kb: Kb, visitor: Client) -> None:
    ws = kb.world.workspace.slug
    response = visitor.get(f"/help/{ws}/sitemap.xml")
    assert response["Content-Type"] == "application/xml"
    entries = re.findall(r"<url><loc>([^<]+)</loc><lastmod>([^<]+)</lastmod></url>", response.text)
    day = "2026-11-02"
    assert entries == [
        (f"{BASE}/help/{ws}/", day),
        (f"{BASE}/help/{ws}/en/", day),
        (f"{BASE}/help/{ws}/tr/c/iade-ve-degisim/", day),
        (f"{BASE}/help/{ws}/en/c/iade-ve-degisim/", day),
        (f"{BASE}/help/{ws}/tr/c/kargo/", day),
        (f"{BASE}/help/{ws}/tr/beden-degisimi/", day),
        (f"{BASE}/help/{ws}/tr/iade-nasil-yapilir/", day),
        (f"{BASE}/help/{ws}/tr/kargom-nerede/", day),
        (f"{BASE}/help/{ws}/en/how-to-return/", day),
    ]
    assert response.text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset')
    assert "gizli-kampanya" not in response.text
