"""The demo workspace comes with the store's FAQ, loaded once."""

from __future__ import annotations

import pytest

from yanit.accounts.models import Workspace
from yanit.bot.decide import suggest
from yanit.demo import DEMO_WORKSPACE, load_demo
from yanit.kb.data.faq import faq_data
from yanit.kb.models import Article, Category

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_has_the_faq_and_loading_again_adds_nothing() -> None:
    assert load_demo() is True
    workspace = Workspace.objects.get(name=DEMO_WORKSPACE)
    data = faq_data()
    expected = len(data["articles"]) + sum(1 for row in data["articles"] if row.get("en"))
    assert Article.objects.filter(workspace=workspace, status=Article.Status.PUBLISHED).count() == expected
    assert Category.objects.filter(workspace=workspace).count() == len(data["categories"])
    result = suggest(workspace.pk, "kargo ucreti ne kadar")
    assert result.decision == "answer"
    assert Article.objects.get(pk=result.article_id).slug == "kargo-ucreti"
    assert load_demo() is False
    assert Article.objects.filter(workspace=workspace).count() == expected
