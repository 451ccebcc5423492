"""Which language to answer in: the contact's own setting, else a guess from the customer's last
message, else Turkish. The guess is deliberately small: letters only Turkish has, and a handful of
very common words of each language."""

from __future__ import annotations

import re

from yanit.core.text import tr_lower

LANGUAGES = ("tr", "en")
DEFAULT_LANGUAGE = "tr"
_TURKISH_LETTERS = re.compile(r"[çğıİöşüÇĞÖŞÜ]")
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
_TURKISH_WORDS = frozenset(
    {
        "merhaba",
        "selam",
        "siparis",
        "sipariş",
        "kargo",
        "iade",
        "ve",
        "bir",
        "bu",
        "ne",
        "neden",
        "nasıl",
        "nerede",
        "için",
        "ile",
        "değil",
        "degil",
        "mi",
        "mı",
        "mu",
        "mü",
        "var",
        "yok",
        "ben",
        "benim",
        "lütfen",
        "lutfen",
        "teşekkürler",
        "tesekkurler",
        "teşekkür",
        "ürün",
        "urun",
        "hala",
        "hâlâ",
        "gelmedi",
        "ama",
        "çok",
        "cok",
        "da",
        "de",
        "ki",
    }
)
_ENGLISH_WORDS = frozenset(
    {
        "hello",
        "hi",
        "the",
        "and",
        "is",
        "are",
        "my",
        "order",
        "where",
        "why",
        "how",
        "please",
        "thanks",
        "thank",
        "you",
        "not",
        "have",
        "has",
        "was",
        "it",
        "this",
        "that",
        "for",
        "with",
        "still",
        "received",
        "refund",
        "item",
        "delivery",
        "package",
        "can",
    }
)


def normalise_language(value: object) -> str | None:
    text = str(value or "").strip().lower()[:2]
    return text if text in LANGUAGES else None


def guess_language(text: str) -> str | None:
    """ "tr", "en" or None when the text gives no hint."""
    if not text.strip():
        return None
    if _TURKISH_LETTERS.search(text):
        return "tr"
    words = [tr_lower(w) for w in _WORDS.findall(text[:2000])]
    turkish = sum(w in _TURKISH_WORDS for w in words)
    english = sum(w in _ENGLISH_WORDS for w in words)
    if english > turkish:
        return "en"
    if turkish:
        return "tr"
    return None
