"""What ties an email back to its conversation: our Message-IDs, the reply token in the
Reply-To address and the ``[#123]`` subject tag. Sending writes them, receiving reads them."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from django.conf import settings

_TOKEN = re.compile(r"\+r(?P<id>\d+)-(?P<sig>[0-9a-f]{10})@", re.IGNORECASE)
_SUBJECT_TAG = re.compile(r"\[#(?P<number>\d{1,12})\]")


def new_message_id(domain: str) -> str:
    return f"<yanit.{secrets.token_hex(12)}@{domain}>"


def _signature(conversation_id: int) -> str:
    key = ("yanit.reply-token:" + settings.SECRET_KEY).encode()
    return hmac.new(key, str(conversation_id).encode(), hashlib.sha256).hexdigest()[:10]


def reply_address(address: str, conversation_id: int) -> str:
    """``destek@magaza.com`` → ``destek+r42-1a2b3c4d5e@magaza.com`` (plus-addressing)."""
    local, _, domain = address.partition("@")
    return f"{local}+r{conversation_id}-{_signature(conversation_id)}@{domain}"


def conversation_from_addresses(addresses: list[str]) -> int | None:
    """The conversation id of the first genuine reply token among the recipients."""
    for address in addresses:
        match = _TOKEN.search(address)
        if match and hmac.compare_digest(match["sig"].lower(), _signature(int(match["id"]))):
            return int(match["id"])
    return None


def subject_with_tag(subject: str, number: int) -> str:
    tag = f"[#{number}]"
    return subject if tag in subject else f"{subject} {tag}".strip()


def number_from_subject(subject: str) -> int | None:
    match = _SUBJECT_TAG.search(subject or "")
    return int(match["number"]) if match else None
