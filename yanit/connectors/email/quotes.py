"""Finding where the new part of a reply ends: quoted earlier mail and signatures are folded away.

Replies are top-posted by every common client, so everything from the first quote marker on is
"quoted": Gmail's ``div.gmail_quote``, Outlook's ``divRplyFwdMsg`` and "From: … Sent: …" blocks
(Turkish Outlook writes "Kimden: … Gönderildi: …"), ``-----Original Message-----``, Apple
Mail's ``blockquote type=cite``, plain-text ``>`` quotes, "On … wrote:" headers, ``-- ``
signatures and "Sent from my iPhone". Nothing is thrown away: the caller keeps the quoted part
behind a fold.
"""

from __future__ import annotations

import re

# Inline tags (a mailto link around the address) may stand inside the header line, blocks not.
_INLINE = r"(?:[^<]|<(?!/?(?:div|p|blockquote|table|tr|td)\b)[^>]*>)"
_WROTE_EN = rf"\bOn\b{_INLINE}{{0,600}}?\bwrote:"
_WROTE_TR = rf"(?<=>)[^<]{{0,200}}?tarihinde{_INLINE}{{0,600}}?şunu yazdı:"
_ORIGINAL = r"-{3,}\s*(?:Original Message|Orijinal İleti|Özgün İleti|Original-Nachricht)\s*-{3,}"
_MOBILE = (
    r"(?:Sent from my [\w ]{2,30}|Sent from (?:Mail|Outlook|Yahoo Mail) for [\w ]{2,20}"
    r"|Get Outlook for [\w ]{2,20}|[\w ]{2,30}'(?:u|ü|ı|i)m(?:dan|den) gönderildi"
    r"|Android için Outlook'u edinin|iOS için Outlook'u edinin)"
)
_FROM_SENT = re.compile(
    r"^\s*\*?(?:From|Kimden|Gönderen)\s*:\*?.{0,300}\n(?:.{0,300}\n){0,3}?\s*\*?(?:Sent|Date|Gönderildi|Tarih)\s*:",
    re.IGNORECASE | re.MULTILINE,
)

# Plain text: one pattern per kind of line that starts the folded part.
_TEXT_MARKERS = [
    re.compile(r"^[ \t]*On\b[^\n]{0,400}?(?:\n[^\n]{0,200}?)?\bwrote:[ \t]*$", re.MULTILINE),
    re.compile(r"^[^\n]{0,400}?tarihinde(?:[^\n]|\n(?!\n)){0,400}?şunu yazdı:[ \t]*$", re.MULTILINE),
    re.compile(rf"^[ \t]*{_ORIGINAL}[ \t]*$", re.MULTILINE | re.IGNORECASE),
    re.compile(r"^_{20,}[ \t]*\n(?=\s*\*?(?:From|Kimden|Gönderen)\s*:)", re.MULTILINE | re.IGNORECASE),
    _FROM_SENT,
    re.compile(r"^-- ?$", re.MULTILINE),
    re.compile(rf"^[ \t]*{_MOBILE}[ \t.]*$", re.MULTILINE | re.IGNORECASE),
]

# HTML: markers whose position is where the fold starts.
_HTML_MARKERS = [
    re.compile(r"<div[^>]*\bclass=[\"']?[^\"'>]*\b(?:gmail_quote|yahoo_quoted|moz-cite-prefix)\b", re.I),
    re.compile(r"(?:<hr[^>]*>\s*)?<div[^>]*\bid=[\"']?(?:divRplyFwdMsg|appendonsend)\b", re.I),
    re.compile(r"<div[^>]*border-top:\s*solid #[eE]1[eE]1[eE]1", re.I),
    re.compile(r"<blockquote[^>]*\btype=[\"']?cite\b", re.I),
    re.compile(r"<div[^>]*\bclass=[\"']?[^\"'>]*\bgmail_signature\b", re.I),
]
# HTML: text markers; the fold starts at the tags that open the line they stand on.
_HTML_TEXT_MARKERS = [
    re.compile(_WROTE_EN, re.DOTALL),
    re.compile(_WROTE_TR, re.DOTALL),
    re.compile(_ORIGINAL, re.IGNORECASE),
    re.compile(
        r"(?:<b>|<strong>)?\s*(?:From|Kimden)\s*:\s*(?:</b>|</strong>)?[^<]{0,300}(?:<[^>]+>\s*){0,6}"
        r"(?:[^<]{0,300}(?:<[^>]+>\s*){0,6}){0,3}?(?:<b>|<strong>)?\s*(?:Sent|Gönderildi|Date|Tarih)\s*:",
        re.IGNORECASE,
    ),
    re.compile(r"(?<=>)\s*--\s?(?=<br|</div|</p)", re.I),
    re.compile(rf"(?<=>)\s*{_MOBILE}\s*(?=<)", re.I),
]
_OPENING_TAGS = re.compile(r"(?:<(?:div|p|span|b|strong|font|br)\b[^>]*>\s*)+$", re.I)


def split_text(text: str) -> tuple[str, str]:
    """``(new, folded)`` of a plain-text body; ``folded`` is "" when nothing is to be folded."""
    text = text.replace("\r\n", "\n")
    cut = min((m.start() for p in _TEXT_MARKERS if (m := p.search(text))), default=len(text))
    quote = _trailing_quote_start(text)
    if quote is not None:
        cut = min(cut, quote)
    new, folded = text[:cut].rstrip(), text[cut:].strip("\n")
    if not new.strip():
        return text.strip("\n"), ""
    return new, folded


def _trailing_quote_start(text: str) -> int | None:
    """Where a block of ``>`` lines starts that runs to the end (interleaved answers stay)."""
    lines = text.split("\n")
    start = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(">"):
            if start is None:
                start = index
        elif (
            stripped
            and start is not None
            and not re.match(r"^(?:--\s*$|" + _MOBILE + ")", stripped, re.IGNORECASE)
        ):
            # Text after the quote: an inline answer (a lone signature doesn't count).
            start = None
    if start is None:
        return None
    return sum(len(line) + 1 for line in lines[:start])


def split_html(html: str) -> tuple[str, str]:
    """``(new, folded)`` of an HTML body; cut positions are fixed up by the sanitizer later."""
    cut = len(html)
    for pattern in _HTML_MARKERS:
        match = pattern.search(html)
        if match:
            cut = min(cut, match.start())
    body_start = _body_start(html)
    for pattern in _HTML_TEXT_MARKERS:
        match = pattern.search(html, body_start)
        if match and match.start() < cut:
            opening = _OPENING_TAGS.search(html, max(body_start, match.start() - 400), match.start())
            cut = opening.start() if opening else match.start()
    return html[:cut], html[cut:]


def _body_start(html: str) -> int:
    match = re.search(r"<body[^>]*>", html, re.I)
    return match.end() if match else 0
