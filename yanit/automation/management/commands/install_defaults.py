"""``yanit manage install_defaults [--workspace SLUG]``: give existing workspaces what new ones
start with (canned responses, macros, complaint playbook rules). Safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yanit.accounts.models import Workspace
from yanit.automation.setup import install_workspace_defaults


class Command(BaseCommand):
    help = "Install the shipped canned responses, macros and complaint playbook where missing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workspace", default="", help="only this workspace (its slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        workspaces = Workspace.objects.order_by("pk")
        if options["workspace"]:
            workspaces = workspaces.filter(slug=options["workspace"])
            if not workspaces.exists():
                raise CommandError(f"No workspace with the slug {options['workspace']!r}.")
        for workspace in workspaces:
            installed = install_workspace_defaults(workspace)
            self.stdout.write(
                f"{workspace.slug}: {installed.canned} canned responses, {installed.macros} macros, "
                f"{installed.rules} rules added"
            )
