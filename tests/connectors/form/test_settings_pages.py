"""The backoffice pages of a form inbox: admins only, validated, with the link and embed code."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import World
from yanit.accounts.models import Agent
from yanit.connectors.form.config import FormConfig, form_config
from yanit.connectors.form.manage import do_create_form_inbox, form_token_of
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import do_create_inbox
from yanit.realtime.consumers import SESSION_WORKSPACE_KEY

pytestmark = pytest.mark.django_db


def client_for(agent: Agent) -> Client:
    client = Client()
    client.force_login(agent.user)
    session = client.session
    session[SESSION_WORKSPACE_KEY] = agent.workspace_id
    session.save()
    return client


def valid(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Web sitesi formu",
        "is_active": "on",
        "team": "",
        "email_inbox": "",
        "topics": "Sipariş durumu\n  İade / değişim \n\nSipariş durumu\nFatura",
        "phone_required": "on",
        "order_required": "",
        "color": "#C2410C",
        "intro_tr": "Size yardımcı olalım.",
        "intro_en": "Let us help.",
        "expected_tr": "2 saat içinde",
        "expected_en": "within 2 hours",
        "confirmation_enabled": "on",
        "confirmation_tr": "Merhaba {name}",
        "confirmation_en": "",
    }
    data.update(overrides)
    return data


def test_the_new_inbox_menu_offers_a_contact_form(world: World) -> None:
    html = client_for(world.owner).get("/settings/inboxes/").content.decode()

    assert 'href="/settings/inboxes/new/form/"' in html


def test_admin_creates_a_form_inbox(world: World) -> None:
    email_inbox, _ = do_create_inbox(world.owner, name="Destek e-posta", channel="email")
    client = client_for(world.owner)

    response = client.post("/settings/inboxes/new/form/", valid(email_inbox=str(email_inbox.pk)))

    inbox = Inbox.objects.get(workspace=world.workspace, channel="form")
    assert response.status_code == 302
    assert response["Location"] == f"/settings/inboxes/{inbox.pk}/form/"
    config = form_config(inbox)
    assert inbox.name == "Web sitesi formu"
    assert config.topics == ["Sipariş durumu", "İade / değişim", "Fatura"]
    assert (config.phone_required, config.order_required, config.confirmation_enabled) == (True, False, True)
    assert config.color == "#c2410c"
    assert config.intro_text == {"tr": "Size yardımcı olalım.", "en": "Let us help."}
    assert config.confirmation_text == {"tr": "Merhaba {name}", "en": ""}
    assert inbox.settings["email_inbox_id"] == email_inbox.pk
    token = form_token_of(inbox)
    assert token.startswith("fk_")
    page = client.get(response["Location"]).content.decode()
    base = settings.YANIT_BASE_URL
    assert f'<code id="form-url" data-testid="form-url">{base}/f/{token}</code>' in page
    assert f"&lt;script src=&quot;{base}/f/{token}/embed.js&quot; async&gt;&lt;/script&gt;" in page
    assert f"&lt;iframe src=&quot;{base}/f/{token}?embed=1&quot;" in page
    # The generic inbox page sends form inboxes here.
    assert client.get(f"/settings/inboxes/{inbox.pk}/")["Location"] == f"/settings/inboxes/{inbox.pk}/form/"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "Bu alan zorunludur."),
        ("color", "red; background:url(x)", "#2563eb gibi bir renk kodu girin."),
        ("topics", "a" * 81, "“aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…” 80 karakterden uzun."),
        ("topics", "\n".join(f"Konu {n}" for n in range(21)), "En fazla 20 konu kullanın."),
        ("expected_tr", "x" * 301, "Bu değerin en fazla 300 karaktere sahip olduğuna emin olun (şu an 301)."),
    ],
)
def test_invalid_settings_are_refused(world: World, field: str, value: str, error: str) -> None:
    response = client_for(world.owner).post("/settings/inboxes/new/form/", valid(**{field: value}))

    assert response.status_code == 422
    assert error in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert not Inbox.objects.filter(workspace=world.workspace, channel="form").exists()


def test_an_email_inbox_of_another_workspace_cannot_be_chosen(world: World, other_world: World) -> None:
    foreign, _ = do_create_inbox(other_world.owner, name="Yabancı", channel="email")

    response = client_for(world.owner).post("/settings/inboxes/new/form/", valid(email_inbox=str(foreign.pk)))

    assert response.status_code == 422
    assert not Inbox.objects.filter(workspace=world.workspace, channel="form").exists()


def test_admin_edits_turns_off_and_rotates(world: World) -> None:
    inbox = do_create_form_inbox(world.owner, name="Form", team=None, config=FormConfig())
    old = form_token_of(inbox)
    client = client_for(world.owner)

    saved = client.post(f"/settings/inboxes/{inbox.pk}/form/", valid(is_active="", topics="Tek konu"))
    inbox.refresh_from_db()
    assert saved.status_code == 302
    assert inbox.is_active is False
    assert form_config(inbox).topics == ["Tek konu"]

    rotated = client.post(f"/settings/inboxes/{inbox.pk}/form/rotate/")
    assert rotated.status_code == 302
    assert form_token_of(inbox) != old
    assert client.get(f"/settings/inboxes/{inbox.pk}/form/rotate/").status_code == 405


def test_agents_and_strangers_are_kept_out(world: World, other_world: World) -> None:
    inbox = do_create_form_inbox(world.owner, name="Form", team=None, config=FormConfig())
    token = form_token_of(inbox)
    agent = client_for(world.agent)
    stranger = client_for(other_world.owner)
    anonymous = Client()

    assert agent.get("/settings/inboxes/new/form/").status_code == 403
    assert agent.post("/settings/inboxes/new/form/", valid()).status_code == 403
    assert agent.get(f"/settings/inboxes/{inbox.pk}/form/").status_code == 403
    assert agent.post(f"/settings/inboxes/{inbox.pk}/form/rotate/").status_code == 403
    assert stranger.get(f"/settings/inboxes/{inbox.pk}/form/").status_code == 404
    assert stranger.post(f"/settings/inboxes/{inbox.pk}/form/rotate/").status_code == 404
    assert anonymous.get(f"/settings/inboxes/{inbox.pk}/form/")["Location"].startswith("/login/")
    assert form_token_of(inbox) == token
    # An api inbox has no form page.
    assert client_for(world.owner).get(f"/settings/inboxes/{world.inbox.pk}/form/").status_code == 404
