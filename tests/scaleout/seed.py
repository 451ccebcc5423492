"""Run as ``python -m tests.scaleout.seed <command> …`` against the database in DATABASE_URL.

The scale-out tests drive separate server processes; this is the short-lived "third process"
that sets data up or acts as a service caller, through the same services as everything else.
"""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")
    django.setup()
    from yanit.accounts.models import Agent
    from yanit.conversations.models import Conversation
    from yanit.conversations.services.reply import do_send_reply
    from yanit.inboxes.services.manage import do_create_inbox

    command, *args = argv
    if command == "inbox":
        owner_email, webhook_url = args
        owner = Agent.objects.select_related("workspace").get(user__email=owner_email)
        inbox, token = do_create_inbox(owner, name="Mağaza API", channel="api", webhook_url=webhook_url)
        print(json.dumps({"workspace_id": owner.workspace_id, "inbox_id": inbox.pk, "inbound_token": token}))
    elif command == "reply":
        agent_email, conversation_id, text = args
        agent = Agent.objects.get(user__email=agent_email)
        conversation = Conversation.objects.get(pk=int(conversation_id), workspace_id=agent.workspace_id)
        message = do_send_reply(agent, conversation, text)
        print(json.dumps({"message_id": message.pk}))
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
