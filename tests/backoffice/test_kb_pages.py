"""Knowledge base editor pages: admins write, agents read, other workspaces are 404, uploads,
history and restore, categories, synonyms, import with preview, export."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.backoffice.conftest import ClientFor
from tests.factories import World
from yanit.kb.models import Article, Category, KbAsset, SynonymGroup
from yanit.kb.services import (
    ArticleInput,
    CategoryInput,
    asset_url,
    save_article,
    save_category,
    upload_asset,
)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def test_admin_writes_an_article_with_questions_and_publishes(world: World, client_for: ClientFor) -> None:
    client = client_for(world.owner)
    category = save_category(world.workspace.pk, CategoryInput(name_tr="Kargo"))
    page = client.get("/kb/articles/new/")
    assert page.status_code == 200
    assert b"data-kb-editor" in page.content
    assert b"kb-editor.js" in page.content

    saved = client.post(
        "/kb/articles/new/",
        {
            "title": "Kargom ne zaman gelir?",
            "summary": "1-3 iş günü.",
            "body_html": '<p>Hızlı <b>kargo</b></p><img src="/kb-assets/1/x/a.png" onerror="x()">',
            "category": str(category.pk),
            "language": "tr",
            "status": "draft",
            "tags": "kargo, teslimat",
            "skus": "TS-1",
            "video_url": "https://youtu.be/dQw4w9WgXcQ",
            "bot_enabled": "on",
            "questions": "kargom nerde\nne zaman gelir\n",
        },
    )
    article = Article.objects.get(workspace=world.workspace)
    assert saved.status_code == 302
    assert saved["Location"] == f"/kb/articles/{article.pk}/"
    assert article.body_html == '<p>Hızlı <b>kargo</b></p><img src="/kb-assets/1/x/a.png">'
    assert (article.category_id, article.tags, article.skus) == (category.pk, ["kargo", "teslimat"], ["TS-1"])
    assert list(article.example_questions.values_list("text", flat=True)) == [
        "kargom nerde",
        "ne zaman gelir",
    ]

    published = client.post(f"/kb/articles/{article.pk}/status/", {"status": "published"})
    assert published.status_code == 302
    article.refresh_from_db()
    assert article.status == "published"
    listing = client.get("/kb/", {"status": "published"})
    assert "Kargom ne zaman gelir?" in listing.content.decode()
    assert client.get("/kb/", {"status": "draft"}).content.decode().count('data-testid="kb-row"') == 0
    assert client.get("/kb/", {"q": "KARGOM"}).content.decode().count('data-testid="kb-row"') == 1


def test_invalid_input_is_shown_on_the_form_and_nothing_saved(world: World, client_for: ClientFor) -> None:
    client = client_for(world.owner)
    response = client.post(
        "/kb/articles/new/",
        {"title": "Video", "language": "tr", "status": "draft", "video_url": "https://example.com/v"},
    )
    assert response.status_code == 422
    assert "YouTube" in response.content.decode()
    assert not Article.objects.filter(workspace=world.workspace).exists()


def test_agent_reads_but_cannot_write(world: World, client_for: ClientFor) -> None:
    article = save_article(world.workspace.pk, ArticleInput(title="Okunur"))
    client = client_for(world.agent)
    assert client.get("/kb/").status_code == 200
    page = client.get(f"/kb/articles/{article.pk}/")
    assert page.status_code == 200
    assert 'data-testid="kb-read-only"' in page.content.decode()
    assert 'data-testid="kb-save"' not in page.content.decode()
    assert client.get("/kb/articles/new/").status_code == 403
    assert (
        client.post(
            f"/kb/articles/{article.pk}/", {"title": "X", "language": "tr", "status": "draft"}
        ).status_code
        == 403
    )
    assert client.post(f"/kb/articles/{article.pk}/status/", {"status": "published"}).status_code == 403
    assert client.post(f"/kb/articles/{article.pk}/delete/").status_code == 403
    assert client.post("/kb/synonyms/", {"text": "a, b"}).status_code == 403
    upload = client.post("/kb/uploads/", {"file": SimpleUploadedFile("a.png", PNG)})
    assert upload.status_code == 403
    assert Article.objects.get(pk=article.pk).title == "Okunur"


def test_other_workspace_is_not_found(world: World, other_world: World, client_for: ClientFor) -> None:
    theirs = save_article(other_world.workspace.pk, ArticleInput(title="Onların"))
    their_category = save_category(other_world.workspace.pk, CategoryInput(name_tr="Onların"))
    client = client_for(world.owner)
    assert client.get(f"/kb/articles/{theirs.pk}/").status_code == 404
    assert client.get(f"/kb/articles/{theirs.pk}/history/").status_code == 404
    assert client.post(f"/kb/articles/{theirs.pk}/delete/").status_code == 404
    assert client.get(f"/kb/articles/new/?translation_of={theirs.pk}").status_code == 404
    assert client.get(f"/kb/categories/{their_category.pk}/").status_code == 404
    assert client.post(f"/kb/categories/{their_category.pk}/delete/").status_code == 404
    assert Article.objects.filter(pk=theirs.pk).exists()


def test_upload_and_serve_an_image(world: World, client_for: ClientFor) -> None:
    client = client_for(world.owner)
    response = client.post("/kb/uploads/", {"file": SimpleUploadedFile("Ürün.png", PNG, "image/png")})
    assert response.status_code == 201
    asset = KbAsset.objects.get(workspace=world.workspace)
    assert response.json() == {
        "id": asset.pk,
        "url": asset_url(asset),
        "content_type": "image/png",
        "filename": "urun.png",
        "size": len(PNG),
    }
    served = client.get(asset_url(asset))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG  # type: ignore[attr-defined]
    assert client.get(f"/kb-assets/{asset.pk}/{'0' * 16}/urun.png").status_code == 404
    refused = client.post("/kb/uploads/", {"file": SimpleUploadedFile("x.png", b"<svg/>", "image/png")})
    assert refused.status_code == 422
    assert refused.json()["error"]["details"] == {"file": "type"}


def test_history_and_restore(world: World, client_for: ClientFor) -> None:
    client = client_for(world.owner)
    article = save_article(world.workspace.pk, ArticleInput(title="Eski başlık", body_html="<p>eski</p>"))
    save_article(
        world.workspace.pk, ArticleInput(title="Yeni başlık", body_html="<p>yeni</p>"), article=article
    )
    history = client.get(f"/kb/articles/{article.pk}/history/", {"revision": "1"})
    assert history.content.decode().count('data-testid="kb-revision"') == 2
    assert "<p>eski</p>" in history.content.decode()
    restored = client.post(f"/kb/articles/{article.pk}/history/1/restore/")
    assert restored.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body_html, article.revisions.count()) == ("Eski başlık", "<p>eski</p>", 3)


def test_translation_links(world: World, client_for: ClientFor) -> None:
    client = client_for(world.owner)
    turkish = save_article(world.workspace.pk, ArticleInput(title="İade"))
    page = client.get(f"/kb/articles/{turkish.pk}/").content.decode()
    assert f"/kb/articles/new/?translation_of={turkish.pk}&amp;language=en" in page
    created = client.post(
        f"/kb/articles/new/?translation_of={turkish.pk}&language=en",
        {"title": "Returns", "language": "en", "status": "draft", "translation_of": str(turkish.pk)},
    )
    english = Article.objects.get(workspace=world.workspace, language="en")
    assert created.status_code == 302
    assert english.translation_group == turkish.translation_group
    back = client.get(f"/kb/articles/{english.pk}/").content.decode()
    assert f'href="/kb/articles/{turkish.pk}/"' in back


def test_categories_page_orders_and_edits(world: World, client_for: ClientFor) -> None:
    client = client_for(world.owner)
    client.post("/kb/categories/", {"name_tr": "Kargo", "name_en": "Shipping", "icon": "📦"})
    client.post("/kb/categories/", {"name_tr": "İade"})
    returns = Category.objects.get(workspace=world.workspace, slug="iade")
    client.post(f"/kb/categories/{returns.pk}/move/", {"direction": "up"})
    assert list(Category.objects.filter(workspace=world.workspace).values_list("slug", flat=True)) == [
        "iade",
        "kargo",
    ]
    client.post(f"/kb/categories/{returns.pk}/", {"name_tr": "İade ve Değişim"})
    returns.refresh_from_db()
    assert returns.name_tr == "İade ve Değişim"
    assert client.post("/kb/categories/", {"name_tr": ""}).status_code == 422


def test_synonyms_page(world: World, client_for: ClientFor) -> None:
    client = client_for(world.owner)
    assert (
        client.post("/kb/synonyms/", {"text": "kargo, gönderi, paket\nİADE, geri gönderim"}).status_code
        == 302
    )
    assert list(SynonymGroup.objects.filter(workspace=world.workspace).values_list("words", flat=True)) == [
        ["kargo", "gönderi", "paket"],
        ["iade", "geri gönderim"],
    ]
    page = client.get("/kb/synonyms/").content.decode()
    assert "kargo, gönderi, paket\niade, geri gönderim" in page
    bad = client.post("/kb/synonyms/", {"text": "tek"})
    assert bad.status_code == 422
    assert SynonymGroup.objects.filter(workspace=world.workspace).count() == 2


def test_import_preview_then_import_and_export(world: World, client_for: ClientFor) -> None:
    client = client_for(world.owner)
    csv = "başlık;kısa cevap;durum\nKargo ücreti;Ücretsiz;yayında\n;boş;taslak\n".encode()
    preview = client.post("/kb/import-export/", {"file": SimpleUploadedFile("sss.csv", csv), "preview": "on"})
    text = preview.content.decode()
    assert 'data-testid="kb-import-report"' in text
    assert 'data-testid="kb-import-errors"' in text
    assert not Article.objects.filter(workspace=world.workspace).exists()
    client.post("/kb/import-export/", {"file": SimpleUploadedFile("sss.csv", csv)})
    assert list(Article.objects.filter(workspace=world.workspace).values_list("title", "status")) == [
        ("Kargo ücreti", "published")
    ]
    exported = client.get("/kb/export/json/")
    assert exported["Content-Disposition"].startswith('attachment; filename="bilgi-bankasi-')
    assert [a["title"] for a in json.loads(exported.content)["articles"]] == ["Kargo ücreti"]
    assert client.get("/kb/export/csv/").content.startswith(b"\xef\xbb\xbfkey;")
    assert client.get("/kb/export/markdown/")["Content-Type"] == "application/zip"
    agent_import = client_for(world.agent).post(
        "/kb/import-export/", {"file": SimpleUploadedFile("a.csv", csv)}
    )
    assert agent_import.status_code == 403


def test_navigation_has_a_knowledge_base_link(world: World, client_for: ClientFor) -> None:
    client = client_for(world.agent)
    assert 'href="/kb/"' in client.get("/").content.decode()
    assert 'href="/kb/"' in client.get("/settings/profile/").content.decode()


def test_asset_file_missing_on_disk_is_404(world: World, client_for: ClientFor) -> None:
    asset = upload_asset(world.workspace.pk, io.BytesIO(PNG), "a.png")
    asset.file.delete(save=False)
    assert client_for(world.owner).get(asset_url(asset)).status_code == 404


def test_article_and_questions_are_saved_together_or_not_at_all(world: World, client_for: ClientFor) -> None:
    too_many = "\n".join(f"soru {n}" for n in range(201))
    response = client_for(world.owner).post(
        "/kb/articles/new/", {"title": "Çok soru", "language": "tr", "status": "draft", "questions": too_many}
    )
    assert response.status_code == 422
    assert "200" in response.content.decode()
    assert not Article.objects.filter(workspace=world.workspace).exists()


def test_article_list_pages_by_fifty_and_keeps_the_filters(world: World, client_for: ClientFor) -> None:
    for n in range(1, 53):
        save_article(
            world.workspace.pk,
            ArticleInput(title=f"Soru {n:02d}", status=Article.Status.PUBLISHED),
            actor=world.owner,
        )
    save_article(world.workspace.pk, ArticleInput(title="Taslak soru"), actor=world.owner)
    client = client_for(world.agent)
    first = client.get("/kb/", {"status": "published"}).content.decode()
    assert first.count('data-testid="kb-row"') == 50
    assert "Sayfa 1 / 2 · 52 makale" in first
    assert 'href="?status=published&amp;page=2">Sonraki sayfa ›</a>' in first
    second = client.get("/kb/", {"status": "published", "page": "2"}).content.decode()
    assert second.count('data-testid="kb-row"') == 2
    assert "Soru 52" in second
    assert "Taslak soru" not in second
    assert 'href="?status=published&amp;page=1">‹ Önceki sayfa</a>' in second
    only = client.get("/kb/", {"status": "draft"}).content.decode()
    assert only.count('data-testid="kb-row"') == 1
    assert 'data-testid="kb-pager"' not in only
