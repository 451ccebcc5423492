"""The optional LLM provider, against a local fake speaking the chat completions protocol."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.bot.conftest import KARGO_SUMMARY
from tests.bot.fake_llm import FakeLlm
from tests.factories import World
from yanit.bot.llm import SYSTEM_PROMPT, completions_url, do_save_llm_settings, draft_answer
from yanit.bot.models import BotSettings, BotTurn
from yanit.core.errors import PermissionDenied, ValidationFailed
from yanit.inboxes.models import Inbox
from yanit.kb.models import Article

pytestmark = pytest.mark.django_db

DRAFT = "Kargonuz yola çıkınca SMS ile takip numarası gönderiyoruz. (Kaynak: Kargo takibi)"


@pytest.fixture
def llm() -> Iterator[FakeLlm]:
    fake = FakeLlm()
    yield fake
    fake.close()


@pytest.fixture
def configured(world: World, llm: FakeLlm) -> BotSettings:
    return do_save_llm_settings(
        world.owner,
        enabled=True,
        base_url=llm.base_url,
        model="yerel-model",
        api_key="sk-gizli",
        timeout_seconds=1,
    )


def test_off_by_default_and_nothing_is_called(
    world: World, articles: dict[str, Article], llm: FakeLlm
) -> None:
    assert draft_answer(articles["kargo"], "kargom nerede") is None
    assert llm.requests == []


def test_draft_is_grounded_in_the_article_and_the_key_is_encrypted(
    world: World, articles: dict[str, Article], llm: FakeLlm, configured: BotSettings
) -> None:
    assert configured.llm_api_key.startswith("fernet:")
    assert "sk-gizli" not in configured.llm_api_key
    llm.content = f"  {DRAFT}  "
    assert draft_answer(articles["kargo"], "kargom nerede") == DRAFT
    [request] = llm.requests
    assert request["path"] == "/v1/chat/completions"
    assert llm.auth == ["Bearer sk-gizli"]
    body = request["body"]
    assert body["model"] == "yerel-model"
    system, user = body["messages"]
    assert system == {
        "role": "system",
        "content": SYSTEM_PROMPT.format(language="Turkish", title="Kargo takibi"),
    }
    assert "using ONLY the article below" in system["content"]
    assert user["content"].startswith(f"ARTICLE:\n# Kargo takibi\n\n{KARGO_SUMMARY}")
    assert user["content"].endswith("CUSTOMER QUESTION:\nkargom nerede")


@pytest.mark.parametrize("mode", ["error", "empty", "garbage", "slow"])
def test_failures_fall_back_to_the_summary(
    world: World, articles: dict[str, Article], llm: FakeLlm, configured: BotSettings, mode: str
) -> None:
    llm.mode = mode
    llm.delay = 3.0
    started = time.monotonic()
    assert draft_answer(articles["kargo"], "kargom nerede") is None
    assert time.monotonic() - started < 2.5  # the 1 s timeout, not the provider's 3 s
    assert len(llm.requests) == 1


def test_live_answer_uses_the_draft_and_keeps_the_link(
    world: World,
    articles: dict[str, Article],
    bot_inbox: Inbox,
    llm: FakeLlm,
    configured: BotSettings,
    customer_says: Callable[..., Any],
) -> None:
    llm.content = DRAFT
    result = customer_says(bot_inbox, "siparişimi nasıl takip ederim")
    turn = BotTurn.objects.get(message=result.message)
    assert turn.decision == "answer"
    url = f"http://127.0.0.1:8000/help/{world.workspace.slug}/tr/kargo-takibi/"
    assert turn.reply is not None
    assert turn.reply.text.startswith(f"{DRAFT}\n\nKargo takibi: {url}\n\n")


def test_live_answer_falls_back_to_the_summary_on_a_500(
    world: World,
    articles: dict[str, Article],
    bot_inbox: Inbox,
    llm: FakeLlm,
    configured: BotSettings,
    customer_says: Callable[..., Any],
) -> None:
    llm.mode = "error"
    result = customer_says(bot_inbox, "siparişimi nasıl takip ederim")
    reply = BotTurn.objects.get(message=result.message).reply
    assert reply is not None
    assert reply.text.startswith(f"{KARGO_SUMMARY}\n\n")


def test_settings_are_checked_and_admin_only(world: World) -> None:
    assert completions_url("https://llm.example.com") == "https://llm.example.com/v1/chat/completions"
    assert completions_url("https://llm.example.com/v1/") == "https://llm.example.com/v1/chat/completions"
    with pytest.raises(PermissionDenied):
        do_save_llm_settings(world.agent, enabled=True, base_url="https://llm.example.com", model="m")
    with pytest.raises(ValidationFailed):
        do_save_llm_settings(world.owner, enabled=True, base_url="ftp://x", model="m")
    with pytest.raises(ValidationFailed):
        do_save_llm_settings(world.owner, enabled=True, base_url="https://llm.example.com", model="")
    saved = do_save_llm_settings(world.owner, enabled=False, api_key="sk-1")
    kept = do_save_llm_settings(world.owner, enabled=False)
    assert kept.pk == saved.pk
    assert kept.llm_api_key == saved.llm_api_key
