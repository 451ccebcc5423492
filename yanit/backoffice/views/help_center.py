"""Settings: the public help center (published switch, look, contact options). Admins only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from yanit.backoffice.help_center_form import HelpCenterForm
from yanit.backoffice.views.common import acting_agent, domain_errors
from yanit.core.errors import ValidationFailed
from yanit.kb.models import HelpCenter
from yanit.kb.services.help_center import (
    MAX_LOGO_BYTES,
    SOCIAL_NETWORKS,
    do_remove_logo,
    do_save_help_center,
    do_set_logo,
    help_center_of,
)
from yanit.web.access import admin_required


def _initial(center: HelpCenter) -> dict[str, Any]:
    contact = center.contact or {}
    initial: dict[str, Any] = {
        "is_public": center.is_public,
        "title_tr": center.title_tr,
        "title_en": center.title_en,
        "brand_color": center.brand_color,
        "chat_inbox": contact.get("chat_inbox"),
        "form_inbox": contact.get("form_inbox"),
        "email": contact.get("email", ""),
        "phone": contact.get("phone", ""),
        "whatsapp": contact.get("whatsapp", ""),
        "hours_note_tr": contact.get("hours_note_tr", ""),
        "hours_note_en": contact.get("hours_note_en", ""),
    }
    for network in SOCIAL_NETWORKS:
        initial[f"social_{network}"] = (contact.get("social") or {}).get(network, "")
    return initial


def _field_error(form: HelpCenterForm, exc: ValidationFailed) -> None:
    key = next(iter(exc.details), None) if exc.details else None
    names = {"chat_inbox": "chat_inbox", "form_inbox": "form_inbox", "logo": "logo"}
    field = names.get(str(key), str(key)) if key is not None else None
    if field is not None and f"social_{field}" in form.fields:
        field = f"social_{field}"
    form.add_error(field if field in form.fields else None, exc.message)


@admin_required
@domain_errors
def help_center_settings(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    center = help_center_of(actor.workspace_id)
    form = HelpCenterForm(
        request.POST or None, request.FILES or None, initial=_initial(center), workspace_id=actor.workspace_id
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("logo")
        try:
            with transaction.atomic():
                do_save_help_center(actor, form.to_input())
                if upload is not None:
                    content = upload.read(MAX_LOGO_BYTES + 1)
                    do_set_logo(actor, upload.name or "logo", content)
                elif form.cleaned_data["remove_logo"]:
                    do_remove_logo(actor)
        except ValidationFailed as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("Help center settings saved."))
            return redirect("backoffice:help_center")
    status = 422 if form.is_bound else 200
    context = {
        "form": form,
        "center": center,
        "section": "help_center",
        "public_url": reverse("helpcenter:home", args=[actor.workspace.slug]),
    }
    return render(request, "backoffice/settings/help_center.html", context, status=status)
