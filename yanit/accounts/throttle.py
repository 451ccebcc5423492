"""Limits on repeated failed sign-ins per email address and client IP, shared by the sign-in
page, the password-reset page and the API's token endpoint."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from yanit.accounts.models import LoginFailure


@dataclass(frozen=True)
class Limit:
    scope: str
    attempts: int
    window: timedelta


LOGIN_LIMIT = Limit("login", attempts=10, window=timedelta(minutes=15))
RESET_LIMIT = Limit("reset", attempts=5, window=timedelta(minutes=15))


def client_ip(meta: dict[str, object]) -> str:
    """The peer address of a request (``request.META``); behind a proxy, run the server with
    proxy headers so this is the client's, not the proxy's."""
    return str(meta.get("REMOTE_ADDR") or "unknown")


def throttle_key(limit: Limit, email: str, ip: str) -> str:
    # Hashed: the table should not become a log of who tried to sign in from where.
    raw = f"{limit.scope}|{email.strip().lower()}|{ip}"
    return hashlib.sha256(raw.encode()).hexdigest()


def is_blocked(limit: Limit, email: str, ip: str) -> bool:
    since = timezone.now() - limit.window
    recent = LoginFailure.objects.filter(key=throttle_key(limit, email, ip), created_at__gte=since)
    return recent.count() >= limit.attempts


def record_failure(limit: Limit, email: str, ip: str) -> None:
    LoginFailure.objects.create(key=throttle_key(limit, email, ip))
    # Old rows are useless; drop them on the way so the table stays small without a cron job.
    LoginFailure.objects.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()


def clear_failures(limit: Limit, email: str, ip: str) -> None:
    LoginFailure.objects.filter(key=throttle_key(limit, email, ip)).delete()
