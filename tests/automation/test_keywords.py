"""Turkish-aware keyword matching: case, dotted/dotless i, diacritics, suffixes, word starts."""

from __future__ import annotations

import pytest

from yanit.automation.conditions import is_shouting, keyword_pattern
from yanit.core.text import search_fold


def matches(keywords: list[str], text: str) -> bool:
    pattern = keyword_pattern(keywords)
    assert pattern is not None
    return pattern.search(search_fold(text)) is not None


@pytest.mark.parametrize(
    ("keywords", "text"),
    [
        (["iade"], "İADE istiyorum"),
        (["İADE"], "iade istiyorum"),
        (["kargo"], "kargom gelmedi"),
        (["kargo"], "KARGOYA verildi mi"),
        (["kırık geldi"], "Ürün KIRIK GELDİ!!"),
        (["kırık geldi"], "urun kirik geldi"),
        (["param iade"], "Paramı iade etmediniz"),
        (["hala gelmedi"], "siparişim hâlâ gelmedi"),
        (["yanlış ürün"], "yanlis urun gonderilmis"),
        (["ışık"], "IŞIK yanmıyor"),
        (["şikayet edeceğim"], "Sizi ŞİKAYET EDECEĞİM"),
        (["stokta yok"], "stokta yokmuş"),
    ],
)
def test_keyword_matches(keywords: list[str], text: str) -> None:
    assert matches(keywords, text) is True


@pytest.mark.parametrize(
    ("keywords", "text"),
    [
        (["ade"], "iade istiyorum"),  # a keyword starts at a word start
        (["argo"], "kargom gelmedi"),
        (["param iade"], "param yok, iade değil"),  # a phrase is its words in a row
        (["kırık geldi"], "kırık değil geldi"),
        (["iade"], "tiadex"),
    ],
)
def test_keyword_does_not_match(keywords: list[str], text: str) -> None:
    assert matches(keywords, text) is False


def test_word_start_prefix_is_the_chosen_rule() -> None:
    # Stems match their suffixed forms; a two-letter stem is the admin's choice, and matches.
    assert matches(["ia"], "iade") is True
    assert matches(["ia"], "kasiade") is False


def test_empty_keywords_compile_to_nothing() -> None:
    assert keyword_pattern(["  ", "!!"]) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BU NE REZALET BİR HİZMET", True),
        ("Neden gelmedi!!!", True),
        ("Merhaba, siparişim nerede?", False),
        ("TAMAM", False),  # too short to call shouting
        ("Kargo ne zaman gelir! Teşekkürler!", False),
    ],
)
def test_shouting(text: str, expected: bool) -> None:
    assert is_shouting(text) is expected
