"""The public pages of a form inbox: the hosted form, its confirmation page and the embed loader.

No login, no session, no CSRF cookie (see tickets.py for why); everything a request needs is
in the URL and the signed ticket, so the pages work inside a third-party iframe that gets no
cookies at all.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from yanit.connectors.form.config import LANGUAGES, FormConfig, form_config
from yanit.connectors.form.fields import MAX_FILE_BYTES, MAX_FILES, ContactForm
from yanit.connectors.form.manage import inbox_for_form_token
from yanit.connectors.form.submit import (
    Submission,
    do_submit_form,
    earlier_submission,
    expected_reply,
    rate_limited,
)
from yanit.connectors.form.tickets import (
    MIN_FILL_SECONDS,
    TicketExpired,
    TicketInvalid,
    issue_ticket,
    read_ticket,
)
from yanit.core.errors import ValidationFailed
from yanit.inboxes.models import Inbox

# Multipart bodies above this are refused before Django reads them (5 files of 10 MB + text).
MAX_BODY_BYTES = MAX_FILES * MAX_FILE_BYTES + 1_048_576


def pick_language(request: HttpRequest) -> str:
    """``?lang=`` first, then the browser's Accept-Language, then Turkish."""
    asked = request.GET.get("lang", "")
    if asked in LANGUAGES:
        return asked
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        primary = code.split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return "tr"


def text_colour_on(background: str) -> str:
    """Black or white text, whichever reads better on the store's colour."""
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#111827" if luminance > 150 else "#ffffff"


def _inbox_or_404(token: str) -> Inbox:
    inbox = inbox_for_form_token(token)
    if inbox is None:
        raise Http404("form not found")
    return inbox


def _query(request: HttpRequest, language: str) -> str:
    params = {"lang": language}
    if request.GET.get("embed") == "1":
        params["embed"] = "1"
    return urlencode(params)


def _page(
    request: HttpRequest, inbox: Inbox, config: FormConfig, language: str, **extra: Any
) -> dict[str, Any]:
    return {
        "inbox": inbox,
        "store": inbox.workspace.name,
        "config": config,
        "color": config.color,
        "on_color": text_colour_on(config.color),
        "language": language,
        "other_language": "en" if language == "tr" else "tr",
        "embedded": request.GET.get("embed") == "1",
        "embed_query": "&embed=1" if request.GET.get("embed") == "1" else "",
        "intro": config.text("intro_text", language),
        "expected_reply": expected_reply(config, language),
        **extra,
    }


