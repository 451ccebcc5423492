"""The signed ticket every rendered form carries.

Why not Django's CSRF protection: the form is embedded as a third-party iframe on the store's
site, where browsers increasingly block cookies, so a CSRF cookie would make the form fail for
many visitors. It also needs none: a cross-site forgery would only submit a contact message in
the attacker's own name. What the ticket does give is (1) proof the post comes from a page we
rendered for this inbox (signed with SECRET_KEY, tamper = rejected), (2) the render time for the
time-trap and for expiry, and (3) a random submission id that makes a double click or a
re-posted page store the message once.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.core import signing

SALT = "yanit.form.ticket"
# Faster than this after rendering, no person has filled in the form: a bot.
MIN_FILL_SECONDS = 2.0
# Older than this the ticket is refused (the page was left open for a day): send again.
MAX_AGE_SECONDS = 24 * 3600


class TicketInvalid(Exception):
    """Missing, forged or meant for another form."""


class TicketExpired(Exception):
    pass


@dataclass(frozen=True)
class Ticket:
    inbox_id: int
    submission_id: str
    issued_at: float

    def age(self, now: float | None = None) -> float:
        return (time.time() if now is None else now) - self.issued_at


def issue_ticket(inbox_id: int, *, issued_at: float | None = None, submission_id: str = "") -> str:
    payload = {
        "i": inbox_id,
        "s": submission_id or secrets.token_urlsafe(16),
        "t": round(time.time() if issued_at is None else issued_at, 3),
    }
    return signing.dumps(payload, salt=SALT, compress=False)


def read_ticket(raw: str, inbox_id: int, *, now: float | None = None) -> Ticket:
    try:
        payload = signing.loads(raw or "", salt=SALT)
        ticket = Ticket(
            inbox_id=int(payload["i"]), submission_id=str(payload["s"]), issued_at=float(payload["t"])
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise TicketInvalid from None
    if ticket.inbox_id != inbox_id or not (8 <= len(ticket.submission_id) <= 64):
        raise TicketInvalid
    if ticket.age(now) > MAX_AGE_SECONDS:
        raise TicketExpired
    return ticket
