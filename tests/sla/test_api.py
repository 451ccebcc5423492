"""REST API: business hours and SLA policies; SLA fields and the due-soonest sort on conversations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils.dateparse import parse_datetime

from tests.api.conftest import Api, error_of
from tests.factories import World, receive
from tests.sla.conftest import FrozenClock
from yanit.sla.models import SlaPolicy

pytestmark = pytest.mark.django_db(transaction=True)
WEEK = {str(d): [["09:00", "18:00"]] for d in range(1, 6)}


def test_business_hours_get_put(world: World, clock: FrozenClock) -> None:
    api = Api(world.owner_token)
    before = api.get("/api/v1/business-hours", {"year": 2026}).json()
    assert (before["configured"], before["weekly"]["6"], before["time_zone"]) == (
        False,
        [["10:00", "14:00"]],
        "Europe/Istanbul",
    )
    assert {
        "date": "2026-10-29",
        "name": "Cumhuriyet Bayramı",
        "half_day": False,
        "ignored": False,
    } in before["holidays"]
    response = api.send(
        "PUT",
        "/api/v1/business-hours?year=2026",
        {"weekly": WEEK, "time_zone": "Europe/Istanbul", "ignored_holidays": ["2026-10-29"]},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["configured"], body["weekly"]["1"], body["weekly"]["6"]) == (True, [["09:00", "18:00"]], [])
    assert body["ignored_holidays"] == ["2026-10-29"]
    # Monday 10:00 in Istanbul (frozen clock): open, no SLA policy → answers by closing time.
    assert (body["open_now"], body["expected_reply"]) == (True, "bugün 18:00'e kadar")
    english = api.client.get(
        "/api/v1/business-hours", headers={**api.headers(None), "Accept-Language": "en"}
    ).json()
    assert english["expected_reply"] == "today by 18:00"

    closure = api.post(
        "/api/v1/business-hours/closures",
        {"start_date": "2026-12-31", "opens_at": "10:00", "closes_at": "14:00"},
    )
    assert closure.status_code == 201
    assert closure.json()["end_date"] == "2026-12-31"
    assert api.send("DELETE", f"/api/v1/business-hours/closures/{closure.json()['id']}").status_code == 204


def test_bad_hours_are_a_422_with_details(world: World) -> None:
    api = Api(world.owner_token)
    response = api.send("PUT", "/api/v1/business-hours", {"weekly": {"1": [["25:00", "26:00"]]}})
    assert response.status_code == 422
    assert error_of(response)["details"] == {"weekly": "1", "value": ["25:00", "26:00"]}


def test_agents_read_but_cannot_change(world: World) -> None:
    api = Api(world.agent_token)
    assert api.get("/api/v1/business-hours").status_code == 200
    assert api.get("/api/v1/sla-policies").status_code == 200
    assert api.send("PUT", "/api/v1/business-hours", {"weekly": WEEK}).status_code == 403
    denied = api.post("/api/v1/sla-policies", {"name": "X", "targets": {"normal": {"first_response": 5}}})
    assert denied.status_code == 403
    assert error_of(denied)["code"] == "forbidden"
    assert SlaPolicy.objects.count() == 0


def test_policy_crud(world: World) -> None:
    api = Api(world.owner_token)
    created = api.post(
        "/api/v1/sla-policies",
        {
            "name": "Standart",
            "targets": {
                "normal": {"first_response": 60, "resolution": 1440},
                "urgent": {"first_response": 15},
            },
            "business_time": False,
            "inbox_ids": [world.inbox.pk],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["targets"] == {
        "normal": {"first_response": 60, "next_response": None, "resolution": 1440},
        "urgent": {"first_response": 15, "next_response": None, "resolution": None},
    }
    assert (body["inbox_ids"], body["warning_percent"], body["position"]) == ([world.inbox.pk], 80, 0)
    policy_id = body["id"]
    replaced = api.send(
        "PUT",
        f"/api/v1/sla-policies/{policy_id}",
        {"name": "Yeni", "targets": {"high": {"next_response": 30}}},
    )
    assert replaced.json()["targets"] == {
        "high": {"first_response": None, "next_response": 30, "resolution": None}
    }
    assert [p["name"] for p in api.get("/api/v1/sla-policies").json()] == ["Yeni"]
    bad = api.post("/api/v1/sla-policies", {"name": "Boş", "targets": {}})
    assert (bad.status_code, error_of(bad)["message"]) == (422, "En az bir hedef girin.")
    assert api.send("DELETE", f"/api/v1/sla-policies/{policy_id}").status_code == 204
    assert api.get(f"/api/v1/sla-policies/{policy_id}").status_code == 404


def test_conversation_json_and_due_soonest_sort_pages(world: World, clock: FrozenClock) -> None:
    SlaPolicy.objects.create(
        workspace=world.workspace,
        name="Takvim",
        business_time=False,
        targets={"normal": {"first_response": 60}, "urgent": {"first_response": 10}},
    )
    start = clock.now
    ids = []
    for n in range(5):
        ids.append(receive(world.inbox, f"Soru {n}", email=f"m{n}@example.com").conversation.pk)
        clock.advance(minutes=1)
    resolved = receive(world.inbox, "Teşekkürler", email="x@example.com").conversation
    api = Api(world.owner_token)
    api.patch(f"/api/v1/conversations/{ids[3]}", {"priority": "urgent"})
    api.patch(f"/api/v1/conversations/{resolved.pk}", {"status": "resolved"})  # no running timer: not listed
    first = api.get("/api/v1/conversations", {"sort": "due", "limit": 2}).json()
    assert [c["id"] for c in first["items"]] == [ids[3], ids[0]]
    assert parse_datetime(first["items"][0]["sla_due_at"]) == start + timedelta(minutes=13)
    assert first["items"][0]["sla_state"] == "ok"
    second = api.get(
        "/api/v1/conversations", {"sort": "due", "limit": 2, "cursor": first["next_cursor"]}
    ).json()
    third = api.get(
        "/api/v1/conversations", {"sort": "due", "limit": 2, "cursor": second["next_cursor"]}
    ).json()
    assert [c["id"] for c in second["items"] + third["items"]] == [ids[1], ids[2], ids[4]]
    assert third["next_cursor"] is None
