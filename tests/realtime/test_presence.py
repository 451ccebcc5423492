"""Presence between agents on one conversation: join, here, typing, leave."""

from __future__ import annotations

from typing import Any

import pytest

from tests.asynctools import run_in_fresh_loop
from tests.factories import World, make_agent, receive
from tests.realtime.helpers import connected, session_cookie, settled
from yanit.accounts.models import Agent

pytestmark = pytest.mark.django_db(transaction=True)


def presence(kind: str, conversation_id: int, agent: Agent, **extra: Any) -> dict[str, Any]:
    return {
        "event": f"presence.{kind}",
        "conversation_id": conversation_id,
        "agent_id": agent.pk,
        "name": agent.name,
        **extra,
    }


def test_two_agents_see_each_other_join_type_and_leave(world: World) -> None:
    conv = receive(world.inbox).conversation.pk
    ayse, mehmet = world.agent, make_agent(world.workspace, name="Mehmet Işık")
    cookie_ayse, cookie_mehmet = session_cookie(ayse.user), session_cookie(mehmet.user)

    async def scenario() -> None:
        a = await connected(cookie_ayse, ayse)
        m = await connected(cookie_mehmet, mehmet)
        await a.send_json_to({"action": "view", "conversation_id": conv})
        await settled(a)
        assert await m.receive_nothing(timeout=0.2) is True  # Mehmet isn't on that conversation

        await m.send_json_to({"action": "view", "conversation_id": str(conv)})
        assert await a.receive_json_from() == presence("join", conv, mehmet)
        assert await m.receive_json_from() == presence("here", conv, ayse)
        assert await a.receive_nothing(timeout=0.2) is True  # nobody hears their own presence

        await a.send_json_to({"action": "view", "conversation_id": conv})  # already there: no-op
        assert await m.receive_nothing(timeout=0.2) is True

        await m.send_json_to({"action": "typing", "is_typing": True})
        assert await a.receive_json_from() == presence("typing", conv, mehmet, is_typing=True)
        await m.send_json_to({"action": "typing", "is_typing": False})
        assert await a.receive_json_from() == presence("typing", conv, mehmet, is_typing=False)
        await a.send_json_to({"action": "here"})
        assert await m.receive_json_from() == presence("here", conv, ayse)

        await m.send_json_to({"action": "leave"})
        assert await a.receive_json_from() == presence("leave", conv, mehmet)
        await m.send_json_to({"action": "typing", "is_typing": True})  # left: goes nowhere
        assert await a.receive_nothing(timeout=0.2) is True

        await m.send_json_to({"action": "view", "conversation_id": conv})
        assert await a.receive_json_from() == presence("join", conv, mehmet)
        assert await m.receive_json_from() == presence("here", conv, ayse)
        await m.disconnect()  # closing the tab is leaving
        assert await a.receive_json_from() == presence("leave", conv, mehmet)
        await a.disconnect()

    run_in_fresh_loop(scenario())


def test_only_the_newcomer_hears_who_is_already_here(world: World) -> None:
    conv = receive(world.inbox).conversation.pk
    other_conv = receive(world.inbox, email="baska@example.com").conversation.pk
    first, second, third = world.agent, world.owner, make_agent(world.workspace, name="Can Çelik")
    cookies = [session_cookie(agent.user) for agent in (first, second, third)]

    async def scenario() -> None:
        one = await connected(cookies[0], first)
        two = await connected(cookies[1], second)
        three = await connected(cookies[2], third)
        await one.send_json_to({"action": "view", "conversation_id": conv})
        await settled(one)
        await two.send_json_to({"action": "view", "conversation_id": conv})
        assert await one.receive_json_from() == presence("join", conv, second)
        assert await two.receive_json_from() == presence("here", conv, first)

        await three.send_json_to({"action": "view", "conversation_id": conv})
        assert await one.receive_json_from() == presence("join", conv, third)
        assert await two.receive_json_from() == presence("join", conv, third)
        heard = [await three.receive_json_from() for _ in range(2)]
        assert sorted(heard, key=lambda e: e["agent_id"]) == sorted(
            [presence("here", conv, first), presence("here", conv, second)], key=lambda e: e["agent_id"]
        )
        # The agents already present don't hear each other's answers to the newcomer.
        assert await one.receive_nothing(timeout=0.2) is True
        assert await two.receive_nothing(timeout=0.1) is True

        # Moving to another conversation leaves the first one.
        await three.send_json_to({"action": "view", "conversation_id": other_conv})
        assert await one.receive_json_from() == presence("leave", conv, third)
        assert await two.receive_json_from() == presence("leave", conv, third)
        await three.send_json_to({"action": "typing", "is_typing": True})
        assert await one.receive_nothing(timeout=0.2) is True
        assert await three.receive_nothing(timeout=0.1) is True
        for ws in (one, two, three):
            await ws.disconnect()

    run_in_fresh_loop(scenario())
