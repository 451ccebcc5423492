"""The "Instant answers" switch on an inbox's settings page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.bot.fake_llm import FakeLlm
from tests.factories import World
from yanit.accounts.models import Agent
from yanit.bot.models import BotSettings
from yanit.bot.switch import bot_enabled
from yanit.connectors.webchat.services.widgets import do_create_chat_inbox
from yanit.core.secrets import decrypt_secret
from yanit.inboxes.models import Inbox
from yanit.kb.models import Article

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


MODEL_PAGE = "/settings/instant-answers/model/"


def test_admin_tries_the_model_before_saving_and_sees_what_failed(
    world: World, client_for: Callable[[Agent], Client], articles: dict[str, Article]
) -> None:
    client = client_for(world.owner)
    fake = FakeLlm()
    try:
        fields = {"base_url": fake.base_url, "model": "yerel-model", "timeout_seconds": "2", "action": "test"}
        fake.content = "Kargonuz yola çıkınca SMS ile takip numarası gelir. (Kaynak: Kargo takibi)"
        page = client.post(MODEL_PAGE, {**fields, "api_key": "sk-deneme"})
        assert page.status_code == 200
        assert (
            '<blockquote class="trial-answer" data-testid="bot-llm-trial-answer">Kargonuz yola çıkınca SMS'
            " ile takip numarası gelir. (Kaynak: Kargo takibi)</blockquote>"
        ) in page.text
        assert 'Soru, "Kargo takibi" makalesinin başlığıydı' in page.text
        assert fake.auth == ["Bearer sk-deneme"]
        assert fake.requests[0]["body"]["messages"][1]["content"].endswith("CUSTOMER QUESTION:\nKargo takibi")
        # Nothing was saved by the trial.
        assert not BotSettings.objects.filter(workspace=world.workspace).exists()

        fake.mode = "unauthorized"
        page = client.post(MODEL_PAGE, {**fields, "api_key": "sk-yanlis"})
        assert (
            '<span data-testid="bot-llm-trial-error">Sağlayıcı API anahtarını kabul etmedi (HTTP 401):'
            " Incorrect API key provided: sk-yanlis.</span>"
        ) in page.text

        fake.mode = "slow"
        fake.delay = 2.5
        page = client.post(MODEL_PAGE, {**fields, "timeout_seconds": "1"})
        assert '<span data-testid="bot-llm-trial-error">1 saniye içinde yanıt gelmedi.</span>' in page.text

        # Saved with a key; a trial without typing it uses the stored one; then the key is removed.
        client.post(MODEL_PAGE, {**fields, "action": "save", "enabled": "on", "api_key": "sk-kayitli"})
        fake.mode = "ok"
        fake.auth.clear()
        client.post(MODEL_PAGE, fields)
        assert fake.auth == ["Bearer sk-kayitli"]
        client.post(MODEL_PAGE, {**fields, "action": "save", "enabled": "on", "remove_key": "on"})
        assert BotSettings.objects.get(workspace=world.workspace).llm_api_key == ""
        assert 'data-testid="bot-llm-key-stored"' not in client.get(MODEL_PAGE).text
    finally:
        fake.close()


def test_trial_needs_an_article_and_a_provider(world: World, client_for: Callable[[Agent], Client]) -> None:
    client = client_for(world.owner)
    page = client.post(MODEL_PAGE, {"base_url": "", "model": "", "timeout_seconds": "2", "action": "test"})
    assert page.status_code == 422
    assert "Model adını girin." in page.text
    page = client.post(
        MODEL_PAGE,
        {"base_url": "http://127.0.0.1:9/v1", "model": "m", "timeout_seconds": "2", "action": "test"},
    )
    assert "Önce botun yanıt verebileceği bir makale yayımlayın" in page.text
