"""The inbox rail's numbers come from one grouped query; they must add up the same as counting."""

from __future__ import annotations

import pytest

from tests.factories import World, make_agent, receive
from yanit.accounts.services.workspaces import do_save_team
from yanit.conversations.queries import counts
from yanit.conversations.services.update import do_update_conversation
from yanit.inboxes.services.manage import do_create_inbox

pytestmark = pytest.mark.django_db


def test_rail_counts_by_view_team_and_inbox_for_one_status(world: World, other_world: World) -> None:
    second_inbox, _token = do_create_inbox(world.owner, name="İkinci", channel="api")
    colleague = make_agent(world.workspace, name="Mehmet")
    team = do_save_team(world.owner, "İade", member_ids=[world.agent.pk])
    mine = receive(world.inbox, "1", email="a@example.com").conversation
    theirs = receive(world.inbox, "2", email="b@example.com").conversation
    unassigned = receive(second_inbox, "3", email="c@example.com").conversation
    resolved = receive(second_inbox, "4", email="d@example.com").conversation
    receive(other_world.inbox, "başka mağaza")
    do_update_conversation(world.owner, mine, assignee=world.agent, team=team)
    do_update_conversation(world.owner, theirs, assignee=colleague, team=team)
    do_update_conversation(world.owner, resolved, assignee=world.agent, status="resolved")

    open_counts = counts(world.agent, "open")
    every_status = counts(world.agent, None)

    assert (open_counts.mine, open_counts.unassigned, open_counts.all) == (1, 1, 3)
    assert open_counts.by_team == {team.pk: 2}
    assert open_counts.by_inbox == {world.inbox.pk: 2, second_inbox.pk: 1}
    assert (every_status.mine, every_status.unassigned, every_status.all) == (2, 1, 4)
    assert every_status.by_inbox == {world.inbox.pk: 2, second_inbox.pk: 2}
    assert unassigned.assignee_id is None
