"""Macros: every action through the conversation services, the timeline, one transaction."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import World, make_agent, receive
from yanit.accounts.models import Team
from yanit.conversations.models import Activity, Conversation, Message
from yanit.conversations.services.update import do_update_conversation
from yanit.core.errors import NotFound, PermissionDenied, ValidationFailed
from yanit.replies.models import CannedResponse, Macro
from yanit.replies.services import apply_macro
from yanit.replies.services.macros import MacroInput, check_actions, do_save_macro
from yanit.web.timeline import activity_text

pytestmark = pytest.mark.django_db


def every_action(
    world: World, team: Team, note: str = "İade kodu: {{ contact.first_name }} için hazır"
) -> list[Any]:
    canned = CannedResponse.objects.get(workspace=world.workspace, shortcut="iade-sureci")
    return [
        {"type": "reply", "canned_id": canned.pk},
        {"type": "add_tags", "tags": ["iade", "İADE", "Öncelikli"]},
        {"type": "remove_tags", "tags": ["SORU"]},
        {"type": "set_status", "status": "pending"},
        {"type": "set_priority", "priority": "urgent"},
        {"type": "assign_agent", "agent_id": world.owner.pk},
        {"type": "assign_team", "team_id": team.pk},
        {"type": "note", "text": note},
    ]


def test_every_action_runs_in_order_and_lands_on_the_timeline(world: World) -> None:
    team = Team.objects.create(workspace=world.workspace, name="İade ve Değişim")
    conversation = receive(world.inbox, "Ürünü iade etmek istiyorum", name="Zeynep Kaya").conversation
    do_update_conversation(world.owner, conversation, tags=["soru", "kargo"])
    macro = do_save_macro(world.owner, MacroInput(name="İade başlat", actions=every_action(world, team)))

    apply_macro(world.agent, conversation, macro)

    conversation = Conversation.objects.get(pk=conversation.pk)
    assert conversation.status == "pending"
    assert conversation.priority == Conversation.Priority.URGENT
    assert conversation.assignee_id == world.owner.pk
    assert conversation.team_id == team.pk
    assert sorted(conversation.tags.values_list("name", flat=True)) == ["iade", "kargo", "Öncelikli"]
    outbound = list(Message.objects.filter(conversation=conversation, direction="out").order_by("id"))
    assert [(m.kind, m.sender_agent_id) for m in outbound] == [
        ("message", world.agent.pk),
        ("note", world.agent.pk),
    ]
    assert outbound[0].text.startswith("İade talebinizi oluşturdum.")
    assert outbound[0].delivery_status == "queued"
    assert outbound[1].text == "İade kodu: Zeynep için hazır"
    assert conversation.first_response_at is not None

    activities = list(Activity.objects.filter(conversation=conversation).order_by("id"))
    texts = [activity_text(a) for a in activities]
    macro_row = activities[[a.verb for a in activities].index("macro")]
    assert macro_row.data == {
        "macro_id": macro.pk,
        "name": "İade başlat",
        "actions": [a["type"] for a in macro.actions],
    }
    assert (macro_row.actor_id, macro_row.actor_kind) == (world.agent.pk, "agent")
    after_macro = [a.verb for a in activities if a.pk > macro_row.pk]
    assert after_macro == ["tags", "tags", "status", "priority", "assigned", "team"]
    assert "Makro 'İade başlat' uygulandı" in texts
    assert CannedResponse.objects.get(shortcut="iade-sureci", workspace=world.workspace).usage_count == 1
    assert Macro.objects.get(pk=macro.pk).usage_count == 1


def test_timeline_text_is_turkish_for_turkish_agents(world: World) -> None:
    from django.utils import translation

    conversation = receive(world.inbox).conversation
    macro = Macro.objects.get(workspace=world.workspace, default_key="macro-thank-and-resolve")
    apply_macro(world.agent, conversation, macro)
    row = Activity.objects.get(conversation=conversation, verb="macro")
    with translation.override("tr"):
        assert activity_text(row) == "Makro 'Teşekkür et ve çöz' uygulandı"
    assert Conversation.objects.get(pk=conversation.pk).status == "resolved"


def test_assign_to_me_and_unassign(world: World) -> None:
    conversation = receive(world.inbox).conversation
    me = do_save_macro(
        world.agent,
        MacroInput(name="Bana al", actions=[{"type": "assign_agent", "agent_id": "me"}], shared=False),
    )
    apply_macro(world.agent, conversation, me)
    assert Conversation.objects.get(pk=conversation.pk).assignee_id == world.agent.pk
    nobody = do_save_macro(
        world.owner,
        MacroInput(
            name="Bırak",
            actions=[{"type": "assign_agent", "agent_id": None}, {"type": "assign_team", "team_id": None}],
        ),
    )
    apply_macro(world.agent, conversation, nobody)
    assert Conversation.objects.get(pk=conversation.pk).assignee_id is None


def test_a_macro_that_cannot_finish_changes_nothing(world: World) -> None:
    conversation = receive(world.inbox).conversation
    canned = CannedResponse.objects.get(workspace=world.workspace, shortcut="kapanis")
    macro = do_save_macro(
        world.owner,
        MacroInput(
            name="Kapat",
            actions=[{"type": "set_priority", "priority": "high"}, {"type": "reply", "canned_id": canned.pk}],
        ),
    )
    canned.delete()
    before_messages = Message.objects.filter(conversation=conversation).count()
    before_activities = Activity.objects.filter(conversation=conversation).count()

    with pytest.raises(NotFound):
        apply_macro(world.agent, conversation, macro)

    assert Conversation.objects.get(pk=conversation.pk).priority == Conversation.Priority.NORMAL
    assert Message.objects.filter(conversation=conversation).count() == before_messages
    assert Activity.objects.filter(conversation=conversation).count() == before_activities
    assert Macro.objects.get(pk=macro.pk).usage_count == 0


def test_a_failing_step_rolls_back_the_earlier_ones(world: World) -> None:
    conversation = receive(world.inbox).conversation
    macro = Macro.objects.create(
        workspace=world.workspace,
        name="Yarım",
        # Saved around the checks (as an old row could be): the second step is refused at run time.
        actions=[{"type": "add_tags", "tags": ["yarım"]}, {"type": "set_status", "status": "snoozed"}],
    )
    with pytest.raises(ValidationFailed):
        apply_macro(world.agent, conversation, macro)
    assert list(Conversation.objects.get(pk=conversation.pk).tags.all()) == []
    assert not Activity.objects.filter(conversation=conversation, verb="macro").exists()


def test_personal_macros_belong_to_their_owner(world: World) -> None:
    conversation = receive(world.inbox).conversation
    colleague = make_agent(world.workspace, name="Ece Arslan")
    theirs = do_save_macro(
        colleague,
        MacroInput(name="Ece'nin", actions=[{"type": "set_priority", "priority": "low"}], shared=False),
    )
    with pytest.raises(PermissionDenied):
        apply_macro(world.agent, conversation, theirs)
    with pytest.raises(PermissionDenied):
        do_save_macro(
            world.agent, MacroInput(name="Ortak", actions=[{"type": "set_status", "status": "open"}])
        )
    # A personal macro may use the owner's personal canned response; a shared one may not.
    personal_canned = CannedResponse.objects.create(
        workspace=world.workspace, owner=colleague, title="Ece", shortcut="ece", body_tr="Selam"
    )
    with pytest.raises(NotFound):
        check_actions(world.workspace.pk, None, [{"type": "reply", "canned_id": personal_canned.pk}])
    assert check_actions(
        world.workspace.pk, colleague.pk, [{"type": "reply", "canned_id": personal_canned.pk}]
    ) == [{"type": "reply", "canned_id": personal_canned.pk}]


def test_other_workspace_references_are_refused(world: World, other_world: World) -> None:
    foreign_canned = CannedResponse.objects.filter(workspace=other_world.workspace).first()
    assert foreign_canned is not None
    for action in (
        {"type": "reply", "canned_id": foreign_canned.pk},
        {"type": "assign_agent", "agent_id": other_world.agent.pk},
        {"type": "assign_team", "team_id": Team.objects.create(workspace=other_world.workspace, name="X").pk},
    ):
        with pytest.raises(NotFound):
            check_actions(world.workspace.pk, None, [action])
    foreign_macro = Macro.objects.filter(workspace=other_world.workspace).first()
    assert foreign_macro is not None
    with pytest.raises(NotFound):
        apply_macro(world.owner, receive(world.inbox).conversation, foreign_macro)


@pytest.mark.parametrize(
    "actions",
    [
        [],
        "reply",
        [{"type": "explode"}],
        [{"type": "add_tags", "tags": []}],
        [{"type": "set_status", "status": "snoozed"}],
        [{"type": "set_priority", "priority": "critical"}],
        [{"type": "note", "text": "   "}],
        [{"type": "reply", "canned_id": "abc"}],
        [{"type": "set_status", "status": "open"}] * 21,
    ],
)
def test_bad_actions_are_refused(world: World, actions: Any) -> None:
    with pytest.raises(ValidationFailed):
        do_save_macro(world.owner, MacroInput(name="Kötü", actions=actions))
    assert not Macro.objects.filter(name="Kötü").exists()


def test_a_rule_applies_a_shared_macro_without_an_agent(world: World) -> None:
    conversation = receive(world.inbox, "Kargom hâlâ gelmedi", name="Burak Çelik").conversation
    macro = Macro.objects.get(workspace=world.workspace, default_key="macro-late-delivery")

    apply_macro(None, conversation, macro, actor_kind="rule:7")

    reply = Message.objects.get(conversation=conversation, direction="out")
    assert reply.kind == "automated"
    assert reply.sender_agent_id is None
    assert reply.text.startswith("Merhaba Burak, siparişinizin gecikmesi için gerçekten özür dileriz;")
    assert reply.metadata == {"macro": True, "canned_id": macro.actions[0]["canned_id"]}
    kinds = set(
        Activity.objects.filter(conversation=conversation)
        .exclude(verb="created")
        .values_list("actor_kind", flat=True)
    )
    assert kinds == {"rule:7"}
    conversation.refresh_from_db()
    assert conversation.priority == Conversation.Priority.HIGH
    # An automated message is not a first response.
    assert conversation.first_response_at is None
    personal = do_save_macro(
        world.agent,
        MacroInput(name="Kişisel", actions=[{"type": "set_status", "status": "open"}], shared=False),
    )
    with pytest.raises(PermissionDenied):
        apply_macro(None, conversation, personal, actor_kind="rule:7")
