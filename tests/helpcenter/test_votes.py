from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from tests.helpcenter.conftest import Kb
from yanit.kb.models import Article, ArticleVote
from yanit.kb.services.votes import record_vote


def counts(article: Article) -> tuple[int, int]:
    fresh = Article.objects.get(pk=article.pk)
    return fresh.helpful_yes, fresh.helpful_no


def test_voting_without_javascript_then_changing_the_vote(kb: Kb, visitor: Client) -> None:
    ws = kb.world.workspace.slug
    url = f"/help/{ws}/tr/iade-nasil-yapilir/vote"
    response = visitor.post(url, {"helpful": "yes"})
    assert (response.status_code, response["Location"]) == (
        302,
        f"/help/{ws}/tr/iade-nasil-yapilir/?vote=yes#feedback",
    )
    assert counts(kb.refund) == (1, 0)
    page = visitor.get(response["Location"]).text
    assert "Geri bildiriminiz için teşekkürler! İşinize yaramasına sevindik." in page
    assert 'class="vote chosen" data-testid="vote-yes" aria-pressed="true"' in page
    # The same visitor again: nothing added.
    visitor.post(url, {"helpful": "yes"})
    assert counts(kb.refund) == (1, 0)
    # Changing their mind moves the vote.
    response = visitor.post(url, {"helpful": "no"})
    assert response["Location"].endswith("?vote=no#feedback")
    assert counts(kb.refund) == (0, 1)
    assert ArticleVote.objects.filter(article=kb.refund).count() == 1
    # Another visitor (another address) is another vote.
    Client(REMOTE_ADDR="198.51.100.9", HTTP_USER_AGENT="Mozilla/5.0 test").post(url, {"helpful": "yes"})
    assert counts(kb.refund) == (1, 1)
    # The stored voter is a keyed hash, never the address.
    voters = list(ArticleVote.objects.values_list("voter", flat=True))
    assert all(len(v) == 64 and "203.0.113.7" not in v for v in voters)


def test_json_votes_and_bad_input(kb: Kb, visitor: Client) -> None:
    ws = kb.world.workspace.slug
    url = f"/help/{ws}/en/how-to-return/vote"
    response = visitor.post(url, {"helpful": "no"}, HTTP_ACCEPT="application/json")
    assert response.json() == {"helpful": False}
    response = visitor.post(url, {"helpful": "no"}, HTTP_ACCEPT="application/json")
    assert response.json() == {"helpful": False}
    response = visitor.post(url, {"helpful": "maybe"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert visitor.post(url, {"helpful": "maybe"}).status_code == 302
    assert counts(kb.refund_en) == (0, 1)
    # Drafts can't be voted on; GET is not a vote.
    assert visitor.post(f"/help/{ws}/tr/gizli-kampanya/vote", {"helpful": "yes"}).status_code == 404
    assert visitor.get(url).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_are_all_counted() -> None:
    from tests.factories import make_world
    from tests.helpcenter.conftest import make_article

    w = make_world("Eşzamanlı")
    article = make_article(w, "Ödeme seçenekleri", "odeme")
    if connection.vendor == "sqlite":
        # SQLite serialises writers anyway; the point is PostgreSQL's row locks.
        voters = [f"{i:064x}" for i in range(12)]
        for v in voters:
            record_vote(article, v, True)
        assert counts(article) == (12, 0)
        return
    errors: list[BaseException] = []

    def vote(i: int) -> None:
        try:
            record_vote(article, f"{i % 6:064x}", i % 2 == 0)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = list(ArticleVote.objects.filter(article=article).values_list("helpful", flat=True))
    assert len(rows) == 6
    assert counts(article) == (rows.count(True), rows.count(False))
