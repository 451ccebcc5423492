"""Every new workspace starts with the canned responses, macros and complaint playbook, installed
once after its creation commits; ``yanit manage install_defaults`` gives existing ones the same."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tests.factories import World, make_user, receive
from yanit.accounts.models import Workspace
from yanit.accounts.services.workspaces import do_create_workspace
from yanit.automation.models import Rule
from yanit.automation.playbook import COMPLAINT_KEYWORDS
from yanit.automation.setup import WorkspaceDefaults, install_workspace_defaults
from yanit.conversations.models import Conversation
from yanit.replies.defaults import DEFAULT_CANNED, DEFAULT_MACROS
from yanit.replies.models import CannedResponse, Macro

pytestmark = pytest.mark.django_db(transaction=True)

PLAYBOOK_RULES = len(COMPLAINT_KEYWORDS) + 2


def counts(workspace: Workspace) -> tuple[int, int, int]:
    return (
        CannedResponse.objects.filter(workspace=workspace).count(),
        Macro.objects.filter(workspace=workspace).count(),
        Rule.objects.filter(workspace=workspace).exclude(playbook_key="").count(),
    )


def test_a_new_workspace_starts_with_replies_and_the_playbook_after_commit() -> None:
    workspace, owner = do_create_workspace("Kuzey Butik", make_user("Kuzey Sahibi"))
    assert counts(workspace) == (len(DEFAULT_CANNED), len(DEFAULT_MACROS), PLAYBOOK_RULES) == (23, 3, 9)
    # The playbook works on the first complaint of the new workspace.
    from yanit.inboxes.services.manage import do_create_inbox

    inbox, _token = do_create_inbox(owner, name="API", channel="api")
    conversation = receive(inbox, "Kargom hala gelmedi, 5 gündür bekliyorum").conversation
    tags = list(Conversation.objects.get(pk=conversation.pk).tags.values_list("name", flat=True))
    assert tags == ["kargo gecikmesi"]


def test_a_rolled_back_workspace_installs_nothing() -> None:
    from django.db import transaction

    user = make_user("Geri Alınan")

    def create_then_fail() -> None:
        with transaction.atomic():
            do_create_workspace("Geri Alınan Mağaza", user)
            raise RuntimeError("rollback")

    with pytest.raises(RuntimeError):
        create_then_fail()
    assert not Workspace.objects.filter(name="Geri Alınan Mağaza").exists()
    assert CannedResponse.objects.count() == Rule.objects.count() == 0


def test_installing_again_adds_nothing_and_keeps_edits(world: World) -> None:
    # The factory leaves the playbook out; the service adds it, then nothing more.
    assert install_workspace_defaults(world.workspace) == WorkspaceDefaults(canned=0, macros=0, rules=9)
    cargo = Rule.objects.filter(workspace=world.workspace, playbook_key="kargo gecikmesi")
    cargo.update(name="Kargo (bizim)")
    assert install_workspace_defaults(world.workspace) == WorkspaceDefaults(canned=0, macros=0, rules=0)
    assert cargo.get().name == "Kargo (bizim)"
    assert counts(world.workspace) == (23, 3, 9)


def test_the_command_gives_existing_workspaces_the_defaults(world: World, other_world: World) -> None:
    CannedResponse.objects.filter(workspace=other_world.workspace, default_key="greeting-welcome").delete()
    out = io.StringIO()
    call_command("install_defaults", stdout=out)
    assert out.getvalue().splitlines() == [
        f"{world.workspace.slug}: 0 canned responses, 0 macros, 9 rules added",
        f"{other_world.workspace.slug}: 1 canned responses, 0 macros, 9 rules added",
    ]
    assert counts(world.workspace) == counts(other_world.workspace) == (23, 3, 9)
    out = io.StringIO()
    call_command("install_defaults", "--workspace", world.workspace.slug, stdout=out)
    assert out.getvalue() == f"{world.workspace.slug}: 0 canned responses, 0 macros, 0 rules added\n"
    with pytest.raises(CommandError, match="No workspace with the slug 'yok'"):
        call_command("install_defaults", "--workspace", "yok")
