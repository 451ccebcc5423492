"""The widget's websocket (docs/widget-protocol.md).

A socket joins three groups: its visitor's (agent replies, its own messages from other tabs,
read marks), its workspace's widget group ("agents online"), and the agent presence group of its
conversation (``yanit.realtime``): agents typing arrive there, and the visitor's typing goes
there, so the agent's page shows "the customer is typing".
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import timezone, translation

from yanit.core.errors import DomainError
from yanit.realtime.groups import conversation_group

from .models import ChatWidget, Visitor
from .push import frame_message, visitor_group, widget_workspace_group
from .services import chat, visitors, widgets
from .services.limits import RateLimited

# The widget tells agents at most this often that the visitor is (still) typing.
TYPING_THROTTLE_SECONDS = 2.0


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def _client_ip(scope: dict[str, Any]) -> str:
    client = scope.get("client")
    return str(client[0]) if client else ""


@database_sync_to_async
def _load(widget_key: str, token: str | None) -> tuple[ChatWidget | None, Visitor | None]:
    widget = widgets.widget_for_key(widget_key)
    if widget is None:
        return None, None
    return widget, visitors.visitor_for_token(widget, token)


@database_sync_to_async
def _online(workspace_id: int) -> bool:
    return widgets.agents_online(workspace_id)


@database_sync_to_async
def _touch(visitor_id: int, connections: int = 0) -> None:
    visitors.touch(visitor_id, connections=connections)


@database_sync_to_async
def _send(
    widget: ChatWidget, visitor: Visitor, content: dict[str, Any], ip: str
) -> tuple[chat.Sent, dict[str, Any]]:
    sent = chat.do_visitor_message(
        widget,
        visitor,
        client_id=content.get("client_id"),
        text=content.get("text"),
        ip=ip,
        bot_feedback=content.get("bot_feedback"),
    )
    data = chat.message_data(
        sent.message, widget.public_key, chat.agent_read_up_to(sent.message.conversation)
    )
    return sent, data


@database_sync_to_async
def _history(widget: ChatWidget, visitor: Visitor, after: int) -> list[dict[str, Any]]:
    visitor.refresh_from_db(fields=["conversation"])
    return chat.history(widget, visitor, after=after)


@database_sync_to_async
def _read(visitor: Visitor, up_to: Any) -> None:
    visitor.refresh_from_db(fields=["conversation"])
    chat.do_visitor_read(visitor, up_to)


@database_sync_to_async
def _current_conversation(visitor_id: int) -> tuple[int | None, str | None]:
    row = Visitor.objects.filter(pk=visitor_id).values_list("conversation_id", "conversation__status").first()
    return (row[0], row[1]) if row else (None, None)


class WidgetConsumer(AsyncJsonWebsocketConsumer):
    widget: ChatWidget | None = None
    visitor: Visitor | None = None
    conversation_id: int | None = None
    last_typing: float = 0.0
    last_touch: float = 0.0

    async def connect(self) -> None:
        key = self.scope["url_route"]["kwargs"]["widget_key"]
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        token = (query.get("v") or [None])[0]
        widget, visitor = await _load(key, token)
        # Accepted first so that the close code reaches the browser (a refused handshake
        # shows only as a failed connection).
        await self.accept()
        if widget is None:
            await self.close(code=4404)
            return
        if not widgets.origin_allowed(widget, _header(self.scope, b"origin")):
            await self.close(code=4403)
            return
        if visitor is None:
            await self.close(code=4401)
            return
        self.widget, self.visitor = widget, visitor
        await self.channel_layer.group_add(visitor_group(visitor.pk), self.channel_name)
        await self.channel_layer.group_add(widget_workspace_group(widget.workspace_id), self.channel_name)
        await _touch(visitor.pk, connections=1)
        self.last_touch = time.monotonic()
        conversation_id, status = await _current_conversation(visitor.pk)
        await self._follow(conversation_id)
        await self.send_json(
            {"type": "status", "online": await _online(widget.workspace_id), "conversation_status": status}
        )

    async def disconnect(self, code: int) -> None:
        if self.visitor is None or self.widget is None:
            return
        if self.conversation_id is not None:
            if self.last_typing:
                await self._typing_to_agents(False)
            await self.channel_layer.group_discard(
                conversation_group(self.conversation_id), self.channel_name
            )
        await self.channel_layer.group_discard(visitor_group(self.visitor.pk), self.channel_name)
        await self.channel_layer.group_discard(
            widget_workspace_group(self.widget.workspace_id), self.channel_name
        )
        await _touch(self.visitor.pk, connections=-1)

    async def _follow(self, conversation_id: int | None) -> None:
        """Listen to the agents of this conversation (typing), and only of this one."""
        if conversation_id == self.conversation_id:
            return
        if self.conversation_id is not None:
            await self.channel_layer.group_discard(
                conversation_group(self.conversation_id), self.channel_name
            )
        self.conversation_id = conversation_id
        if conversation_id is not None:
            await self.channel_layer.group_add(conversation_group(conversation_id), self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if self.visitor is None or self.widget is None:
            return
        if not isinstance(content, dict):
            await self._error("invalid_frame", "frames are JSON objects")
            return
        kind = content.get("type")
        if time.monotonic() - self.last_touch > visitors.SEEN_REFRESH.total_seconds():
            self.last_touch = time.monotonic()
            await _touch(self.visitor.pk)
        # Error messages in the visitor's language (the socket has no request to read it from).
        with translation.override(self.visitor.language or "tr"):
            await self._handle(kind, content)

    async def _handle(self, kind: Any, content: dict[str, Any]) -> None:
        assert self.visitor is not None
        assert self.widget is not None
        try:
            if kind == "message":
                await self._message(content)
            elif kind == "typing":
                await self._typing(bool(content.get("state")))
            elif kind == "read":
                await _read(self.visitor, content.get("up_to"))
            elif kind == "sync":
                after = content.get("after")
                after = after if isinstance(after, int) and not isinstance(after, bool) and after > 0 else 0
                messages = await _history(self.widget, self.visitor, after)
                await self._follow(self.visitor.conversation_id)
                await self.send_json({"type": "messages", "messages": messages})
            elif kind == "ping":
                await self.send_json({"type": "pong"})
            else:
                await self._error("unknown_type", "unknown frame type")
        except RateLimited as exc:
            await self.send_json(
                {
                    "type": "error",
                    "code": exc.code,
                    "message": exc.message,
                    "retry_after": exc.retry_after,
                    "client_id": content.get("client_id"),
                }
            )
        except DomainError as exc:
            await self.send_json(
                {
                    "type": "error",
                    "code": exc.code,
                    "message": exc.message,
                    "client_id": content.get("client_id"),
                }
            )

    async def _message(self, content: dict[str, Any]) -> None:
        assert self.visitor is not None
        assert self.widget is not None
        sent, data = await _send(self.widget, self.visitor, content, _client_ip(self.scope))
        await self.send_json({"type": "ack", "client_id": content.get("client_id"), "message": data})
        if sent.created:
            await self.channel_layer.group_send(
                visitor_group(self.visitor.pk),
                frame_message(
                    {"type": "message", "message": data}, self.channel_name, sent.message.conversation_id
                ),
            )
        self.visitor.conversation_id = sent.message.conversation_id
        await self._follow(sent.message.conversation_id)
        if self.last_typing:
            await self._typing_to_agents(False)

    async def _typing(self, state: bool) -> None:
        now = time.monotonic()
        if state and now - self.last_typing < TYPING_THROTTLE_SECONDS:
            return
        await self._typing_to_agents(state)

    async def _typing_to_agents(self, state: bool) -> None:
        if self.conversation_id is None or self.visitor is None:
            return
        self.last_typing = time.monotonic() if state else 0.0
        await self.channel_layer.group_send(
            conversation_group(self.conversation_id),
            {
                "type": "presence.event",
                "payload": {
                    "event": "visitor.typing",
                    "conversation_id": self.conversation_id,
                    "is_typing": state,
                    "name": self.visitor.name,
                    "at": timezone.now().isoformat(),
                },
                "sender": self.channel_name,
            },
        )

    async def _error(self, code: str, message: str) -> None:
        await self.send_json({"type": "error", "code": code, "message": message})

    # --- from the channel layer -----------------------------------------------------------

    async def widget_frame(self, message: dict[str, Any]) -> None:
        if message.get("sender") == self.channel_name:
            return
        if message.get("conversation_id"):
            await self._follow(message["conversation_id"])
        await self.send_json(message["frame"])

    async def presence_event(self, message: dict[str, Any]) -> None:
        """Agents' presence in our conversation: their typing is shown, the rest is theirs."""
        payload = message.get("payload") or {}
        if payload.get("conversation_id") != self.conversation_id:
            return
        if payload.get("event") == "presence.typing":
            await self.send_json(
                {
                    "type": "typing",
                    "state": bool(payload.get("is_typing")),
                    "name": str(payload.get("name") or ""),
                }
            )
        elif payload.get("event") == "presence.leave":
            await self.send_json({"type": "typing", "state": False, "name": str(payload.get("name") or "")})
