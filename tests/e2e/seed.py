"""Seeds the database of an end-to-end server: run as ``python -m tests.e2e.seed`` with the
server's environment (its ``YANIT_DATA_DIR``), prints what the browser tests need as JSON."""

from __future__ import annotations

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from tests.factories import PASSWORD, make_agent, make_user, receive  # noqa: E402
from yanit.accounts.models import Agent  # noqa: E402
from yanit.accounts.services.workspaces import do_create_workspace, do_save_team  # noqa: E402
from yanit.inboxes.services.manage import do_create_inbox  # noqa: E402


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    workspace, owner = do_create_workspace("Tarayıcı Mağazası", make_user("Ayşe Yılmaz", "ayse@e2e.test"))
    second = make_agent(workspace, name="Mehmet Demir", email="mehmet@e2e.test")
    inbox, inbound_token = do_create_inbox(owner, name="Mağaza API", channel="api")
    # A second channel: the same customer writing on both has two conversations (the merge test).
    other_inbox, other_token = do_create_inbox(owner, name="Pazaryeri API", channel="api")
    # A team of two online agents behind its own inbox (the assignment settings test).
    campaign_agents = [
        make_agent(workspace, name="Selin Ak", email="selin@e2e.test"),
        make_agent(workspace, name="Burak Er", email="burak@e2e.test"),
    ]
    Agent.objects.filter(pk__in=[a.pk for a in campaign_agents]).update(
        availability=Agent.Availability.ONLINE, last_seen_at=timezone.now()
    )
    team = do_save_team(owner, "Kampanya Ekibi", member_ids=[a.pk for a in campaign_agents])
    campaign_inbox, campaign_token = do_create_inbox(owner, name="Kampanya API", channel="api", team=team)
    seeded = receive(inbox, "Kargom ne zaman gelir?", email="zeynep@example.com", name="Zeynep Kaya")
    print(
        json.dumps(
            {
                "password": PASSWORD,
                "first": {"email": owner.user.email, "name": owner.name},
                "second": {"email": second.user.email, "name": second.name},
                "inbox_id": inbox.pk,
                "inbound_token": inbound_token,
                "other_inbox_id": other_inbox.pk,
                "other_inbound_token": other_token,
                "campaign_inbox_id": campaign_inbox.pk,
                "campaign_inbound_token": campaign_token,
                "team_id": team.pk,
                "campaign_agents": [{"id": a.pk, "name": a.name} for a in campaign_agents],
                "conversation_id": seeded.conversation.pk,
            }
        )
    )


if __name__ == "__main__":
    main()
