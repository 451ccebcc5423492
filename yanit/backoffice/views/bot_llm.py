"""Settings: the optional language model that drafts the bot's answers (off by default)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yanit.backoffice.views.common import acting_agent, domain_errors
from yanit.bot.llm import do_save_llm_settings, try_provider
from yanit.bot.models import BotSettings
from yanit.web.access import admin_required


class LlmForm(forms.Form):
    enabled = forms.BooleanField(
        label=gettext_lazy("Draft instant answers with a language model"), required=False
    )
    base_url = forms.URLField(
        label=gettext_lazy("Provider address"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Any OpenAI-compatible service, e.g. https://llm.example.com/v1"),
    )
    model = forms.CharField(label=gettext_lazy("Model"), required=False, max_length=120)
    api_key = forms.CharField(
        label=gettext_lazy("API key"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=gettext_lazy("Stored encrypted. Leave empty to keep the current key."),
    )
    remove_key = forms.BooleanField(label=gettext_lazy("Remove the stored key"), required=False)
    timeout_seconds = forms.FloatField(label=gettext_lazy("Timeout (seconds)"), min_value=1, max_value=30)

    def __init__(self, *args: Any, testing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.testing = testing

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A trial needs the provider as much as switching it on does.
        if data.get("enabled") or self.testing:
            if not data.get("base_url"):
                self.add_error("base_url", _("Enter the provider's address (https://…)."))
            if not data.get("model"):
                self.add_error("model", _("Enter the model name."))
        return data


@admin_required
@domain_errors
def bot_llm(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    current = BotSettings.objects.filter(workspace_id=actor.workspace_id).first()
    initial = {
        "enabled": current.llm_enabled if current else False,
        "base_url": current.llm_base_url if current else "",
        "model": current.llm_model if current else "",
        "timeout_seconds": current.llm_timeout_seconds if current else 8.0,
    }
    testing = request.POST.get("action") == "test"
    form = LlmForm(request.POST or None, initial=initial, testing=testing)
    trial = None
    no_article = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        key = "" if data["remove_key"] else (data["api_key"] or None)
        if testing:
            trial = try_provider(
                actor,
                base_url=data["base_url"],
                model=data["model"],
                api_key=key,
                timeout_seconds=data["timeout_seconds"],
            )
            no_article = trial is None
        else:
            do_save_llm_settings(
                actor,
                enabled=data["enabled"],
                base_url=data["base_url"],
                model=data["model"],
                api_key=key,
                timeout_seconds=data["timeout_seconds"],
            )
            messages.success(request, _("Saved."))
            return redirect("backoffice:bot_llm")
    return render(
        request,
        "backoffice/settings/bot_llm.html",
        {
            "section": "inboxes",
            "form": form,
            "has_key": bool(current and current.llm_api_key),
            "trial": trial,
            "no_article": no_article,
        },
        status=422 if form.is_bound and form.errors else 200,
    )
