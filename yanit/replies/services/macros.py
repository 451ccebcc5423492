"""Macros: a named list of actions applied to a conversation in one click.

Every action goes through the conversations services (reply, note, update), inside one
transaction: a macro that can't finish (a canned response deleted since) changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent, Team
from yanit.conversations.models import Activity, Conversation
from yanit.conversations.services.reply import do_send_automated_reply, do_send_reply
from yanit.conversations.services.update import (
    check_priority,
    check_tag_names,
    do_update_conversation,
)
from yanit.core.errors import NotFound, PermissionDenied, ValidationFailed
from yanit.core.events import publish_on_commit
from yanit.core.text import tr_lower
from yanit.replies.events import MacroApplied
from yanit.replies.models import CannedResponse, Macro
from yanit.replies.render import render_text
from yanit.replies.services.canned import can_manage, do_record_canned_use, render_canned
from yanit.replies.services.variables import conversation_language, variable_values

MAX_ACTIONS = 20
MAX_NOTE_CHARS = 5000
ACTION_TYPES = (
    "reply",
    "add_tags",
    "remove_tags",
    "set_status",
    "set_priority",
    "assign_agent",
    "assign_team",
    "note",
)
# Snoozing needs a time, so a one-click macro sets only these.
MACRO_STATUSES = (Conversation.Status.OPEN, Conversation.Status.PENDING, Conversation.Status.RESOLVED)
# "assign_agent" to the agent who applies the macro.
ASSIGN_SELF = "me"


def visible_macros(agent: Agent) -> QuerySet[Macro]:
    return Macro.objects.filter(Q(owner__isnull=True) | Q(owner=agent), workspace_id=agent.workspace_id)


def access_macro(agent: Agent, macro_id: int | str) -> Macro:
    try:
        return visible_macros(agent).get(pk=int(macro_id))
    except (Macro.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Macro not found."), details={"macro_id": macro_id}) from None


def access_macro_for_change(agent: Agent, macro_id: int | str) -> Macro:
    macro = access_macro(agent, macro_id)
    if not can_manage(agent, macro.owner_id):
        raise PermissionDenied(_("Only admins can change shared macros."))
    return macro


def _int(value: Any, field: str) -> int:
    if isinstance(value, bool):
        raise ValidationFailed(_("Choose an entry from the list."), details={field: value})
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(_("Choose an entry from the list."), details={field: value}) from None


def check_actions(workspace_id: int, owner_id: int | None, actions: Any) -> list[dict[str, Any]]:
    """Validated, normalised actions. References (canned response, agent, team) must exist in
    the workspace; a shared macro may only reply with a shared canned response."""
    if not isinstance(actions, list) or not actions:
        raise ValidationFailed(_("Add at least one action."), details={"actions": "required"})
    if len(actions) > MAX_ACTIONS:
        raise ValidationFailed(_("At most %(n)d actions.") % {"n": MAX_ACTIONS})
    cleaned: list[dict[str, Any]] = []
    for position, raw in enumerate(actions, start=1):
        if not isinstance(raw, dict) or raw.get("type") not in ACTION_TYPES:
            raise ValidationFailed(
                _("Action %(n)d: unknown action.") % {"n": position},
                details={"action": position, "allowed": list(ACTION_TYPES)},
            )
        kind = raw["type"]
        if kind == "reply":
            canned_id = _int(raw.get("canned_id"), "canned_id")
            visible = CannedResponse.objects.filter(workspace_id=workspace_id, pk=canned_id)
            visible = (
                visible.filter(owner__isnull=True)
                if owner_id is None
                else visible.filter(Q(owner__isnull=True) | Q(owner_id=owner_id))
            )
            if not visible.exists():
                raise NotFound(_("Canned response not found."), details={"canned_id": canned_id})
            cleaned.append({"type": kind, "canned_id": canned_id})
        elif kind in ("add_tags", "remove_tags"):
            raw_tags = raw.get("tags")
            names = check_tag_names(raw_tags if isinstance(raw_tags, list) else [])
            if not names:
                raise ValidationFailed(_("Action %(n)d: name at least one tag.") % {"n": position})
            cleaned.append({"type": kind, "tags": names})
        elif kind == "set_status":
            status = raw.get("status")
            if status not in MACRO_STATUSES:
                raise ValidationFailed(
                    _("Action %(n)d: a macro can set the status to open, pending or resolved.")
                    % {"n": position},
                    details={"status": status, "allowed": list(MACRO_STATUSES)},
                )
            cleaned.append({"type": kind, "status": status})
        elif kind == "set_priority":
            rank = check_priority(raw.get("priority"))  # type: ignore[arg-type]
            cleaned.append({"type": kind, "priority": rank})
        elif kind == "assign_agent":
            target = raw.get("agent_id")
            if target in (None, ""):
                cleaned.append({"type": kind, "agent_id": None})
            elif target == ASSIGN_SELF:
                cleaned.append({"type": kind, "agent_id": ASSIGN_SELF})
            else:
                agent_id = _int(target, "agent_id")
                if not Agent.objects.filter(workspace_id=workspace_id, pk=agent_id, is_active=True).exists():
                    raise NotFound(_("Agent not found."), details={"agent_id": agent_id})
                cleaned.append({"type": kind, "agent_id": agent_id})
        elif kind == "assign_team":
            target = raw.get("team_id")
            if target in (None, ""):
                cleaned.append({"type": kind, "team_id": None})
            else:
                team_id = _int(target, "team_id")
                if not Team.objects.filter(workspace_id=workspace_id, pk=team_id).exists():
                    raise NotFound(_("Team not found."), details={"team_id": team_id})
                cleaned.append({"type": kind, "team_id": team_id})
        elif kind == "note":
            text = str(raw.get("text") or "").replace("\r\n", "\n").strip()
            if not text:
                raise ValidationFailed(_("Action %(n)d: write the note.") % {"n": position})
            if len(text) > MAX_NOTE_CHARS:
                raise ValidationFailed(_("The note is longer than %(n)d characters.") % {"n": MAX_NOTE_CHARS})
            cleaned.append({"type": kind, "text": text})
    return cleaned


@dataclass
class MacroInput:
    name: str
    actions: list[dict[str, Any]]
    description: str = ""
    shared: bool = True


def do_save_macro(agent: Agent, data: MacroInput, macro: Macro | None = None) -> Macro:
    name = " ".join((data.name or "").split())[:120]
    if not name:
        raise ValidationFailed(_("The macro needs a name."), details={"name": "required"})
    owner_id = None if data.shared else agent.pk
    if macro is not None and (
        macro.workspace_id != agent.workspace_id or not can_manage(agent, macro.owner_id)
    ):
        raise PermissionDenied(_("Only admins can change shared macros."))
    if not can_manage(agent, owner_id):
        raise PermissionDenied(_("Only admins can create shared macros."))
    actions = check_actions(agent.workspace_id, owner_id, data.actions)
    target = macro or Macro(workspace_id=agent.workspace_id)
    target.owner_id = owner_id
    target.name = name
    target.description = " ".join((data.description or "").split())[:300]
    target.actions = actions
    target.save()
    return target


def do_delete_macro(agent: Agent, macro: Macro) -> None:
    if macro.workspace_id != agent.workspace_id or not can_manage(agent, macro.owner_id):
        raise PermissionDenied(_("Only admins can delete shared macros."))
    macro.delete()


def _tag_names(conversation: Conversation) -> list[str]:
    return list(conversation.tags.order_by("name").values_list("name", flat=True))


def apply_macro(
    agent: Agent | None,
    conversation: Conversation,
    macro: Macro,
    *,
    actor_kind: str | None = None,
) -> Conversation:
    """Run the macro's actions in order on ``conversation``, in one transaction.

    ``agent`` is who applies it (replies are sent as that agent). A rule passes ``agent=None``
    and its own ``actor_kind`` ("rule:12"): replies then go out as automated messages and
    only shared macros may run. The timeline gets "Macro '…' applied" and one row per change.
    """
    if macro.workspace_id != conversation.workspace_id:
        raise NotFound(_("Macro not found."), details={"macro_id": macro.pk})
    if macro.owner_id is not None and (agent is None or macro.owner_id != agent.pk):
        raise PermissionDenied(_("This personal macro belongs to another agent."))
    kind = actor_kind or ("agent" if agent else "system")
    # Checked again now: a canned response, agent or team may have gone since the macro was saved.
    actions = check_actions(macro.workspace_id, macro.owner_id, macro.actions)
    with transaction.atomic():
        conversation = (
            Conversation.objects.select_for_update(of=("self",))
            .select_related("contact", "inbox", "workspace", "assignee__user")
            .get(pk=conversation.pk)
        )
        Activity.objects.create(
            workspace_id=conversation.workspace_id,
            conversation=conversation,
            actor=agent,
            actor_kind=kind,
            verb=Activity.Verb.MACRO,
            data={"macro_id": macro.pk, "name": macro.name, "actions": [a["type"] for a in actions]},
            created_at=timezone.now(),
        )
        for action in actions:
            _run(agent, conversation, action, kind)
            conversation.refresh_from_db()
        Macro.objects.filter(pk=macro.pk).update(usage_count=F("usage_count") + 1)
        publish_on_commit(
            MacroApplied(
                workspace_id=conversation.workspace_id,
                macro_id=macro.pk,
                conversation_id=conversation.pk,
                agent_id=agent.pk if agent else None,
                actions=tuple(a["type"] for a in actions),
            )
        )
    return conversation


def _run(agent: Agent | None, conversation: Conversation, action: dict[str, Any], actor_kind: str) -> None:
    kind = action["type"]
    if kind == "reply":
        canned = CannedResponse.objects.get(pk=action["canned_id"])
        text = render_canned(canned, conversation, agent)
        if agent is not None:
            do_send_reply(agent, conversation, text)
        else:
            do_send_automated_reply(conversation, text, metadata={"macro": True, "canned_id": canned.pk})
        do_record_canned_use(canned, conversation, agent)
    elif kind == "note":
        language = conversation_language(conversation)
        text = render_text(action["text"], variable_values(conversation, agent, language)).text
        # A note without an agent (a rule's macro) is a system note: the service accepts that.
        do_send_reply(cast(Agent, agent), conversation, text, private=True)
    elif kind in ("add_tags", "remove_tags"):
        current = _tag_names(conversation)
        folded = {tr_lower(n) for n in action["tags"]}
        if kind == "add_tags":
            names = current + [n for n in action["tags"] if tr_lower(n) not in {tr_lower(c) for c in current}]
        else:
            names = [n for n in current if tr_lower(n) not in folded]
        do_update_conversation(agent, conversation, tags=names, actor_kind=actor_kind)
    elif kind == "set_status":
        do_update_conversation(agent, conversation, status=action["status"], actor_kind=actor_kind)
    elif kind == "set_priority":
        do_update_conversation(agent, conversation, priority=action["priority"], actor_kind=actor_kind)
    elif kind == "assign_agent":
        target_id = action["agent_id"]
        if target_id == ASSIGN_SELF:
            if agent is None:
                return  # a rule has no "me"; leave the assignee as it is
            assignee: Agent | None = agent
        elif target_id is None:
            assignee = None
        else:
            assignee = Agent.objects.select_related("user").get(pk=target_id)
        do_update_conversation(agent, conversation, assignee=assignee, actor_kind=actor_kind)
    elif kind == "assign_team":
        team = Team.objects.get(pk=action["team_id"]) if action["team_id"] is not None else None
        do_update_conversation(agent, conversation, team=team, actor_kind=actor_kind)
