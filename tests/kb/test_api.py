"""REST API: /api/v1/kb/articles and /api/v1/kb/categories — permissions, filters, pages,
other workspaces, JSON errors."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api, error_of
from tests.factories import World
from yanit.kb.models import Article
from yanit.kb.services import ArticleInput, CategoryInput, add_question, save_article, save_category

pytestmark = pytest.mark.django_db


def test_admin_creates_reads_patches_and_deletes(world: World, api: Api) -> None:
    category = api.post(
        "/api/v1/kb/categories",
        {"name_tr": "Kargo ve Teslimat", "name_en": "Shipping"},
        token=world.owner_token,
    )
    assert category.status_code == 201
    assert category.json() == {
        "id": category.json()["id"], "slug": "kargo-ve-teslimat", "name_tr": "Kargo ve Teslimat",
        "name_en": "Shipping", "description_tr": "", "description_en": "", "icon": "", "position": 0,
    }  # fmt: skip
    created = api.post(
        "/api/v1/kb/articles",
        {
            "title": "Kargom ne zaman gelir?",
            "summary": "1-3 iş günü.",
            "body_html": "<p>Hızlı <script>x</script>kargo</p>",
            "category_id": category.json()["id"],
            "tags": ["kargo"],
            "skus": ["TS-1"],
            "questions": ["kargom nerde", "KARGOM NERDE"],
            "status": "published",
        },
        token=world.owner_token,
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["slug"], body["body_html"], body["body_text"]) == (
        "kargom-ne-zaman-gelir", "<p>Hızlı kargo</p>", "Hızlı kargo",
    )  # fmt: skip
    assert body["published_at"] is not None
    assert [q["text"] for q in body["questions"]] == ["kargom nerde"]
    assert body["translations"] == {}
    english = api.post(
        "/api/v1/kb/articles",
        {"title": "When will my parcel arrive?", "language": "en", "translation_of": body["id"]},
        token=world.owner_token,
    )
    assert english.status_code == 201
    assert api.get(f"/api/v1/kb/articles/{body['id']}", token=world.agent_token).json()["translations"] == {
        "en": english.json()["id"]
    }

    patched = api.patch(
        f"/api/v1/kb/articles/{body['id']}",
        {"summary": "Ertesi gün.", "category_id": 0, "questions": ["siparişim nerede"]},
        token=world.owner_token,
    )
    assert patched.status_code == 200
    assert (patched.json()["summary"], patched.json()["category_id"], patched.json()["title"]) == (
        "Ertesi gün.", None, "Kargom ne zaman gelir?",
    )  # fmt: skip
    assert [q["text"] for q in patched.json()["questions"]] == ["siparişim nerede"]
    assert Article.objects.get(pk=body["id"]).revisions.count() == 2

    assert api.send("DELETE", f"/api/v1/kb/articles/{body['id']}", token=world.owner_token).status_code == 204
    assert api.get(f"/api/v1/kb/articles/{body['id']}", token=world.owner_token).status_code == 404


def test_agents_read_but_cannot_write(world: World, api: Api) -> None:
    article = save_article(world.workspace.pk, ArticleInput(title="Okunur"))
    assert api.get("/api/v1/kb/articles", token=world.agent_token).json()["total"] == 1
    assert api.get(f"/api/v1/kb/articles/{article.pk}", token=world.agent_token).status_code == 200
    assert api.get("/api/v1/kb/categories", token=world.agent_token).status_code == 200
    refused = [
        api.post("/api/v1/kb/articles", {"title": "Yasak"}, token=world.agent_token),
        api.patch(f"/api/v1/kb/articles/{article.pk}", {"title": "Yasak"}, token=world.agent_token),
        api.send("DELETE", f"/api/v1/kb/articles/{article.pk}", token=world.agent_token),
        api.post("/api/v1/kb/categories", {"name_tr": "Yasak"}, token=world.agent_token),
    ]
    for response in refused:
        assert response.status_code == 403
        assert error_of(response)["code"] == "forbidden"
    assert Article.objects.get(pk=article.pk).title == "Okunur"
    assert api.get("/api/v1/kb/articles").status_code == 401


def test_other_workspace_is_not_found(world: World, other_world: World, api: Api) -> None:
    theirs = save_article(other_world.workspace.pk, ArticleInput(title="Onların"))
    their_category = save_category(other_world.workspace.pk, CategoryInput(name_tr="Onların"))
    for response in (
        api.get(f"/api/v1/kb/articles/{theirs.pk}", token=world.owner_token),
        api.patch(f"/api/v1/kb/articles/{theirs.pk}", {"title": "Benim"}, token=world.owner_token),
        api.send("DELETE", f"/api/v1/kb/articles/{theirs.pk}", token=world.owner_token),
        api.get("/api/v1/kb/articles", {"category": their_category.pk}, token=world.owner_token),
        api.post("/api/v1/kb/articles", {"title": "X", "translation_of": theirs.pk}, token=world.owner_token),
    ):
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"
    moved = api.post(
        "/api/v1/kb/articles", {"title": "X", "category_id": their_category.pk}, token=world.owner_token
    )
    assert moved.status_code == 422
    assert error_of(moved)["details"] == {"category_id": their_category.pk}
    assert api.get("/api/v1/kb/articles", token=world.owner_token).json()["total"] == 0
    assert Article.objects.get(pk=theirs.pk).title == "Onların"


def test_list_filters_and_pages(world: World, api: Api) -> None:
    ws = world.workspace.pk
    shipping = save_category(ws, CategoryInput(name_tr="Kargo"))
    for n in range(5):
        save_article(
            ws, ArticleInput(title=f"Kargo {n}", category_id=shipping.pk, tags=["Kargo"], status="published")
        )
    save_article(ws, ArticleInput(title="İade süresi", skus=["AYK-1"], body_html="<p>İADE işlemi</p>"))
    save_article(ws, ArticleInput(title="Returns", language="en"))

    def titles(params: dict[str, object]) -> list[str]:
        response = api.get("/api/v1/kb/articles", params, token=world.agent_token)
        assert response.status_code == 200
        return [a["title"] for a in response.json()["items"]]

    assert titles({"language": "en"}) == ["Returns"]
    assert titles({"status": "published", "limit": 2}) == ["Kargo 0", "Kargo 1"]
    page = api.get(
        "/api/v1/kb/articles", {"status": "published", "limit": 2, "offset": 4}, token=world.agent_token
    )
    assert (page.json()["total"], page.json()["next_offset"], len(page.json()["items"])) == (5, None, 1)
    first = api.get("/api/v1/kb/articles", {"limit": 2}, token=world.agent_token).json()
    assert (first["total"], first["next_offset"]) == (7, 2)
    assert titles({"category": shipping.pk, "tag": "kargo"}) == [f"Kargo {n}" for n in range(5)]
    assert titles({"sku": "ayk-1"}) == ["İade süresi"]
    assert titles({"q": "islemi"}) == ["İade süresi"]
    assert titles({"tag": "yok"}) == []
    bad = api.get("/api/v1/kb/articles", {"status": "live"}, token=world.agent_token)
    assert bad.status_code == 422
    assert set(error_of(bad)) == {"code", "message", "details"}


def test_bad_input_is_a_json_error(world: World, api: Api) -> None:
    cases = [
        ({"summary": "başlıksız"}, 422),
        ({"title": "   "}, 422),
        ({"title": "V", "video_url": "https://example.com/v"}, 422),
        ({"title": "L", "language": "de"}, 422),
        ({"title": "T", "tags": ["x" * 61]}, 422),
    ]
    for payload, status in cases:
        response = api.post("/api/v1/kb/articles", payload, token=world.owner_token)
        assert response.status_code == status, payload
        assert set(error_of(response)) == {"code", "message", "details"}
    assert Article.objects.filter(workspace=world.workspace).count() == 0
    article = save_article(world.workspace.pk, ArticleInput(title="Var"))
    add_question(article, "soru")
    clash = api.post("/api/v1/kb/articles", {"title": "Başka", "slug": "var"}, token=world.owner_token)
    assert clash.status_code == 422
    assert error_of(clash)["details"] == {"slug": "taken"}
