"""ASGI entry point: HTTP (pages, API, static files) and websockets in one application.

``/api/`` requests skip the session/CSRF/messages middleware the pages need: the API
authenticates with bearer tokens, and under ASGI every sync middleware costs two thread hops
per request (see docs/ARCHITECTURE.md, "Hot paths").
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")

import django

django.setup()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402
from django.core.handlers.asgi import ASGIHandler  # noqa: E402
from django.core.handlers.exception import convert_exception_to_response  # noqa: E402

from yanit.connectors.webchat.routing import websocket_urlpatterns as widget_urlpatterns  # noqa: E402
from yanit.realtime.routing import websocket_urlpatterns  # noqa: E402


class SharedThreadASGIHandler(ASGIHandler):
    """Django's ASGI handler without a thread per request.

    Django wraps every request in asgiref's ``ThreadSensitiveContext``, which gives each request
    a fresh thread for its sync code, and with it a fresh database connection: on SQLite,
    opening it and running the pragmas was ~15 % of an inbound request (see
    docs/benchmarks.md). Here sync code runs on asgiref's one long-lived thread, so the
    connection is reused (SQLite: ``CONN_MAX_AGE``; PostgreSQL: psycopg's pool).
    """

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        await self.handle(scope, receive, send)


class ApiASGIHandler(SharedThreadASGIHandler):
    """The handler without middleware, for the token-authenticated API."""

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        get_response = self._get_response_async if is_async else self._get_response  # type: ignore[attr-defined]
        self._middleware_chain = convert_exception_to_response(get_response)


# The chat widget's endpoints authenticate with the visitor's token and check origins
# themselves: no session, no CSRF, no page middleware.
WIDGET_PATHS = ("/widget/v1/", "/widget.js")


class HttpRouter:
    def __init__(self) -> None:
        self.pages = ASGIStaticFilesHandler(SharedThreadASGIHandler())
        self.api = ApiASGIHandler()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope["path"]
        if (path.startswith("/api/v1/") and not path.startswith("/api/v1/docs")) or path.startswith(
            WIDGET_PATHS
        ):
            await self.api(scope, receive, send)
        else:
            await self.pages(scope, receive, send)


class WebsocketRouter:
    """Agents' sockets need a session from this site's own origin; the chat widget's socket is
    opened from the stores' pages, authenticates with the visitor's token and checks the
    origin against the inbox's allowed origins itself."""

    def __init__(self) -> None:
        self.agents = AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        self.widget = URLRouter(widget_urlpatterns)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["path"].startswith("/ws/widget/"):
            await self.widget(scope, receive, send)
        else:
            await self.agents(scope, receive, send)


application = ProtocolTypeRouter({"http": HttpRouter(), "websocket": WebsocketRouter()})
