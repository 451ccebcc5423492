"""Fixed-window rate limits kept in the database, so they hold across server processes."""

from __future__ import annotations

import hashlib
import ipaddress
import math
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.connectors.webchat.models import RateCount
from yanit.core.errors import DomainError


@dataclass(frozen=True)
class Limit:
    scope: str
    hits: int
    seconds: int


def _setting(name: str, default: tuple[int, int]) -> tuple[int, int]:
    value = getattr(settings, name, default)
    return int(value[0]), int(value[1])


def message_limit_per_visitor() -> Limit:
    hits, seconds = _setting("YANIT_WIDGET_VISITOR_MESSAGES", (20, 10))
    return Limit("visitor-msg", hits, seconds)


def message_limit_per_ip() -> Limit:
    hits, seconds = _setting("YANIT_WIDGET_IP_MESSAGES", (60, 60))
    return Limit("ip-msg", hits, seconds)


def session_limit_per_ip() -> Limit:
    hits, seconds = _setting("YANIT_WIDGET_IP_SESSIONS", (30, 3600))
    return Limit("ip-session", hits, seconds)


def action_limit_per_visitor() -> Limit:
    """Emails (transcripts, the offline address) and ratings: rare, and each may send mail."""
    hits, seconds = _setting("YANIT_WIDGET_VISITOR_ACTIONS", (10, 3600))
    return Limit("visitor-action", hits, seconds)


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            _("Too many requests. Try again in %(n)d seconds.") % {"n": retry_after},
            details={"retry_after": retry_after},
        )
        self.retry_after = retry_after


def ip_prefix(ip: str) -> str:
    """The network of an address (/24 IPv4, /48 IPv6): what the limits count and what is kept."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "unknown"
    bits = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{bits}", strict=False))


def hit(limit: Limit, subject: str) -> None:
    """Count one hit of ``subject`` (a visitor id, an IP); raise ``RateLimited`` past the limit."""
    now = time.time()
    window = int(now // limit.seconds)
    raw = f"{limit.scope}|{subject}|{window}"
    key = hashlib.sha256(raw.encode()).hexdigest()
    ends = (window + 1) * limit.seconds
    count = _increment(key, datetime.fromtimestamp(ends, tz=UTC))
    if random.random() < 0.01:
        # Old windows are useless: drop them now and then, no cron job needed.
        RateCount.objects.filter(expires_at__lt=timezone.now() - timedelta(minutes=1)).delete()
    if count > limit.hits:
        raise RateLimited(max(1, math.ceil(ends - now)))


def _increment(key: str, expires_at: datetime) -> int:
    for _attempt in range(3):
        updated = RateCount.objects.filter(key=key).update(count=F("count") + 1)
        if updated:
            return int(RateCount.objects.values_list("count", flat=True).get(key=key))
        try:
            with transaction.atomic():
                RateCount.objects.create(key=key, count=1, expires_at=expires_at)
            return 1
        except IntegrityError:
            continue  # another request created the window at the same moment
    return 1
