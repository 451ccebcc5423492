"""Settings: canned responses and macros. Agents manage their personal ones; admins also the
shared ones. The services check every permission again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yanit.accounts.models import Agent
from yanit.backoffice.replies_forms import CannedForm, MacroForm
from yanit.backoffice.views.common import acting_agent, domain_errors
from yanit.core.errors import ValidationFailed
from yanit.replies.models import CannedResponse, Macro, Step
from yanit.replies.render import KNOWN_VARIABLES, RenderResult, first_name, render_text, unknown_variables
from yanit.replies.services.canned import (
    access_canned_for_change,
    can_manage,
    do_delete_canned,
    do_save_canned,
    search_canned,
)
from yanit.replies.services.macros import (
    access_macro_for_change,
    do_delete_macro,
    do_save_macro,
    visible_macros,
)
from yanit.web.access import agent_required

SAMPLE_CONTACT = "Ayşe Yılmaz"
SAMPLE_NUMBER = "#1234"
OWNER_FILTERS = ("shared", "mine")


def sample_preview(actor: Agent, text: str, language: str) -> RenderResult:
    """The text as a customer would read it, filled with sample data."""
    with translation.override(language):
        expected = _("as soon as possible")
    return render_text(
        text,
        {
            "contact.first_name": first_name(SAMPLE_CONTACT),
            "contact.name": SAMPLE_CONTACT,
            "agent.name": actor.name,
            "agent.first_name": first_name(actor.user.name) or actor.name,
            "conversation.id": SAMPLE_NUMBER,
            "workspace.name": actor.workspace.name,
            "expected_reply_time": expected,
        },
    )


def _editor_context(actor: Agent, form: CannedForm) -> dict[str, Any]:
    """Previews of both languages and the variables the renderer won't fill."""
    data = form.data if form.is_bound else form.initial
    body_tr = str(data.get("body_tr") or "")
    body_en = str(data.get("body_en") or "")
    return {
        "previews": [
            ("Türkçe", sample_preview(actor, body_tr, "tr").text) if body_tr else None,
            ("English", sample_preview(actor, body_en, "en").text) if body_en else None,
        ],
        "unknown": unknown_variables(body_tr + "\n" + body_en),
        "variables": KNOWN_VARIABLES,
        "sample_contact": SAMPLE_CONTACT,
    }


def _saved_or_error[T](form: forms.Form, save: Callable[[], T]) -> T | None:
    """Run ``save``; a refusal is shown on the form (next to its field when known), so
    nothing typed is lost."""
    try:
        return save()
    except ValidationFailed as exc:
        field = next((name for name in exc.details if name in form.fields), None)
        form.add_error(field, exc.message)
        return None


@agent_required
def canned_list(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    category = request.GET.get("category") or None
    if category not in Step.values:
        category = None
    owner = request.GET.get("owner") or None
    if owner not in OWNER_FILTERS:
        owner = None
    q = request.GET.get("q", "")
    items = search_canned(actor, q, category=category, owner=owner, limit=500)
    if not q:
        items.sort(key=lambda c: (list(Step.values).index(c.category), c.title))
    for item in items:
        item.manageable = can_manage(actor, item.owner_id)  # type: ignore[attr-defined]
    return render(
        request,
        "backoffice/settings/replies/canned_list.html",
        {
            "section": "canned",
            "items": items,
            "categories": Step.choices,
            "category": category or "",
            "owner": owner or "",
            "q": q,
        },
    )


def _canned_editor(request: HttpRequest, canned: CannedResponse | None) -> HttpResponse:
    actor = acting_agent(request)
    initial = CannedForm.initial_of(canned) if canned else {"shared": actor.is_admin}
    form = CannedForm(request.POST or None, actor=actor, initial=initial)
    saved = None
    if request.method == "POST" and request.POST.get("action") != "preview" and form.is_valid():
        saved = _saved_or_error(form, lambda: do_save_canned(actor, form.to_input(), canned))
    if saved is not None:
        unknown = unknown_variables(saved.body_tr + "\n" + saved.body_en)
        if unknown:
            messages.warning(
                request,
                _("Saved. These variables are unknown and will be sent as written: %(names)s")
                % {"names": ", ".join("{{ " + n + " }}" for n in unknown)},
            )
            return redirect("backoffice:canned_edit", canned_id=saved.pk)
        messages.success(request, _("Canned response saved."))
        return redirect("backoffice:canned")
    status = 422 if form.is_bound and form.errors else 200
    context = {"section": "canned", "form": form, "canned": canned, **_editor_context(actor, form)}
    return render(request, "backoffice/settings/replies/canned_edit.html", context, status=status)


@agent_required
@domain_errors
def canned_new(request: HttpRequest) -> HttpResponse:
    return _canned_editor(request, None)


@agent_required
@domain_errors
def canned_edit(request: HttpRequest, canned_id: int) -> HttpResponse:
    return _canned_editor(request, access_canned_for_change(acting_agent(request), canned_id))


@require_POST
@agent_required
@domain_errors
def canned_delete(request: HttpRequest, canned_id: int) -> HttpResponse:
    actor = acting_agent(request)
    canned = access_canned_for_change(actor, canned_id)
    do_delete_canned(actor, canned)
    messages.success(request, _("Canned response “%(title)s” deleted.") % {"title": canned.title})
    return redirect("backoffice:canned")


@agent_required
def macro_list(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    macros = list(visible_macros(actor).select_related("owner__user").order_by("owner_id", "name"))
    for macro in macros:
        macro.manageable = can_manage(actor, macro.owner_id)  # type: ignore[attr-defined]
    return render(
        request, "backoffice/settings/replies/macro_list.html", {"section": "macros", "macros": macros}
    )


def _macro_editor(request: HttpRequest, macro: Macro | None) -> HttpResponse:
    actor = acting_agent(request)
    if macro is not None:
        initial = MacroForm.initial_of(macro.name, macro.description, macro.is_shared, macro.actions)
    else:
        initial = {"shared": actor.is_admin}
    form = MacroForm(request.POST or None, actor=actor, initial=initial)
    saved = request.method == "POST" and form.is_valid()
    if saved and _saved_or_error(form, lambda: do_save_macro(actor, form.to_input(), macro)) is not None:
        messages.success(request, _("Macro saved."))
        return redirect("backoffice:macros")
    status = 422 if form.is_bound and form.errors else 200
    return render(
        request,
        "backoffice/settings/replies/macro_edit.html",
        {"section": "macros", "form": form, "macro": macro},
        status=status,
    )


@agent_required
@domain_errors
def macro_new(request: HttpRequest) -> HttpResponse:
    return _macro_editor(request, None)


@agent_required
@domain_errors
def macro_edit(request: HttpRequest, macro_id: int) -> HttpResponse:
    return _macro_editor(request, access_macro_for_change(acting_agent(request), macro_id))


@require_POST
@agent_required
@domain_errors
def macro_delete(request: HttpRequest, macro_id: int) -> HttpResponse:
    actor = acting_agent(request)
    macro = access_macro_for_change(actor, macro_id)
    do_delete_macro(actor, macro)
    messages.success(request, _("Macro “%(name)s” deleted.") % {"name": macro.name})
    return redirect("backoffice:macros")
