"""Permission matrix: an agent of workspace A reaches none of workspace B's pages or actions."""

from __future__ import annotations

import pytest

from tests.factories import receive
from yanit.conversations.models import Conversation
from yanit.conversations.services.attachments import IncomingFile
from yanit.conversations.services.reply import do_send_reply

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def foreign(other_world, settings, tmp_path):
    """Workspace B's conversation, contact and attachment."""
    settings.MEDIA_ROOT = tmp_path
    result = receive(other_world.inbox, "Gizli mesaj", email="gizli@example.com", name="Gizli Müşteri")
    message = do_send_reply(
        other_world.agent, result.conversation, "ek", attachments=[IncomingFile("gizli.pdf", b"%PDF", "")]
    )
    return {
        "conversation": result.conversation.pk,
        "contact": result.contact.pk,
        "attachment": message.attachments.get().pk,
    }


READS = [
    "/c/{conversation}/",
    "/c/{conversation}/head/",
    "/c/{conversation}/thread/",
    "/contacts/{contact}/",
    "/contacts/{contact}/edit/?field=name",
    "/contacts/{contact}/merge/?q=gizli",
    "/contacts/{contact}/merge/?other={contact}",
    "/files/{attachment}/",
]

WRITES = [
    ("/c/{conversation}/reply/", {"text": "sızma", "mode": "reply"}),
    ("/c/{conversation}/update/", {"status": "resolved"}),
    ("/c/{conversation}/tags/add/", {"tag": "x"}),
    ("/c/{conversation}/tags/remove/", {"tag": "x"}),
    ("/contacts/{contact}/edit/", {"field": "name", "value": "Değişti"}),
    ("/contacts/{contact}/attributes/remove/", {"key": "x"}),
    ("/contacts/{contact}/merge/", {"other": "{contact}"}),
]


@pytest.mark.parametrize("url", READS)
def test_reads_of_another_workspace_are_404(world, foreign, login, url):
    response = login(world.agent).get(url.format(**foreign), **HX)
    assert response.status_code == 404


@pytest.mark.parametrize(("url", "data"), WRITES)
def test_writes_to_another_workspace_are_404_and_change_nothing(world, foreign, login, url, data):
    before = Conversation.objects.get(pk=foreign["conversation"])
    body = {k: v.format(**foreign) for k, v in data.items()}
    response = login(world.agent).post(url.format(**foreign), body, **HX)
    assert response.status_code == 404
    after = Conversation.objects.get(pk=foreign["conversation"])
    assert (after.status, after.message_count, after.contact.name) == (
        before.status,
        before.message_count,
        "Gizli Müşteri",
    )


def test_merging_a_foreign_contact_into_mine_is_404(world, foreign, login):
    mine = receive(world.inbox, "Merhaba").contact
    client = login(world.agent)
    assert client.get(f"/contacts/{mine.pk}/merge/?other={foreign['contact']}", **HX).status_code == 404
    assert client.post(f"/contacts/{mine.pk}/merge/", {"other": foreign["contact"]}, **HX).status_code == 404


def test_assigning_a_foreign_agent_or_team_is_404(world, other_world, login):
    from yanit.accounts.services.workspaces import do_save_team

    conversation = receive(world.inbox, "Merhaba").conversation
    team = do_save_team(other_world.owner, name="Yabancı ekip")
    client = login(world.agent)
    url = f"/c/{conversation.pk}/update/"
    assert client.post(url, {"assignee": other_world.agent.pk}, **HX).status_code == 404
    assert client.post(url, {"team": team.pk}, **HX).status_code == 404
    conversation.refresh_from_db()
    assert (conversation.assignee_id, conversation.team_id) == (None, None)


def test_foreign_conversations_never_appear_in_lists_or_search(world, foreign, login):
    receive(world.inbox, "Benim mesajım")
    client = login(world.agent)
    for url in ("/", "/list/?status=any", "/list/?q=gizli", f"/list/?inbox={foreign['conversation']}"):
        html = client.get(url).content.decode()
        assert "Gizli" not in html


def test_session_workspace_of_another_user_falls_back_to_own(world, other_world, login):
    """A session pointing at a workspace the user isn't in shows their own workspace."""
    client = login(world.agent)
    session = client.session
    session["workspace_id"] = other_world.workspace.pk
    session.save()
    receive(other_world.inbox, "Gizli mesaj", name="Gizli Müşteri")
    html = client.get("/list/?status=any").content.decode()
    assert "Gizli" not in html


def test_user_without_workspace_is_forbidden(db, client):
    from tests.factories import make_user

    client.force_login(make_user("Yalnız"))
    assert client.get("/").status_code == 403
