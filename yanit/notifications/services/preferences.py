"""Per-agent delivery choices per kind. In-app is always on; email and browser can be switched."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.core.errors import ValidationFailed
from yanit.notifications.models import BROWSER_BY_DEFAULT, EMAIL_BY_DEFAULT, Kind, Preference


@dataclass(frozen=True)
class Choice:
    kind: str
    label: str
    email: bool
    browser: bool


def default_choice(kind: str) -> tuple[bool, bool]:
    return kind in EMAIL_BY_DEFAULT, kind in BROWSER_BY_DEFAULT


def choice_for(agent_id: int, kind: str) -> tuple[bool, bool]:
    """(email, browser) for one agent and kind."""
    row = Preference.objects.filter(agent_id=agent_id, kind=kind).values_list("email", "browser").first()
    return row if row is not None else default_choice(kind)


def choices_for(pairs: list[tuple[int, str]]) -> dict[tuple[int, str], tuple[bool, bool]]:
    """``choice_for`` for many (agent, kind) pairs in one query."""
    wanted = set(pairs)
    stored = {
        (agent_id, kind): (email, browser)
        for agent_id, kind, email, browser in Preference.objects.filter(
            agent_id__in={agent_id for agent_id, _kind in wanted}, kind__in={kind for _agent, kind in wanted}
        ).values_list("agent_id", "kind", "email", "browser")
    }
    return {pair: stored.get(pair) or default_choice(pair[1]) for pair in wanted}


def choices_of(agent: Agent) -> list[Choice]:
    rows = {p.kind: p for p in Preference.objects.filter(agent=agent)}
    out = []
    for kind, label in Kind.choices:
        row = rows.get(kind)
        email, browser = (row.email, row.browser) if row else default_choice(kind)
        out.append(Choice(kind, str(label), email, browser))
    return out


def do_set_preference(agent: Agent, kind: str, *, email: bool, browser: bool) -> None:
    if kind not in Kind.values:
        raise ValidationFailed(
            _("Unknown notification kind %(kind)s.") % {"kind": kind},
            details={"kind": kind, "allowed": list(Kind.values)},
        )
    Preference.objects.update_or_create(agent=agent, kind=kind, defaults={"email": email, "browser": browser})
