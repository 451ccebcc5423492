"""Frames pushed to widget sockets through the channel layer, from sync code (services,
event subscribers) after the transaction commits."""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from .models import Visitor


def visitor_group(visitor_id: int) -> str:
    return f"wv-{visitor_id}"


def widget_workspace_group(workspace_id: int) -> str:
    """Every widget socket of a workspace: "agents online" changes go to all of them."""
    return f"ww-{workspace_id}"


def frame_message(
    frame: dict[str, Any], sender: str = "", conversation_id: int | None = None
) -> dict[str, Any]:
    """``sender`` (a socket's channel name) doesn't get its own frame back; ``conversation_id``
    tells the sockets which conversation the visitor is in now."""
    return {"type": "widget.frame", "frame": frame, "sender": sender, "conversation_id": conversation_id}


def send_to_group(
    group: str, frame: dict[str, Any], sender: str = "", conversation_id: int | None = None
) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(group, frame_message(frame, sender, conversation_id))


def send_to_visitors(
    visitor_ids: list[int], frame: dict[str, Any], conversation_id: int | None = None
) -> None:
    for visitor_id in visitor_ids:
        send_to_group(visitor_group(visitor_id), frame, conversation_id=conversation_id)


def visitors_of(conversation_id: int) -> list[int]:
    return list(Visitor.objects.filter(conversation_id=conversation_id).values_list("pk", flat=True))


def agent_read_on_commit(conversation_id: int, up_to: int) -> None:
    transaction.on_commit(
        lambda: send_to_visitors(visitors_of(conversation_id), {"type": "read", "up_to": up_to}), robust=True
    )
