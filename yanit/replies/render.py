"""Filling a canned response's variables.

Not the Django template engine: the text is written by users, so one regular expression replaces
a fixed whitelist of ``{{ name }}`` variables and leaves everything else exactly as written.
The result is plain text (the message pipeline escapes it when showing HTML), and a value is
never scanned again, so a customer named "{{ agent.name }}" stays literally that.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from yanit.core.text import tr_lower, tr_upper

VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*\}\}")

# Name -> what the editor's help says it becomes.
KNOWN_VARIABLES = (
    "contact.first_name",
    "contact.name",
    "agent.name",
    "agent.first_name",
    "conversation.id",
    "workspace.name",
    "expected_reply_time",
)

# Punctuation that may follow an emptied variable: "Merhaba {{ contact.first_name }}," with no
# name becomes "Merhaba," rather than "Merhaba ,".
_CLOSING_PUNCTUATION = ",.!?;:)"


@dataclass(frozen=True)
class RenderResult:
    text: str
    unknown: tuple[str, ...]


def variables_in(text: str) -> list[str]:
    return [m.group(1) for m in VARIABLE.finditer(text or "")]


def unknown_variables(text: str) -> list[str]:
    """Variables the renderer won't fill, in order of first use: the editor flags them."""
    seen: list[str] = []
    for name in variables_in(text):
        if name not in KNOWN_VARIABLES and name not in seen:
            seen.append(name)
    return seen


def _capitalise_word(word: str) -> str:
    """Turkish-aware capitalisation for names typed all upper or all lower case:
    "IŞIK" → "Işık", "ismail" → "İsmail"; mixed case ("McAllister") is kept."""
    if word == tr_upper(word) or word == tr_lower(word):
        return tr_upper(word[:1]) + tr_lower(word[1:])
    return word


def first_name(full_name: str) -> str:
    words = (full_name or "").split()
    if not words:
        return ""
    name = words[0]
    # An email address or a phone number is not a first name.
    if "@" in name or any(ch.isdigit() for ch in name):
        return ""
    return _capitalise_word(name)


def display_name(full_name: str) -> str:
    words = (full_name or "").split()
    if not words or "@" in full_name:
        return ""
    return " ".join(_capitalise_word(w) for w in words)


def _tidy_before_gap(before: str, following: str) -> str:
    """Drop the space (and a comma) left in front of a variable that rendered empty when the
    sentence goes on with punctuation: "Merhaba {{ contact.first_name }}," → "Merhaba,",
    "Sorry about this, {{ contact.first_name }}." → "Sorry about this."."""
    if following and following not in _CLOSING_PUNCTUATION and following != "\n":
        return before
    if not before.endswith(" "):
        return before
    trimmed = before[:-1]
    if following and following in _CLOSING_PUNCTUATION and trimmed.endswith(","):
        trimmed = trimmed[:-1]
    return trimmed


def render_text(text: str, values: Mapping[str, str | Callable[[], str]]) -> RenderResult:
    """Replace the known variables with ``values``; unknown ones are left as written.

    A value may be a callable, computed only when the text uses it (the expected reply time
    needs a business-hours lookup)."""
    unknown: list[str] = []
    out: list[str] = []
    pos = 0
    source = text or ""
    for match in VARIABLE.finditer(source):
        name = match.group(1)
        before = source[pos : match.start()]
        if name not in values:
            if name not in unknown:
                unknown.append(name)
            out.append(before + match.group(0))
            pos = match.end()
            continue
        raw = values[name]
        value = raw() if callable(raw) else raw
        value = str(value or "")
        if not value:
            before = _tidy_before_gap(before, source[match.end() : match.end() + 1])
        out.append(before + value)
        pos = match.end()
    out.append(source[pos:])
    return RenderResult(text="".join(out), unknown=tuple(unknown))
