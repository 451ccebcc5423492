"""Recognising a bounce and finding which of our messages it is about.

Standard bounces are RFC 3464 delivery status notifications (``multipart/report;
report-type=delivery-status``) carrying the original as ``message/rfc822`` or
``text/rfc822-headers``. Many servers still send plain-text bounces from MAILER-DAEMON that
quote the original headers in the body; those are read too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message as MimeMessage

from yanit.connectors.email.charsets import decode_bytes

_MESSAGE_ID = re.compile(r"^\s*Message-ID:\s*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery status notification|returned mail|mail delivery (?:failed|failure|system)"
    r"|delivery failure|failure notice|iletilemedi|teslim edilemedi",
    re.IGNORECASE,
)
_BOUNCE_SENDER = re.compile(r"^(?:mailer-daemon|postmaster)@", re.IGNORECASE)
_SMTP_ERROR = re.compile(
    r"^.*\b(?:[45]\d\d[ -][45]\.\d{1,3}\.\d{1,3}|[45]\.\d{1,3}\.\d{1,3}|550|554|553|552)\b.*$", re.M
)


@dataclass(frozen=True)
class Bounce:
    # The Message-ID (with angle brackets) of the mail that could not be delivered, or "".
    original_message_id: str
    # "failed" for a permanent failure; "delayed"/"delivered"/"relayed" are only reports.
    action: str
    status: str
    reason: str
    recipient: str

    @property
    def is_failure(self) -> bool:
        return self.action == "failed" or self.status.startswith("5")


def _payload_text(part: MimeMessage) -> str:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return decode_bytes(payload, part.get_content_charset())
    inner = part.get_payload()
    if isinstance(inner, list):
        return "\n".join(item.as_string() if isinstance(item, MimeMessage) else str(item) for item in inner)
    return str(inner or "")


def _status_fields(part: MimeMessage) -> dict[str, str]:
    """The per-recipient fields of a message/delivery-status part (the first recipient)."""
    fields: dict[str, str] = {}
    text = _payload_text(part)
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        current: dict[str, str] = {}
        last = ""
        for line in block.split("\n"):
            if line[:1] in (" ", "\t") and last:
                current[last] += " " + line.strip()
                continue
            name, sep, value = line.partition(":")
            if sep:
                last = name.strip().lower()
                current[last] = value.strip()
        if "action" in current or "status" in current:
            return current
        fields.update(current)
    return fields


def find_bounce(msg: MimeMessage, sender: str, subject: str) -> Bounce | None:
    """The bounce this mail is, or None for any other mail."""
    report_type = msg.get_param("report-type")
    is_report = msg.get_content_type() == "multipart/report" and (
        isinstance(report_type, str) and report_type.lower() == "delivery-status"
    )
    if is_report:
        fields: dict[str, str] = {}
        original = ""
        for part in msg.walk():
            kind = part.get_content_type()
            if kind == "message/delivery-status":
                fields = _status_fields(part)
            elif kind in ("message/rfc822", "text/rfc822-headers") and not original:
                original = _original_id(part)
        action = fields.get("action", "").lower()
        status = fields.get("status", "").split(" ")[0]
        reason = fields.get("diagnostic-code", "") or status
        if reason.lower().startswith("smtp;"):
            reason = reason[5:].strip()
        recipient = fields.get("final-recipient", "").partition(";")[2].strip()
        return Bounce(
            original, action or ("failed" if status.startswith("5") else ""), status, reason, recipient
        )
    if not (_BOUNCE_SENDER.match(sender) and _BOUNCE_SUBJECT.search(subject)):
        return None
    # A plain-text bounce: the original's headers are quoted somewhere in the body.
    body = "\n".join(
        _payload_text(part)
        for part in msg.walk()
        if part.get_content_maintype() in ("text", "message") and not part.is_multipart()
    )
    found = _MESSAGE_ID.findall(body)
    own = (msg.get("Message-ID") or "").strip()
    original = next((value for value in found if value != own), "")
    error = _SMTP_ERROR.search(body)
    reason = error.group(0).strip() if error else subject
    return Bounce(original, "failed", "5.0.0", reason[:1000], "")


def _original_id(part: MimeMessage) -> str:
    inner = part.get_payload()
    if isinstance(inner, list) and inner and isinstance(inner[0], MimeMessage):
        value = inner[0].get("Message-ID")
        if value:
            return str(value).strip()
    found = _MESSAGE_ID.search(_payload_text(part))
    return found.group(1) if found else ""
