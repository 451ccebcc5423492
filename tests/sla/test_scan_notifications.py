"""One scan's warnings and breaches are notified together: the right people, one email per
person for the whole burst, and a cost that does not grow with the number of conversations."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import World, make_agent, make_world, receive
from tests.sla.conftest import FrozenClock
from yanit.accounts.models import Agent
from yanit.accounts.services.workspaces import do_save_team
from yanit.conversations.services.update import do_update_conversation
from yanit.core.worker import run_pending_tasks
from yanit.notifications.models import Notification
from yanit.sla.scan import scan_all
from yanit.sla.services.policies import PolicyInput, do_save_policy

pytestmark = pytest.mark.django_db(transaction=True)


def _due_conversations(world: World, each: int) -> tuple[Agent, Agent]:
    """``each`` conversations assigned to the agent, ``each`` with a two-member team and no
    assignee, ``each`` with nobody; returns the team's members."""
    do_save_policy(
        world.owner,
        PolicyInput(name="Hızlı", targets={"normal": {"first_response": 10}}, business_time=False),
    )
    first = make_agent(world.workspace, name=f"Ekip Bir {world.workspace.pk}")
    second = make_agent(world.workspace, name=f"Ekip İki {world.workspace.pk}")
    team = do_save_team(world.owner, f"Kargo {world.workspace.pk}", member_ids=[first.pk, second.pk])
    for i in range(each):
        assigned = receive(world.inbox, f"Atanmış {i}", email=f"a{i}@example.com").conversation
        do_update_conversation(world.owner, assigned, assignee=world.agent)
        teamed = receive(world.inbox, f"Ekipte {i}", email=f"t{i}@example.com").conversation
        do_update_conversation(world.owner, teamed, team=team)
        receive(world.inbox, f"Sahipsiz {i}", email=f"s{i}@example.com")
    return first, second


def _breaches() -> dict[str, int]:
    counts: dict[str, int] = {}
    for notification in Notification.objects.filter(kind="sla_breach").select_related("recipient__user"):
        counts[notification.recipient.name] = counts.get(notification.recipient.name, 0) + 1
    return counts


def test_a_burst_of_breaches_notifies_owners_and_admins_with_one_email_each(
    world: World, clock: FrozenClock
) -> None:
    first, second = _due_conversations(world, 3)
    mail.outbox.clear()
    clock.advance(minutes=11)

    assert scan_all().breached == 9

    # Assigned → the assignee; team only → its members; every breach → the admins (the owner).
    assert _breaches() == {world.agent.name: 3, first.name: 3, second.name: 3, world.owner.name: 9}
    run_pending_tasks()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == sorted(
        agent.user.email for agent in (world.agent, first, second, world.owner)
    )
    owner_mail = by_recipient[world.owner.user.email]
    assert owner_mail.subject == f"[{world.workspace.name}] 9 yeni bildirim"
    assert owner_mail.body.count("- #") == 9
    assert set(Notification.objects.filter(kind="sla_breach", emailed_at__isnull=True)) == set()


def test_scan_queries_do_not_grow_with_the_burst(clock: FrozenClock) -> None:
    small, large = make_world("Küçük"), make_world("Büyük")
    _due_conversations(small, 1)
    _due_conversations(large, 6)
    clock.advance(minutes=11)
    # Only the small workspace's timers are due in the first scan: put the large one's back.
    from yanit.sla.models import SlaTimer

    later = clock.now.replace(year=clock.now.year + 1)
    SlaTimer.objects.filter(workspace=large.workspace).update(next_check_at=later)
    with CaptureQueriesContext(connection) as few:
        assert scan_all().breached == 3
    SlaTimer.objects.filter(workspace=large.workspace).update(next_check_at=clock.now)
    with CaptureQueriesContext(connection) as many:
        assert scan_all().breached == 18

    assert len(many.captured_queries) == len(few.captured_queries)
