"""Categories, example questions, synonyms, assets and votes."""

from __future__ import annotations

import io
import threading

import pytest
from django.db import close_old_connections
from django.test import override_settings

from tests.factories import World
from tests.kb.conftest import KbEventLog
from yanit.core.errors import PermissionDenied, ValidationFailed
from yanit.kb import index_state
from yanit.kb.events import ArticleChanged, CategoryChanged, SynonymsChanged
from yanit.kb.models import Article, Category, ExampleQuestion, KbAsset, SynonymGroup
from yanit.kb.services import (
    ArticleInput,
    CategoryInput,
    add_question,
    add_questions,
    asset_url,
    delete_category,
    move_category,
    record_vote,
    remove_question,
    reorder_categories,
    replace_synonyms,
    save_article,
    save_category,
    save_synonym_group,
    sync_questions,
    synonyms_as_text,
    upload_asset,
)
from yanit.kb.services.assets import sniff_type

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
GIF = b"GIF89a" + b"\x00" * 40
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 40
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 40
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"


def test_categories_crud_and_ordering(world: World, kb_events: KbEventLog) -> None:
    ws = world.workspace.pk
    shipping = save_category(
        ws, CategoryInput(name_tr="Kargo ve Teslimat", name_en="Shipping"), actor=world.owner
    )
    returns = save_category(ws, CategoryInput(name_tr="İade ve Değişim"))
    payment = save_category(ws, CategoryInput(name_tr="Ödeme"))
    assert [(c.slug, c.position) for c in (shipping, returns, payment)] == [
        ("kargo-ve-teslimat", 0),
        ("iade-ve-degisim", 1),
        ("odeme", 2),
    ]
    assert shipping.name("en") == "Shipping"
    assert returns.name("en") == "İade ve Değişim"

    move_category(payment, -1)
    assert list(Category.objects.filter(workspace_id=ws).values_list("slug", flat=True)) == [
        "kargo-ve-teslimat",
        "odeme",
        "iade-ve-degisim",
    ]
    reorder_categories(ws, [returns.pk])
    assert list(Category.objects.filter(workspace_id=ws).values_list("slug", flat=True)) == [
        "iade-ve-degisim",
        "kargo-ve-teslimat",
        "odeme",
    ]
    with pytest.raises(ValidationFailed):
        reorder_categories(ws, [999_999])
    with pytest.raises(ValidationFailed) as refused:
        save_category(ws, CategoryInput(name_tr=" "))
    assert refused.value.details == {"name_tr": "required"}
    with pytest.raises(PermissionDenied):
        save_category(ws, CategoryInput(name_tr="Ajan"), actor=world.agent)

    article = save_article(ws, ArticleInput(title="Kargo", category_id=payment.pk))
    delete_category(payment)
    article.refresh_from_db()
    assert article.category_id is None
    changes = [e.change for e in kb_events if isinstance(e, CategoryChanged)]
    assert changes == ["created", "created", "created", "reordered", "reordered", "deleted"]


def test_example_questions_dedupe_by_folded_text_and_sync(world: World, kb_events: KbEventLog) -> None:
    article = save_article(world.workspace.pk, ArticleInput(title="Kargo takibi"))
    first = add_question(article, "  Kargom nerede? ", actor=world.owner)
    again = add_question(article, "KARGOM NEREDE", actor=world.owner)
    learned = add_question(
        article, "siparisim ne zaman gelir", source=ExampleQuestion.Source.CONVERSATION, actor=world.agent
    )
    assert first.pk == again.pk
    assert first.text == "Kargom nerede?"
    assert learned.source == "conversation"
    with pytest.raises(PermissionDenied):
        add_question(article, "Ajan ekler", actor=world.agent)

    kept = sync_questions(article, ["Siparişim ne zaman gelir", "Kargo takip no?", "", "kargo takip no"])
    assert [(q.text, q.source) for q in kept] == [
        ("siparisim ne zaman gelir", "conversation"),
        ("Kargo takip no?", "editor"),
    ]
    remove_question(kept[0])
    assert list(article.example_questions.values_list("text", flat=True)) == ["Kargo takip no?"]
    question_events = [e for e in kb_events if isinstance(e, ArticleChanged) and e.change == "questions"]
    assert len(question_events) == 4  # add, add (learned), sync, remove; the duplicate added nothing


