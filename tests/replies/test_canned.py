"""Canned responses: Turkish search, who sees and changes what, the shipped defaults."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tests.factories import World, make_agent
from yanit.accounts.models import Agent
from yanit.core.errors import NotFound, PermissionDenied, ValidationFailed
from yanit.replies.defaults import COMPLAINT_TAGS, DEFAULT_CANNED, DEFAULT_MACROS
from yanit.replies.models import CannedResponse, Macro
from yanit.replies.services import complaint_response, install_default_replies
from yanit.replies.services.canned import (
    CannedInput,
    access_canned,
    access_canned_for_change,
    do_delete_canned,
    do_save_canned,
    search_canned,
)
from yanit.replies.services.install import Installed

pytestmark = pytest.mark.django_db


def shortcuts(found: list[CannedResponse]) -> list[str]:
    return [c.shortcut for c in found]


def test_search_is_turkish_folded_over_title_shortcut_and_text(world: World) -> None:
    agent = world.agent

    assert set(shortcuts(search_canned(agent, "kargo-gec"))) == {"kargo-gecikme"}
    assert shortcuts(search_canned(agent, "kargo"))[:2] == ["kargo-takip", "kargo-gecikme"]
    assert "kargo-gecikme" in shortcuts(search_canned(agent, "gecik"))
    # "ozur" finds "özür" in titles and texts; "ÖZÜR" and "Özür" too.
    by_ozur = shortcuts(search_canned(agent, "ozur", limit=100))
    assert "ozur" in by_ozur
    assert "gec-donus-ozur" in by_ozur
    assert shortcuts(search_canned(agent, "ÖZÜR", limit=100)) == by_ozur
    # İ/ı: "IADE" (dotless upper I) and "İade" both find the return response.
    assert "iade-sureci" in shortcuts(search_canned(agent, "İADE SÜRECİ"))
    assert "iade-sureci" in shortcuts(search_canned(agent, "iade sureci"))
    # Every word must match.
    assert search_canned(agent, "kargo zebra") == []


def test_search_filters_by_category_and_owner(world: World) -> None:
    mine = do_save_canned(
        world.agent, CannedInput(title="Benim notum", body_tr="Kişisel kargo", shared=False)
    )

    greetings = search_canned(world.agent, category="greeting", limit=100)
    assert {c.category for c in greetings} == {"greeting"}
    assert len(greetings) == 3
    assert search_canned(world.agent, "kargo", owner="mine") == [mine]
    assert mine not in search_canned(world.agent, "kargo", owner="shared")


def test_agent_manages_own_personal_responses_only(world: World) -> None:
    agent = world.agent
    personal = do_save_canned(
        agent, CannedInput(title="Kargo  firması", body_tr="Yurtiçi Kargo ile", shortcut="", shared=False)
    )
    assert (personal.owner_id, personal.shortcut) == (agent.pk, "kargo-firmasi")

    shared = CannedResponse.objects.get(workspace=world.workspace, shortcut="merhaba")
    with pytest.raises(PermissionDenied):
        access_canned_for_change(agent, shared.pk)
    with pytest.raises(PermissionDenied):
        do_save_canned(agent, CannedInput(title="Yeni ortak", body_tr="x", shared=True))
    with pytest.raises(PermissionDenied):
        do_save_canned(agent, CannedInput(title="Ele geçir", body_tr="x", shared=False), shared)
    with pytest.raises(PermissionDenied):
        do_delete_canned(agent, shared)
    # Their own personal response they can change and delete.
    do_save_canned(
        agent, CannedInput(title="Kargo firması", body_tr="Aras Kargo ile", shared=False), personal
    )
    assert CannedResponse.objects.get(pk=personal.pk).body_tr == "Aras Kargo ile"
    do_delete_canned(agent, personal)
    assert not CannedResponse.objects.filter(pk=personal.pk).exists()


def test_nobody_sees_another_agents_personal_responses(world: World, other_world: World) -> None:
    colleague = make_agent(world.workspace, name="Ece Arslan")
    theirs = do_save_canned(
        colleague, CannedInput(title="Ece'nin yanıtı", body_tr="gizli kargo", shared=False)
    )

    for viewer in (world.agent, world.owner):
        assert theirs not in search_canned(viewer, "gizli")
        with pytest.raises(NotFound):
            access_canned(viewer, theirs.pk)
    # Nor a shared response of another workspace.
    foreign = CannedResponse.objects.filter(workspace=other_world.workspace).first()
    assert foreign is not None
    with pytest.raises(NotFound):
        access_canned(world.owner, foreign.pk)


def test_admin_manages_shared_responses(world: World) -> None:
    created = do_save_canned(
        world.owner,
        CannedInput(
            title="Kampanya", body_tr="İndirim {{ contact.first_name }}", category="solution", shared=True
        ),
    )
    assert created.owner_id is None
    assert created.is_shared

    with pytest.raises(ValidationFailed) as taken:
        do_save_canned(world.owner, CannedInput(title="Kampanya", body_tr="başka", shared=True))
    assert taken.value.details == {"shortcut": "taken"}
    # The same shortcut as a personal one is fine: personal shortcuts are per agent.
    do_save_canned(world.agent, CannedInput(title="Kampanya", body_tr="benim", shared=False))


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (CannedInput(title="  ", body_tr="x"), {"title": "required"}),
        (CannedInput(title="Boş", body_tr=" ", body_en=""), {"body_tr": "required"}),
        (CannedInput(title="Uzun", body_tr="x" * 5001), {"body_tr": "long"}),
        (CannedInput(title="!!!", body_tr="x", shortcut="???"), {"shortcut": "invalid"}),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(
    world: World, data: CannedInput, detail: dict[str, str]
) -> None:
    before = CannedResponse.objects.count()
    with pytest.raises(ValidationFailed) as error:
        do_save_canned(world.owner, data)
    assert error.value.details == detail
    assert CannedResponse.objects.count() == before


def test_every_new_workspace_gets_the_defaults(world: World) -> None:
    stored = CannedResponse.objects.filter(workspace=world.workspace)
    assert stored.count() == len(DEFAULT_CANNED) == 23
    steps = Counter(stored.values_list("category", flat=True))
    assert steps == {
        "greeting": 3,
        "understanding": 3,
        "acknowledging": 3,
        "solution": 4,
        "closing": 3,
        "complaint": 7,
    }
    assert all(c.body_tr and c.body_en and c.owner_id is None for c in stored)
    assert sorted(stored.exclude(complaint_tag="").values_list("complaint_tag", flat=True)) == sorted(
        COMPLAINT_TAGS
    )
    assert Macro.objects.filter(workspace=world.workspace).count() == len(DEFAULT_MACROS) == 3


def test_installing_defaults_is_idempotent(world: World) -> None:
    assert install_default_replies(world.workspace) == Installed(canned=0, macros=0)
    assert CannedResponse.objects.filter(workspace=world.workspace).count() == 23

    edited = CannedResponse.objects.get(workspace=world.workspace, default_key="closing-thanks")
    do_save_canned(
        world.owner, CannedInput(title="Bizim kapanış", body_tr="Görüşmek üzere!", category="closing"), edited
    )
    CannedResponse.objects.filter(workspace=world.workspace, default_key="greeting-welcome").delete()

    assert install_default_replies(world.workspace) == Installed(canned=1, macros=0)
    assert install_default_replies(world.workspace) == Installed(canned=0, macros=0)
    assert CannedResponse.objects.get(pk=edited.pk).body_tr == "Görüşmek üzere!"
    assert CannedResponse.objects.filter(workspace=world.workspace).count() == 23


def test_defaults_follow_the_workspace_language(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from yanit.accounts.models import Workspace
    from yanit.accounts.services.workspaces import do_create_workspace

    Workspace.objects.filter(pk=world.workspace.pk).update(language="en")
    CannedResponse.objects.filter(workspace=world.workspace).delete()
    world.workspace.refresh_from_db()
    install_default_replies(world.workspace)
    titles = set(CannedResponse.objects.filter(workspace=world.workspace).values_list("title", flat=True))
    assert "Welcome" in titles
    assert "Hoş geldiniz" not in titles
    with django_capture_on_commit_callbacks(execute=True):
        workspace, _owner = do_create_workspace("Yeni Mağaza", world.owner.user)
    assert CannedResponse.objects.get(workspace=workspace, shortcut="merhaba").title == "Hoş geldiniz"


def test_complaint_response_is_found_by_its_tag(world: World) -> None:
    found = complaint_response(world.workspace.pk, "Kargo Gecikmesi")
    assert found is not None
    assert found.shortcut == "kargo-gecikme"
    assert complaint_response(world.workspace.pk, "stokta yok").shortcut == "stokta yok"  # type: ignore[union-attr]
    assert complaint_response(world.workspace.pk, "bilinmeyen") is None


def test_agent_role_does_not_leak_into_shared_flag(world: World) -> None:
    assert world.agent.role == Agent.Role.AGENT
    with pytest.raises(PermissionDenied):
        do_save_canned(world.agent, CannedInput(title="x", body_tr="y", shared=True))
    assert not CannedResponse.objects.filter(workspace=world.workspace, title="x").exists()
