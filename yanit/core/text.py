"""Turkish-aware text helpers: case folding, diacritic folding, search normalisation."""

from __future__ import annotations

import re
import unicodedata

_TR_UPPER_TO_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_TR_LOWER_TO_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_ASCII_FOLD = str.maketrans(
    {"ı": "i", "ğ": "g", "ü": "u", "ş": "s", "ö": "o", "ç": "c", "â": "a", "î": "i", "û": "u"}
)
_WORD = re.compile(r"\w+", re.UNICODE)


def tr_lower(text: str) -> str:
    """Lower-case with Turkish rules: I→ı, İ→i (Python's lower() gives 'i̇' and 'i')."""
    return unicodedata.normalize("NFC", text).translate(_TR_UPPER_TO_LOWER).lower()


def tr_upper(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_TR_LOWER_TO_UPPER).upper()


def search_fold(text: str) -> str:
    """Fold for search: Turkish lower-case, then drop diacritics so 'siparis' finds 'Sipariş'.

    Both the stored text and the query go through this, so ı/i, ş/s, ğ/g… compare equal.
    """
    lowered = tr_lower(text).translate(_ASCII_FOLD)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(stripped))


MAX_SEARCH_TERMS = 8


def search_terms(q: str) -> list[str]:
    """The folded words of what someone typed in a search box: "İADE Işık" → ["iade", "isik"]."""
    return search_fold(q[:200]).split()[:MAX_SEARCH_TERMS]
