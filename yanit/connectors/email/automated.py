"""Is this mail from a machine? Auto-replies are stored like any mail but never acknowledged.

The reason is a short English code the auto-acknowledgement and the thread read; "" means a
person wrote it. Checked in order of certainty: RFC 3834 ``Auto-Submitted``, the de-facto
headers (``Precedence``, ``List-Id``, ``X-Autoreply``, Microsoft's ``X-Auto-Response-Suppress``),
an empty Return-Path (bounces), machine sender addresses, then out-of-office subjects.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from yanit.core.text import search_fold

_MACHINE_LOCAL = re.compile(
    r"^(?:mailer-daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?|noreply-[\w.-]+)(?:[+-].*)?$",
    re.IGNORECASE,
)
# Matched on the folded subject (lower case, Turkish letters to ASCII, punctuation dropped) so
# "OTOMATİK YANIT" and "Otomatik yanıt" match alike.
_OUT_OF_OFFICE = re.compile(
    r"^(?:(?:re|fw|fwd|ynt|ilt|aw|wg)\s+)*(?:otomatik (?:yanit|cevap)|ofis disinda|ofiste degilim"
    r"|izindeyim|izinde|out of (?:the )?office|automatic reply|auto ?reply|autoreply|auto response"
    r"|abwesenheitsnotiz|vacation reply|i am out of|i m out of)\b"
)
_AUTO_PREFIX = re.compile(r"^\s*auto\s*:", re.IGNORECASE)


def is_machine_address(address: str) -> bool:
    local = address.rpartition("@")[0] or address
    return bool(_MACHINE_LOCAL.match(local.strip()))


def automated_reason(header: Callable[[str], str], sender: str, subject: str) -> str:
    """``header(name)`` returns the header's value or ""; ``sender`` is the From address."""
    auto_submitted = header("Auto-Submitted").strip().lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return f"auto-submitted: {auto_submitted.split(';')[0][:40]}"
    precedence = header("Precedence").strip().lower()
    if precedence in ("bulk", "list", "junk", "auto_reply"):
        return f"precedence: {precedence}"
    if header("List-Id"):
        return "list-id"
    if header("List-Unsubscribe"):
        return "list-unsubscribe"
    for name in ("X-Autoreply", "X-Autorespond"):
        if header(name):
            return name.lower()
    suppress = header("X-Auto-Response-Suppress").replace(" ", "").lower().split(",")
    if "all" in suppress or "oof" in suppress:
        return "x-auto-response-suppress"
    if header("Return-Path").replace(" ", "") == "<>":
        return "empty return-path"
    if sender and is_machine_address(sender):
        return "machine sender"
    if _OUT_OF_OFFICE.match(search_fold(subject)) or _AUTO_PREFIX.match(subject):
        return "out-of-office subject"
    return ""
