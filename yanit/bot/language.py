"""Turkish or English? A light, local guess from function words and Turkish letters."""

from __future__ import annotations

import re

from yanit.core.text import search_fold


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_TURKISH_LETTERS = re.compile(r"[çğıöşüÇĞİÖŞÜ]")
_ENGLISH_WORDS = _wordset(
    "the a an is are am was were be do does did you your yours i my me we our it its this that these "
    "those to of for in on at with from by how what when where which who why can could would should "
    "will have has had not no yes please there any some about get got want need order orders package "
    "delivery shipping return refund payment account password thanks thank hello hi"
)
_TURKISH_WORDS = _wordset(
    "ve ile bir bu su o ben sen biz siz ne nasil neden nerede nerde kac mi mu var yok ama icin gibi "
    "daha en cok lutfen merhaba selam tesekkurler acaba degil evet hayir olur misiniz miyim musunuz "
    "ya da de ki kadar zaman gun siparis kargo iade odeme urun"
)
# Endings no English word has, and that almost every Turkish sentence does.
_TURKISH_ENDING = re.compile(
    r"(?:yor\w*|mis\w*|miyim|musunuz|misiniz|imiz|iniz|lari|leri|dir|dur|tir|sin|cek|cak)$"
)


def detect_language(text: str) -> str:
    """ "en" when the message reads as English, otherwise "tr" (the default for a Turkish store)."""
    if _TURKISH_LETTERS.search(text):
        return "tr"
    words = search_fold(text).split()
    english = sum(word in _ENGLISH_WORDS for word in words)
    turkish = sum(word in _TURKISH_WORDS or bool(_TURKISH_ENDING.search(word)) for word in words)
    return "en" if english > turkish else "tr"
