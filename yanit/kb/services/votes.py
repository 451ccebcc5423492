""" "Was this helpful?" votes: one per visitor and article, the counters always equal to the votes.

Votes don't bump the index state: they change no text, and visitors vote far more often than
editors write, so bumping would make every process rebuild its search index for nothing."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q

from yanit.core.events import publish_on_commit
from yanit.kb.events import ArticleVoted
from yanit.kb.models import Article, ArticleVote


def record_vote(article: Article, voter: str, helpful: bool) -> Article:
    """Record ``voter``'s answer, replacing their earlier one. The article row is locked and the
    counters recounted from the votes, so concurrent votes never leave them off by one."""
    voter = (voter or "")[:64]
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        ArticleVote.objects.update_or_create(article=locked, voter=voter, defaults={"helpful": helpful})
        counts = ArticleVote.objects.filter(article=locked).aggregate(
            yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False))
        )
        locked.helpful_yes, locked.helpful_no = counts["yes"], counts["no"]
        locked.save(update_fields=["helpful_yes", "helpful_no"])
    publish_on_commit(ArticleVoted(workspace_id=locked.workspace_id, article_id=locked.pk, helpful=helpful))
    article.helpful_yes, article.helpful_no = locked.helpful_yes, locked.helpful_no
    return article
