"""Seeds the database of an end-to-end server: run as ``python -m tests.e2e.seed`` with the
server's environment (its ``YANIT_DATA_DIR``), prints what the browser tests need as JSON."""

from __future__ import annotations

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from tests.factories import PASSWORD, make_agent, make_user, receive  # noqa: E402
from yanit.accounts.services.workspaces import do_create_workspace  # noqa: E402
from yanit.inboxes.services.manage import do_create_inbox  # noqa: E402


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    workspace, owner = do_create_workspace("Tarayıcı Mağazası", make_user("Ayşe Yılmaz", "ayse@e2e.test"))
    second = make_agent(workspace, name="Mehmet Demir", email="mehmet@e2e.test")
    inbox, inbound_token = do_create_inbox(owner, name="Mağaza API", channel="api")
    seeded = receive(inbox, "Kargom ne zaman gelir?", email="zeynep@example.com", name="Zeynep Kaya")
    print(
        json.dumps(
            {
                "password": PASSWORD,
                "first": {"email": owner.user.email, "name": owner.name},
                "second": {"email": second.user.email, "name": second.name},
                "inbox_id": inbox.pk,
                "inbound_token": inbound_token,
                "conversation_id": seeded.conversation.pk,
            }
        )
    )


if __name__ == "__main__":
    main()
