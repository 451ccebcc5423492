from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import World, receive
from yanit.accounts.models import Agent
from yanit.bot.services.settings import do_set_bot_enabled
from yanit.conversations.services.receive import ReceiveResult
from yanit.inboxes.models import Inbox
from yanit.kb.index_state import bump
from yanit.kb.models import Article, Category, ExampleQuestion
from yanit.routing.models import AssignmentPolicy

KARGO_SUMMARY = "Siparişiniz kargoya verildiğinde size SMS ile takip numarası gönderiyoruz."
IADE_SUMMARY = "Ürünü teslim aldıktan sonra 14 gün içinde ücretsiz iade edebilirsiniz."


@pytest.fixture
def articles(world: World) -> dict[str, Article]:
    category = Category.objects.create(workspace=world.workspace, slug="kargo", name_tr="Kargo ve teslimat")
    now = timezone.now()
    kargo = Article.objects.create(
        workspace=world.workspace,
        category=category,
        slug="kargo-takibi",
        title="Kargo takibi",
        summary=KARGO_SUMMARY,
        body_text="Kargonuzu takip numarasıyla kargo firmasının sayfasından izleyebilirsiniz.",
        status=Article.Status.PUBLISHED,
        published_at=now,
    )
    iade = Article.objects.create(
        workspace=world.workspace,
        category=category,
        slug="iade-kosullari",
        title="İade koşulları",
        summary=IADE_SUMMARY,
        body_text="İade için ürünü orijinal ambalajıyla gönderin.",
        status=Article.Status.PUBLISHED,
        published_at=now,
    )
    for article, questions in (
        (kargo, ["kargom nerede kaldı", "kargom ne zaman gelir", "siparişimi nasıl takip ederim"]),
        (iade, ["iade nasıl yapılır", "ürünü geri göndermek istiyorum"]),
    ):
        for text in questions:
            ExampleQuestion.objects.create(workspace=world.workspace, article=article, text=text)
    bump(world.workspace.pk)
    return {"kargo": kargo, "iade": iade}


@pytest.fixture
def bot_inbox(world: World) -> Inbox:
    return do_set_bot_enabled(world.owner, world.inbox, True)


def route_round_robin(world: World) -> Agent:
    """From now on the api inbox routes round-robin to its one online agent."""
    world.agent.availability = Agent.Availability.ONLINE
    world.agent.save(update_fields=["availability"])
    AssignmentPolicy.objects.create(workspace=world.workspace, inbox=world.inbox, mode="round_robin")
    return world.agent


@pytest.fixture
def customer_says(django_capture_on_commit_callbacks: Any) -> Callable[..., ReceiveResult]:
    """Receive a customer message and run what reacts to it after commit (rules, routing, bot)."""

    def say(inbox: Inbox, text: str, **kwargs: Any) -> ReceiveResult:
        with django_capture_on_commit_callbacks(execute=True):
            return receive(inbox, text, **kwargs)

    return say
