"""Reading an RFC 822 message into what a conversation stores: ``parse_email(raw) -> ParsedEmail``.

Never raises on bad input: broken MIME, unknown charsets, bad base64 or broken encoded words
degrade to what can be read, and the raw bytes are always kept by the caller.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import Message as MimeMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from yanit.connectors.email.automated import automated_reason
from yanit.connectors.email.bounces import Bounce, find_bounce
from yanit.connectors.email.charsets import decode_bytes, decode_header_value
from yanit.core.text import search_fold

_MSGID = re.compile(r"<[^<>\s]+>")
_REMOTE_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)
_TR_LETTERS = re.compile(r"[çğıöşüÇĞİÖŞÜ]")
_TR_WORDS = frozenset(
    [
        "merhaba",
        "selam",
        "tesekkur",
        "tesekkurler",
        "siparis",
        "siparisim",
        "kargo",
        "iade",
        "urun",
        "ve",
        "bir",
        "bu",
        "icin",
        "ile",
        "ama",
        "lutfen",
        "nerede",
        "neden",
        "iyi",
        "gunler",
        "saygilarimla",
        "degil",
        "var",
        "yok",
        "mi",
        "mu",
    ]
)
_EN_WORDS = frozenset(
    [
        "hello",
        "hi",
        "the",
        "and",
        "is",
        "are",
        "my",
        "order",
        "where",
        "please",
        "thanks",
        "thank",
        "you",
        "regards",
        "delivery",
        "refund",
    ]
)


@dataclass(frozen=True)
class ParsedAttachment:
    filename: str
    content: bytes
    content_type: str
    # The Content-ID without angle brackets, for parts an HTML body shows as ``cid:`` images.
    content_id: str = ""
    inline: bool = False


@dataclass
class ParsedEmail:
    message_id: str = ""
    # Message-ID, or a stable id made from the bytes when the header is missing.
    provider_id: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    from_name: str = ""
    from_address: str = ""
    reply_to: list[str] = field(default_factory=list)
    to: list[str] = field(default_factory=list)
    cc: list[tuple[str, str]] = field(default_factory=list)
    # Envelope recipients some servers add (Delivered-To, X-Original-To): where the reply token is.
    envelope_to: list[str] = field(default_factory=list)
    subject: str = ""
    date: datetime | None = None
    text: str = ""
    html: str = ""
    attachments: list[ParsedAttachment] = field(default_factory=list)
    automated: str = ""
    language: str = ""
    bounce: Bounce | None = None
    remote_images: int = 0
    # What could not be read ("the body could not be decoded"), for the thread to say so.
    defects: list[str] = field(default_factory=list)

    @property
    def from_header(self) -> str:
        if self.from_name and self.from_address:
            return f"{self.from_name} <{self.from_address}>"
        return self.from_address or self.from_name

    @property
    def cc_addresses(self) -> list[str]:
        return [address for _name, address in self.cc]


def missing_message_id(raw: bytes) -> str:
    return f"<sha256:{hashlib.sha256(raw).hexdigest()}@missing>"


def parse_email(raw: bytes) -> ParsedEmail:
    parsed = ParsedEmail()
    try:
        msg: MimeMessage = BytesParser(policy=policy.compat32).parsebytes(raw)
    except Exception:  # the stdlib parser is lenient; guard anyway
        parsed.provider_id = missing_message_id(raw)
        parsed.text = decode_bytes(raw)
        parsed.defects.append("unparseable")
        return parsed

    _repair_boundaries(msg)
    # Raw values: compat32's own accessors turn undecoded 8-bit header bytes into "\ufffd".
    raw_headers: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        raw_headers.setdefault(name.lower(), []).append(str(value))

    def header_all(name: str) -> list[str]:
        return [decode_header_value(value) for value in raw_headers.get(name.lower(), [])]

    def header(name: str) -> str:
        values = header_all(name)
        return values[0] if values else ""

    _read_headers(parsed, header, header_all, raw)
    try:
        _read_body(parsed, msg)
    except Exception:  # a MIME structure we can't walk: keep the bytes as text
        parsed.defects.append("body")
        body = raw.split(b"\r\n\r\n", 1)[-1] if b"\r\n\r\n" in raw else raw.split(b"\n\n", 1)[-1]
        parsed.text = decode_bytes(body)
    try:
        parsed.bounce = find_bounce(msg, parsed.from_address, parsed.subject)
    except Exception:
        parsed.bounce = None
    parsed.automated = automated_reason(header, parsed.from_address, parsed.subject)
    if parsed.bounce is not None and not parsed.automated:
        parsed.automated = "bounce"
    parsed.language = _language(header("Content-Language"), parsed.subject + "\n" + parsed.text[:2000])
    parsed.remote_images = len(_REMOTE_IMG.findall(parsed.html))
    parsed.defects = list(dict.fromkeys(parsed.defects))
    return parsed


def _repair_boundaries(msg: MimeMessage) -> None:
    """A multipart part without a boundary parameter (so unsplit): take the boundary from the
    first "--" line of its body and split it after all."""
    for part in list(msg.walk()):
        # The stored payload: get_payload() would already have replaced the 8-bit bytes.
        payload = part._payload  # type: ignore[attr-defined]
        if part.get_content_maintype() != "multipart" or not isinstance(payload, str):
            continue
        found = re.search(r"^--([^\s-][^\s]{0,69}?)(?:--)?\s*$", payload, re.MULTILINE)
        if found is None:
            part.set_type("text/plain")
            continue
        part.set_param("boundary", found.group(1))
        reparsed = BytesParser(policy=policy.compat32).parsebytes(
            f"Content-Type: {part['Content-Type']}\n\n".encode() + payload.encode("utf-8", "surrogateescape")
        )
        part.set_payload(reparsed.get_payload())


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for name, address in getaddresses(values):
        address = address.strip().strip("<>")
        if "@" in address:
            pairs.append((name.strip(), address))
    return pairs


def _read_headers(
    parsed: ParsedEmail,
    header: Callable[[str], str],
    decoded_all: Callable[[str], list[str]],
    raw: bytes,
) -> None:
    ids = _MSGID.findall(header("Message-ID"))
    parsed.message_id = ids[0][:250] if ids else ""
    parsed.provider_id = parsed.message_id or missing_message_id(raw)
    reply_ids = _MSGID.findall(header("In-Reply-To"))
    parsed.in_reply_to = reply_ids[0][:250] if reply_ids else ""
    parsed.references = [value[:250] for value in _MSGID.findall(header("References"))][-50:]
    name, address = parseaddr(header("From"))
    address = address.strip()
    if "@" not in address:
        name, address = (name or header("From")).strip(), ""
    parsed.from_name = name.strip().strip('"')[:200]
    parsed.from_address = address
    parsed.subject = header("Subject")[:998]
    parsed.reply_to = [address for _n, address in _addresses(decoded_all("Reply-To"))]
    parsed.to = [address for _n, address in _addresses(decoded_all("To"))]
    parsed.cc = _addresses(decoded_all("Cc"))
    parsed.envelope_to = [
        address for _n, address in _addresses(decoded_all("Delivered-To") + decoded_all("X-Original-To"))
    ]
    try:
        parsed.date = parsedate_to_datetime(header("Date")) if header("Date") else None
    except (TypeError, ValueError, IndexError):
        parsed.date = None


def _read_body(parsed: ParsedEmail, msg: MimeMessage) -> None:
    texts: list[str] = []
    htmls: list[str] = []
    for part in _leaves(msg):
        kind = part.get_content_type()
        disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
        filename = _filename(part)
        content_id = (part.get("Content-ID") or "").strip().strip("<>")
        if kind in ("text/plain", "text/html") and disposition != "attachment" and not filename:
            body = decode_bytes(_payload_bytes(part, parsed), part.get_content_charset())
            (htmls if kind == "text/html" else texts).append(body)
            continue
        if part.is_multipart():
            continue
        content = _payload_bytes(part, parsed)
        if not content and kind in ("message/delivery-status", "text/rfc822-headers"):
            continue
        parsed.attachments.append(
            ParsedAttachment(
                filename=filename or _default_name(kind, len(parsed.attachments) + 1),
                content=content,
                content_type=kind,
                content_id=content_id,
                inline=bool(content_id) and disposition != "attachment",
            )
        )
    parsed.text = "\n\n".join(text.strip("\n") for text in texts if text.strip())
    parsed.text = parsed.text.replace("\r\n", "\n").replace("\r", "\n")
    parsed.html = "\n".join(htmls)


def _leaves(msg: MimeMessage) -> list[MimeMessage]:
    """The parts to read, depth first, choosing one body of each multipart/alternative.

    The HTML and the plain text of an alternative are both kept (HTML for display, text for
    preview and search); an attached mail (message/rfc822) stays one .eml attachment.
    """
    if msg.get_content_type() == "message/rfc822" or not msg.is_multipart():
        return [msg]
    payload = msg.get_payload()
    if not isinstance(payload, list):
        return [msg]
    leaves: list[MimeMessage] = []
    for part in payload:
        if not isinstance(part, MimeMessage):
            continue
        if part.get_content_type() == "message/rfc822" and msg.get_content_type() != "multipart/report":
            leaves.append(part)
        else:
            leaves.extend(_leaves(part))
    return leaves


def _payload_bytes(part: MimeMessage, parsed: ParsedEmail) -> bytes:
    if part.get_content_type() == "message/rfc822" or part.is_multipart():
        inner = part.get_payload()
        if isinstance(inner, list):
            return b"".join(
                item.as_bytes(policy=policy.compat32) if isinstance(item, MimeMessage) else b""
                for item in inner
            )
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if isinstance(payload, bytes):
        if part.defects and "base64" in str(part.get("Content-Transfer-Encoding", "")).lower():
            parsed.defects.append("base64")
        return payload
    raw = part._payload  # type: ignore[attr-defined]
    return str(raw or "").encode("utf-8", "surrogateescape")


def _filename(part: MimeMessage) -> str:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if not name:
        name = part.get_param("name")  # type: ignore[assignment]
        if isinstance(name, tuple):
            name = decode_bytes(str(name[2]).encode("utf-8", "surrogateescape"), name[0])
    return decode_header_value(str(name)).strip() if name else ""


def _default_name(kind: str, number: int) -> str:
    extension = {
        "image/png": "png",
        "image/jpeg": "jpg",
        "image/gif": "gif",
        "message/rfc822": "eml",
        "text/calendar": "ics",
        "application/pdf": "pdf",
    }.get(kind, "bin")
    return f"attachment-{number}.{extension}"


def _language(declared: str, text: str) -> str:
    code = declared.strip().lower()[:2]
    if code in ("tr", "en"):
        return code
    if _TR_LETTERS.search(text):
        return "tr"
    words = set(search_fold(text[:1000]).split())
    tr, en = len(words & _TR_WORDS), len(words & _EN_WORDS)
    if tr > en:
        return "tr"
    if en > tr:
        return "en"
    return ""
