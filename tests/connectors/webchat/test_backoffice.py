"""Settings pages of a live chat inbox: admins only, validation, secret shown once, snippet."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from tests.connectors.webchat.test_agent_page import login
from tests.factories import World
from yanit.connectors.webchat.models import ChatWidget
from yanit.core.secrets import decrypt_secret
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import do_create_inbox

pytestmark = pytest.mark.django_db


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Mağaza sohbeti",
        "team": "",
        "color": "#7c3aed",
        "position": "left",
        "prechat_mode": "optional",
        "allowed_origins": "https://Magaza.example/\nhttps://www.magaza.example:443",
        "max_file_mb": "5",
        "email_inbox": "",
        "text_tr_greeting": "Hoş geldiniz! İndirim kodu için yazın.",
        "text_en_greeting": "Welcome!",
    }
    data.update(overrides)
    return data


def test_admin_creates_a_chat_inbox_and_sees_the_secret_once(world: World) -> None:
    client = login(world.owner)
    page = client.get("/settings/inboxes/new/webchat/")
    assert page.status_code == 200
    assert 'data-testid="widget-preview"' in page.content.decode()
    created = client.post("/settings/inboxes/new/webchat/", form_data())
    assert created.status_code == 200
    html = created.content.decode()
    widget = ChatWidget.objects.get()
    secret = re.search(r'data-testid="identity-secret">([^<]+)<', html)
    assert secret is not None
    assert decrypt_secret(widget.identity_secret) == secret.group(1)
    assert widget.identity_secret != secret.group(1)  # stored encrypted
    snippet = (
        f'<script src="http://127.0.0.1:8000/widget.js" data-inbox="{widget.public_key}" async></script>'
    )
    assert escape(snippet) in html
    assert widget.inbox.channel == "webchat"
    assert widget.color == "#7c3aed"
    assert widget.position == "left"
    assert widget.prechat_mode == "optional"
    assert widget.allowed_origins == ["https://magaza.example", "https://www.magaza.example"]
    assert widget.max_file_bytes == 5 * 1_048_576
    assert widget.texts["tr"] == {"greeting": "Hoş geldiniz! İndirim kodu için yazın."}
    # The settings page never shows it again.
    edit = client.get(f"/settings/inboxes/{widget.inbox_id}/webchat/").content.decode()
    assert secret.group(1) not in edit
    # The generic inbox page sends chat inboxes to their own page.
    assert (
        client.get(f"/settings/inboxes/{widget.inbox_id}/")["Location"]
        == f"/settings/inboxes/{widget.inbox_id}/webchat/"
    )


def test_invalid_origins_and_colours_are_shown_on_the_form(world: World) -> None:
    client = login(world.owner)
    response = client.post(
        "/settings/inboxes/new/webchat/", form_data(allowed_origins="magaza.example/sepet")
    )
    assert response.status_code == 422
    assert "magaza.example/sepet bir köken (origin) değil" in response.content.decode()
    response = client.post(
        "/settings/inboxes/new/webchat/", form_data(allowed_origins="https://magaza.example/sepet")
    )
    assert response.status_code == 422
    assert "yolu yazmayın" in response.content.decode()
    response = client.post("/settings/inboxes/new/webchat/", form_data(color="red"))
    assert response.status_code == 422
    assert not ChatWidget.objects.exists()


def test_edit_saves_texts_and_linked_email_inbox(world: World) -> None:
    client = login(world.owner)
    client.post("/settings/inboxes/new/webchat/", form_data())
    widget = ChatWidget.objects.get()
    mailbox, _token = do_create_inbox(world.owner, name="Destek e-posta", channel="email")
    other, _t = do_create_inbox(world.owner, name="API", channel="api")
    url = f"/settings/inboxes/{widget.inbox_id}/webchat/"
    refused = client.post(url, form_data(email_inbox=str(other.pk)))
    assert refused.status_code == 422
    saved = client.post(
        url, form_data(email_inbox=str(mailbox.pk), text_en_offline="Back at 9", allowed_origins="")
    )
    assert saved.status_code == 302
    widget.refresh_from_db()
    assert widget.texts["en"] == {"greeting": "Welcome!", "offline": "Back at 9"}
    assert widget.allowed_origins == []
    assert Inbox.objects.get(pk=widget.inbox_id).settings["email_inbox_id"] == mailbox.pk
    config = Client().get(
        f"/widget/v1/{widget.public_key}/config?lang=en", headers={"Origin": "https://x.example"}
    )
    assert config.json()["texts"]["offline"] == "Back at 9"
    assert config.json()["texts"]["greeting"] == "Welcome!"


def test_rotating_the_identity_secret(world: World) -> None:
    client = login(world.owner)
    client.post("/settings/inboxes/new/webchat/", form_data())
    widget = ChatWidget.objects.get()
    before = decrypt_secret(widget.identity_secret)
    response = client.post(f"/settings/inboxes/{widget.inbox_id}/webchat/rotate-secret/")
    assert response.status_code == 200
    widget.refresh_from_db()
    after = decrypt_secret(widget.identity_secret)
    assert after != before
    assert after in response.content.decode()
    assert client.get(f"/settings/inboxes/{widget.inbox_id}/webchat/rotate-secret/").status_code == 405


def test_agents_and_other_workspaces_are_refused(world: World, other_world: World) -> None:
    login(world.owner).post("/settings/inboxes/new/webchat/", form_data())
    widget = ChatWidget.objects.get()
    agent = login(world.agent)
    assert agent.get("/settings/inboxes/new/webchat/").status_code == 403
    assert agent.post("/settings/inboxes/new/webchat/", form_data()).status_code == 403
    assert agent.get(f"/settings/inboxes/{widget.inbox_id}/webchat/").status_code == 403
    assert agent.post(f"/settings/inboxes/{widget.inbox_id}/webchat/rotate-secret/").status_code == 403
    stranger = login(other_world.owner)
    assert stranger.get(f"/settings/inboxes/{widget.inbox_id}/webchat/").status_code == 404
    assert stranger.post(f"/settings/inboxes/{widget.inbox_id}/webchat/rotate-secret/").status_code == 404
    assert ChatWidget.objects.count() == 1


def test_new_inbox_menu_links_to_live_chat(world: World) -> None:
    html = login(world.owner).get("/settings/inboxes/").content.decode()
    assert 'href="/settings/inboxes/new/webchat/"' in html
