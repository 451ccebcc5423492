"""Import and export: JSON, CSV (Excel-TR), Markdown .zip; idempotence, row errors, dry runs,
round trips into another workspace."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from tests.factories import World
from yanit.core.errors import PermissionDenied, ValidationFailed
from yanit.kb.models import Article, ArticleRevision, Category, ExampleQuestion, SynonymGroup
from yanit.kb.services import (
    ArticleInput,
    CategoryInput,
    add_question,
    replace_synonyms,
    save_article,
    save_category,
)
from yanit.kb.services.transfer import (
    export_csv,
    export_data,
    export_json,
    export_markdown_zip,
    import_csv,
    import_json,
    import_markdown_zip,
)
from yanit.kb.services.transfer.markdown_format import parse_front_matter

pytestmark = pytest.mark.django_db


def build_kb(workspace_id: int) -> None:
    shipping = save_category(
        workspace_id,
        CategoryInput(name_tr="Kargo ve Teslimat", name_en="Shipping", description_tr="Kargo", icon="📦"),
    )
    save_category(workspace_id, CategoryInput(name_tr="İade"))
    turkish = save_article(
        workspace_id,
        ArticleInput(
            title="Kargom ne zaman gelir?",
            summary='Siparişiniz 1-3 iş gününde kargoya verilir.\n"Hızlı" teslimat: ertesi gün.',
            body_html="<h2>Süreler</h2><p>İstanbul içi <strong>1 gün</strong>.</p><ul><li>Ankara: 2</li></ul>"
            '<p><img src="/kb-assets/1/abcd/harita.png" alt="harita"></p>',
            category_id=shipping.pk,
            tags=["kargo", "teslimat: süre"],
            skus=["TSHIRT-01"],
            status="published",
            video_url="https://youtu.be/dQw4w9WgXcQ",
            position=2,
        ),
    )
    english = save_article(
        workspace_id,
        ArticleInput(
            title="When does my parcel arrive?", language="en", summary="1-3 days.", bot_enabled=False
        ),
        translation_of=turkish,
    )
    add_question(turkish, "kargom nerde")
    add_question(turkish, "siparişim ne zaman gelir, acil")
    add_question(english, "where is my order")
    save_article(workspace_id, ArticleInput(title="Şifremi unuttum", body_html="<p>Sıfırlayın.</p>"))
    replace_synonyms(workspace_id, "kargo, gönderi, paket\niade, geri gönderim")


def comparable(workspace_id: int) -> dict[str, Any]:
    """The export without the keys that differ between workspaces (translation groups)."""
    data = export_data(workspace_id)
    groups: dict[str, int] = {}
    for article in sorted(data["articles"], key=lambda a: (a["language"], a["slug"])):
        article["key"] = groups.setdefault(article["key"], len(groups))
    data["articles"].sort(key=lambda a: (a["language"], a["slug"]))
    return data


def test_json_round_trip_into_another_workspace_is_identical(world: World, other_world: World) -> None:
    build_kb(world.workspace.pk)
    text = export_json(world.workspace.pk)
    report = import_json(other_world.workspace, text)

    assert report.ok
    assert (len(report.created), len(report.updated)) == (3, 0)
    assert comparable(other_world.workspace.pk) == comparable(world.workspace.pk)
    imported = Article.objects.get(workspace=other_world.workspace, slug="when-does-my-parcel-arrive")
    assert (
        imported.translation_group
        == Article.objects.get(
            workspace=other_world.workspace, language="tr", slug="kargom-ne-zaman-gelir"
        ).translation_group
    )
    assert (
        imported.translation_group
        != Article.objects.get(workspace=world.workspace, slug="when-does-my-parcel-arrive").translation_group
    )
    sources = ExampleQuestion.objects.filter(workspace=other_world.workspace).values_list("source", flat=True)
    assert sorted(sources) == ["editor", "editor", "editor"]


def test_reimport_is_idempotent(world: World, other_world: World) -> None:
    build_kb(world.workspace.pk)
    data = export_data(world.workspace.pk)
    import_json(other_world.workspace, data)
    revisions = ArticleRevision.objects.filter(article__workspace=other_world.workspace).count()

    again = import_json(other_world.workspace, data)
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 3)
    assert Article.objects.filter(workspace=other_world.workspace).count() == 3
    assert ExampleQuestion.objects.filter(workspace=other_world.workspace).count() == 3
    assert Category.objects.filter(workspace=other_world.workspace).count() == 2
    assert ArticleRevision.objects.filter(article__workspace=other_world.workspace).count() == revisions

    data["articles"][0]["summary"] = "Değişti."
    changed = import_json(other_world.workspace, data)
    assert (len(changed.created), len(changed.updated), len(changed.unchanged)) == (0, 1, 2)


def test_bad_rows_are_reported_and_good_rows_kept(world: World) -> None:
    data = {
        "articles": [
            {"title": "İyi makale", "summary": "Tamam"},
            {"title": "", "summary": "başlıksız"},
            {"title": "Kötü video", "video_url": "https://example.com/video"},
            {"title": "Kötü durum", "status": "yarın"},
            "metin",
            {"title": "Almanca", "language": "de"},
        ]
    }
    report = import_json(world.workspace.pk, data)

    assert report.created == ["İyi makale"]
    assert [(e.row, e.details) for e in report.errors] == [
        (2, {"title": "required"}),
        (3, {"video_url": "invalid"}),
        (4, {"status": "yarın"}),
        (5, {"row": "invalid"}),
        (6, {"language": "de", "allowed": ["tr", "en"]}),
    ]
    assert list(Article.objects.filter(workspace=world.workspace).values_list("title", flat=True)) == [
        "İyi makale"
    ]
    with pytest.raises(ValidationFailed):
        import_json(world.workspace.pk, "{nope")
    with pytest.raises(ValidationFailed):
        import_json(world.workspace.pk, [1, 2])
    with pytest.raises(PermissionDenied):
        import_json(world.workspace.pk, data, actor=world.agent)


def test_dry_run_changes_nothing_but_reports_the_same(world: World) -> None:
    save_category(world.workspace.pk, CategoryInput(name_tr="Kargo"))
    data = {
        "articles": [
            {"title": "Yeni", "category": "Yepyeni kategori"},
            {"title": "Kargo ücreti", "category": "Kargo"},
        ]
    }
    preview = import_json(world.workspace.pk, data, dry_run=True)

    assert preview.dry_run
    assert (preview.created, preview.categories_created) == (["Yeni", "Kargo ücreti"], ["Yepyeni kategori"])
    assert Article.objects.filter(workspace=world.workspace).count() == 0
    assert Category.objects.filter(workspace=world.workspace).count() == 1
    real = import_json(world.workspace.pk, data)
    assert (real.created, real.categories_created) == (preview.created, preview.categories_created)


EXCEL_TR = (
    "\ufeffBaşlık;Kısa cevap;Kategori;Etiketler;Durum;Örnek sorular;Cevap;Dil\r\n"
    "Kargom ne zaman gelir?;1-3 iş günü.;Kargo;kargo, teslimat;yayında;kargom nerde | ne zaman gelir;"
    '"Siparişiniz hazırlanır.\r\n\r\nSonra kargoya verilir.";tr\r\n'
    ";başlıksız;;;;;;tr\r\n"
    "Returns;Within 14 days.;Kargo;;draft;;<p>Send it back.</p>;en\r\n"
    "Bozuk;;;;belki;;;tr\r\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1254"])
def test_csv_as_excel_tr_writes_it(world: World, encoding: str) -> None:
    raw = EXCEL_TR.encode(encoding) if encoding == "utf-8" else EXCEL_TR.lstrip("\ufeff").encode(encoding)
    report = import_csv(world.workspace.pk, raw)

    assert report.created == ["Kargom ne zaman gelir?", "Returns"]
    assert [(e.row, e.details) for e in report.errors] == [
        (3, {"title": "required"}),
        (5, {"status": "belki"}),
    ]
    article = Article.objects.get(workspace=world.workspace, slug="kargom-ne-zaman-gelir")
    assert article.status == "published"
    assert article.category is not None
    assert article.category.name_tr == "Kargo"
    assert article.tags == ["kargo", "teslimat"]
    assert article.body_html == "<p>Siparişiniz hazırlanır.</p><p>Sonra kargoya verilir.</p>"
    assert list(article.example_questions.values_list("text", "source")) == [
        ("kargom nerde", "import"),
        ("ne zaman gelir", "import"),
    ]
    english = Article.objects.get(workspace=world.workspace, language="en")
    assert (english.slug, english.body_html, english.status) == ("returns", "<p>Send it back.</p>", "draft")


def test_csv_with_commas_and_round_trip(world: World, other_world: World) -> None:
    comma = 'title,summary,tags\nİade,14 gün,"iade, değişim"\n'.encode()
    assert import_csv(world.workspace.pk, comma).created == ["İade"]
    assert Article.objects.get(workspace=world.workspace, slug="iade").tags == ["iade", "değişim"]

    build_kb(other_world.workspace.pk)
    exported = export_csv(other_world.workspace.pk)
    assert exported.startswith(b"\xef\xbb\xbfkey;language;slug;title;summary;category;")
    third = make_third_workspace()
    report = import_csv(third, exported)
    assert report.ok
    original = {(a["language"], a["slug"]): a for a in comparable(other_world.workspace.pk)["articles"]}
    copied = {(a["language"], a["slug"]): a for a in comparable(third)["articles"]}
    assert copied.keys() == original.keys()
    for key, article in original.items():
        for field in (
            "title",
            "summary",
            "body_html",
            "tags",
            "skus",
            "status",
            "bot_enabled",
            "video_url",
            "category",
            "key",
        ):
            assert copied[key][field] == article[field], (key, field)
        assert [q["text"] for q in copied[key]["questions"]] == [q["text"] for q in article["questions"]]


def make_third_workspace() -> int:
    from tests.factories import make_world

    return make_world("Üçüncü").workspace.pk


def test_markdown_zip_round_trip(world: World, other_world: World) -> None:
    build_kb(world.workspace.pk)
    raw = export_markdown_zip(world.workspace.pk)
    names = sorted(zipfile.ZipFile(io.BytesIO(raw)).namelist())
    assert names == [
        "_categories.json",
        "en/when-does-my-parcel-arrive.md",
        "tr/kargom-ne-zaman-gelir.md",
        "tr/sifremi-unuttum.md",
    ]

    report = import_markdown_zip(other_world.workspace.pk, raw)
    assert report.ok
    original, copied = comparable(world.workspace.pk), comparable(other_world.workspace.pk)
    for article in original["articles"] + copied["articles"]:
        for question in article["questions"]:
            question["source"] = "-"  # the Markdown format keeps the words, not where they came from
    original["synonyms"] = copied["synonyms"] = []
    assert copied == original


def test_hand_written_markdown(world: World) -> None:
    page = (
        "---\n"
        'title: "İade: nasıl yapılır?"\n'
        "category: İade ve Değişim\n"
        "language: tr\n"
        "translation_key: iade\n"
        "tags: [iade, değişim]\n"
        "skus: AYK-1, AYK-2\n"
        "summary: |\n"
        "  14 gün içinde iade edebilirsiniz.\n"
        "  Kargo ücretsiz.\n"
        "status: published\n"
        "questions:\n"
        "  - iade etmek istiyorum\n"
        "  - 'para iadesi ne zaman'\n"
        "---\n"
        "# Başlık burada değil\n\n"
        "Ürünü **faturasıyla** gönderin.\n\n"
        "- Kutu\n- Fatura\n\n"
        "<script>alert(1)</script>\n"
    )
    english = "# Returns\n\nSend it [back](https://example.com).\n"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("sss/iade.md", page)
        archive.writestr("sss/en/returns.md", "---\nlanguage: en\ntranslation_key: iade\n---\n" + english)
        archive.writestr("sss/bozuk.md", "---\ntitle: Bozuk\n  girintili: satır\n---\n")
        archive.writestr("notlar.txt", "yok sayılır")
    report = import_markdown_zip(world.workspace.pk, out.getvalue())

    assert sorted(report.created) == ["Returns", "İade: nasıl yapılır?"]
    assert [(e.row, e.title) for e in report.errors] == [(1, "sss/bozuk.md")]
    article = Article.objects.get(workspace=world.workspace, language="tr")
    assert article.summary == "14 gün içinde iade edebilirsiniz.\nKargo ücretsiz."
    assert article.tags == ["iade", "değişim"]
    assert article.skus == ["AYK-1", "AYK-2"]
    assert article.category is not None
    assert article.category.name_tr == "İade ve Değişim"
    assert article.body_html == (
        "<h2>Başlık burada değil</h2>\n<p>Ürünü <strong>faturasıyla</strong> gönderin.</p>\n"
        "<ul>\n<li>Kutu</li>\n<li>Fatura</li>\n</ul>"
    )
    assert list(article.example_questions.values_list("text", flat=True)) == [
        "iade etmek istiyorum",
        "para iadesi ne zaman",
    ]
    returns = Article.objects.get(workspace=world.workspace, language="en")
    assert returns.translation_group == article.translation_group
    assert (
        returns.body_html
        == '<p>Send it <a href="https://example.com" rel="noopener noreferrer nofollow">back</a>.</p>'
    )
    with pytest.raises(ValidationFailed):
        import_markdown_zip(world.workspace.pk, b"not a zip")


def test_front_matter_values() -> None:
    fields, body = parse_front_matter(
        '---\ntitle: "a: \\"b\\""\nempty:\nsummary: >\n  bir\n  iki\n---\nGövde\n'
    )
    assert fields == {"title": '"a: \\"b\\""', "empty": "", "summary": "bir iki"}
    assert body == "Gövde\n"
    assert parse_front_matter("Sadece gövde") == ({}, "Sadece gövde")


def test_synonyms_travel_in_json(world: World, other_world: World) -> None:
    build_kb(world.workspace.pk)
    import_json(other_world.workspace, json.loads(export_json(world.workspace.pk)))
    assert list(
        SynonymGroup.objects.filter(workspace=other_world.workspace).values_list("words", flat=True)
    ) == [
        ["kargo", "gönderi", "paket"],
        ["iade", "geri gönderim"],
    ]
