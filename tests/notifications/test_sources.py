"""Each source notifies exactly the right agents: never the actor, never another workspace."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import World, make_agent, make_world, receive
from yanit.accounts.models import Agent
from yanit.accounts.services.workspaces import do_save_team
from yanit.conversations.services.reply import do_send_reply
from yanit.conversations.services.update import do_update_conversation
from yanit.core.errors import ValidationFailed
from yanit.core.events import dispatch
from yanit.core.worker import run_pending_tasks
from yanit.notifications.models import Notification
from yanit.notifications.services.notify import do_notify
from yanit.notifications.services.preferences import do_set_preference
from yanit.sla.events import SlaBreached, SlaWarning

pytestmark = pytest.mark.django_db(transaction=True)


def rows() -> list[tuple[str, str, int | None, str | None]]:
    """(recipient, kind, conversation number, actor) of every notification, oldest first."""
    return [
        (
            n.recipient.name,
            n.kind,
            n.conversation.number if n.conversation else None,
            n.actor.name if n.actor else None,
        )
        for n in Notification.objects.select_related(
            "recipient__user", "actor__user", "conversation"
        ).order_by("id")
    ]


def test_assignment_notifies_the_new_assignee_with_the_actor(world: World) -> None:
    conversation = receive(world.inbox).conversation

    do_update_conversation(world.owner, conversation, assignee=world.agent)

    assert rows() == [(world.agent.name, "assigned", conversation.number, world.owner.name)]


def test_taking_a_conversation_yourself_notifies_nobody(world: World) -> None:
    conversation = receive(world.inbox).conversation

    do_update_conversation(world.agent, conversation, assignee=world.agent)
    do_update_conversation(world.agent, conversation, assignee=None)

    assert rows() == []


def test_assignment_by_the_system_has_no_actor(world: World) -> None:
    conversation = receive(world.inbox).conversation

    do_update_conversation(None, conversation, assignee=world.agent, actor_kind="rule:7")

    assert rows() == [(world.agent.name, "assigned", conversation.number, None)]


def test_other_changes_notify_nobody(world: World) -> None:
    conversation = receive(world.inbox).conversation
    do_update_conversation(world.owner, conversation, status="pending", priority="high", tags=["iade"])
    assert rows() == []


def test_mention_in_a_note_notifies_mentioned_agents_but_not_the_writer(world: World) -> None:
    zeynep = make_agent(world.workspace, name="Zeynep Kara", email="zeynep@magaza.test")
    other = make_world("Başka")
    make_agent(other.workspace, name="Zeynep Kara", email="zeynep@baska.test")
    conversation = receive(world.inbox).conversation

    do_send_reply(
        world.agent,
        conversation,
        f"@Zeynep Kara ve @{world.agent.user.email.split('@')[0]} kargoyu kontrol edin",
        private=True,
    )

    assert rows() == [("Zeynep Kara", "mention", conversation.number, world.agent.name)]
    assert Notification.objects.get().text == (
        f"@Zeynep Kara ve @{world.agent.user.email.split('@')[0]} kargoyu kontrol edin"
    )
    assert zeynep.notifications.count() == 1


def test_mention_in_a_customer_reply_is_not_a_notification(world: World) -> None:
    make_agent(world.workspace, name="Zeynep Kara", email="zeynep@magaza.test")
    conversation = receive(world.inbox, "@zeynep merhaba").conversation
    do_send_reply(world.agent, conversation, "@zeynep size dönecek")
    assert rows() == []


def _sla(cls: type, world: World, conversation_id: int, metric: str = "first_response") -> None:
    dispatch(
        cls(
            workspace_id=world.workspace.pk,
            conversation_id=conversation_id,
            metric=metric,
            due_at="2026-11-23T18:00:00+00:00",
            policy_id=1,
            assignee_id=None,
            team_id=None,
        )
    )


def test_sla_warning_goes_to_the_assignee_and_a_breach_also_to_admins(world: World) -> None:
    admin = make_agent(world.workspace, role=Agent.Role.ADMIN, name="Selin Yönetici")
    make_agent(world.workspace, name="Boşta Temsilci")
    conversation = receive(world.inbox).conversation
    do_update_conversation(world.agent, conversation, assignee=world.agent)

    _sla(SlaWarning, world, conversation.pk)
    _sla(SlaBreached, world, conversation.pk)

    assert sorted(rows()) == sorted(
        [
            (world.agent.name, "sla_warning", conversation.number, None),
            (world.agent.name, "sla_breach", conversation.number, None),
            (world.owner.name, "sla_breach", conversation.number, None),
            (admin.name, "sla_breach", conversation.number, None),
        ]
    )
    assert Notification.objects.filter(kind="sla_breach").first().data == {  # type: ignore[union-attr]
        "metric": "first_response",
        "due_at": "2026-11-23T18:00:00+00:00",
        "policy_id": 1,
    }


def test_sla_warning_without_assignee_goes_to_the_team(world: World) -> None:
    member = make_agent(world.workspace, name="Takım Üyesi")
    make_agent(world.workspace, name="Takım Dışı")
    team = do_save_team(world.owner, "Kargo", member_ids=[member.pk, world.agent.pk])
    conversation = receive(world.inbox).conversation
    do_update_conversation(world.owner, conversation, team=team)

    _sla(SlaWarning, world, conversation.pk)

    assert sorted(rows()) == sorted(
        [
            (member.name, "sla_warning", conversation.number, None),
            (world.agent.name, "sla_warning", conversation.number, None),
        ]
    )


def test_sla_event_of_another_workspace_is_ignored(world: World) -> None:
    other = make_world("Başka")
    conversation = receive(other.inbox).conversation
    _sla(SlaBreached, world, conversation.pk)
    assert rows() == []


def test_burst_of_the_same_notification_is_made_once(world: World) -> None:
    conversation = receive(world.inbox).conversation

    first = do_notify([world.agent], "mention", conversation=conversation, actor=world.owner, text="bir")
    again = do_notify([world.agent, world.agent], "mention", conversation=conversation, actor=world.owner)
    other_kind = do_notify([world.agent], "assigned", conversation=conversation, actor=world.owner)

    assert [len(first), len(again), len(other_kind)] == [1, 0, 1]
    # A minute later it's news again.
    Notification.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    assert len(do_notify([world.agent], "mention", conversation=conversation)) == 1
    assert Notification.objects.count() == 3


def test_notify_skips_actor_and_other_workspaces_and_rejects_unknown_kinds(world: World) -> None:
    other = make_world("Başka")
    conversation = receive(world.inbox).conversation

    made = do_notify(
        [world.owner, world.agent, other.agent], "rule", conversation=conversation, actor=world.owner
    )

    assert [n.recipient_id for n in made] == [world.agent.pk]
    with pytest.raises(ValidationFailed):
        do_notify([world.agent], "party")


def test_email_follows_preferences_and_the_agents_language(world: World) -> None:
    zeynep = make_agent(world.workspace, name="Zeynep Kara", email="zeynep@magaza.test")
    zeynep.user.language = "en"
    zeynep.user.save()
    conversation = receive(world.inbox).conversation

    # Defaults: mentions email, assignments don't.
    do_update_conversation(world.owner, conversation, assignee=world.agent)
    do_send_reply(world.agent, conversation, "@Zeynep Kara iade onayı gerekiyor", private=True)
    run_pending_tasks()

    assert [m.to for m in mail.outbox] == [["zeynep@magaza.test"]]
    email = mail.outbox[0]
    assert (
        email.subject
        == f"[{world.workspace.name}] {world.agent.name} mentioned you in #{conversation.number}"
    )
    assert "@Zeynep Kara iade onayı gerekiyor" in email.body
    assert f"http://127.0.0.1:8000/c/{conversation.pk}/" in email.body
    assert Notification.objects.get(kind="mention").emailed_at is not None

    # Turkish for the Turkish-speaking agent, once they turn assignment email on.
    do_set_preference(world.agent, "assigned", email=True, browser=True)
    do_set_preference(zeynep, "mention", email=False, browser=True)
    second = receive(world.inbox, "Başka bir konu", email="baska@example.com").conversation
    do_update_conversation(world.owner, second, assignee=world.agent)
    do_send_reply(world.agent, second, "@Zeynep Kara buna da bak", private=True)
    run_pending_tasks()

    assert [m.to for m in mail.outbox] == [["zeynep@magaza.test"], [world.agent.user.email]]
    assert mail.outbox[1].subject == (
        f"[{world.workspace.name}] {world.owner.name}, #{second.number} numaralı konuşmayı size atadı"
    )


def test_email_job_sends_once_even_if_queued_twice(world: World) -> None:
    from yanit.notifications.tasks import send_notification_email

    conversation = receive(world.inbox).conversation
    (notification,) = do_notify([world.agent], "sla_breach", conversation=conversation)
    send_notification_email.enqueue(notification.pk)
    run_pending_tasks()

    assert len(mail.outbox) == 1
