"""The agent's websocket: domain events of their workspace, presence and typing per conversation.

Presence needs no shared store: a newcomer announces itself, everyone present answers, and
entries expire on the client without a heartbeat. That works the same on the in-memory layer
and on Redis across many server processes.
"""

from __future__ import annotations

import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import timezone

from yanit.accounts.models import Agent
from yanit.conversations.models import Conversation
from yanit.realtime.groups import agent_group, conversation_group, workspace_group

SESSION_WORKSPACE_KEY = "workspace_id"
# An open agent page refreshes ``Agent.last_seen_at`` (what "agents online" in the chat widget
# reads) at most this often: one write per agent per minute, not one per frame.
SEEN_REFRESH_SECONDS = 60.0


@database_sync_to_async
def _agent_for(user: Any, workspace_id: Any) -> Agent | None:
    if user is None or not user.is_authenticated:
        return None
    agents = Agent.objects.filter(user=user, is_active=True).select_related("user")
    if workspace_id is not None:
        return agents.filter(workspace_id=workspace_id).first()
    return agents.order_by("workspace__name").first()


@database_sync_to_async
def _seen(agent_id: int) -> None:
    Agent.objects.filter(pk=agent_id).update(last_seen_at=timezone.now())


@database_sync_to_async
def _conversation_in(workspace_id: int, conversation_id: Any) -> int | None:
    try:
        cid = int(conversation_id)
    except (TypeError, ValueError):
        return None
    return Conversation.objects.filter(pk=cid, workspace_id=workspace_id).values_list("pk", flat=True).first()


class AgentConsumer(AsyncJsonWebsocketConsumer):
    agent: Agent | None = None
    viewing: int | None = None
    last_seen: float = 0.0

    async def connect(self) -> None:
        session = self.scope.get("session")
        workspace_id = session.get(SESSION_WORKSPACE_KEY) if session is not None else None
        self.agent = await _agent_for(self.scope.get("user"), workspace_id)
        if self.agent is None:
            await self.close(code=4401)
            return
        await self.channel_layer.group_add(workspace_group(self.agent.workspace_id), self.channel_name)
        await self.channel_layer.group_add(agent_group(self.agent.pk), self.channel_name)
        await self.accept()
        await self.send_json(
            {"event": "hello", "agent_id": self.agent.pk, "workspace_id": self.agent.workspace_id}
        )
        await self._still_here()

    async def _still_here(self) -> None:
        assert self.agent is not None
        now = time.monotonic()
        if now - self.last_seen >= SEEN_REFRESH_SECONDS:
            self.last_seen = now
            await _seen(self.agent.pk)

    async def disconnect(self, code: int) -> None:
        if self.agent is None:
            return
        await self._leave()
        await self.channel_layer.group_discard(workspace_group(self.agent.workspace_id), self.channel_name)
        await self.channel_layer.group_discard(agent_group(self.agent.pk), self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if self.agent is None or not isinstance(content, dict):
            return
        action = content.get("action")
        await self._still_here()
        if action == "view":
            await self._view(content.get("conversation_id"))
        elif action == "leave":
            await self._leave()
        elif action in ("typing", "here") and self.viewing is not None:
            await self._broadcast(
                action, {"is_typing": bool(content.get("is_typing"))} if action == "typing" else {}
            )
        elif action == "ping":
            await self.send_json({"event": "pong"})

    async def _view(self, conversation_id: Any) -> None:
        assert self.agent is not None
        cid = await _conversation_in(self.agent.workspace_id, conversation_id)
        if cid is None:
            await self.send_json({"event": "error", "code": "not_found"})
            return
        if self.viewing == cid:
            return
        await self._leave()
        self.viewing = cid
        await self.channel_layer.group_add(conversation_group(cid), self.channel_name)
        await self._broadcast("join", {})

    async def _leave(self) -> None:
        if self.viewing is None:
            return
        await self._broadcast("leave", {})
        await self.channel_layer.group_discard(conversation_group(self.viewing), self.channel_name)
        self.viewing = None

    def _presence(self, kind: str, extra: dict[str, Any]) -> dict[str, Any]:
        assert self.agent is not None
        return {
            "type": "presence.event",
            "payload": {
                "event": f"presence.{kind}",
                "conversation_id": self.viewing,
                "agent_id": self.agent.pk,
                "name": self.agent.name,
                **extra,
            },
            "sender": self.channel_name,
        }

    async def _broadcast(self, kind: str, extra: dict[str, Any]) -> None:
        assert self.viewing is not None
        await self.channel_layer.group_send(conversation_group(self.viewing), self._presence(kind, extra))

    async def domain_event(self, message: dict[str, Any]) -> None:
        await self.send(text_data=message["text"])

    async def presence_event(self, message: dict[str, Any]) -> None:
        if message.get("sender") == self.channel_name:
            return
        payload = message["payload"]
        if payload["conversation_id"] != self.viewing:
            # Sent to us directly after we had already moved on to another conversation.
            return
        await self.send_json(payload)
        if payload["event"] == "presence.join":
            # Answer the newcomer alone: the others already know we are here.
            await self.channel_layer.send(message["sender"], self._presence("here", {}))
