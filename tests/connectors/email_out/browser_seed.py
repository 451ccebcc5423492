"""Seeds the server of the email browser test: ``python -m tests.connectors.email_out.browser_seed``
with the server's environment; the SMTP port comes in ``SEED_SMTP_PORT``. Prints JSON."""

from __future__ import annotations

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from tests.connectors.email_out.conftest import mailbox, receive_email  # noqa: E402
from tests.factories import PASSWORD, make_user  # noqa: E402
from yanit.accounts.services.workspaces import do_create_workspace  # noqa: E402
from yanit.connectors.email.config import stored_settings  # noqa: E402
from yanit.inboxes.services.manage import do_create_inbox  # noqa: E402


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    _workspace, owner = do_create_workspace("E-posta Mağazası", make_user("Ayşe Yılmaz", "ayse@eposta.test"))
    config = mailbox(smtp_port=int(os.environ["SEED_SMTP_PORT"]), autoack_enabled=False)
    inbox, _token = do_create_inbox(
        owner, name="Destek", channel="email", settings={"email": stored_settings(config)}
    )
    received = receive_email(
        inbox, "Merhaba, siparişim hâlâ gelmedi.", sender="Zeynep Kaya <yok@musteri.test>"
    )
    print(
        json.dumps(
            {
                "password": PASSWORD,
                "email": owner.user.email,
                "inbox_id": inbox.pk,
                "conversation_id": received.conversation.pk,
            }
        )
    )


if __name__ == "__main__":
    main()
