"""Who may do what in the knowledge base, and finding rows within a workspace.

Admins and owners write; every agent reads. A row of another workspace is "not found"."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.core.errors import NotFound, PermissionDenied
from yanit.kb.models import Article, Category, KbAsset, SynonymGroup


def require_editor(actor: Agent | None) -> None:
    """``None`` is the system itself (imports, the demo); an agent must be an admin or owner."""
    if actor is not None and not actor.is_admin:
        raise PermissionDenied(_("Only admins can change the knowledge base."))


def _id(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def get_article(workspace_id: int, article_id: int | str) -> Article:
    try:
        return Article.objects.select_related("category").get(workspace_id=workspace_id, pk=_id(article_id))
    except Article.DoesNotExist:
        raise NotFound(_("Article not found."), details={"article_id": article_id}) from None


def get_category(workspace_id: int, category_id: int | str) -> Category:
    try:
        return Category.objects.get(workspace_id=workspace_id, pk=_id(category_id))
    except Category.DoesNotExist:
        raise NotFound(_("Category not found."), details={"category_id": category_id}) from None


def get_asset(workspace_id: int, asset_id: int | str) -> KbAsset:
    try:
        return KbAsset.objects.get(workspace_id=workspace_id, pk=_id(asset_id))
    except KbAsset.DoesNotExist:
        raise NotFound(_("File not found."), details={"asset_id": asset_id}) from None


def get_synonym_group(workspace_id: int, group_id: int | str) -> SynonymGroup:
    try:
        return SynonymGroup.objects.get(workspace_id=workspace_id, pk=_id(group_id))
    except SynonymGroup.DoesNotExist:
        raise NotFound(_("Synonym group not found."), details={"group_id": group_id}) from None
