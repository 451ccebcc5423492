"""REST API: /api/v1/canned-responses and /api/v1/macros."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api, error_of
from tests.factories import World, make_agent, receive
from yanit.accounts.models import Team
from yanit.accounts.services.workspaces import do_issue_token
from yanit.conversations.models import Activity, Conversation, Message
from yanit.replies.models import CannedResponse, Macro

pytestmark = pytest.mark.django_db


def test_list_and_search_canned_responses(world: World, api: Api) -> None:
    response = api.get("/api/v1/canned-responses", {"q": "ozur"}, token=world.agent_token)

    assert response.status_code == 200
    shortcuts = [c["shortcut"] for c in response.json()]
    assert shortcuts[0] == "ozur"
    assert "gec-donus-ozur" in shortcuts
    everything = api.get("/api/v1/canned-responses", {"limit": 500}, token=world.agent_token).json()
    assert len(everything) == 23
    first = api.get("/api/v1/canned-responses", {"category": "greeting"}, token=world.agent_token).json()
    assert {c["category"] for c in first} == {"greeting"}
    assert set(first[0]) == {
        "id", "title", "shortcut", "category", "complaint_tag", "body_tr", "body_en",
        "shared", "owner_id", "usage_count", "created_at", "updated_at",
    }  # fmt: skip
    bad = api.get("/api/v1/canned-responses", {"category": "nope"}, token=world.agent_token)
    assert bad.status_code == 422


def test_agent_creates_personal_but_not_shared(world: World, api: Api) -> None:
    created = api.post(
        "/api/v1/canned-responses",
        {"title": "Kargo firması", "body_tr": "Yurtiçi Kargo ile gönderiyoruz.", "category": "solution"},
        token=world.agent_token,
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["shared"], body["owner_id"], body["shortcut"]) == (False, world.agent.pk, "kargo-firmasi")

    refused = api.post(
        "/api/v1/canned-responses",
        {"title": "Ortak", "body_tr": "x", "shared": True},
        token=world.agent_token,
    )
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "forbidden"
    shared = CannedResponse.objects.get(workspace=world.workspace, shortcut="merhaba")
    patched = api.patch(
        f"/api/v1/canned-responses/{shared.pk}", {"title": "Ele geçir"}, token=world.agent_token
    )
    assert patched.status_code == 403
    deleted = api.send("DELETE", f"/api/v1/canned-responses/{shared.pk}", token=world.agent_token)
    assert deleted.status_code == 403
    assert CannedResponse.objects.get(pk=shared.pk).title == "Hoş geldiniz"

    mine = body["id"]
    changed = api.patch(
        f"/api/v1/canned-responses/{mine}", {"body_en": "We ship with Yurtiçi."}, token=world.agent_token
    )
    assert changed.status_code == 200
    assert changed.json()["body_en"] == "We ship with Yurtiçi."
    assert changed.json()["body_tr"] == "Yurtiçi Kargo ile gönderiyoruz."
    assert api.send("DELETE", f"/api/v1/canned-responses/{mine}", token=world.agent_token).status_code == 204
    assert not CannedResponse.objects.filter(pk=mine).exists()


def test_admin_manages_shared_and_bad_input_is_refused(world: World, api: Api) -> None:
    created = api.post(
        "/api/v1/canned-responses",
        {"title": "Kampanya", "body_tr": "%20 indirim", "shared": True, "category": "solution"},
        token=world.owner_token,
    )
    assert created.status_code == 201
    assert created.json()["shared"] is True
    taken = api.post(
        "/api/v1/canned-responses",
        {"title": "Kampanya", "body_tr": "y", "shared": True},
        token=world.owner_token,
    )
    assert taken.status_code == 422
    assert error_of(taken)["details"] == {"shortcut": "taken"}
    empty = api.post("/api/v1/canned-responses", {"title": "Boş"}, token=world.owner_token)
    assert empty.status_code == 422
    too_long = api.post(
        "/api/v1/canned-responses", {"title": "U", "body_tr": "x" * 5001}, token=world.owner_token
    )
    assert too_long.status_code == 422


def test_others_personal_and_other_workspaces_are_not_found(
    world: World, other_world: World, api: Api
) -> None:
    colleague = make_agent(world.workspace, name="Ece Arslan")
    theirs = CannedResponse.objects.create(
        workspace=world.workspace, owner=colleague, title="Ece", shortcut="ece", body_tr="gizli"
    )
    foreign = CannedResponse.objects.filter(workspace=other_world.workspace).first()
    assert foreign is not None
    for target in (theirs, foreign):
        response = api.get(f"/api/v1/canned-responses/{target.pk}", token=world.owner_token)
        assert response.status_code == 404
    listed = api.get("/api/v1/canned-responses", {"q": "gizli"}, token=world.owner_token).json()
    assert listed == []


def test_render_for_a_conversation(world: World, api: Api) -> None:
    conversation = receive(world.inbox, "Hello, my parcel is late", name="john smith").conversation
    canned = CannedResponse.objects.get(workspace=world.workspace, shortcut="baska-yardim")

    response = api.post(
        f"/api/v1/canned-responses/{canned.pk}/render",
        {"conversation_id": conversation.pk},
        token=world.agent_token,
    )
    assert response.status_code == 200
    assert response.json() == {
        "text": "Is there anything else I can help you with, John?",
        "language": "en",
        "unknown_variables": [],
    }
    assert CannedResponse.objects.get(pk=canned.pk).usage_count == 0
    turkish = api.post(
        f"/api/v1/canned-responses/{canned.pk}/render",
        {"conversation_id": conversation.pk, "language": "tr", "record_use": True},
        token=world.agent_token,
    )
    assert turkish.json()["text"] == "Başka yardımcı olabileceğim bir konu var mı John?"
    assert CannedResponse.objects.get(pk=canned.pk).usage_count == 1
    missing = api.post(
        f"/api/v1/canned-responses/{canned.pk}/render", {"conversation_id": 999999}, token=world.agent_token
    )
    assert missing.status_code == 404


def test_macro_crud_and_apply(world: World, api: Api) -> None:
    team = Team.objects.create(workspace=world.workspace, name="İade")
    canned = CannedResponse.objects.get(workspace=world.workspace, shortcut="iade-sureci")
    actions = [
        {"type": "reply", "canned_id": canned.pk},
        {"type": "add_tags", "tags": ["iade"]},
        {"type": "remove_tags", "tags": ["soru"]},
        {"type": "set_status", "status": "pending"},
        {"type": "set_priority", "priority": "high"},
        {"type": "assign_agent", "agent_id": "me"},
        {"type": "assign_team", "team_id": team.pk},
        {"type": "note", "text": "İade kodu gönderildi"},
    ]
    created = api.post(
        "/api/v1/macros", {"name": "İade başlat (API)", "actions": actions}, token=world.owner_token
    )
    assert created.status_code == 201
    macro = created.json()
    assert macro["actions"] == actions
    assert macro["shared"] is False
    shared = api.post(
        "/api/v1/macros", {"name": "Ortak", "actions": actions[:2], "shared": True}, token=world.owner_token
    )
    assert shared.status_code == 201
    assert (
        api.post(
            "/api/v1/macros",
            {"name": "Ortak", "actions": actions[:2], "shared": True},
            token=world.agent_token,
        ).status_code
        == 403
    )

    listed = {m["name"] for m in api.get("/api/v1/macros", token=world.agent_token).json()}
    assert listed == {
        "İade başlat",
        "Kargo gecikmesi",
        "Teşekkür et ve çöz",
        "Ortak",
    }  # not the owner's personal one

    conversation = receive(world.inbox, "İade etmek istiyorum").conversation
    applied = api.post(
        f"/api/v1/macros/{macro['id']}/apply", {"conversation_id": conversation.pk}, token=world.owner_token
    )
    assert applied.status_code == 200
    body = applied.json()
    assert (body["status"], body["priority"], body["tags"]) == ("pending", "high", ["iade"])
    assert body["assignee"] == {"id": world.owner.pk, "name": world.owner.name}
    assert body["team"] == {"id": team.pk, "name": "İade"}
    assert Activity.objects.filter(conversation=conversation, verb="macro", actor=world.owner).count() == 1
    assert Message.objects.filter(conversation=conversation, kind="note").get().text == "İade kodu gönderildi"

    # The agent can't apply, see or change the owner's personal macro.
    assert (
        api.post(
            f"/api/v1/macros/{macro['id']}/apply",
            {"conversation_id": conversation.pk},
            token=world.agent_token,
        ).status_code
        == 404
    )
    patched = api.patch(f"/api/v1/macros/{macro['id']}", {"name": "Yeni ad"}, token=world.owner_token)
    assert patched.json()["name"] == "Yeni ad"
    assert patched.json()["actions"] == actions
    assert api.send("DELETE", f"/api/v1/macros/{macro['id']}", token=world.owner_token).status_code == 204
    assert not Macro.objects.filter(pk=macro["id"]).exists()


@pytest.mark.parametrize(
    "actions",
    [
        [],
        [{"type": "explode"}],
        [{"type": "set_status", "status": "snoozed"}],
        [{"type": "set_priority", "priority": "critical"}],
        [{"type": "reply", "canned_id": 999999}],
        [{"type": "add_tags", "tags": []}],
    ],
)
def test_bad_macro_actions_are_refused(world: World, api: Api, actions: list[object]) -> None:
    response = api.post("/api/v1/macros", {"name": "Kötü", "actions": actions}, token=world.owner_token)
    assert response.status_code in (404, 422)
    assert error_of(response)["message"]
    assert not Macro.objects.filter(name="Kötü").exists()


def test_apply_to_a_conversation_of_another_workspace_is_not_found(
    world: World, other_world: World, api: Api
) -> None:
    macro = Macro.objects.get(workspace=world.workspace, default_key="macro-thank-and-resolve")
    foreign = receive(other_world.inbox).conversation
    response = api.post(
        f"/api/v1/macros/{macro.pk}/apply", {"conversation_id": foreign.pk}, token=world.owner_token
    )
    assert response.status_code == 404
    assert Conversation.objects.get(pk=foreign.pk).status == "open"
    assert api.get("/api/v1/macros", token=do_issue_token(other_world.agent)).json()[0]["id"] != macro.pk