def _render_form(
    request: HttpRequest,
    inbox: Inbox,
    config: FormConfig,
    language: str,
    form: ContactForm,
    *,
    problem: str = "",
    status: int = 200,
    submission_id: str = "",
    read_body: bool = True,
) -> HttpResponse:
    # A fresh ticket on every render: the time-trap starts again, a corrected form keeps its
    # submission id so it still stores once.
    ticket = issue_ticket(inbox.pk, submission_id=submission_id)
    posted = request.method == "POST" and read_body
    files_lost = posted and bool(request.FILES)
    response = render(
        request,
        "form/page.html",
        _page(
            request,
            inbox,
            config,
            language,
            form=form,
            ticket=ticket,
            problem=problem,
            files_lost=files_lost,
            page_ref=((request.POST.get("page") if posted else "") or request.GET.get("ref") or "")[:500],
            action=f"{reverse('contact_form:form', args=[inbox.form_key.token])}?{_query(request, language)}",
            max_files=MAX_FILES,
            max_file_mb=MAX_FILE_BYTES // 1_048_576,
            too_many_text=ngettext("Attach at most %(n)d file.", "Attach at most %(n)d files.", MAX_FILES)
            % {"n": MAX_FILES},
            # The browser puts the file's name in place of %(name)s.
            too_large_text=_("%(name)s is larger than %(mb)d MB.")
            % {"name": "%(name)s", "mb": MAX_FILE_BYTES // 1_048_576},
        ),
        status=status,
    )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response["Content-Language"] = language
    return response


def kept(request: HttpRequest, config: FormConfig) -> ContactForm:
    """The visitor's entries shown again without field errors, for problems that are not the
    entries' fault (a bot check, the rate limit, an expired page)."""
    names = ("name", "email", "phone", "order_number", "topic", "message")
    return ContactForm(initial={n: request.POST.get(n, "") for n in names}, config=config)


def client_ip(request: HttpRequest) -> str:
    # Behind a reverse proxy, run the server with proxy headers on so this is the visitor's.
    return str(request.META.get("REMOTE_ADDR") or "unknown")


@csrf_exempt
@xframe_options_exempt
@require_http_methods(["GET", "POST"])
def hosted_form(request: HttpRequest, token: str) -> HttpResponse:
    inbox = _inbox_or_404(token)
    config = form_config(inbox)
    language = pick_language(request)
    with translation.override(language):
        if request.method != "POST":
            return _render_form(request, inbox, config, language, ContactForm(config=config))
        return _handle_post(request, token, inbox, config, language)


def _handle_post(
    request: HttpRequest, token: str, inbox: Inbox, config: FormConfig, language: str
) -> HttpResponse:
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
        form = ContactForm(config=config)
        problem = _("The attachments are too large to send. Attach at most %(n)d files of %(mb)d MB.") % {
            "n": MAX_FILES,
            "mb": MAX_FILE_BYTES // 1_048_576,
        }
        return _render_form(
            request, inbox, config, language, form, problem=problem, status=413, read_body=False
        )
    form = ContactForm(request.POST, request.FILES, config=config)
    try:
        ticket = read_ticket(request.POST.get("ticket", ""), inbox.pk)
    except TicketExpired:
        problem = _("This page was open for a long time. Check your message and send it again.")
        return _render_form(
            request, inbox, config, language, kept(request, config), problem=problem, status=400
        )
    except TicketInvalid:
        problem = _("We couldn't accept this message. Please send it again.")
        return _render_form(
            request, inbox, config, language, kept(request, config), problem=problem, status=400
        )
    done = earlier_submission(ticket.submission_id)
    if done is not None and done.inbox_id == inbox.pk:
        return _redirect_to_sent(request, token, done.submission_id, language)
    if request.POST.get("website") or ticket.age() < MIN_FILL_SECONDS:
        # A bot filled the hidden field or posted faster than anyone can type. Said politely:
        # a person who really was that quick just sends again.
        problem = _("Sorry, we couldn't accept this message. Please wait a moment and send it again.")
        return _render_form(
            request, inbox, config, language, kept(request, config), problem=problem, status=400
        )
    if rate_limited(client_ip(request)):
        problem = _(
            "You have sent several messages in a short time. Please wait a few minutes and try again."
        )
        return _render_form(
            request, inbox, config, language, kept(request, config), problem=problem, status=429
        )
    if not form.is_valid():
        return _render_form(
            request, inbox, config, language, form, status=422, submission_id=ticket.submission_id
        )
    data = form.cleaned_data
    submission = Submission(
        name=data["name"],
        email=data["email"],
        phone=data["phone"],
        order_number=data["order_number"],
        topic=data.get("topic") or "",
        message=data["message"],
        files=tuple(data["attachments"]),
        language=language,
        page=str(request.POST.get("page") or "")[:500],
    )
    try:
        record = do_submit_form(inbox, submission, ticket.submission_id, client_ip(request))
    except ValidationFailed as exc:
        return _render_form(
            request,
            inbox,
            config,
            language,
            form,
            problem=exc.message,
            status=422,
            submission_id=ticket.submission_id,
        )
    return _redirect_to_sent(request, token, record.submission_id, language)


def _redirect_to_sent(request: HttpRequest, token: str, submission_id: str, language: str) -> HttpResponse:
    url = reverse("contact_form:sent", args=[token, submission_id]) + "?" + _query(request, language)
    return redirect(url, permanent=False)


@xframe_options_exempt
@require_GET
def sent(request: HttpRequest, token: str, submission_id: str) -> HttpResponse:
    inbox = _inbox_or_404(token)
    record = earlier_submission(submission_id)
    if record is None or record.inbox_id != inbox.pk or record.conversation is None:
        raise Http404("submission not found")
    config = form_config(inbox)
    language = pick_language(request)
    with translation.override(language):
        response = render(
            request,
            "form/sent.html",
            _page(
                request,
                inbox,
                config,
                language,
                number=record.conversation.number,
                again_url=f"{reverse('contact_form:form', args=[token])}?{_query(request, language)}",
            ),
        )
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


@require_GET
def embed_js(request: HttpRequest, token: str) -> HttpResponse:
    inbox = _inbox_or_404(token)
    origin = f"{request.scheme}://{request.get_host()}"
    with translation.override(pick_language(request)):
        title = _("Contact form")
    response = render(
        request,
        "form/embed.js",
        {
            "origin": json.dumps(origin),
            "form_url": json.dumps(origin + reverse("contact_form:form", args=[token])),
            "title": json.dumps(f"{title} — {inbox.workspace.name}"),
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response
