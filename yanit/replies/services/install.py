"""Installing the shipped canned responses and macros into a workspace."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from yanit.accounts.models import Workspace
from yanit.core.text import search_fold
from yanit.replies.defaults import DEFAULT_CANNED, DEFAULT_MACROS
from yanit.replies.models import CannedResponse, Macro
from yanit.replies.services.macros import check_actions


@dataclass(frozen=True)
class Installed:
    canned: int
    macros: int


def install_default_replies(workspace: Workspace) -> Installed:
    """Add the shipped defaults the workspace doesn't have yet. Idempotent: a default is found
    again by its key, so running this twice (or after an admin edited or deleted one — deleted
    ones come back, edited ones are kept as edited) never duplicates anything. A shortcut an
    admin already uses for something else is left to them: that default is skipped."""
    english = workspace.language == "en"
    with transaction.atomic():
        have_keys = set(
            CannedResponse.objects.filter(workspace=workspace)
            .exclude(default_key="")
            .values_list("default_key", flat=True)
        )
        taken = set(
            CannedResponse.objects.filter(workspace=workspace, owner__isnull=True).values_list(
                "shortcut", flat=True
            )
        )
        new_canned = []
        for d in DEFAULT_CANNED:
            if d.key in have_keys or d.shortcut in taken:
                continue
            title = d.title_en if english else d.title_tr
            new_canned.append(
                CannedResponse(
                    workspace=workspace,
                    owner=None,
                    title=title,
                    shortcut=d.shortcut,
                    body_tr=d.body_tr,
                    body_en=d.body_en,
                    category=d.category,
                    complaint_tag=d.complaint_tag,
                    default_key=d.key,
                    search_text=search_fold(" ".join([title, d.shortcut, d.body_tr, d.body_en])),
                )
            )
        CannedResponse.objects.bulk_create(new_canned)
        canned_ids = dict(
            CannedResponse.objects.filter(workspace=workspace)
            .exclude(default_key="")
            .values_list("default_key", "pk")
        )
        have_macros = set(
            Macro.objects.filter(workspace=workspace)
            .exclude(default_key="")
            .values_list("default_key", flat=True)
        )
        new_macros = []
        for m in DEFAULT_MACROS:
            if m.key in have_macros:
                continue
            actions = []
            for action in m.actions:
                if action["type"] == "reply":
                    canned_id = canned_ids.get(str(action["canned"]))
                    if canned_id is None:
                        continue
                    actions.append({"type": "reply", "canned_id": canned_id})
                else:
                    actions.append(dict(action))
            new_macros.append(
                Macro(
                    workspace=workspace,
                    owner=None,
                    name=m.name_en if english else m.name_tr,
                    description=m.description_en if english else m.description_tr,
                    actions=check_actions(workspace.pk, None, actions),
                    default_key=m.key,
                )
            )
        Macro.objects.bulk_create(new_macros)
    return Installed(canned=len(new_canned), macros=len(new_macros))


def complaint_response(workspace_id: int, tag: str) -> CannedResponse | None:
    """The shared acknowledge-apologise-fix response for a complaint category tag (compared
    Turkish-folded, so "Kargo Gecikmesi" finds "kargo gecikmesi"); None when there is none."""
    wanted = search_fold(tag)
    for canned in CannedResponse.objects.filter(
        workspace_id=workspace_id, owner__isnull=True, category="complaint"
    ).exclude(complaint_tag=""):
        if search_fold(canned.complaint_tag) == wanted:
            return canned
    return None
