"""search() and rank() over a small real FAQ: Turkish folding, suffixes, typos, synonyms, boosts.

Runs the same on SQLite and PostgreSQL (``DATABASE_URL``): ranking happens in Python over the rows.
"""

from __future__ import annotations

import pytest

from tests.factories import World
from tests.kb.factories import make_article, make_synonyms
from tests.kb.search_fixtures import Faq
from tests.kb.search_fixtures import faq as faq  # the fixture
from tests.kb.search_fixtures import fresh_search_cache as fresh_search_cache  # autouse
from yanit.kb.search import rank, search

pytestmark = pytest.mark.django_db


def ids(world: World, query: str, **kwargs: object) -> list[int]:
    return [hit.article_id for hit in search(world.workspace.pk, query, **kwargs)]  # type: ignore[arg-type]


def first(world: World, query: str, **kwargs: object) -> int:
    found = ids(world, query, **kwargs)
    assert found, query
    return found[0]


def test_typed_without_turkish_letters_finds_the_article(world: World, faq: Faq) -> None:
    assert first(world, "siparisim", language="tr") == faq.where.pk
    assert first(world, "SİPARİŞİM NEREDE", language="tr") == faq.where.pk
    assert first(world, "odeme yapamiyorum", language="tr") == faq.payment_failed.pk
    assert first(world, "faturami nasil alirim", language="tr") == faq.invoice.pk


def test_dotted_and_dotless_i_fold_both_ways(world: World, faq: Faq) -> None:
    assert first(world, "İADE", language="tr") == faq.returns.pk
    assert first(world, "iade", language="tr") == faq.returns.pk
    assert first(world, "ışıklı ayna", language="tr") == faq.light.pk
    assert first(world, "ISIKLI AYNA", language="tr") == faq.light.pk


def test_suffixes_and_colloquial_forms_reach_the_root(world: World, faq: Faq) -> None:
    for query in ("kargom nerde", "kargomu takip", "siparişim gelmedi", "KARGOM NEREDE"):
        assert first(world, query, language="tr") == faq.where.pk, query
    assert first(world, "kargoya ne zaman verilir", language="tr") == faq.shipping_time.pk


def test_iade_is_not_cut_into_ia(world: World, faq: Faq) -> None:
    ia = make_article(world.workspace, "Ia ve ian kısaltmaları", summary="İa, ian.")
    found = ids(world, "iade", language="tr")
    assert found[0] == faq.returns.pk
    assert ia.pk not in found


def test_typos_still_find_the_article(world: World, faq: Faq) -> None:
    assert first(world, "kagro kac gunde", language="tr") == faq.shipping_time.pk
    assert first(world, "siparş nerede", language="tr") == faq.where.pk
    assert first(world, "iadr nasil", language="tr") == faq.returns.pk
    assert first(world, "taksti secenekleri", language="tr") == faq.installments.pk


def test_search_as_you_type_matches_word_beginnings(world: World, faq: Faq) -> None:
    assert first(world, "tak", language="tr") == faq.installments.pk
    assert first(world, "indirim kup", language="tr") == faq.coupon.pk
    assert first(world, "AYN-44", language="tr") == faq.light.pk


def test_shipped_synonyms_expand_the_query(world: World, faq: Faq) -> None:
    # "gönderim" is not in the article; kargo ~ gönderi ~ paket ~ teslimat is a shipped group.
    assert set(ids(world, "paketim", language="tr")[:2]) == {faq.where.pk, faq.shipping_time.pk}
    assert first(world, "gönderi takibi", language="tr") == faq.where.pk
    assert first(world, "kupon", language="tr") == faq.coupon.pk
    assert first(world, "promosyon kodu", language="tr") == faq.coupon.pk
    assert first(world, "para iadesi", language="tr") in {faq.returns.pk, faq.refund_time.pk}


def test_workspace_synonyms_are_used(world: World, faq: Faq) -> None:
    assert ids(world, "sehpa", language="tr") == []
    make_synonyms(world.workspace, "ayna", "sehpa")
    assert first(world, "sehpa", language="tr") == faq.light.pk


def test_title_counts_more_than_the_body(world: World) -> None:
    ws = world.workspace
    in_body = make_article(ws, "Mağaza saatleri", body="Hediye paketi seçeneği her gün 09.00-18.00 arası.")
    in_title = make_article(ws, "Hediye paketi", body="Sepette seçebilirsiniz.")
    in_summary = make_article(ws, "Özel günler", summary="Hediye paketi ücretsizdir.")
    assert ids(world, "hediye paketi") == [in_title.pk, in_summary.pk, in_body.pk]


def test_example_questions_count_strongly(world: World, faq: Faq) -> None:
    assert first(world, "ürünü geri göndermek", language="tr") == faq.returns.pk


