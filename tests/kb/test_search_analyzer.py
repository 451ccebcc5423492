"""The analyzer: what words become, on their own, before any index is involved."""

from __future__ import annotations

import pytest

from yanit.kb.search.analyzer import stem, terms, tokens
from yanit.kb.search.index import edit_distance


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("İADE", ["iade"]),
        ("iade", ["iade"]),
        ("iadesi", ["iade"]),
        ("iadeyi", ["iade"]),
        ("iadesine", ["iade"]),
        ("IŞIK", ["isik"]),
        ("ışık", ["isik"]),
        ("Işıklı", ["isik"]),
        ("Siparişim nerede?", ["siparis", "nere"]),
        ("siparisim nerde", ["siparis", "nere"]),
        ("SİPARİŞİMİ", ["siparis"]),
        ("kargom", ["kargo"]),
        ("kargoya", ["kargo"]),
        ("kargomu", ["kargo"]),
        ("kargom nerde", ["kargo", "nere"]),
        ("kargolarım", ["kargo"]),
        ("hesabım", ["hesap"]),
        ("rengi", ["renk"]),
        ("kartıma", ["kart"]),
        ("sepette", ["sepet"]),
        ("paketim", ["paket"]),
        ("ödemem", ["odeme"]),
        ("ödemeyi", ["odeme"]),
        ("faturamı", ["fatura"]),
        ("e-fatura", ["fatura"]),
        ("taksitli", ["taksit"]),
        ("indirimler", ["indirim"]),
        ("ürünü", ["urun"]),
        ("değiştirme", ["degis"]),
        ("değiştirmek", ["degis"]),
        ("gönderi", ["gonder"]),
        ("gönderme", ["gonder"]),
        ("Aras'a verdim", ["aras", "ver"]),
    ],
)
def test_words_reduce_to_the_same_term_with_or_without_turkish_letters(
    text: str, expected: list[str]
) -> None:
    assert terms(text) == expected


def test_colloquial_spellings_and_attached_question_particles() -> None:
    assert terms("kargom geldimi") == ["kargo", "gel"]
    assert terms("kargom gelmedi") == ["kargo", "gel"]
    assert terms("geliyo mu") == ["gel"]
    assert terms("napcam bi yardım") == ["yardim"]
    assert terms("siparişimi iptal edebilir miyim?") == ["siparis", "iptal"]


def test_stop_words_of_both_languages_are_dropped_question_words_kept() -> None:
    assert terms("Merhaba, ne zaman gelir acaba?") == ["zaman", "gelir"]
    assert terms("Where is my order?", "en") == ["wher", "order"]
    assert terms("ve ile de da ne mi") == []
    assert terms("kargo nasıl, kargo nerede") == ["kargo", "nasil", "kargo", "nere"]


def test_english_words_lose_english_suffixes() -> None:
    assert terms("Shipping orders and changing deliveries", "en") == ["ship", "order", "chang", "deliver"]
    assert terms("shipped order delivered", "en") == ["ship", "order", "deliver"]


def test_stems_never_go_below_three_letters() -> None:
    assert stem("iade") == "iade"
    assert stem("ada") == "ada"
    assert stem("kodu") == "kodu"
    assert stem("ab12") == "ab12"


def test_tokens_keep_positions_of_the_original_text() -> None:
    text = "Kargom, İSTANBUL'a gelmedi"
    found = [(text[t.start : t.end], t.folded, t.term) for t in tokens(text)]
    assert found == [
        ("Kargom", "kargom", "kargo"),
        ("İSTANBUL", "istanbul", "istanbul"),
        ("gelmedi", "gelmedi", "gel"),
    ]


def test_edit_distance_counts_a_swap_as_one() -> None:
    assert edit_distance("kagro", "kargo", 2) == 1
    assert edit_distance("sipars", "siparis", 2) == 1
    assert edit_distance("iadr", "iade", 1) == 1
    assert edit_distance("kargo", "fatura", 2) == 3