def test_synonym_groups(world: World, kb_events: KbEventLog) -> None:
    ws = world.workspace.pk
    group = save_synonym_group(ws, "Kargo, GÖNDERİ , paket, kargo")
    assert group.words == ["kargo", "gönderi", "paket"]
    with pytest.raises(ValidationFailed):
        save_synonym_group(ws, ["tek"])

    version = index_state.current(ws)
    replace_synonyms(ws, "iade, geri gönderim\n\nIŞIK, lamba\n")
    assert index_state.current(ws) == version + 1
    assert synonyms_as_text(ws) == "iade, geri gönderim\nışık, lamba"
    with pytest.raises(ValidationFailed) as refused:
        replace_synonyms(ws, "a, b\nyalnız\n")
    assert refused.value.details == {"line": 2, "words": "too_few"}
    assert SynonymGroup.objects.filter(workspace_id=ws).count() == 2  # the bad text changed nothing
    assert sum(isinstance(e, SynonymsChanged) for e in kb_events) == 2


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (GIF, "image/gif"),
        (WEBP, "image/webp"),
        (MP4, "video/mp4"),
        (WEBM, "video/webm"),
    ],
)
def test_sniffing_by_first_bytes(data: bytes, content_type: str) -> None:
    assert sniff_type(data[:64]) == content_type


def test_upload_checks_type_size_and_dedupes(world: World) -> None:
    ws = world.workspace.pk
    asset = upload_asset(ws, io.BytesIO(PNG), "Ürün Görseli.JPG", actor=world.owner)
    assert (asset.content_type, asset.filename, asset.size) == ("image/png", "urun-gorseli.png", len(PNG))
    assert len(asset.sha256) == 64
    assert asset.file.read() == PNG
    assert asset_url(asset) == f"/kb-assets/{asset.pk}/{asset.sha256[:16]}/urun-gorseli.png"
    assert upload_asset(ws, io.BytesIO(PNG), "baska.png").pk == asset.pk

    with pytest.raises(ValidationFailed) as refused:
        upload_asset(ws, io.BytesIO(b"<svg onload=alert(1)>"), "resim.png")
    assert refused.value.details == {"file": "type"}
    with override_settings(YANIT_KB_MAX_ASSET_BYTES=40), pytest.raises(ValidationFailed) as too_big:
        upload_asset(ws, io.BytesIO(JPEG), "buyuk.jpg")
    assert too_big.value.details == {"file": "too_large", "limit_bytes": 40}
    with pytest.raises(PermissionDenied):
        upload_asset(ws, io.BytesIO(GIF), "a.gif", actor=world.agent)
    assert KbAsset.objects.filter(workspace_id=ws).count() == 1


def test_vote_replaces_earlier_vote(world: World) -> None:
    article = save_article(world.workspace.pk, ArticleInput(title="Oy"))
    record_vote(article, "ziyaretci-1", True)
    record_vote(article, "ziyaretci-2", True)
    record_vote(article, "ziyaretci-1", False)
    record_vote(article, "ziyaretci-1", False)
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (1, 1)
    assert article.votes.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_keep_counters_exact(world: World) -> None:
    article = save_article(world.workspace.pk, ArticleInput(title="Yarış"))
    errors: list[BaseException] = []

    def vote(n: int) -> None:
        try:
            for i in range(5):
                record_vote(article, f"v{n}-{i}", i % 2 == 0)
                record_vote(article, "herkes", n % 2 == 0)
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=vote, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    article = Article.objects.get(pk=article.pk)
    yes = article.votes.filter(helpful=True).count()
    no = article.votes.filter(helpful=False).count()
    assert (yes + no, article.votes.count()) == (21, 21)
    assert (article.helpful_yes, article.helpful_no) == (yes, no)


def test_add_questions_in_one_go(world: World, kb_events: KbEventLog) -> None:
    article = save_article(world.workspace.pk, ArticleInput(title="Toplu"))
    add_question(article, "Kargom nerede?")
    version = index_state.current(world.workspace.pk)
    added = add_questions(
        article, [("kargom nerede", "import"), ("iade nasil", "conversation"), ("", "import"), ("x", "bogus")]
    )
    assert added == 2
    assert list(article.example_questions.values_list("text", "source")) == [
        ("Kargom nerede?", "editor"),
        ("iade nasil", "conversation"),
        ("x", "import"),
    ]
    assert index_state.current(world.workspace.pk) == version + 1
    assert add_questions(article, [("IADE NASIL", "import")]) == 0
    assert index_state.current(world.workspace.pk) == version + 1
    with pytest.raises(PermissionDenied):
        add_questions(article, [("yeni", "import")], actor=world.agent)