def test_language_prefers_the_query_language_and_falls_back_to_turkish(world: World, faq: Faq) -> None:
    assert first(world, "where is my order", language="en") == faq.where_en.pk
    # No English version of the invoice article: the Turkish one answers an English visitor.
    assert first(world, "fatura", language="en") == faq.invoice.pk
    assert faq.where.pk not in ids(world, "siparis", language="en")
    # Without a language, one article per translation group.
    found = ids(world, "order siparis")
    assert len({faq.where.pk, faq.where_en.pk} & set(found)) == 1


def test_ties_are_broken_by_article_id(world: World) -> None:
    a = make_article(world.workspace, "Kapıda ödeme", summary="Var.")
    b = make_article(world.workspace, "Kapıda ödeme", summary="Var.")
    hits = search(world.workspace.pk, "kapida odeme")
    assert [hit.article_id for hit in hits] == [a.pk, b.pk]
    assert hits[0].score == hits[1].score


def test_snippet_is_escaped_and_marks_the_matched_words(world: World) -> None:
    make_article(
        world.workspace,
        "Kargo <b>takibi</b>",
        summary="Kargonuz & faturanız <script>alert(1)</script> aynı gün çıkar.",
    )
    (hit,) = search(world.workspace.pk, "kargo fatura")
    assert hit.title == "Kargo <b>takibi</b>"
    assert hit.snippet == (
        "<mark>Kargonuz</mark> &amp; <mark>faturanız</mark> "
        "&lt;script&gt;alert(1)&lt;/script&gt; aynı gün çıkar."
    )


def test_snippet_comes_from_the_body_around_the_match(world: World) -> None:
    filler = " ".join(["Mağazamız her gün açıktır."] * 12)
    make_article(
        world.workspace,
        "Genel bilgiler",
        summary="Kısa bilgi.",
        body=f"{filler} Havale ile ödeme de kabul ediyoruz.",
    )
    (hit,) = search(world.workspace.pk, "havale")
    assert hit.snippet.startswith("…")
    assert "<mark>Havale</mark> ile ödeme de kabul ediyoruz." in hit.snippet
    assert len(hit.snippet) < 260


def test_rank_scores_are_shares_of_the_message(world: World, faq: Faq) -> None:
    ranked = rank(
        world.workspace.pk, "Merhaba, 3 gün önce sipariş verdim, kargom hala gelmedi. Nerede acaba?", "tr"
    )
    assert ranked[0][0] == faq.where.pk
    assert 0.3 < ranked[0][1] < 1
    assert ranked == sorted(ranked, key=lambda pair: (-pair[1], pair[0]))
    # A message about something the knowledge base does not cover scores low everywhere.
    off_topic = rank(world.workspace.pk, "Galatasaray dünkü maçı üç sıfır kazandı", "tr")
    assert all(score < 0.1 for _, score in off_topic)


def test_rank_can_leave_out_articles_the_bot_may_not_use(world: World, faq: Faq) -> None:
    hidden = make_article(world.workspace, "Hediye kartı bakiyesi", bot_enabled=False)
    assert rank(world.workspace.pk, "hediye kartı bakiyesi", "tr")[0][0] == hidden.pk
    assert hidden.pk not in [
        aid for aid, _ in rank(world.workspace.pk, "hediye kartı bakiyesi", "tr", bot_only=True)
    ]


def test_empty_and_stop_word_queries_return_nothing(world: World, faq: Faq) -> None:
    assert search(world.workspace.pk, "") == []
    assert search(world.workspace.pk, "   ?! ") == []
    assert search(world.workspace.pk, "ve ile de mi") == []
    assert rank(world.workspace.pk, "merhaba", "tr") == []


def test_scores_are_exact_numbers_the_same_on_sqlite_and_postgresql(world: World, faq: Faq) -> None:
    # Ranking runs in Python over plain rows: this exact list holds on both databases (CI runs it
    # with DATABASE_URL pointing to PostgreSQL too).
    def scored(query: str, **kwargs: object) -> list[tuple[str, float]]:
        hits = search(world.workspace.pk, query, **kwargs)  # type: ignore[arg-type]
        return [(hit.title, hit.score) for hit in hits]

    assert scored("kargom nerde", language="tr", limit=4) == [
        ("Siparişim nerede?", 0.7542),
        ("Kargo kaç günde gelir?", 0.1712),
        ("İade nasıl yapılır?", 0.1083),
        ("Beden değişimi yapabilir miyim?", 0.0734),
    ]
    assert scored("iade kargo", limit=3) == [
        ("İade nasıl yapılır?", 0.5526),
        ("Siparişim nerede?", 0.2223),
        ("Kargo kaç günde gelir?", 0.2057),
    ]


def test_only_an_unfinished_last_word_reaches_much_longer_words(world: World) -> None:
    mold = make_article(world.workspace, "Kalıp tablosu", summary="Ayakkabılarımız dar kalıptır.")
    # Typing "kal" in the box: it may become "kalıp".
    assert [hit.article_id for hit in search(world.workspace.pk, "kal")] == [mold.pk]
    # A finished word ("kaldı" → kal) and a customer's message do not stretch to "kalıp".
    assert search(world.workspace.pk, "kal ") == []
    assert rank(world.workspace.pk, "kargom yolda kaldı", "tr") == []
