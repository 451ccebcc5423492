"""The scan job: warning at the threshold, breach at the due time, once, with events and timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import World, make_agent, receive
from tests.sla.conftest import FrozenClock
from yanit.accounts.models import Agent, Team
from yanit.conversations.models import Activity
from yanit.conversations.services.reply import do_send_reply
from yanit.conversations.services.update import do_update_conversation
from yanit.core.errors import PermissionDenied
from yanit.core.events import subscribe
from yanit.core.worker import run_periodic_once
from yanit.sla.events import SlaBreached, SlaEvent, SlaWarning
from yanit.sla.models import SlaTimer
from yanit.sla.scan import scan_all, scan_due_timers
from yanit.sla.services.hours import do_save_business_hours
from yanit.sla.services.policies import PolicyInput, do_save_policy

pytestmark = pytest.mark.django_db(transaction=True)

seen: list[SlaEvent] = []
subscribe(SlaWarning, seen.append)
subscribe(SlaBreached, seen.append)


@pytest.fixture(autouse=True)
def _clear_seen() -> None:
    seen.clear()


def sla_activities(conversation_id: int) -> list[tuple[str, str]]:
    return [
        (a.verb, a.data["metric"])
        for a in Activity.objects.filter(conversation_id=conversation_id, verb__startswith="sla_")
    ]


def test_warning_then_breach_once_each(world: World, clock: FrozenClock) -> None:
    policy = do_save_policy(
        world.owner,
        PolicyInput(name="Hızlı", targets={"normal": {"first_response": 10}}, business_time=False),
    )
    team = Team.objects.create(workspace=world.workspace, name="Destek")
    start = clock.now
    conversation = receive(world.inbox, "Sipariş iptali").conversation
    do_update_conversation(world.owner, conversation, assignee=world.agent, team=team)

    clock.advance(minutes=7, seconds=59)
    assert scan_due_timers() == scan_due_timers().__class__(0, 0, False)
    clock.advance(seconds=1)  # 8 of 10 minutes: the 80 % threshold
    assert scan_all().warned == 1
    assert scan_all().warned == 0  # run twice → one activity
    assert sla_activities(conversation.pk) == [("sla_warning", "first_response")]
    conversation.refresh_from_db()
    assert conversation.sla_state == "warning"
    due = (start + timedelta(minutes=10)).isoformat()
    assert seen == [
        SlaWarning(
            workspace_id=world.workspace.pk,
            conversation_id=conversation.pk,
            metric="first_response",
            due_at=due,
            policy_id=policy.pk,
            assignee_id=world.agent.pk,
            team_id=team.pk,
        )
    ]

    clock.advance(minutes=2)
    first, second = scan_all(), scan_all()
    assert (first.breached, second.breached) == (1, 0)
    assert sla_activities(conversation.pk) == [
        ("sla_warning", "first_response"),
        ("sla_breached", "first_response"),
    ]
    assert [type(e).__name__ for e in seen] == ["SlaWarning", "SlaBreached"]
    conversation.refresh_from_db()
    assert (conversation.sla_state, conversation.sla_due_at) == ("breached", start + timedelta(minutes=10))
    timer = SlaTimer.objects.get(conversation=conversation)
    assert (timer.breached_at, timer.next_check_at) == (clock.now, None)

    # A late reply still meets the timer; the conversation leaves the breached state.
    do_send_reply(world.agent, conversation, "Özür dileriz, iptal ettik.")
    conversation.refresh_from_db()
    assert (conversation.sla_state, conversation.sla_due_at) == ("", None)


def test_overdue_timer_breaches_without_a_separate_warning(world: World, clock: FrozenClock) -> None:
    do_save_policy(
        world.owner,
        PolicyInput(name="Hızlı", targets={"normal": {"first_response": 10}}, business_time=False),
    )
    conversation = receive(world.inbox, "Merhaba").conversation
    clock.advance(hours=1)  # the worker was down: only the breach is written
    run_periodic_once()
    assert sla_activities(conversation.pk) == [("sla_breached", "first_response")]


def test_paused_timer_is_not_scanned(world: World, clock: FrozenClock) -> None:
    do_save_policy(
        world.owner,
        PolicyInput(name="Hızlı", targets={"normal": {"first_response": 10}}, business_time=False),
    )
    conversation = receive(world.inbox, "Merhaba").conversation
    do_update_conversation(world.agent, conversation, status="pending")
    clock.advance(hours=1)
    assert scan_all().breached == 0
    assert sla_activities(conversation.pk) == []


def test_timeline_text(world: World, clock: FrozenClock) -> None:
    from django.utils import translation

    from yanit.web.timeline import activity_text

    do_save_policy(
        world.owner,
        PolicyInput(name="Hızlı", targets={"normal": {"first_response": 60}}, business_time=False),
    )
    conversation = receive(world.inbox, "Merhaba").conversation
    clock.advance(minutes=48)
    scan_all()
    clock.advance(minutes=12)
    scan_all()
    warning, breach = Activity.objects.filter(conversation=conversation, verb__startswith="sla_")
    with translation.override("tr"):
        assert activity_text(warning) == "SLA uyarısı: ilk yanıt 12 dk içinde"
        assert activity_text(breach) == "SLA aşıldı: ilk yanıt"
    with translation.override("en"):
        assert activity_text(warning) == "SLA warning: first response due in 12 min"
        assert activity_text(breach) == "SLA breached: first response"


def test_agents_cannot_change_hours_or_policies(world: World) -> None:
    agent = make_agent(world.workspace, role=Agent.Role.AGENT)
    with pytest.raises(PermissionDenied):
        do_save_business_hours(agent, weekly={})
    with pytest.raises(PermissionDenied):
        do_save_policy(agent, PolicyInput(name="X", targets={"normal": {"first_response": 5}}))


def test_two_workers_scanning_at_once_write_each_breach_once(world: World, clock: FrozenClock) -> None:
    import threading

    from django.db import connection

    do_save_policy(
        world.owner,
        PolicyInput(name="Hızlı", targets={"normal": {"first_response": 10}}, business_time=False),
    )
    ids = [receive(world.inbox, f"Soru {n}", email=f"y{n}@example.com").conversation.pk for n in range(12)]
    clock.advance(minutes=30)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            scan_all()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert scan_all().breached == 0  # whatever a locked-out worker skipped was done by the other
    for conversation_id in ids:
        assert sla_activities(conversation_id) == [("sla_breached", "first_response")]
    assert len([e for e in seen if isinstance(e, SlaBreached)]) == 12
