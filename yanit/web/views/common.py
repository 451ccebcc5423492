"""What every agent view shares: turning domain errors into 404s or inline messages, and
reading the inbox filter from the query string."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string

from yanit.accounts.models import Agent
from yanit.conversations.queries import InboxFilter
from yanit.core.errors import DomainError, NotFound

View = Callable[..., HttpResponse]

# The query-string keys that make up the inbox filter, in a stable order for URLs.
FILTER_KEYS = ("view", "status", "priority", "inbox", "team", "tag", "q", "sort")


def agent_of(request: HttpRequest) -> Agent:
    return request.agent  # type: ignore[attr-defined]


def error_box(request: HttpRequest, exc: DomainError, target: str) -> HttpResponse:
    """An inline error: the message is swapped into ``target`` (the form's error slot)."""
    html = render_to_string("web/_error.html", {"message": exc.message}, request=request)
    response = HttpResponse(html, status=422)
    response["HX-Retarget"] = target
    response["HX-Reswap"] = "innerHTML"
    return response


def domain_errors(error_target: str = "#page-errors") -> Callable[[View], View]:
    """Unknown or other-workspace ids are 404s; rejected input is shown inline in the form.

    ``error_target`` may mention ``{field}`` for views whose forms each have their own slot.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except NotFound as exc:
                raise Http404(exc.message) from exc
            except DomainError as exc:
                field = request.POST.get("field", "") or request.GET.get("field", "")
                target = error_target.format(field=field or "form")
                return error_box(request, exc, target)

        return wrapper

    return decorate


def _int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return None


def filter_from(params: QueryDict) -> InboxFilter:
    """The inbox filter of a query string; unknown values fall back to the defaults."""
    status = params.get("status", "open")
    flt = InboxFilter(
        view=params.get("view", "all"),
        status=None if status == "any" else status,
        priority=params.get("priority") or None,
        inbox_id=_int_or_none(params.get("inbox")),
        team_id=_int_or_none(params.get("team")),
        tag=params.get("tag") or None,
        q=params.get("q", ""),
        sort=params.get("sort", "newest"),
    )
    try:
        return flt.checked()
    except DomainError:
        return InboxFilter(q=flt.q).checked()


def filter_query(flt: InboxFilter, **overrides: Any) -> str:
    """The query string of ``flt`` (defaults left out), with some keys replaced or dropped."""
    values: dict[str, Any] = {
        "view": flt.view if flt.view != "all" else None,
        "status": "any" if flt.status is None else (flt.status if flt.status != "open" else None),
        "priority": flt.priority,
        "inbox": flt.inbox_id,
        "team": flt.team_id,
        "tag": flt.tag,
        "q": flt.q or None,
        "sort": flt.sort if flt.sort != "newest" else None,
    }
    values.update(overrides)
    return urlencode([(k, values[k]) for k in FILTER_KEYS if values.get(k) not in (None, "")])


def has_account_menu() -> bool:
    """The backoffice's account menu is included once that app ships it."""
    try:
        get_template("backoffice/_account_menu.html")
    except TemplateDoesNotExist:
        return False
    return True
