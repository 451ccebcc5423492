"""Categories: create, change, delete (articles keep living without one) and ordering."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.core.errors import Conflict, ValidationFailed
from yanit.core.events import publish_on_commit
from yanit.kb import index_state
from yanit.kb.body import tr_slug
from yanit.kb.events import CategoryChanged
from yanit.kb.models import Category
from yanit.kb.services.access import require_editor


@dataclass
class CategoryInput:
    name_tr: str
    name_en: str = ""
    description_tr: str = ""
    description_en: str = ""
    icon: str = ""
    slug: str = ""


def _one_line(value: str, limit: int, field: str) -> str:
    cleaned = " ".join((value or "").split())
    if len(cleaned) > limit:
        raise ValidationFailed(_("Longer than %(n)d characters.") % {"n": limit}, details={field: "long"})
    return cleaned


def save_category(
    workspace_id: int, data: CategoryInput, *, actor: Agent | None = None, category: Category | None = None
) -> Category:
    require_editor(actor)
    name_tr = _one_line(data.name_tr, 120, "name_tr")
    if not name_tr:
        raise ValidationFailed(_("The category needs a Turkish name."), details={"name_tr": "required"})
    target = category or Category(workspace_id=workspace_id)
    target.name_tr = name_tr
    target.name_en = _one_line(data.name_en, 120, "name_en")
    target.description_tr = _one_line(data.description_tr, 300, "description_tr")
    target.description_en = _one_line(data.description_en, 300, "description_en")
    target.icon = _one_line(data.icon, 8, "icon")
    requested = tr_slug(data.slug, 80) if data.slug else ""
    taken = Category.objects.filter(workspace_id=workspace_id).exclude(pk=target.pk)
    if requested:
        if taken.filter(slug=requested).exists():
            raise ValidationFailed(
                _("Another category already uses the address %(slug)s.") % {"slug": requested},
                details={"slug": "taken"},
            )
        target.slug = requested
    elif not target.slug:
        base = tr_slug(name_tr, 70) or "kategori"
        candidate, n = base, 1
        while taken.filter(slug=candidate).exists():
            n += 1
            candidate = f"{base}-{n}"
        target.slug = candidate
    try:
        with transaction.atomic():
            if target.pk is None:
                last = Category.objects.filter(workspace_id=workspace_id).aggregate(p=Max("position"))["p"]
                target.position = 0 if last is None else last + 1
            target.save()
            index_state.bump(workspace_id)
    except IntegrityError:
        raise Conflict(_("Another category uses this address."), details={"slug": "taken"}) from None
    change = "created" if category is None else "updated"
    publish_on_commit(CategoryChanged(workspace_id=workspace_id, category_id=target.pk, change=change))
    return target


def delete_category(category: Category, *, actor: Agent | None = None) -> None:
    """Its articles stay, without a category."""
    require_editor(actor)
    category_id = category.pk
    with transaction.atomic():
        category.delete()
        index_state.bump(category.workspace_id)
    publish_on_commit(
        CategoryChanged(workspace_id=category.workspace_id, category_id=category_id, change="deleted")
    )


def reorder_categories(workspace_id: int, ordered_ids: list[int], *, actor: Agent | None = None) -> None:
    """Put the categories in this order; ones left out keep their relative order after them."""
    require_editor(actor)
    with transaction.atomic():
        current = list(Category.objects.select_for_update().filter(workspace_id=workspace_id))
        by_id = {c.pk: c for c in current}
        unknown = [i for i in ordered_ids if i not in by_id]
        if unknown:
            raise ValidationFailed(_("Category not found."), details={"category_id": unknown[0]})
        order = list(dict.fromkeys(ordered_ids)) + [c.pk for c in current if c.pk not in set(ordered_ids)]
        for position, category_id in enumerate(order):
            by_id[category_id].position = position
        Category.objects.bulk_update(current, ["position"])
        index_state.bump(workspace_id)
    publish_on_commit(CategoryChanged(workspace_id=workspace_id, category_id=0, change="reordered"))


def move_category(category: Category, offset: int, *, actor: Agent | None = None) -> None:
    """One step up (-1) or down (+1)."""
    ids = list(Category.objects.filter(workspace_id=category.workspace_id).values_list("pk", flat=True))
    index = ids.index(category.pk)
    new_index = max(0, min(len(ids) - 1, index + offset))
    ids.insert(new_index, ids.pop(index))
    reorder_categories(category.workspace_id, ids, actor=actor)
