"""The widget's HTTP endpoints (docs/widget-protocol.md): JSON, CORS per inbox, no cookies.

They run without the page middleware (see yanit/asgi.py): the visitor proves who they are with
the ``X-Visitor-Token`` header, so there is no session and no CSRF to check.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from yanit.conversations.models import Conversation
from yanit.conversations.services.rating import do_rate_conversation
from yanit.core.errors import DomainError, ValidationFailed

from .models import ChatWidget, Visitor
from .push import send_to_group, visitor_group
from .services import chat, transcript, visitors, widgets
from .services.limits import RateLimited, action_limit_per_visitor, hit

WIDGET_JS = Path(__file__).resolve().parent / "static" / "webchat" / "widget.min.js"
ALLOWED_HEADERS = "Content-Type, X-Visitor-Token"
# Shown in the browser; anything else is a download.
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}

Handler = Callable[..., HttpResponseBase]


def error(status: int, code: str, message: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"error": {"code": code, "message": message}}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _cors(response: HttpResponseBase, origin: str | None) -> HttpResponseBase:
    if origin:
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Expose-Headers"] = "Retry-After"
    response["Vary"] = "Origin"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = response.get("Cache-Control") or "no-store"
    return response


def _json_body(request: HttpRequest) -> dict[str, Any]:
    if not request.body:
        return {}
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed(_("The request body is not valid JSON."), code="invalid_json") from None
    if not isinstance(body, dict):
        raise ValidationFailed(_("The request body must be a JSON object."), code="invalid_json")
    return body


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "")


def endpoint(*methods: str, visitor: bool = True) -> Callable[[Handler], Handler]:
    """Widget lookup, origin check and CORS, the visitor's token, domain errors as JSON."""

    def decorate(view: Handler) -> Handler:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, widget_key: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            origin = request.headers.get("Origin")
            language = request.GET.get("lang", "")
            with translation.override(language if language in widgets.LANGUAGES else "tr"):
                widget = widgets.widget_for_key(widget_key)
                if widget is None:
                    return _cors(error(404, "widget_not_found", _("No chat widget with this key.")), origin)
                if not widgets.origin_allowed(widget, origin):
                    return error(403, "origin_not_allowed", _("This website may not use this chat widget."))
                if request.method == "OPTIONS":
                    preflight = HttpResponse(status=204)
                    preflight["Access-Control-Allow-Methods"] = ", ".join([*methods, "OPTIONS"])
                    preflight["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
                    preflight["Access-Control-Max-Age"] = "600"
                    return _cors(preflight, origin)
                if request.method not in methods:
                    return _cors(error(405, "method_not_allowed", _("Method not allowed.")), origin)
                found: Visitor | None = None
                if visitor:
                    token = request.headers.get("X-Visitor-Token") or request.GET.get("v")
                    found = visitors.visitor_for_token(widget, token)
                    if found is None:
                        return _cors(
                            error(401, "visitor_unknown", _("Unknown visitor: start a new session.")), origin
                        )
                    if not language:
                        translation.activate(found.language)
                response: HttpResponseBase
                try:
                    response = (
                        view(request, widget, found, *args, **kwargs)
                        if visitor
                        else view(request, widget, *args, **kwargs)
                    )
                except RateLimited as exc:
                    response = error(429, exc.code, exc.message, Retry_After=str(exc.retry_after))
                except DomainError as exc:
                    response = error(exc.status, exc.code, exc.message)
            return _cors(response, origin)

        return wrapper

    return decorate


# --- endpoints ----------------------------------------------------------------------------


def widget_script(request: HttpRequest) -> HttpResponse:
    try:
        body = WIDGET_JS.read_bytes()
    except FileNotFoundError:
        return HttpResponse("/* widget not built */", status=404, content_type="application/javascript")
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@endpoint("GET", visitor=False)
def config(request: HttpRequest, widget: ChatWidget) -> JsonResponse:
    language = request.GET.get("lang", "")
    data = widgets.widget_config(widget, language)
    data["features"]["transcript"] = transcript.email_available(widget.inbox)
    return JsonResponse(data)


def visitor_data(visitor: Visitor) -> dict[str, str]:
    return {"name": visitor.name, "email": visitor.email}


@endpoint("POST", visitor=False)
def session(request: HttpRequest, widget: ChatWidget) -> JsonResponse:
    body = _json_body(request)
    started = visitors.do_start_session(
        widget,
        visitors.SessionRequest.from_json(
            body, user_agent=request.headers.get("User-Agent", ""), ip=client_ip(request)
        ),
    )
    visitor = started.visitor
    conversation: Conversation | None = visitor.conversation
    return JsonResponse(
        {
            "visitor_token": started.token,
            "visitor": visitor_data(visitor),
            "conversation_id": conversation.pk if conversation else None,
            "status": conversation.status if conversation else None,
            "messages": chat.history(widget, visitor),
            "online": widgets.agents_online(widget.workspace_id),
            "rated": bool(conversation and conversation.rating is not None),
        },
        status=201 if started.created else 200,
    )


def _after(raw: Any) -> int:
    try:
        return max(0, int(raw or 0))
    except (TypeError, ValueError):
        raise ValidationFailed(_("after must be a message id."), details={"after": raw}) from None


@endpoint("GET", "POST")
def messages(request: HttpRequest, widget: ChatWidget, visitor: Visitor) -> JsonResponse:
    if request.method == "GET":
        return JsonResponse(
            {"messages": chat.history(widget, visitor, after=_after(request.GET.get("after")))}
        )
    body = _json_body(request)
    sent = chat.do_visitor_message(
        widget,
        visitor,
        client_id=body.get("client_id"),
        text=body.get("text"),
        ip=client_ip(request),
        bot_feedback=body.get("bot_feedback"),
    )
    return _sent_response(widget, visitor, sent)


def _sent_response(widget: ChatWidget, visitor: Visitor, sent: chat.Sent) -> JsonResponse:
    data = chat.message_data(
        sent.message, widget.public_key, chat.agent_read_up_to(sent.message.conversation)
    )
    if sent.created:
        # The visitor's other tabs show it too.
        send_to_group(
            visitor_group(visitor.pk),
            {"type": "message", "message": data},
            conversation_id=sent.message.conversation_id,
        )
    return JsonResponse({"message": data}, status=201 if sent.created else 200)


@endpoint("POST")
def upload(request: HttpRequest, widget: ChatWidget, visitor: Visitor) -> JsonResponse:
    item = request.FILES.get("file")
    if item is None:
        raise ValidationFailed(_("Choose a file to send."), details={"file": "required"})
    if item.size is not None and item.size > widget.max_file_bytes:
        raise chat.FileTooLarge(
            _("The file is larger than %(mb).1f MB.") % {"mb": widget.max_file_bytes / 1_048_576},
            details={"size": item.size, "limit": widget.max_file_bytes},
        )
    incoming = chat.check_upload(widget, item.name or "file", item.read())
    sent = chat.do_visitor_message(
        widget,
        visitor,
        client_id=request.POST.get("client_id"),
        text=request.POST.get("text", ""),
        ip=client_ip(request),
        files=(incoming,),
    )
    return _sent_response(widget, visitor, sent)


@endpoint("POST")
def contact(request: HttpRequest, widget: ChatWidget, visitor: Visitor) -> JsonResponse:
    body = _json_body(request)
    email, name = body.get("email"), body.get("name") or ""
    if not isinstance(email, str) or not isinstance(name, str):
        raise ValidationFailed(_("email and name must be text."))
    hit(action_limit_per_visitor(), str(visitor.pk))
    updated = visitors.do_leave_contact_details(widget, visitor, email=email, name=name)
    return JsonResponse({"visitor": visitor_data(updated)})


def _current_conversation(visitor: Visitor) -> Conversation:
    if visitor.conversation is None:
        raise ValidationFailed(_("There is no conversation yet."), code="no_conversation")
    return visitor.conversation


@endpoint("POST")
def send_transcript(request: HttpRequest, widget: ChatWidget, visitor: Visitor) -> JsonResponse:
    body = _json_body(request)
    email = body.get("email") or visitor.email
    if not isinstance(email, str):
        raise ValidationFailed(_("email must be text."))
    conversation = _current_conversation(visitor)
    hit(action_limit_per_visitor(), str(visitor.pk))
    with transaction.atomic():
        message = transcript.do_send_transcript(conversation, email, language=visitor.language)
    return JsonResponse({"sent_to": message.metadata["email_to"]}, status=202)


@endpoint("POST")
def rating(request: HttpRequest, widget: ChatWidget, visitor: Visitor) -> JsonResponse:
    body = _json_body(request)
    conversation = _current_conversation(visitor)
    hit(action_limit_per_visitor(), str(visitor.pk))
    do_rate_conversation(conversation, body.get("rating"), body.get("comment"))
    return JsonResponse({"rated": True})


@endpoint("GET")
def attachment_file(
    request: HttpRequest, widget: ChatWidget, visitor: Visitor, attachment_id: int
) -> HttpResponseBase:
    item = chat.visitor_attachment(widget, visitor, attachment_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        return error(404, "not_found", _("File not found."))
    inline = item.content_type in INLINE_TYPES
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=item.filename,
        content_type=item.content_type if inline else "application/octet-stream",
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, max-age=3600"
    return response
