"""SLA clocks driven by conversation events: start, meet, restart, pause, resume, re-target."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import World, receive
from tests.sla.conftest import FrozenClock
from yanit.conversations.models import Conversation, Tag
from yanit.conversations.services.reply import do_send_automated_reply, do_send_reply
from yanit.conversations.services.update import do_update_conversation
from yanit.sla.models import SlaPolicy, SlaTimer
from yanit.sla.services.hours import do_save_business_hours
from yanit.sla.services.policies import PolicyInput, do_save_policy

pytestmark = pytest.mark.django_db(transaction=True)
IST = ZoneInfo("Europe/Istanbul")
TARGETS = {
    "normal": {"first_response": 60, "next_response": 120, "resolution": 1440},
    "urgent": {"first_response": 15, "next_response": 30, "resolution": 240},
}


def calendar_policy(world: World, **kwargs: object) -> SlaPolicy:
    data = PolicyInput(name="Standart", targets=TARGETS, business_time=False, **kwargs)  # type: ignore[arg-type]
    return do_save_policy(world.owner, data)


def timers(conversation: Conversation) -> list[tuple[str, datetime, datetime | None, datetime | None]]:
    return [
        (t.metric, t.due_at, t.met_at, t.stopped_at)
        for t in SlaTimer.objects.filter(conversation=conversation).order_by("id")
    ]


def test_new_conversation_starts_first_response_and_resolution(world: World, clock: FrozenClock) -> None:
    calendar_policy(world)
    start = clock.now
    conversation = receive(world.inbox, "Kargom gelmedi").conversation
    conversation.refresh_from_db()
    assert timers(conversation) == [
        ("first_response", start + timedelta(minutes=60), None, None),
        ("resolution", start + timedelta(minutes=1440), None, None),
    ]
    assert (conversation.sla_due_at, conversation.sla_state) == (start + timedelta(minutes=60), "ok")


def test_without_policy_no_timers(world: World, clock: FrozenClock) -> None:
    conversation = receive(world.inbox, "Merhaba").conversation
    conversation.refresh_from_db()
    assert timers(conversation) == []
    assert (conversation.sla_due_at, conversation.sla_state) == (None, "")


def test_only_an_agent_reply_meets_first_response(world: World, clock: FrozenClock) -> None:
    calendar_policy(world)
    start = clock.now
    conversation = receive(world.inbox, "Kargom gelmedi").conversation
    clock.advance(minutes=5)
    do_send_reply(world.agent, conversation, "Depoya soruyorum", private=True)
    do_send_automated_reply(conversation, "Mesajınızı aldık.")
    assert timers(conversation)[0] == ("first_response", start + timedelta(minutes=60), None, None)
    clock.advance(minutes=5)
    do_send_reply(world.agent, conversation, "Kargonuz yarın elinizde.")
    assert timers(conversation)[0] == ("first_response", start + timedelta(minutes=60), clock.now, None)
    conversation.refresh_from_db()
    # Only the resolution clock is left running.
    assert (conversation.sla_due_at, conversation.sla_state) == (start + timedelta(minutes=1440), "ok")


def test_next_response_restarts_on_each_customer_message_after_a_reply(
    world: World, clock: FrozenClock
) -> None:
    calendar_policy(world)
    conversation = receive(world.inbox, "Kargom gelmedi").conversation
    clock.advance(minutes=10)
    do_send_reply(world.agent, conversation, "Bakıyorum.")
    clock.advance(minutes=10)
    asked = clock.now
    receive(world.inbox, "Ne oldu?")
    clock.advance(minutes=3)
    receive(world.inbox, "Hâlâ bekliyorum")  # still the same wait: no second timer
    next_timers = [t for t in timers(conversation) if t[0] == "next_response"]
    assert next_timers == [("next_response", asked + timedelta(minutes=120), None, None)]
    conversation.refresh_from_db()
    assert conversation.sla_due_at == asked + timedelta(minutes=120)
    clock.advance(minutes=7)
    answered = clock.now
    do_send_reply(world.agent, conversation, "Kargo firmasıyla konuştum.")
    clock.advance(minutes=30)
    again = clock.now
    receive(world.inbox, "Teşekkürler, bir sorum daha var")
    next_timers = [t for t in timers(conversation) if t[0] == "next_response"]
    assert next_timers == [
        ("next_response", asked + timedelta(minutes=120), answered, None),
        ("next_response", again + timedelta(minutes=120), None, None),
    ]


def test_pending_pauses_and_open_resumes(world: World, clock: FrozenClock) -> None:
    calendar_policy(world)
    start = clock.now
    conversation = receive(world.inbox, "İade istiyorum").conversation
    clock.advance(minutes=20)
    do_update_conversation(world.agent, conversation, status="pending")
    conversation.refresh_from_db()
    assert (conversation.sla_due_at, conversation.sla_state) == (None, "paused")
    assert SlaTimer.objects.filter(conversation=conversation, paused_at=clock.now).count() == 2
    clock.advance(minutes=45)
    do_update_conversation(world.agent, conversation, status="open")
    conversation.refresh_from_db()
    assert timers(conversation) == [
        ("first_response", start + timedelta(minutes=60 + 45), None, None),
        ("resolution", start + timedelta(minutes=1440 + 45), None, None),
    ]
    assert (conversation.sla_due_at, conversation.sla_state) == (start + timedelta(minutes=105), "ok")
    assert SlaTimer.objects.get(conversation=conversation, metric="first_response").paused_minutes == 45


def test_snoozed_pauses_and_a_customer_message_resumes(world: World, clock: FrozenClock) -> None:
    calendar_policy(world)
    start = clock.now
    conversation = receive(world.inbox, "İade istiyorum").conversation
    do_update_conversation(
        world.agent, conversation, status="snoozed", snoozed_until=clock.now + timedelta(hours=3)
    )
    clock.advance(minutes=30)
    receive(world.inbox, "Cevap bekliyorum")  # re-opens the conversation
    assert timers(conversation)[0] == ("first_response", start + timedelta(minutes=90), None, None)


def test_policy_without_pause_keeps_counting(world: World, clock: FrozenClock) -> None:
    calendar_policy(world, pause_when_waiting=False)
    start = clock.now
    conversation = receive(world.inbox, "İade istiyorum").conversation
    do_update_conversation(world.agent, conversation, status="pending")
    conversation.refresh_from_db()
    assert (conversation.sla_due_at, conversation.sla_state) == (start + timedelta(minutes=60), "ok")


def test_resolve_meets_resolution_and_reopen_restarts_it(world: World, clock: FrozenClock) -> None:
    calendar_policy(world)
    start = clock.now
    conversation = receive(world.inbox, "Fatura lazım").conversation
    clock.advance(minutes=10)
    do_send_reply(world.agent, conversation, "Gönderdim.")
    clock.advance(minutes=5)
    resolved = clock.now
    do_update_conversation(world.agent, conversation, status="resolved")
    assert timers(conversation) == [
        ("first_response", start + timedelta(minutes=60), start + timedelta(minutes=10), None),
        ("resolution", start + timedelta(minutes=1440), resolved, None),
    ]
    conversation.refresh_from_db()
    assert (conversation.sla_due_at, conversation.sla_state) == (None, "")
    clock.advance(hours=2)
    reopened = clock.now
    receive(world.inbox, "Fatura yanlış olmuş")
    assert timers(conversation)[2:] == [
        ("next_response", reopened + timedelta(minutes=120), None, None),
        ("resolution", reopened + timedelta(minutes=1440), None, None),
    ]


def test_resolving_unanswered_stops_the_response_clock(world: World, clock: FrozenClock) -> None:
    calendar_policy(world)
    conversation = receive(world.inbox, "Spam").conversation
    clock.advance(minutes=1)
    do_update_conversation(world.agent, conversation, status="resolved")
    first = SlaTimer.objects.get(conversation=conversation, metric="first_response")
    assert (first.met_at, first.stopped_at, first.next_check_at) == (None, clock.now, None)


def test_priority_change_retargets(world: World, clock: FrozenClock) -> None:
    calendar_policy(world)
    start = clock.now
    conversation = receive(world.inbox, "Acil!").conversation
    do_update_conversation(world.agent, conversation, priority="urgent")
    conversation.refresh_from_db()
    assert timers(conversation) == [
        ("first_response", start + timedelta(minutes=15), None, None),
        ("resolution", start + timedelta(minutes=240), None, None),
    ]
    assert conversation.sla_due_at == start + timedelta(minutes=15)
    # "low" has no targets in this policy: its clocks stop.
    do_update_conversation(world.agent, conversation, priority="low")
    conversation.refresh_from_db()
    assert [t[3] for t in timers(conversation)] == [clock.now, clock.now]
    assert (conversation.sla_due_at, conversation.sla_state) == (None, "")


def test_tag_narrowed_policy_takes_precedence(world: World, clock: FrozenClock) -> None:
    complaint = Tag.objects.create(workspace=world.workspace, name="Şikayet")
    do_save_policy(
        world.owner,
        PolicyInput(
            name="Şikayetler",
            targets={"normal": {"first_response": 10}},
            business_time=False,
            tag_ids=[complaint.pk],
        ),
    )
    calendar_policy(world)
    start = clock.now
    conversation = receive(world.inbox, "Ürün kırık geldi").conversation
    assert timers(conversation)[0] == ("first_response", start + timedelta(minutes=60), None, None)
    do_update_conversation(world.agent, conversation, tags=["şikayet"])
    first = SlaTimer.objects.get(conversation=conversation, metric="first_response", stopped_at__isnull=True)
    assert (first.policy.name, first.due_at) == ("Şikayetler", start + timedelta(minutes=10))


def test_business_time_policy_waits_over_the_weekend(world: World, clock: FrozenClock) -> None:
    weekly = {str(d): [["09:00", "18:00"]] for d in range(1, 6)}
    do_save_business_hours(world.owner, weekly=weekly)
    do_save_policy(world.owner, PolicyInput(name="İş saatleri", targets=TARGETS))
    clock.set(datetime(2026, 11, 27, 17, 30, tzinfo=IST))  # Friday 17:30
    conversation = receive(world.inbox, "Hafta sonu kargo çıkar mı?").conversation
    conversation.refresh_from_db()
    assert conversation.sla_due_at == datetime(2026, 11, 30, 9, 30, tzinfo=IST)
    assert conversation.sla_due_at.tzinfo is not None
    assert conversation.sla_due_at.astimezone(UTC) == datetime(2026, 11, 30, 6, 30, tzinfo=UTC)
