"""Seeds the database of a live chat end-to-end server: run as ``python -m tests.e2e.widget_seed``
with the server's environment; prints what the widget tests need as JSON."""

from __future__ import annotations

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from tests.factories import PASSWORD, make_user  # noqa: E402
from yanit.accounts.services.workspaces import do_create_workspace  # noqa: E402
from yanit.connectors.webchat.services.widgets import WidgetChanges, do_create_chat_inbox  # noqa: E402


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    _workspace, owner = do_create_workspace("Anadolu Çarşı", make_user("Ayşe Yılmaz", "ayse@chat.test"))
    widget, secret = do_create_chat_inbox(
        owner, name="Anadolu Çarşı Destek", changes=WidgetChanges(color="#7c2d12")
    )
    print(
        json.dumps(
            {
                "password": PASSWORD,
                "agent": {"email": owner.user.email, "name": owner.name},
                "inbox_id": widget.inbox_id,
                "widget_key": widget.public_key,
                "identity_secret": secret,
            }
        )
    )


if __name__ == "__main__":
    main()
