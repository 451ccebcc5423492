"""Adds a small knowledge base to a live chat end-to-end server and turns the bot on for its
chat inbox: ``python -m tests.e2e.bot_seed <inbox id>`` with the server's environment."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")

import django

django.setup()

from django.utils import timezone  # noqa: E402

from yanit.accounts.models import Agent  # noqa: E402
from yanit.bot.services.settings import do_set_bot_enabled  # noqa: E402
from yanit.inboxes.models import Inbox  # noqa: E402
from yanit.kb.index_state import bump  # noqa: E402
from yanit.kb.models import Article, Category, ExampleQuestion  # noqa: E402

KARGO_SUMMARY = "Siparişiniz kargoya verildiğinde size SMS ile takip numarası gönderiyoruz."


def main(inbox_id: int) -> None:
    inbox = Inbox.objects.get(pk=inbox_id)
    owner = Agent.objects.filter(workspace_id=inbox.workspace_id, role=Agent.Role.OWNER).first()
    assert owner is not None
    category = Category.objects.create(workspace_id=inbox.workspace_id, slug="kargo", name_tr="Kargo")
    for slug, title, summary, questions in (
        (
            "kargo-takibi",
            "Kargo takibi",
            KARGO_SUMMARY,
            ["kargom nerede kaldı", "siparişimi nasıl takip ederim"],
        ),
        (
            "iade-kosullari",
            "İade koşulları",
            "Ürünü teslim aldıktan sonra 14 gün içinde ücretsiz iade edebilirsiniz.",
            ["iade nasıl yapılır", "ürünü geri göndermek istiyorum"],
        ),
    ):
        article = Article.objects.create(
            workspace_id=inbox.workspace_id,
            category=category,
            slug=slug,
            title=title,
            summary=summary,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        for text in questions:
            ExampleQuestion.objects.create(workspace_id=inbox.workspace_id, article=article, text=text)
    bump(inbox.workspace_id)
    do_set_bot_enabled(owner, inbox, True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
