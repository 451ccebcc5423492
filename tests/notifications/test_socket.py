"""Notifications travel on the recipient's own group: another agent's socket never sees them."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async

from tests.asynctools import run_in_fresh_loop
from tests.factories import World, make_agent, receive
from tests.realtime.helpers import WebsocketCommunicator, connected, session_cookie
from yanit.conversations.services.reply import do_send_reply
from yanit.notifications.models import Notification
from yanit.notifications.services.read import do_mark_all_read

pytestmark = pytest.mark.django_db(transaction=True)


async def frames(ws: WebsocketCommunicator) -> list[dict[str, Any]]:
    out = []
    while not await ws.receive_nothing(timeout=0.3):
        out.append(await ws.receive_json_from())
    return out


def test_only_the_mentioned_agent_receives_the_notification(world: World) -> None:
    zeynep = make_agent(world.workspace, name="Zeynep Kara", email="zeynep@magaza.test")
    conversation = receive(world.inbox).conversation
    cookies = {a.pk: session_cookie(a.user) for a in (zeynep, world.agent, world.owner)}

    async def scenario() -> None:
        ws_zeynep = await connected(cookies[zeynep.pk], zeynep)
        ws_agent = await connected(cookies[world.agent.pk], world.agent)
        ws_owner = await connected(cookies[world.owner.pk], world.owner)

        note = await database_sync_to_async(do_send_reply)(
            world.owner, conversation, "@Zeynep Kara gizli: müşteri VIP", private=True
        )
        notification = await database_sync_to_async(Notification.objects.get)()

        got = await frames(ws_zeynep)
        (frame,) = [f for f in got if f["event"] == "notification"]
        shared = sorted(f["event"] for f in got if f["event"] != "notification")
        assert shared == ["conversation.updated", "message.created"]
        assert frame == {
            "event": "notification",
            "browser": True,
            "unread": 1,
            "notification": {
                "id": notification.pk,
                "kind": "mention",
                "title": f"{world.owner.name}, #{conversation.number} numaralı konuşmada sizden bahsetti",
                "text": "@Zeynep Kara gizli: müşteri VIP",
                "conversation_id": conversation.pk,
                "conversation_number": conversation.number,
                "url": f"/c/{conversation.pk}/",
                "actor": world.owner.name,
                "created_at": notification.created_at.isoformat(),
                "read": False,
            },
        }
        # The others see that a note was written, never the notification (nor its text).
        for ws in (ws_agent, ws_owner):
            got = await frames(ws)
            assert sorted(f["event"] for f in got) == shared
            assert [f["message_id"] for f in got if f["event"] == "message.created"] == [note.pk]
            assert "VIP" not in str(got)

        await database_sync_to_async(do_mark_all_read)(zeynep)
        assert await frames(ws_zeynep) == [{"event": "notifications.read", "ids": [], "unread": 0}]
        assert await frames(ws_agent) == []
        for ws in (ws_zeynep, ws_agent, ws_owner):
            await ws.disconnect()

    run_in_fresh_loop(scenario())
