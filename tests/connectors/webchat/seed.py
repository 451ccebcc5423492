"""Seeds a live chat server for the browser tests: ``python -m tests.connectors.webchat.seed``
with the server's environment; prints what the tests need as JSON."""

from __future__ import annotations

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from tests.factories import PASSWORD, make_user  # noqa: E402
from yanit.accounts.models import Agent  # noqa: E402
from yanit.accounts.services.workspaces import do_create_workspace  # noqa: E402
from yanit.connectors.webchat.services.widgets import WidgetChanges, do_create_chat_inbox  # noqa: E402


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    _workspace, owner = do_create_workspace("Sohbet Mağazası", make_user("Ayşe Yılmaz", "ayse@chat.test"))
    Agent.objects.filter(pk=owner.pk).update(availability=Agent.Availability.ONLINE)
    widget, secret = do_create_chat_inbox(
        owner, name="Canlı destek", changes=WidgetChanges(allowed_origins=["https://magaza.example"])
    )
    print(
        json.dumps(
            {
                "password": PASSWORD,
                "email": owner.user.email,
                "agent_name": owner.name,
                "widget_key": widget.public_key,
                "secret": secret,
            }
        )
    )


if __name__ == "__main__":
    main()
