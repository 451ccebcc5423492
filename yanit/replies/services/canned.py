"""Canned responses: who may see and change which, saving, searching and rendering."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent
from yanit.conversations.models import Conversation
from yanit.core.errors import NotFound, PermissionDenied, ValidationFailed
from yanit.core.events import publish_on_commit
from yanit.core.text import search_fold, search_terms, tr_lower
from yanit.replies.events import CannedResponseUsed
from yanit.replies.language import LANGUAGES
from yanit.replies.models import CannedResponse, Step
from yanit.replies.render import RenderResult, render_text
from yanit.replies.services.variables import conversation_language, variable_values

MAX_BODY_CHARS = 5000
SEARCH_LIMIT = 20
_SHORTCUT_FOLD = str.maketrans({"ı": "i", "ğ": "g", "ü": "u", "ş": "s", "ö": "o", "ç": "c"})


def visible_canned(agent: Agent) -> QuerySet[CannedResponse]:
    """Shared responses of the agent's workspace and the agent's own personal ones."""
    return CannedResponse.objects.filter(
        Q(owner__isnull=True) | Q(owner=agent), workspace_id=agent.workspace_id
    ).select_related("owner__user")


def can_manage(agent: Agent, owner_id: int | None) -> bool:
    """Admins manage shared entries; everyone manages their own personal ones."""
    if owner_id is None:
        return agent.is_admin
    return owner_id == agent.pk


def access_canned(agent: Agent, canned_id: int | str) -> CannedResponse:
    try:
        return visible_canned(agent).get(pk=int(canned_id))
    except (CannedResponse.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Canned response not found."), details={"canned_id": canned_id}) from None


def access_canned_for_change(agent: Agent, canned_id: int | str) -> CannedResponse:
    canned = access_canned(agent, canned_id)
    if not can_manage(agent, canned.owner_id):
        raise PermissionDenied(_("Only admins can change shared canned responses."))
    return canned


def clean_shortcut(raw: str, fallback: str) -> str:
    """A shortcut is lower-case ASCII words joined by hyphens: "Kargo Gecikme" → "kargo-gecikme"."""
    source = (raw or "").strip().lstrip("/") or fallback
    return slugify(tr_lower(source).translate(_SHORTCUT_FOLD))[:60]


@dataclass
class CannedInput:
    title: str
    body_tr: str = ""
    body_en: str = ""
    shortcut: str = ""
    category: str = Step.SOLUTION
    complaint_tag: str = ""
    shared: bool = True


def _check(data: CannedInput) -> CannedInput:
    title = " ".join((data.title or "").split())[:120]
    if not title:
        raise ValidationFailed(_("The canned response needs a title."), details={"title": "required"})
    body_tr = (data.body_tr or "").replace("\r\n", "\n").strip()
    body_en = (data.body_en or "").replace("\r\n", "\n").strip()
    if not body_tr and not body_en:
        raise ValidationFailed(
            _("Write the text in Turkish, English or both."), details={"body_tr": "required"}
        )
    for field, body in (("body_tr", body_tr), ("body_en", body_en)):
        if len(body) > MAX_BODY_CHARS:
            raise ValidationFailed(
                _("The text is longer than %(n)d characters.") % {"n": MAX_BODY_CHARS},
                details={field: "long"},
            )
    if data.category not in Step.values:
        raise ValidationFailed(
            _("Unknown category %(value)s.") % {"value": data.category},
            details={"category": data.category, "allowed": list(Step.values)},
        )
    shortcut = clean_shortcut(data.shortcut, title)
    if not shortcut:
        raise ValidationFailed(_("The shortcut needs letters or digits."), details={"shortcut": "invalid"})
    return CannedInput(
        title=title,
        body_tr=body_tr,
        body_en=body_en,
        shortcut=shortcut,
        category=data.category,
        complaint_tag=" ".join((data.complaint_tag or "").split())[:60],
        shared=data.shared,
    )


def canned_search_text(canned: CannedResponse) -> str:
    return search_fold(" ".join([canned.title, canned.shortcut, canned.body_tr, canned.body_en]))


def do_save_canned(agent: Agent, data: CannedInput, canned: CannedResponse | None = None) -> CannedResponse:
    """Create (``canned`` None) or update a canned response. Shared ones need an admin;
    a personal one belongs to ``agent``. Moving between shared and personal is allowed to admins
    for their own entries only."""
    cleaned = _check(data)
    owner_id = None if cleaned.shared else agent.pk
    if canned is not None and (
        canned.workspace_id != agent.workspace_id or not can_manage(agent, canned.owner_id)
    ):
        raise PermissionDenied(_("Only admins can change shared canned responses."))
    if not can_manage(agent, owner_id):
        raise PermissionDenied(_("Only admins can create shared canned responses."))
    target = canned or CannedResponse(workspace_id=agent.workspace_id)
    target.owner_id = owner_id
    target.title = cleaned.title
    target.shortcut = cleaned.shortcut
    target.body_tr = cleaned.body_tr
    target.body_en = cleaned.body_en
    target.category = cleaned.category
    target.complaint_tag = cleaned.complaint_tag
    target.search_text = canned_search_text(target)
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError:
        raise ValidationFailed(
            _("Another canned response already uses the shortcut /%(shortcut)s.")
            % {"shortcut": cleaned.shortcut},
            details={"shortcut": "taken"},
        ) from None
    return target


def do_delete_canned(agent: Agent, canned: CannedResponse) -> None:
    if canned.workspace_id != agent.workspace_id or not can_manage(agent, canned.owner_id):
        raise PermissionDenied(_("Only admins can delete shared canned responses."))
    canned.delete()


def search_canned(
    agent: Agent,
    q: str = "",
    *,
    category: str | None = None,
    owner: str | None = None,
    limit: int = SEARCH_LIMIT,
) -> list[CannedResponse]:
    """Turkish-folded search over title, shortcut and both texts ("ozur" finds "özür").

    Every word must match. Shortcut matches come first, then the most used. ``owner`` is
    "shared", "mine" or None for both."""
    queryset = visible_canned(agent)
    if category:
        queryset = queryset.filter(category=category)
    if owner == "shared":
        queryset = queryset.filter(owner__isnull=True)
    elif owner == "mine":
        queryset = queryset.filter(owner=agent)
    terms = search_terms(q)
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    found = list(queryset.order_by("-usage_count", "title")[:500])
    if terms:
        first = terms[0]

        def rank(c: CannedResponse) -> tuple[int, int]:
            folded_shortcut = search_fold(c.shortcut).replace(" ", "")
            starts = folded_shortcut.startswith(first) or search_fold(c.title).startswith(first)
            return (0 if starts else 1, -c.usage_count)

        found.sort(key=rank)
    return found[:limit]


def body_for(canned: CannedResponse, language: str) -> str:
    """The text in ``language``, falling back to the other language when that one is empty."""
    preferred = canned.body_en if language == "en" else canned.body_tr
    return preferred or canned.body_tr or canned.body_en


def render_canned_result(
    canned: CannedResponse,
    conversation: Conversation,
    agent: Agent | None = None,
    *,
    language: str | None = None,
) -> RenderResult:
    lang = language if language in LANGUAGES else conversation_language(conversation)
    return render_text(body_for(canned, lang), variable_values(conversation, agent, lang))


def render_canned(canned: CannedResponse, conversation: Conversation, agent: Agent | None = None) -> str:
    """The canned response's text for this conversation: the conversation's language, the
    variables filled (unknown ones left as written). Pure: nothing is saved or counted."""
    return render_canned_result(canned, conversation, agent).text


def do_record_canned_use(canned: CannedResponse, conversation: Conversation, agent: Agent | None) -> None:
    """Count one use (the list puts the most used first) and tell subscribers."""
    CannedResponse.objects.filter(pk=canned.pk).update(usage_count=F("usage_count") + 1)
    publish_on_commit(
        CannedResponseUsed(
            workspace_id=conversation.workspace_id,
            canned_id=canned.pk,
            conversation_id=conversation.pk,
            agent_id=agent.pk if agent else None,
        )
    )
