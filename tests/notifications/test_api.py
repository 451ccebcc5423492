"""/api/v1/notifications and /api/v1/reminders: only ever the caller's own rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api.conftest import Api, error_of
from tests.factories import World, make_world, receive
from yanit.notifications.models import Notification, Reminder
from yanit.notifications.services.notify import do_notify

pytestmark = pytest.mark.django_db(transaction=True)


def test_list_pages_filters_unread_and_hides_others(world: World, api: Api) -> None:
    conversation = receive(world.inbox).conversation
    made = [
        do_notify([world.agent], kind, conversation=conversation, actor=world.owner, text=f"#{i}")[0]
        for i, kind in enumerate(["assigned", "mention", "rule"])
    ]
    do_notify([world.owner], "sla_breach", conversation=conversation)
    Notification.objects.filter(pk=made[0].pk).update(read_at=timezone.now())

    first = api.get("/api/v1/notifications", {"limit": 2}, token=world.agent_token).json()
    assert [n["id"] for n in first["items"]] == [made[2].pk, made[1].pk]
    assert first["unread_count"] == 2
    assert first["next_before"] == made[1].pk
    assert first["items"][1] == {
        "id": made[1].pk,
        "kind": "mention",
        "title": f"{world.owner.name}, #{conversation.number} numaralı konuşmada sizden bahsetti",
        "text": "#1",
        "conversation_id": conversation.pk,
        "conversation_number": conversation.number,
        "url": f"/c/{conversation.pk}/",
        "actor": world.owner.name,
        "created_at": made[1].created_at.isoformat(),
        "read": False,
    }
    second = api.get(
        "/api/v1/notifications", {"limit": 2, "before": made[1].pk}, token=world.agent_token
    ).json()
    assert ([n["id"] for n in second["items"]], second["next_before"]) == ([made[0].pk], None)

    unread = api.get("/api/v1/notifications", {"unread": "true"}, token=world.agent_token).json()
    assert [n["id"] for n in unread["items"]] == [made[2].pk, made[1].pk]

    english = api.client.get(
        "/api/v1/notifications",
        headers={"Authorization": f"Bearer {world.agent_token}", "Accept-Language": "en"},
    ).json()
    assert english["items"][1]["title"] == f"{world.owner.name} mentioned you in #{conversation.number}"


def test_mark_read_ignores_other_agents_ids(world: World, api: Api) -> None:
    conversation = receive(world.inbox).conversation
    (mine,) = do_notify([world.agent], "mention", conversation=conversation)
    (theirs,) = do_notify([world.owner], "mention", conversation=conversation)

    response = api.post("/api/v1/notifications/read", {"ids": [mine.pk, theirs.pk]}, token=world.agent_token)

    assert response.json() == {"marked": 1, "unread_count": 0}
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert api.post("/api/v1/notifications/read-all", token=world.owner_token).json() == {
        "marked": 1,
        "unread_count": 0,
    }


def test_preferences_read_and_change(world: World, api: Api) -> None:
    before = api.get("/api/v1/notifications/preferences", token=world.agent_token).json()
    assert {p["kind"]: p["email"] for p in before} == {
        "assigned": False,
        "mention": True,
        "sla_warning": False,
        "sla_breach": True,
        "snooze_woke": False,
        "reminder": False,
        "rule": False,
        "reply_collision": False,
    }
    after = api.send(
        "PUT",
        "/api/v1/notifications/preferences",
        [{"kind": "assigned", "email": True, "browser": False}],
        token=world.agent_token,
    ).json()
    assert {"kind": "assigned", "email": True, "browser": False} in after
    bad = api.send(
        "PUT",
        "/api/v1/notifications/preferences",
        [{"kind": "party", "email": True, "browser": True}],
        token=world.agent_token,
    )
    assert bad.status_code == 422


def test_reminders_crud(world: World, api: Api) -> None:
    conversation = receive(world.inbox).conversation
    due = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)

    created = api.post(
        "/api/v1/reminders",
        {"conversation_id": conversation.pk, "due_at": due.isoformat(), "note": "Ara"},
        token=world.agent_token,
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["conversation_number"], body["note"], body["fired_at"]) == (conversation.number, "Ara", None)
    assert Reminder.objects.get().due_at == due

    preset = api.post(
        "/api/v1/reminders",
        {"conversation_id": conversation.pk, "preset": "tomorrow"},
        token=world.agent_token,
    )
    assert preset.status_code == 201
    assert preset.json()["due_at"].endswith("T09:00:00+03:00")

    listed = api.get("/api/v1/reminders", token=world.agent_token).json()
    assert [r["id"] for r in listed] == [body["id"], preset.json()["id"]]
    assert api.get("/api/v1/reminders", token=world.owner_token).json() == []

    # Someone else can't cancel it; the owner of the reminder can.
    assert api.send("DELETE", f"/api/v1/reminders/{body['id']}", token=world.owner_token).status_code == 404
    cancelled = api.send("DELETE", f"/api/v1/reminders/{body['id']}", token=world.agent_token).json()
    assert cancelled["cancelled_at"] is not None
    assert [r["id"] for r in api.get("/api/v1/reminders", token=world.agent_token).json()] == [
        preset.json()["id"]
    ]


def test_reminder_bad_input(world: World, api: Api) -> None:
    other = make_world("Başka")
    conversation = receive(world.inbox).conversation
    foreign = receive(other.inbox).conversation
    past = (timezone.now() - timedelta(hours=1)).isoformat()

    both = api.post(
        "/api/v1/reminders",
        {"conversation_id": conversation.pk, "preset": "1h", "due_at": past},
        token=world.agent_token,
    )
    assert (both.status_code, error_of(both)["code"]) == (422, "validation_error")
    in_past = api.post(
        "/api/v1/reminders", {"conversation_id": conversation.pk, "due_at": past}, token=world.agent_token
    )
    assert error_of(in_past)["details"] == {"due_at": "past"}
    naive = api.post(
        "/api/v1/reminders",
        {"conversation_id": conversation.pk, "due_at": "2030-01-01T10:00"},
        token=world.agent_token,
    )
    assert naive.status_code == 422
    elsewhere = api.post(
        "/api/v1/reminders", {"conversation_id": foreign.pk, "preset": "1h"}, token=world.agent_token
    )
    assert elsewhere.status_code == 404
    assert Reminder.objects.count() == 0
