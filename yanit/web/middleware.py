"""Turkish by default: the language is the user's choice, else the cookie, else Turkish.

The browser's Accept-Language is deliberately not used: a Turkish store's team works in
Turkish even on an English-language laptop, and switches explicitly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.decorators import sync_and_async_middleware

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def pick_language(request: HttpRequest, user: Any = None) -> str:
    if user is not None and user.is_authenticated and getattr(user, "language", "") in SUPPORTED:
        return str(user.language)
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in SUPPORTED:
        return cookie
    return str(settings.LANGUAGE_CODE)


def activate_for(request: HttpRequest, user: Any) -> str:
    language = pick_language(request, user)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


@sync_and_async_middleware
def language_middleware(get_response: Callable[[HttpRequest], Any]) -> Callable[[HttpRequest], Any]:
    if iscoroutinefunction(get_response):

        async def async_middleware(request: HttpRequest) -> HttpResponse:
            # Under ASGI the lazy request.user can't touch the database; ask for it explicitly.
            user = await request.auser() if hasattr(request, "auser") else None
            language = activate_for(request, user)
            response: HttpResponse = await get_response(request)
            response.headers.setdefault("Content-Language", language)
            return response

        return async_middleware

    def middleware(request: HttpRequest) -> HttpResponse:
        language = activate_for(request, getattr(request, "user", None))
        response: HttpResponse = get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    return middleware
