"""The per-process cache of a workspace's SLA policies never hides a change made in this process."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import World, receive
from tests.sla.conftest import FrozenClock
from yanit.conversations.models import Conversation, Tag
from yanit.sla import timers as sla_timers
from yanit.sla.models import SlaPolicy, SlaTimer

pytestmark = pytest.mark.django_db(transaction=True)
TARGETS = {"normal": {"first_response": 60, "resolution": 1440}}


def running(conversation: Conversation) -> list[str]:
    return sorted(
        SlaTimer.objects.filter(
            conversation=conversation, met_at__isnull=True, stopped_at__isnull=True
        ).values_list("metric", flat=True)
    )


def test_policies_are_read_once_then_served_from_the_cache(world: World, clock: FrozenClock) -> None:
    SlaPolicy.objects.create(workspace=world.workspace, name="Standart", business_time=False, targets=TARGETS)
    conversation = receive(world.inbox, "Merhaba").conversation
    with CaptureQueriesContext(connection) as captured:
        sla_timers.reconcile(conversation.pk)
    assert not [q for q in captured.captured_queries if "sla_slapolicy" in q["sql"]]
    assert running(conversation) == ["first_response", "resolution"]


def test_a_policy_created_through_the_orm_applies_to_the_next_event(world: World, clock: FrozenClock) -> None:
    conversation = receive(world.inbox, "Merhaba").conversation
    assert running(conversation) == []  # no policy yet, and "no policies" is now cached
    policy = SlaPolicy.objects.create(
        workspace=world.workspace, name="Standart", business_time=False, targets=TARGETS
    )
    receive(world.inbox, "Orada mısınız?")
    assert running(conversation) == ["first_response", "resolution"]
    assert SlaTimer.objects.filter(conversation=conversation, policy=policy).count() == 2


def test_narrowing_and_deleting_reach_the_next_event(world: World, clock: FrozenClock) -> None:
    policy = SlaPolicy.objects.create(
        workspace=world.workspace, name="Standart", business_time=False, targets=TARGETS
    )
    conversation = receive(world.inbox, "Merhaba").conversation
    assert running(conversation) == ["first_response", "resolution"]

    # Narrowed to a tag this conversation doesn't have: the clocks stop.
    vip = Tag.objects.create(workspace=world.workspace, name="vip")
    policy.tags.add(vip)
    clock.advance(minutes=5)
    receive(world.inbox, "Bir şey daha")
    assert running(conversation) == []

    # The tag is deleted: the policy narrows by nothing again and applies once more.
    vip.delete()
    clock.advance(minutes=5)
    receive(world.inbox, "Hâlâ bekliyorum")
    assert running(conversation) == ["first_response", "resolution"]

    policy.delete()
    clock.advance(minutes=5)
    receive(world.inbox, "Alo?")
    assert running(conversation) == []


def test_a_policy_read_inside_a_rolled_back_transaction_is_not_cached(
    world: World, clock: FrozenClock
) -> None:
    conversation = receive(world.inbox, "Merhaba").conversation
    with transaction.atomic():
        SlaPolicy.objects.create(
            workspace=world.workspace, name="Geçici", business_time=False, targets=TARGETS
        )
        sla_timers.reconcile(conversation.pk)
        assert running(conversation) == ["first_response", "resolution"]
        transaction.set_rollback(True)
    assert SlaPolicy.objects.count() == 0
    assert sla_timers.policies_of(world.workspace.pk) == []
    clock.advance(minutes=1)
    receive(world.inbox, "Orada mısınız?")
    assert running(conversation) == []
    conversation.refresh_from_db()
    assert (conversation.sla_due_at, conversation.sla_state) == (None, "")
