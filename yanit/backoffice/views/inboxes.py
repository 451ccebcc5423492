"""Settings: inboxes — create an api inbox, edit it, rotate its secrets, read its delivery log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yanit.backoffice.forms import InboxForm
from yanit.backoffice.views.common import acting_agent, domain_errors
from yanit.connectors.models import WebhookDelivery
from yanit.connectors.queries import deliveries_of
from yanit.inboxes.models import Inbox
from yanit.inboxes.queries import inbound_url
from yanit.inboxes.services.manage import (
    access_inbox,
    do_create_inbox,
    do_rotate_inbound_token,
    do_update_inbox,
)
from yanit.web.access import admin_required

DELIVERIES_PER_PAGE = 50


def inbox_context(inbox: Inbox, **extra: Any) -> dict[str, Any]:
    return {"section": "inboxes", "inbox": inbox, "inbound_url": inbound_url(inbox), **extra}


def channel_url(prefix: str, channel: str, *args: Any) -> str | None:
    """Each channel's settings pages live in their own module (``inbox_<channel>.py``) under
    the url names ``inbox_new_<channel>`` and ``inbox_<channel>``."""
    try:
        return reverse(f"backoffice:{prefix}_{channel}", args=args)
    except NoReverseMatch:
        return None


@admin_required
def inbox_list(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    inboxes = Inbox.objects.filter(workspace_id=actor.workspace_id).select_related("team")
    new_inbox_links: list[tuple[Any, str]] = [(Inbox.Channel.API.label, reverse("backoffice:inbox_new"))]
    for channel in (Inbox.Channel.EMAIL, Inbox.Channel.WEBCHAT, Inbox.Channel.FORM):
        url = channel_url("inbox_new", channel)
        if url:
            new_inbox_links.append((channel.label, url))
    return render(
        request,
        "backoffice/settings/inboxes.html",
        {"section": "inboxes", "inboxes": inboxes, "new_inbox_links": new_inbox_links},
    )


@admin_required
@domain_errors
def inbox_create(request: HttpRequest) -> HttpResponse:
    actor = acting_agent(request)
    form = InboxForm(request.POST or None, workspace_id=actor.workspace_id)
    if request.method == "POST" and form.is_valid():
        inbox, raw_token = do_create_inbox(
            actor,
            name=form.cleaned_data["name"],
            channel=Inbox.Channel.API,
            webhook_url=form.cleaned_data["webhook_url"],
            team=form.cleaned_data["team"],
        )
        # Rendered, not redirected: the token exists only in this response (only its hash is kept).
        return render(
            request,
            "backoffice/settings/inbox_token.html",
            inbox_context(inbox, token=raw_token, created=True),
        )
    return render(
        request,
        "backoffice/settings/inbox_new.html",
        {"section": "inboxes", "form": form},
        status=422 if form.is_bound else 200,
    )


@admin_required
@domain_errors
def inbox_edit(request: HttpRequest, inbox_id: int) -> HttpResponse:
    actor = acting_agent(request)
    inbox = access_inbox(actor, inbox_id)
    if inbox.channel != Inbox.Channel.API:
        url = channel_url("inbox", inbox.channel, inbox.pk)
        if url:
            return redirect(url)
    initial = {"name": inbox.name, "team": inbox.team_id, "webhook_url": inbox.webhook_url}
    form = InboxForm(request.POST or None, initial=initial, workspace_id=actor.workspace_id)
    if request.method == "POST" and form.is_valid():
        do_update_inbox(
            actor,
            inbox,
            name=form.cleaned_data["name"],
            team=form.cleaned_data["team"],
            webhook_url=form.cleaned_data["webhook_url"],
        )
        messages.success(request, _("Inbox saved."))
        return redirect("backoffice:inbox", inbox_id=inbox.pk)
    recent = deliveries_of(inbox)[:5]
    return render(
        request,
        "backoffice/settings/inbox_edit.html",
        inbox_context(inbox, form=form, recent_deliveries=recent),
        status=422 if form.is_bound else 200,
    )


@require_POST
@admin_required
@domain_errors
def inbox_rotate_token(request: HttpRequest, inbox_id: int) -> HttpResponse:
    actor = acting_agent(request)
    inbox = access_inbox(actor, inbox_id)
    raw_token = do_rotate_inbound_token(actor, inbox)
    return render(
        request, "backoffice/settings/inbox_token.html", inbox_context(inbox, token=raw_token, created=False)
    )


@require_POST
@admin_required
@domain_errors
def inbox_rotate_secret(request: HttpRequest, inbox_id: int) -> HttpResponse:
    actor = acting_agent(request)
    inbox = access_inbox(actor, inbox_id)
    do_update_inbox(actor, inbox, rotate_webhook_secret=True)
    messages.success(request, _("New webhook secret created. Update it in the receiving system."))
    return redirect("backoffice:inbox", inbox_id=inbox.pk)


@admin_required
@domain_errors
def inbox_deliveries(request: HttpRequest, inbox_id: int) -> HttpResponse:
    actor = acting_agent(request)
    inbox = access_inbox(actor, inbox_id)
    outcome = request.GET.get("outcome", "")
    page = Paginator(deliveries_of(inbox, outcome), DELIVERIES_PER_PAGE).get_page(request.GET.get("page"))
    partial = bool(request.htmx)  # type: ignore[attr-defined]
    template = "backoffice/settings/_deliveries.html" if partial else "backoffice/settings/deliveries.html"
    return render(
        request,
        template,
        inbox_context(inbox, page=page, outcome=outcome, outcomes=WebhookDelivery.Outcome.choices),
    )
