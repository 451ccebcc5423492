"""Every new workspace starts with the shipped canned responses and macros.

Workspaces are created by ``yanit.accounts`` (which must not know about this app), so this
listens to the model's ``post_save`` and installs the defaults in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from yanit.accounts.models import Workspace


def _on_workspace_saved(
    sender: type[Workspace], instance: Workspace, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        from yanit.replies.services.install import install_default_replies

        install_default_replies(instance)


def connect() -> None:
    post_save.connect(_on_workspace_saved, sender=Workspace, dispatch_uid="replies_install_defaults")
