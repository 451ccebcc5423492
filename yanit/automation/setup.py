"""What every workspace starts with: the shipped canned responses and macros, and the complaint
playbook rules that suggest them.

One service, run for a new workspace after its creation commits (``WorkspaceCreated``) and for
existing ones by ``yanit manage install_defaults``. Idempotent: it adds only what is missing and
never overwrites an admin's edits, so running it again, or concurrently with the event, is safe.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from yanit.accounts.events import WorkspaceCreated
from yanit.accounts.models import Workspace
from yanit.automation.playbook import install_default_rules
from yanit.replies.services.install import install_default_replies

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkspaceDefaults:
    canned: int
    macros: int
    rules: int


def install_workspace_defaults(workspace: Workspace) -> WorkspaceDefaults:
    replies = install_default_replies(workspace)
    rules = install_default_rules(workspace)
    return WorkspaceDefaults(canned=replies.canned, macros=replies.macros, rules=rules.rules)


def on_workspace_created(event: WorkspaceCreated) -> None:
    workspace = Workspace.objects.filter(pk=event.workspace_id).first()
    if workspace is None:
        return  # deleted again before its commit hooks ran
    installed = install_workspace_defaults(workspace)
    logger.info("workspace %s starts with %s", workspace.pk, installed)
