"""Signed identities: the store vouches for its logged-in customer with an HMAC.

The store signs ``"{id}:{email}:{ts}"`` (email may be empty, ts in unix seconds) with the inbox's
identity secret, HMAC-SHA256, hex. See docs/widget-identity.md.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from yanit.core.errors import ValidationFailed

VALID_SECONDS = 24 * 3600
# A store's clock a little ahead of ours is not an attack.
CLOCK_SKEW_SECONDS = 300


@dataclass(frozen=True)
class SignedIdentity:
    external_id: str
    name: str
    email: str


def signed_string(external_id: str, email: str, ts: int) -> str:
    return f"{external_id}:{email}:{ts}"


def sign(secret: str, external_id: str, email: str, ts: int) -> str:
    return hmac.new(
        secret.encode(), signed_string(external_id, email, ts).encode(), hashlib.sha256
    ).hexdigest()


class IdentityRejected(ValidationFailed):
    code = "identity_invalid"


def verify_identity(secret: str, raw: Any, now: float | None = None) -> SignedIdentity:
    if not isinstance(raw, dict):
        raise IdentityRejected(_("identity must be an object."))
    external_id = raw.get("id")
    email = raw.get("email") or ""
    name = raw.get("name") or ""
    ts = raw.get("ts")
    signature = raw.get("signature")
    if isinstance(external_id, int) and not isinstance(external_id, bool):
        external_id = str(external_id)
    if (
        not isinstance(external_id, str)
        or not external_id.strip()
        or len(external_id) > 200
        or not isinstance(email, str)
        or not isinstance(name, str)
        or not isinstance(ts, int)
        or isinstance(ts, bool)
        or not isinstance(signature, str)
    ):
        raise IdentityRejected(_("identity needs id, ts and signature (and optionally name, email)."))
    expected = sign(secret, external_id, email, ts)
    if not secret or not hmac.compare_digest(expected, signature.strip().lower()):
        raise IdentityRejected(_("The identity signature does not match."))
    now = time.time() if now is None else now
    if ts > now + CLOCK_SKEW_SECONDS or ts < now - VALID_SECONDS:
        raise IdentityRejected(
            _("The identity was signed more than 24 hours ago (or in the future): sign it again."),
            code="identity_expired",
        )
    return SignedIdentity(external_id=external_id.strip(), name=name.strip()[:200], email=email.strip())
