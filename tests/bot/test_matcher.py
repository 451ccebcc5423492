"""The bot's matcher and language guess on their own, without a database."""

from __future__ import annotations

import pytest

from yanit.bot.language import detect_language
from yanit.bot.matcher import MatchDoc, Matcher, words

DOCS = [
    MatchDoc(
        1,
        "g-fee",
        "tr",
        "Kargo ücreti ne kadar?",
        "500 ₺ üzeri kargo ücretsiz.",
        questions=["Kargo bedava mı?"],
    ),
    MatchDoc(2, "g-time", "tr", "Kargom kaç günde gelir?", "1–3 iş günü.", questions=["Teslimat süresi"]),
    MatchDoc(3, "g-cod", "tr", "Kapıda ödeme var mı?", "2.000 ₺'ye kadar kapıda ödeme.", tags=["nakit"]),
    MatchDoc(
        4,
        "g-return",
        "tr",
        "İade nasıl yapılır?",
        "İade kodu ile gönderin.",
        questions=["Ürünü geri yollamak"],
    ),
    MatchDoc(5, "g-return", "en", "How do I return an item?", "Send it back with the return code."),
    MatchDoc(6, "g-size", "tr", "Hangi bedeni seçmeliyim?", "Beden tablosuna bakın."),
]


def top(matcher: Matcher, text: str, language: str = "tr") -> int:
    results = matcher.score(text, language)
    assert results, text
    return results[0][0].article_id


def test_words_fold_and_drop_stopwords() -> None:
    assert words("İADE etmek İSTİYORUM ya") == ["iade"]
    assert words("Kargom NERDE acaba?") == ["kargom", "nerede"]


@pytest.mark.parametrize(
    ("text", "article_id"),
    [
        ("kargo ucreti ne kadar", 1),
        ("KARGO BEDAVA MI", 1),
        ("kargom kac gunde gelir", 2),
        ("kapidaodeme varmi", 3),  # run together
        ("kargoucretinekadar", 1),
        ("kapida odmee", 3),  # typo: letters swapped
        ("iade etmek istiyorum", 4),
        ("hangi bedeni almaliyim", 6),
    ],
)
def test_turkish_messages_find_their_article(text: str, article_id: int) -> None:
    assert top(Matcher(DOCS), text) == article_id


def test_english_message_prefers_the_english_version_and_reaches_turkish_only_articles() -> None:
    matcher = Matcher(DOCS)
    assert top(matcher, "how do i return an item", "en") == 5
    # Only Turkish exists: the glossary carries "shipping cost" over.
    assert top(matcher, "how much does shipping cost", "en") == 1


def test_scores_are_in_unit_range_and_sorted() -> None:
    results = Matcher(DOCS).score("kargo ucreti", "tr")
    values = [value for _, value, _ in results]
    assert values == sorted(values, reverse=True)
    assert all(0 < value <= 1 for value in values)
    assert all(0 < reach <= 1 for _, _, reach in results)


def test_synonyms_connect_words_the_articles_do_not_use() -> None:
    without = Matcher(DOCS)
    assert not without.score("gönderi bedeli", "tr") or top(without, "gönderi bedeli") != 1
    with_synonyms = Matcher(DOCS, synonyms=[["kargo", "gönderi"], ["ücret", "bedel"]])
    assert top(with_synonyms, "gönderi bedeli") == 1


def test_unknown_words_match_nothing() -> None:
    matcher = Matcher(DOCS)
    assert matcher.score("zxqv", "tr") == []
    assert not matcher.knows_any("zxqv plorf", "tr")
    assert matcher.knows_any("kargo", "tr")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("where is my order", "en"),
        ("can i pay in installments", "en"),
        ("kargom nerde", "tr"),
        ("siparisim ne zaman gelir", "tr"),
        ("Sipariş", "tr"),
        ("ok", "tr"),
        ("iade yapmak istiyorum my order", "tr"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language
