"""Public addresses of knowledge base pages (the help center serves them)."""

from __future__ import annotations

from django.conf import settings

from yanit.kb.models import Article


def article_public_path(article: Article) -> str:
    """``/help/<workspace slug>/<language>/<article slug>/``."""
    return f"/help/{article.workspace.slug}/{article.language}/{article.slug}/"


def article_public_url(article: Article) -> str:
    """The absolute address customers get in a chat, an email or an API webhook."""
    return settings.YANIT_BASE_URL + article_public_path(article)
