"""The widget websocket against the real ASGI application: origins, tokens, messages both
ways, typing both ways, read receipts, catch-up after a reconnect."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from channels.db import database_sync_to_async

from tests.asynctools import run_in_fresh_loop
from tests.connectors.webchat.conftest import SHOP, Chat, make_chat
from tests.factories import World
from tests.realtime.helpers import WebsocketCommunicator, connected, session_cookie, settled, without_clock
from yanit.asgi import application
from yanit.connectors.webchat.models import Visitor
from yanit.conversations.models import Conversation, Message
from yanit.conversations.services.reply import do_send_reply

pytestmark = pytest.mark.django_db(transaction=True)


def widget_socket(chat: Chat, token: str, origin: str = SHOP, key: str = "") -> WebsocketCommunicator:
    path = f"/ws/widget/{key or chat.widget.public_key}/?v={token}"
    return WebsocketCommunicator(application, path, headers=[(b"origin", origin.encode())])


async def closed_with(ws: WebsocketCommunicator) -> int:
    await ws.send_input({"type": "websocket.connect"})
    accepted = await ws.receive_output(1)
    assert accepted["type"] == "websocket.accept"
    closing = await ws.receive_output(1)
    assert closing["type"] == "websocket.close"
    return int(closing["code"])


async def open_widget(chat: Chat, token: str) -> WebsocketCommunicator:
    ws = widget_socket(chat, token)
    accepted, _ = await ws.connect()
    assert accepted is True
    status = await ws.receive_json_from()
    assert status["type"] == "status"
    return ws


async def ping(ws: WebsocketCommunicator) -> None:
    await ws.send_json_to({"type": "ping"})
    assert await ws.receive_json_from() == {"type": "pong"}


def test_bad_origin_4403_unknown_token_4401_unknown_key_4404(chat: Chat) -> None:
    token = chat.session()["visitor_token"]

    async def scenario() -> None:
        assert await closed_with(widget_socket(chat, token, origin="https://evil.example")) == 4403
        assert await closed_with(widget_socket(chat, "vt_yanlis")) == 4401
        assert await closed_with(widget_socket(chat, token, key="wk_yok")) == 4404

    run_in_fresh_loop(scenario())


def test_status_on_connect_says_offline_and_no_conversation(chat: Chat) -> None:
    token = chat.session()["visitor_token"]

    async def scenario() -> None:
        ws = widget_socket(chat, token)
        assert (await ws.connect())[0] is True
        assert await ws.receive_json_from() == {
            "type": "status",
            "online": False,
            "conversation_status": None,
        }
        await ws.disconnect()

    run_in_fresh_loop(scenario())


def test_message_is_acked_stored_once_and_pushed_to_agents_and_agent_reply_reaches_visitor(
    chat: Chat,
) -> None:
    token = chat.session()["visitor_token"]
    agent = chat.world.agent
    cookie = session_cookie(agent.user)

    async def scenario() -> None:
        agent_ws = await connected(cookie, agent)
        ws = await open_widget(chat, token)
        client_id = str(uuid.uuid4())
        await ws.send_json_to(
            {"type": "message", "client_id": client_id, "text": "<script>alert(1)</script> Kargom?"}
        )
        ack = await ws.receive_json_from()
        assert ack["type"] == "ack"
        assert ack["client_id"] == client_id
        assert ack["message"]["text"] == "<script>alert(1)</script> Kargom?"
        assert ack["message"]["direction"] == "in"
        event = without_clock(await agent_ws.receive_json_from())
        assert event == {
            "event": "message.created",
            "conversation_id": ack["message"]["id"] and event["conversation_id"],
            "message_id": ack["message"]["id"],
            "direction": "in",
            "kind": "message",
            "opens_conversation": True,
        }
        # The same client_id again (a resend after a lost ack): same message, nothing new.
        await ws.send_json_to(
            {"type": "message", "client_id": client_id, "text": "<script>alert(1)</script> Kargom?"}
        )
        again = await ws.receive_json_from()
        assert again == ack
        assert await agent_ws.receive_nothing(timeout=0.2) is True

        conversation = await database_sync_to_async(Conversation.objects.get)()
        reply = await database_sync_to_async(do_send_reply)(
            agent, conversation, "Kargonuz yolda, yarın elinizde."
        )
        pushed = await ws.receive_json_from()
        assert pushed["type"] == "message"
        assert pushed["message"]["id"] == reply.pk
        assert pushed["message"]["direction"] == "out"
        assert pushed["message"]["text"] == "Kargonuz yolda, yarın elinizde."
        assert pushed["message"]["author"] == {"name": agent.name, "avatar_initials": "AT"}
        # A note never reaches the visitor.
        await database_sync_to_async(do_send_reply)(agent, conversation, "iç not", private=True)
        assert await ws.receive_nothing(timeout=0.2) is True
        await ws.disconnect()
        await agent_ws.disconnect()

    run_in_fresh_loop(scenario())
    assert Message.objects.filter(direction="in").count() == 1


def _view(agent_ws: WebsocketCommunicator, conversation_id: int) -> Any:
    return agent_ws.send_json_to({"action": "view", "conversation_id": conversation_id})


def test_typing_both_ways(chat: Chat) -> None:
    token = chat.session(name="Zeynep")["visitor_token"]
    agent = chat.world.agent
    cookie = session_cookie(agent.user)
    chat.say(token, "Merhaba")
    conversation = Conversation.objects.get()

    async def scenario() -> None:
        agent_ws = await connected(cookie, agent)
        await _view(agent_ws, conversation.pk)
        await settled(agent_ws)
        ws = await open_widget(chat, token)
        # The visitor came to the page: the agents' customer panel hears it first.
        came = await agent_ws.receive_json_from()
        assert (came["event"], came["contact_id"]) == ("contact.updated", conversation.contact_id)
        await ws.send_json_to({"type": "typing", "state": True})
        seen = await agent_ws.receive_json_from()
        assert seen["event"] == "visitor.typing"
        assert seen["conversation_id"] == conversation.pk
        assert seen["is_typing"] is True
        assert seen["name"] == "Zeynep"
        # Throttled: a second "typing" right away is not passed on.
        await ws.send_json_to({"type": "typing", "state": True})
        await ping(ws)
        assert await agent_ws.receive_nothing(timeout=0.2) is True

        await agent_ws.send_json_to({"action": "typing", "is_typing": True})
        assert await ws.receive_json_from() == {"type": "typing", "state": True, "name": agent.name}
        await agent_ws.send_json_to({"action": "typing", "is_typing": False})
        assert await ws.receive_json_from() == {"type": "typing", "state": False, "name": agent.name}
        await ws.disconnect()
        # Closing the widget tells agents the visitor stopped typing.
        gone = await agent_ws.receive_json_from()
        assert gone["event"] == "visitor.typing"
        assert gone["is_typing"] is False
        await agent_ws.disconnect()

    run_in_fresh_loop(scenario())


def test_read_receipts_both_ways(chat: Chat) -> None:
    from yanit.connectors.webchat.services.chat import do_agent_read

    token = chat.session()["visitor_token"]
    agent = chat.world.agent
    first = chat.say(token, "Merhaba").json()["message"]
    conversation = Conversation.objects.get()
    reply = do_send_reply(agent, conversation, "Buyurun")

    async def scenario() -> None:
        ws = await open_widget(chat, token)
        await ws.send_json_to({"type": "read", "up_to": reply.pk})
        await ping(ws)
        stored = await database_sync_to_async(Message.objects.get)(pk=reply.pk)
        assert stored.delivery_status == "read"
        moved = await database_sync_to_async(do_agent_read)(conversation)
        assert moved == first["id"]
        assert await ws.receive_json_from() == {"type": "read", "up_to": first["id"]}
        # Nothing new to read: no frame.
        assert await database_sync_to_async(do_agent_read)(conversation) is None
        assert await ws.receive_nothing(timeout=0.2) is True
        await ws.disconnect()

    run_in_fresh_loop(scenario())
    history = chat.get("/messages", token=token, after=0).json()["messages"]
    assert [(m["id"], m["read"]) for m in history] == [(first["id"], True), (reply.pk, True)]


def test_sync_after_reconnect_returns_missed_messages(chat: Chat) -> None:
    token = chat.session()["visitor_token"]
    agent = chat.world.agent
    first = chat.say(token, "Merhaba").json()["message"]
    conversation = Conversation.objects.get()
    missed = [do_send_reply(agent, conversation, f"Cevap {n}") for n in range(2)]

    async def scenario() -> None:
        ws = await open_widget(chat, token)
        await ws.send_json_to({"type": "sync", "after": first["id"]})
        frame = await ws.receive_json_from()
        assert frame["type"] == "messages"
        assert [m["id"] for m in frame["messages"]] == [m.pk for m in missed]
        await ws.disconnect()

    run_in_fresh_loop(scenario())


def test_other_tab_sees_the_visitors_own_message_and_connections_are_counted(chat: Chat) -> None:
    token = chat.session()["visitor_token"]

    async def scenario() -> None:
        one = await open_widget(chat, token)
        two = await open_widget(chat, token)
        visitor = await database_sync_to_async(Visitor.objects.get)()
        assert visitor.connections == 2
        await one.send_json_to({"type": "message", "client_id": "abcdefgh-1", "text": "iki sekme"})
        ack = await one.receive_json_from()
        echoed = await two.receive_json_from()
        assert echoed == {"type": "message", "message": ack["message"]}
        assert await one.receive_nothing(timeout=0.2) is True
        await one.disconnect()
        await two.disconnect()
        visitor = await database_sync_to_async(Visitor.objects.get)()
        assert visitor.connections == 0

    run_in_fresh_loop(scenario())


def test_socket_errors_are_frames(chat: Chat, settings: Any) -> None:
    settings.YANIT_WIDGET_VISITOR_MESSAGES = (2, 60)
    token = chat.session(language="en")["visitor_token"]

    async def scenario() -> None:
        ws = await open_widget(chat, token)
        await ws.send_json_to({"type": "message", "client_id": "abcdefgh-1", "text": "x" * 5001})
        too_long = await ws.receive_json_from()
        assert too_long["type"] == "error"
        assert too_long["code"] == "too_long"
        assert too_long["client_id"] == "abcdefgh-1"
        assert too_long["message"] == "The message is longer than 5000 characters."
        for n in range(2):
            await ws.send_json_to({"type": "message", "client_id": f"abcdefgh-{n + 2}", "text": "ok"})
            assert (await ws.receive_json_from())["type"] == "ack"
        await ws.send_json_to({"type": "message", "client_id": "abcdefgh-9", "text": "fazla"})
        limited = await ws.receive_json_from()
        assert limited["type"] == "error"
        assert limited["code"] == "rate_limited"
        assert 1 <= limited["retry_after"] <= 60
        await ws.send_json_to({"type": "nope"})
        assert (await ws.receive_json_from())["code"] == "unknown_type"
        await ws.disconnect()

    run_in_fresh_loop(scenario())
    assert Message.objects.filter(direction="in").count() == 2


def test_agent_of_another_workspace_gets_no_typing_or_events(chat: Chat, other_world: World) -> None:
    token = chat.session()["visitor_token"]
    chat.say(token, "Merhaba")
    conversation = Conversation.objects.get()
    stranger = other_world.agent
    cookie = session_cookie(stranger.user)

    async def scenario() -> None:
        agent_ws = await connected(cookie, stranger)
        await _view(agent_ws, conversation.pk)
        assert (await agent_ws.receive_json_from()) == {"event": "error", "code": "not_found"}
        ws = await open_widget(chat, token)
        await ws.send_json_to({"type": "typing", "state": True})
        await ws.send_json_to({"type": "message", "client_id": "abcdefgh-5", "text": "gizli"})
        assert (await ws.receive_json_from())["type"] == "ack"
        assert await agent_ws.receive_nothing(timeout=0.3) is True
        await ws.disconnect()
        await agent_ws.disconnect()

    run_in_fresh_loop(scenario())


def test_widget_of_another_origin_list_is_independent(world: World) -> None:
    open_chat = make_chat(world, origins=[])
    token = open_chat.session()["visitor_token"]

    async def scenario() -> None:
        ws = widget_socket(open_chat, token, origin="https://baska.example")
        assert (await ws.connect())[0] is True
        assert (await ws.receive_json_from())["type"] == "status"
        await ws.disconnect()

    run_in_fresh_loop(scenario())


def test_status_frames_for_availability_and_resolving(chat: Chat) -> None:
    from yanit.accounts.services.workspaces import do_set_availability
    from yanit.conversations.services.update import do_update_conversation

    token = chat.session()["visitor_token"]
    chat.say(token, "Merhaba")
    conversation = Conversation.objects.get()
    agent = chat.world.agent

    async def scenario() -> None:
        ws = widget_socket(chat, token)
        assert (await ws.connect())[0] is True
        assert await ws.receive_json_from() == {
            "type": "status",
            "online": False,
            "conversation_status": "open",
        }
        await database_sync_to_async(do_set_availability)(agent, "online")
        assert await ws.receive_json_from() == {"type": "status", "online": True}
        await database_sync_to_async(do_update_conversation)(agent, conversation, status="resolved")
        assert await ws.receive_json_from() == {
            "type": "status",
            "online": True,
            "conversation_status": "resolved",
        }
        await ws.disconnect()

    run_in_fresh_loop(scenario())


def test_a_new_conversation_after_an_old_resolved_one_moves_the_socket(chat: Chat) -> None:
    from datetime import timedelta

    from django.utils import timezone

    token = chat.session()["visitor_token"]
    chat.say(token, "İlk konuşma")
    old = Conversation.objects.get()
    Conversation.objects.filter(pk=old.pk).update(
        status="resolved", resolved_at=timezone.now() - timedelta(days=30)
    )
    agent = chat.world.agent
    cookie = session_cookie(agent.user)

    async def scenario() -> None:
        ws = await open_widget(chat, token)
        await ws.send_json_to({"type": "message", "client_id": "abcdefgh-new", "text": "Yeni bir sorum var"})
        ack = await ws.receive_json_from()
        new_id = await database_sync_to_async(
            lambda: Message.objects.get(pk=ack["message"]["id"]).conversation_id
        )()
        assert new_id != old.pk
        agent_ws = await connected(cookie, agent)
        await _view(agent_ws, new_id)
        await settled(agent_ws)
        await agent_ws.send_json_to({"action": "typing", "is_typing": True})
        assert await ws.receive_json_from() == {"type": "typing", "state": True, "name": agent.name}
        await ws.send_json_to({"type": "sync", "after": 0})
        frame = await ws.receive_json_from()
        assert [m["text"] for m in frame["messages"]] == ["Yeni bir sorum var"]
        await ws.disconnect()
        await agent_ws.disconnect()

    run_in_fresh_loop(scenario())
