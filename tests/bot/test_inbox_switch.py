"""The "Instant answers" switch on an inbox's settings page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories import World
from yanit.accounts.models import Agent
from yanit.bot.models import BotSettings
from yanit.bot.switch import bot_enabled
from yanit.connectors.webchat.services.widgets import do_create_chat_inbox
from yanit.core.secrets import decrypt_secret
from yanit.inboxes.models import Inbox

pytestmark = pytest.mark.django_db


def test_admin_turns_instant_answers_on_and_off(world: World, client_for: Callable[[Agent], Client]) -> None:
    client = client_for(world.owner)
    page = client.get(f"/settings/inboxes/{world.inbox.pk}/")
    assert page.status_code == 200
    assert "Anında yanıtlar" in page.text
    assert '<strong data-testid="bot-state">Kapalı</strong>' in page.text
    response = client.post(f"/settings/inboxes/{world.inbox.pk}/bot/", {"enabled": "1"})
    assert response.status_code == 302
    inbox = Inbox.objects.get(pk=world.inbox.pk)
    assert bot_enabled(inbox)
    assert inbox.settings["bot"] == {"enabled": True}
    page = client.get(f"/settings/inboxes/{world.inbox.pk}/")
    assert '<strong data-testid="bot-state">Açık</strong>' in page.text
    client.post(f"/settings/inboxes/{world.inbox.pk}/bot/", {"enabled": "0"})
    assert not bot_enabled(Inbox.objects.get(pk=world.inbox.pk))


def test_agent_cannot_switch_and_other_workspace_is_hidden(
    world: World, other_world: World, client_for: Callable[[Agent], Client]
) -> None:
    denied = client_for(world.agent).post(f"/settings/inboxes/{world.inbox.pk}/bot/", {"enabled": "1"})
    assert denied.status_code in (403, 404)
    foreign = client_for(world.owner).post(f"/settings/inboxes/{other_world.inbox.pk}/bot/", {"enabled": "1"})
    assert foreign.status_code == 404
    assert not bot_enabled(Inbox.objects.get(pk=world.inbox.pk))
    assert not bot_enabled(Inbox.objects.get(pk=other_world.inbox.pk))


def test_webchat_settings_page_shows_the_switch(world: World, client_for: Callable[[Agent], Client]) -> None:
    widget, _secret = do_create_chat_inbox(world.owner, name="Sohbet")
    client = client_for(world.owner)
    client.post(f"/settings/inboxes/{widget.inbox_id}/bot/", {"enabled": "1"})
    page = client.get(f"/settings/inboxes/{widget.inbox_id}/webchat/")
    assert page.status_code == 200
    assert '<strong data-testid="bot-state">Açık</strong>' in page.text


def test_admin_configures_the_language_model_and_the_key_stays_secret(
    world: World, client_for: Callable[[Agent], Client]
) -> None:
    client = client_for(world.owner)
    assert "Dil modeliyle yanıt taslağı" in client.get(f"/settings/inboxes/{world.inbox.pk}/").text
    saved = client.post(
        "/settings/instant-answers/model/",
        {
            "enabled": "on",
            "base_url": "https://llm.example.com/v1",
            "model": "yerel-model",
            "api_key": "sk-gizli",
            "timeout_seconds": "5",
        },
    )
    assert saved.status_code == 302
    settings = BotSettings.objects.get(workspace=world.workspace)
    assert (
        settings.llm_enabled,
        settings.llm_base_url,
        settings.llm_model,
        settings.llm_timeout_seconds,
    ) == (
        True,
        "https://llm.example.com/v1",
        "yerel-model",
        5.0,
    )
    assert decrypt_secret(settings.llm_api_key) == "sk-gizli"
    page = client.get("/settings/instant-answers/model/")
    assert "sk-gizli" not in page.text
    assert 'data-testid="bot-llm-key-stored"' in page.text
    # Saving without a key keeps it; a missing model is refused.
    client.post(
        "/settings/instant-answers/model/",
        {"base_url": "https://llm.example.com/v1", "model": "m", "timeout_seconds": "5"},
    )
    assert decrypt_secret(BotSettings.objects.get(workspace=world.workspace).llm_api_key) == "sk-gizli"
    refused = client.post(
        "/settings/instant-answers/model/",
        {"enabled": "on", "base_url": "https://llm.example.com/v1", "model": "", "timeout_seconds": "5"},
    )
    assert "Model adını girin." in refused.text
    assert BotSettings.objects.get(workspace=world.workspace).llm_model == "m"
    assert client_for(world.agent).get("/settings/instant-answers/model/").status_code in (302, 403)
