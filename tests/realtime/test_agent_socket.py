"""The agent's websocket: domain events of its workspace after commit, and who may connect."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from tests.asynctools import run_in_fresh_loop
from tests.factories import World, make_agent, make_user, make_world, receive
from tests.realtime.helpers import connected, session_cookie, socket, without_clock
from yanit.accounts.models import Agent, Workspace
from yanit.accounts.services.workspaces import do_create_workspace
from yanit.conversations.models import Conversation, Message
from yanit.conversations.services.update import do_update_conversation
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import do_create_inbox

pytestmark = pytest.mark.django_db(transaction=True)


class Boom(Exception):
    pass


def _receive_then_fail(inbox: Inbox) -> None:
    with transaction.atomic():
        receive(inbox, "Bu mesaj hiç kaydedilmeyecek")
        raise Boom


def test_socket_receives_one_frame_per_message_after_inbound_commits(world: World) -> None:
    cookie = session_cookie(world.agent.user)

    async def scenario() -> None:
        ws = await connected(cookie, world.agent)
        result = await database_sync_to_async(receive)(world.inbox, "Siparişim İstanbul'a ulaşmadı")
        # The first message of a new conversation says so; no separate conversation.created frame.
        assert without_clock(await ws.receive_json_from()) == {
            "event": "message.created",
            "conversation_id": result.conversation.pk,
            "message_id": result.message.pk,
            "direction": "in",
            "kind": "message",
            "opens_conversation": True,
        }
        # A second message in the same open conversation creates no conversation.
        second = await database_sync_to_async(receive)(world.inbox, "Kargo numarası var mı?")
        assert second.conversation.pk == result.conversation.pk
        assert without_clock(await ws.receive_json_from()) == {
            "event": "message.created",
            "conversation_id": result.conversation.pk,
            "message_id": second.message.pk,
            "direction": "in",
            "kind": "message",
            "opens_conversation": False,
        }
        assert await ws.receive_nothing(timeout=0.2) is True
        await ws.disconnect()

    run_in_fresh_loop(scenario())


def test_status_change_reaches_the_socket_as_conversation_updated(world: World) -> None:
    conversation = receive(world.inbox).conversation
    cookie = session_cookie(world.agent.user)

    async def scenario() -> None:
        ws = await connected(cookie, world.agent)
        await database_sync_to_async(do_update_conversation)(world.agent, conversation, status="resolved")
        event = without_clock(await ws.receive_json_from())
        assert event["event"] == "conversation.updated"
        assert event["conversation_id"] == conversation.pk
        assert "status" in event["changed"]
        await ws.disconnect()

    run_in_fresh_loop(scenario())


def test_rolled_back_inbound_publishes_nothing(world: World) -> None:
    cookie = session_cookie(world.agent.user)

    async def scenario() -> None:
        ws = await connected(cookie, world.agent)
        with pytest.raises(Boom):
            await database_sync_to_async(_receive_then_fail)(world.inbox)
        assert await ws.receive_nothing(timeout=0.3) is True
        # The socket is alive: the next committed message does arrive, and is the first event.
        result = await database_sync_to_async(receive)(world.inbox, "İkinci deneme")
        first = without_clock(await ws.receive_json_from())
        assert first == {
            "event": "message.created",
            "conversation_id": result.conversation.pk,
            "message_id": result.message.pk,
            "direction": "in",
            "kind": "message",
            "opens_conversation": True,
        }
        await ws.disconnect()

    run_in_fresh_loop(scenario())
    assert Message.objects.filter(text="Bu mesaj hiç kaydedilmeyecek").exists() is False
    assert Conversation.objects.filter(workspace=world.workspace).count() == 1


def test_anonymous_socket_is_refused(world: World) -> None:
    async def scenario() -> None:
        ws = socket()
        assert await ws.connect() == (False, 4401)

    run_in_fresh_loop(scenario())


def test_socket_with_a_forged_session_cookie_is_refused(world: World) -> None:
    async def scenario() -> None:
        ws = socket("not-a-real-session-key")
        assert await ws.connect() == (False, 4401)

    run_in_fresh_loop(scenario())


def test_socket_from_a_foreign_origin_is_refused(world: World) -> None:
    cookie = session_cookie(world.agent.user)

    async def scenario() -> None:
        ws = socket(cookie)
        ws.scope["headers"] = [
            (b"origin", b"https://evil.example"),
            *[h for h in ws.scope["headers"] if h[0] != b"origin"],
        ]
        accepted, _code = await ws.connect()
        assert accepted is False

    run_in_fresh_loop(scenario())


def test_user_without_a_workspace_is_refused(db: None) -> None:
    cookie = session_cookie(make_user("Kimsesiz"))

    async def scenario() -> None:
        assert await socket(cookie).connect() == (False, 4401)

    run_in_fresh_loop(scenario())


def test_deactivated_agent_is_refused(world: World) -> None:
    Agent.objects.filter(pk=world.agent.pk).update(is_active=False)
    cookie = session_cookie(world.agent.user)

    async def scenario() -> None:
        assert await socket(cookie).connect() == (False, 4401)

    run_in_fresh_loop(scenario())


def test_ping_gets_pong_and_junk_is_ignored(world: World) -> None:
    cookie = session_cookie(world.agent.user)

    async def scenario() -> None:
        ws = await connected(cookie, world.agent)
        await ws.send_json_to(["not", "an", "object"])
        await ws.send_json_to({"action": "fly"})
        await ws.send_json_to({"action": "typing", "is_typing": True})  # not viewing anything
        assert await ws.receive_nothing(timeout=0.2) is True
        await ws.send_json_to({"action": "ping"})
        assert await ws.receive_json_from() == {"event": "pong"}
        await ws.disconnect()

    run_in_fresh_loop(scenario())


def test_agent_never_receives_another_workspaces_events(world: World, other_world: World) -> None:
    cookie_a = session_cookie(world.agent.user)
    cookie_b = session_cookie(other_world.agent.user)

    async def scenario() -> None:
        ws_a = await connected(cookie_a, world.agent)
        ws_b = await connected(cookie_b, other_world.agent)
        result = await database_sync_to_async(receive)(other_world.inbox, "B mağazasına mesaj")
        assert without_clock(await ws_b.receive_json_from()) == {
            "event": "message.created",
            "conversation_id": result.conversation.pk,
            "message_id": result.message.pk,
            "direction": "in",
            "kind": "message",
            "opens_conversation": True,
        }
        assert await ws_a.receive_nothing(timeout=0.3) is True
        await ws_a.disconnect()
        await ws_b.disconnect()

    run_in_fresh_loop(scenario())


def test_agent_cannot_view_another_workspaces_conversation(world: World, other_world: World) -> None:
    foreign = receive(other_world.inbox, "Gizli konuşma").conversation
    cookie_a = session_cookie(world.agent.user)
    cookie_b = session_cookie(other_world.agent.user)

    async def scenario() -> None:
        ws_b = await connected(cookie_b, other_world.agent)
        await ws_b.send_json_to({"action": "view", "conversation_id": foreign.pk})
        ws_a = await connected(cookie_a, world.agent)
        await ws_a.send_json_to({"action": "view", "conversation_id": foreign.pk})
        assert await ws_a.receive_json_from() == {"event": "error", "code": "not_found"}
        # Not viewing, so typing goes nowhere; B learns nothing about A at all.
        await ws_a.send_json_to({"action": "typing", "is_typing": True})
        await ws_a.send_json_to({"action": "here"})
        assert await ws_b.receive_nothing(timeout=0.3) is True
        assert await ws_a.receive_nothing(timeout=0.1) is True
        for bad in ("abc", None, 10**12, [foreign.pk]):
            await ws_a.send_json_to({"action": "view", "conversation_id": bad})
            assert await ws_a.receive_json_from() == {"event": "error", "code": "not_found"}
        await ws_a.disconnect()
        await ws_b.disconnect()

    run_in_fresh_loop(scenario())


def test_agent_in_two_workspaces_gets_only_the_session_workspaces_events(world: World) -> None:
    # The world's agent also joins a second workspace, owned by someone else.
    user = world.agent.user
    second_ws, _owner = do_create_workspace("Zeytin Dükkânı", make_agent(world.workspace).user)
    membership = Agent.objects.create(workspace=second_ws, user=user)
    # A third workspace the user isn't in: its events must reach neither socket.
    unrelated_inbox = make_world("Ayrı").inbox
    zeytin_inbox, _token = do_create_inbox(
        Agent.objects.get(workspace=second_ws, role=Agent.Role.OWNER), name="Zeytin API", channel="api"
    )
    cookie_second = session_cookie(user, second_ws.pk)
    cookie_first = session_cookie(user, world.workspace.pk)

    async def scenario() -> None:
        ws_second = await connected(cookie_second, membership)
        ws_first = await connected(cookie_first, world.agent)
        in_first = await database_sync_to_async(receive)(world.inbox, "Birinci mağaza")
        in_second = await database_sync_to_async(receive)(zeytin_inbox, "Zeytin mağazası")
        await database_sync_to_async(receive)(unrelated_inbox, "Hiç ilgisi yok")
        got_first = without_clock(await ws_first.receive_json_from())
        got_second = without_clock(await ws_second.receive_json_from())
        assert (got_first["event"], got_first["conversation_id"]) == (
            "message.created",
            in_first.conversation.pk,
        )
        assert (got_second["event"], got_second["conversation_id"]) == (
            "message.created",
            in_second.conversation.pk,
        )
        assert await ws_first.receive_nothing(timeout=0.2) is True
        assert await ws_second.receive_nothing(timeout=0.1) is True
        await ws_first.disconnect()
        await ws_second.disconnect()

    run_in_fresh_loop(scenario())


def test_session_pointing_at_a_workspace_the_user_left_is_refused(world: World, other_world: World) -> None:
    cookie = session_cookie(world.agent.user, other_world.workspace.pk)

    async def scenario() -> None:
        assert await socket(cookie).connect() == (False, 4401)

    run_in_fresh_loop(scenario())


def test_without_a_chosen_workspace_the_first_by_name_is_used(world: World) -> None:
    user = world.agent.user
    first = Workspace.objects.create(name="Aaa İlk Mağaza", slug="aaa-ilk")
    membership = Agent.objects.create(workspace=first, user=user)
    cookie = session_cookie(user)

    async def scenario() -> None:
        ws = await connected(cookie, membership)
        await ws.disconnect()

    run_in_fresh_loop(scenario())
