"""Turning the bytes of a header or a body part into text without ever losing the message.

Mail from Turkish shops and customers arrives in UTF-8, windows-1254 and iso-8859-9, and often
mislabelled (Turkish text declared as iso-8859-1 or us-ascii, or an unknown label): decode with
the declared charset when it fits, then UTF-8, then windows-1254 with replacement characters.
"""

from __future__ import annotations

import codecs
from email.header import decode_header

# Labels that mail clients write but Python does not know, and what they mean.
_ALIASES = {
    "x-user-defined": "windows-1252",
    "iso-8859-8-i": "iso-8859-8",
    "ks_c_5601-1987": "cp949",
    "x-unknown": "utf-8",
    "unknown-8bit": "utf-8",
    "windows-874": "cp874",
    "utf8": "utf-8",
    "turkish": "iso-8859-9",
    "latin5": "iso-8859-9",
}
# Turkish letters that cp1252/iso-8859-1 render as other characters: a label of "latin-1" on a
# text full of these bytes is almost always windows-1254.
_TURKISH_IN_1254 = frozenset(b"\xd0\xdd\xde\xf0\xfd\xfe")
FALLBACK = "windows-1254"


def known_codec(label: str | None) -> str | None:
    if not label:
        return None
    name = label.strip().strip('"').lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, label: str | None = None) -> str:
    """Decode ``data`` declared as ``label``; never raises."""
    codec = known_codec(label)
    if codec in ("latin-1", "iso8859-1", "cp1252", "ascii") and _looks_turkish_single_byte(data):
        codec = FALLBACK
    for candidate in (codec, "utf-8"):
        if candidate is None:
            continue
        try:
            return data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode(codec or FALLBACK, errors="replace")


def _looks_turkish_single_byte(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return any(byte in _TURKISH_IN_1254 for byte in data)


def decode_header_value(raw: str) -> str:
    """An RFC 2047 header value as text, also when the encoded words are broken.

    ``raw`` may carry undecoded 8-bit bytes as surrogate escapes (a client that wrote UTF-8 or
    windows-1254 straight into the header): those are recovered with :func:`decode_bytes`.
    """
    if "=?" not in raw:
        return _unescape(raw).strip()
    raw = _unescape(raw)
    try:
        parts = decode_header(raw)
    except Exception:  # a broken header must never lose the mail
        return _unescape(raw)
    out: list[str] = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            out.append(_unescape(chunk))
        else:
            out.append(decode_bytes(chunk, charset))
    text = "".join(out)
    return " ".join(text.replace("\r", " ").replace("\n", " ").split()) if "\n" in text else text.strip()


def _unescape(value: str) -> str:
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    return decode_bytes(value.encode("utf-8", "surrogateescape"))
