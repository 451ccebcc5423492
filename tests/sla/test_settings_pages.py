"""Business hours and SLA policy settings pages: admins edit, agents can't."""

from __future__ import annotations

from datetime import date, time

import pytest

from tests.backoffice.conftest import ClientFor
from tests.factories import World
from yanit.accounts.models import Team
from yanit.conversations.models import Tag
from yanit.sla.models import BusinessHours, Closure, SlaPolicy
from yanit.sla.services.hours import do_save_business_hours

pytestmark = pytest.mark.django_db


def test_admin_saves_a_week_with_lunch_break(world: World, client_for: ClientFor) -> None:
    client = client_for(world.owner)
    page = client.get("/settings/hours/")
    assert page.status_code == 200
    # A workspace without hours sees the usual shop week filled in.
    assert 'value="09:00-18:00"' in page.content.decode()
    data = {f"day_{d}": "09:00-12:00, 13:00-18:00" for d in range(1, 6)}
    data.update(
        {"day_6": "10:00-14:00", "closed_7": "on", "time_zone": "Europe/Istanbul", "observe_holidays": "on"}
    )
    response = client.post("/settings/hours/", data)
    assert response.status_code == 302
    hours = BusinessHours.objects.get(workspace=world.workspace, team=None)
    assert hours.weekly["1"] == [["09:00", "12:00"], ["13:00", "18:00"]]
    assert (hours.weekly["6"], hours.weekly["7"], hours.observe_holidays) == ([["10:00", "14:00"]], [], True)


def test_bad_hours_are_refused_with_a_message(world: World, client_for: ClientFor) -> None:
    client = client_for(world.owner)
    response = client.post(
        "/settings/hours/", {"day_1": "18:00-09:00", "time_zone": "Europe/Istanbul"}, follow=True
    )
    assert "Saat aralığı başladıktan sonra bitmeli (18:00–09:00)." in response.content.decode()
    assert not BusinessHours.objects.exists()


def test_holidays_listed_and_one_ignored(world: World, client_for: ClientFor) -> None:
    do_save_business_hours(world.owner, weekly={"1": [["09:00", "18:00"]]})
    client = client_for(world.owner)
    page = client.get("/settings/hours/?year=2026").content.decode()
    assert "Cumhuriyet Bayramı" in page
    assert "Ramazan Bayramı (saat 13.00&#x27;ten)" in page
    client.post("/settings/hours/holiday/", {"day": "2026-10-29", "ignore": "1"})
    assert BusinessHours.objects.get().ignored_holidays == ["2026-10-29"]
    client.post("/settings/hours/holiday/", {"day": "2026-10-29", "ignore": "0"})
    assert BusinessHours.objects.get().ignored_holidays == []


def test_closure_and_half_day(world: World, client_for: ClientFor) -> None:
    do_save_business_hours(world.owner, weekly={"1": [["09:00", "18:00"]]})
    client = client_for(world.owner)
    client.post(
        "/settings/hours/closures/",
        {"start_date": "2026-12-31", "opens_at": "10:00", "closes_at": "14:00", "note": "Yılbaşı arifesi"},
    )
    client.post(
        "/settings/hours/closures/", {"start_date": "2027-01-04", "end_date": "2027-01-05", "note": "Sayım"}
    )
    rows = [(c.start_date, c.end_date, c.opens_at, c.closes_at, c.note) for c in Closure.objects.all()]
    assert rows == [
        (date(2026, 12, 31), date(2026, 12, 31), time(10), time(14), "Yılbaşı arifesi"),
        (date(2027, 1, 4), date(2027, 1, 5), None, None, "Sayım"),
    ]
    client.post(f"/settings/hours/closures/{Closure.objects.first().pk}/delete/")  # type: ignore[union-attr]
    assert Closure.objects.count() == 1


def test_team_hours_and_reset(world: World, client_for: ClientFor) -> None:
    team = Team.objects.create(workspace=world.workspace, name="Akşam")
    client = client_for(world.owner)
    page = client.get(f"/settings/hours/?team={team.pk}").content.decode()
    assert 'data-testid="follows-workspace"' in page
    client.post("/settings/hours/", {"team": team.pk, "day_1": "18:00-23:00", "time_zone": "Europe/Istanbul"})
    assert BusinessHours.objects.get(team=team).weekly["1"] == [["18:00", "23:00"]]
    client.post("/settings/hours/team-reset/", {"team": team.pk})
    assert not BusinessHours.objects.filter(team=team).exists()


def test_admin_creates_edits_orders_and_deletes_policies(world: World, client_for: ClientFor) -> None:
    tag = Tag.objects.create(workspace=world.workspace, name="Şikayet")
    client = client_for(world.owner)
    assert client.get("/settings/sla/").status_code == 200
    assert client.get("/settings/sla/new/").status_code == 200
    response = client.post(
        "/settings/sla/new/",
        {
            "name": "Standart",
            "t_normal_first_response": "60",
            "t_normal_resolution": "1440",
            "t_urgent_first_response": "15",
            "clock": "business",
            "pause_when_waiting": "on",
            "warning_percent": "75",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    client.post(
        "/settings/sla/new/",
        {
            "name": "Şikayetler",
            "t_normal_first_response": "20",
            "clock": "calendar",
            "tags": [str(tag.pk)],
            "warning_percent": "80",
            "is_active": "on",
        },
    )
    standard, complaints = SlaPolicy.objects.order_by("position")
    assert standard.targets == {
        "normal": {"first_response": 60, "resolution": 1440},
        "urgent": {"first_response": 15},
    }
    assert (standard.warning_percent, standard.business_time, standard.pause_when_waiting) == (75, True, True)
    assert (complaints.business_time, [t.name for t in complaints.tags.all()]) == (False, ["Şikayet"])
    client.post(f"/settings/sla/{complaints.pk}/move/", {"direction": "up"})
    assert list(SlaPolicy.objects.order_by("position").values_list("name", flat=True)) == [
        "Şikayetler",
        "Standart",
    ]
    page = client.post(f"/settings/sla/{standard.pk}/", {"name": "Standart", "warning_percent": "80"})
    assert page.status_code == 422
    assert "En az bir hedef girin." in page.content.decode()
    client.post(f"/settings/sla/{standard.pk}/delete/")
    assert list(SlaPolicy.objects.values_list("name", flat=True)) == ["Şikayetler"]


def test_agents_cannot_open_or_change_hours_and_policies(world: World, client_for: ClientFor) -> None:
    policy = SlaPolicy.objects.create(
        workspace=world.workspace, name="X", targets={"normal": {"first_response": 5}}
    )
    client = client_for(world.agent)
    for url in ("/settings/hours/", "/settings/sla/", "/settings/sla/new/", f"/settings/sla/{policy.pk}/"):
        assert client.get(url).status_code == 403, url
    assert client.post("/settings/hours/", {"day_1": "09:00-18:00"}).status_code == 403
    assert client.post(f"/settings/sla/{policy.pk}/delete/").status_code == 403
    assert client.post("/settings/hours/closures/", {"start_date": "2026-12-31"}).status_code == 403
    assert not BusinessHours.objects.exists()
    assert SlaPolicy.objects.count() == 1


def test_other_workspace_policy_is_not_found(world: World, other_world: World, client_for: ClientFor) -> None:
    policy = SlaPolicy.objects.create(
        workspace=other_world.workspace, name="X", targets={"normal": {"first_response": 5}}
    )
    client = client_for(world.owner)
    assert client.get(f"/settings/sla/{policy.pk}/").status_code == 404
    assert client.post(f"/settings/sla/{policy.pk}/delete/").status_code == 404
