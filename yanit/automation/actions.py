"""Running a matched rule's actions through the existing services, as actor "rule:<id>".

Changes to the conversation itself (priority, status, tags, assignee, team, snooze) go through
one ``do_update_conversation`` call, so a rule run publishes one ``ConversationUpdated``; the
other actions (notes, replies, suggestions, macros, notifications, webhooks) follow, each in its
own savepoint so one failing action is logged without undoing the others.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from yanit.accounts.models import Agent, Team
from yanit.automation.models import ReplySuggestion, WebhookCall
from yanit.conversations.models import PRIORITY_BY_NAME, PRIORITY_NAMES, Conversation
from yanit.conversations.services.reply import do_send_automated_reply, do_send_reply
from yanit.conversations.services.update import do_update_conversation
from yanit.core.text import search_fold

logger = logging.getLogger(__name__)

UPDATE_ACTIONS = frozenset(
    {
        "set_priority",
        "set_status",
        "add_tags",
        "remove_tags",
        "assign_agent",
        "assign_team",
        "snooze",
        "resolve",
    }
)


@dataclass
class Outcome:
    # Display parts for the timeline and the run log: [["priority", "high"], ["tags_added", [...]]].
    parts: list[list[Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def snooze_until(conversation: Conversation, action: dict[str, Any], now: datetime) -> datetime:
    if action.get("until") != "next_open":
        return now + timedelta(hours=int(action["hours"]))
    from yanit.sla.clock import current_interval_end, next_open_at
    from yanit.sla.schedules import schedule_for

    schedule = schedule_for(conversation.workspace_id, conversation.team_id)
    if schedule is None:
        return now + timedelta(hours=24)  # no business hours: "tomorrow, same time"
    start = current_interval_end(schedule, now) or now
    opens = next_open_at(schedule, start + timedelta(seconds=1))
    return opens if opens is not None and opens > now else now + timedelta(hours=24)


def _update_kwargs(
    conversation: Conversation, actions: list[dict[str, Any]], now: datetime
) -> tuple[dict[str, Any], list[list[Any]]]:
    kwargs: dict[str, Any] = {}
    parts: list[list[Any]] = []
    current = list(conversation.tags.values_list("name", flat=True))
    tags = list(current)
    for action in actions:
        kind = action["type"]
        if kind == "set_priority":
            if action.get("raise_only") and PRIORITY_BY_NAME[action["priority"]] <= conversation.priority:
                continue
            kwargs["priority"] = action["priority"]
        elif kind == "set_status":
            kwargs["status"] = action["status"]
        elif kind == "resolve":
            kwargs["status"] = Conversation.Status.RESOLVED
        elif kind == "snooze":
            kwargs["status"] = Conversation.Status.SNOOZED
            kwargs["snoozed_until"] = snooze_until(conversation, action, now)
        elif kind == "add_tags":
            folded = {search_fold(t) for t in tags}
            tags += [t for t in action["tags"] if search_fold(t) not in folded]
        elif kind == "remove_tags":
            drop = {search_fold(t) for t in action["tags"]}
            tags = [t for t in tags if search_fold(t) not in drop]
        elif kind == "assign_agent":
            kwargs["assignee"] = (
                Agent.objects.select_related("user").filter(pk=action["agent_id"], is_active=True).first()
            )
        elif kind == "assign_team":
            kwargs["team"] = Team.objects.filter(pk=action["team_id"]).first()
    if tags != current:
        kwargs["tags"] = tags
    # What will actually change, for the one timeline line.
    if "priority" in kwargs and PRIORITY_NAMES.get(conversation.priority) != kwargs["priority"]:
        parts.append(["priority", kwargs["priority"]])
    if "status" in kwargs and kwargs["status"] != conversation.status:
        if kwargs["status"] == Conversation.Status.SNOOZED:
            parts.append(["snoozed", kwargs["snoozed_until"].isoformat()])
        else:
            parts.append(["status", kwargs["status"]])
    if "tags" in kwargs:
        added = [t for t in tags if search_fold(t) not in {search_fold(c) for c in current}]
        removed = [t for t in current if search_fold(t) not in {search_fold(n) for n in tags}]
        if added:
            parts.append(["tags_added", added])
        if removed:
            parts.append(["tags_removed", removed])
    if "assignee" in kwargs:
        agent = kwargs["assignee"]
        if agent is None:
            del kwargs["assignee"]  # the agent left since the rule was saved: leave it as it is
        elif agent.pk != conversation.assignee_id:
            parts.append(["assignee", agent.name])
    if "team" in kwargs:
        team = kwargs["team"]
        if team is None:
            del kwargs["team"]
        elif team.pk != conversation.team_id:
            parts.append(["team", team.name])
    return kwargs, parts


def run_actions(
    rule_id: int, rule_name: str, conversation: Conversation, actions: list[dict[str, Any]]
) -> Outcome:
    """Run ``actions`` on ``conversation``; call inside a transaction.

    Each action sees the conversation as the one before left it; after the last one the
    instance may be stale (the engine reads the conversation again after a rule's run).
    """
    outcome = Outcome()
    actor_kind = f"rule:{rule_id}"
    now = timezone.now()
    updates = [a for a in actions if a["type"] in UPDATE_ACTIONS]
    others = [a for a in actions if a["type"] not in UPDATE_ACTIONS]
    if updates:
        try:
            with transaction.atomic():
                kwargs, parts = _update_kwargs(conversation, updates, now)
                if parts:
                    do_update_conversation(None, conversation, actor_kind=actor_kind, **kwargs)
                    outcome.parts += parts
        except Exception as exc:  # a bad value must not stop the other actions
            logger.warning("rule %s: update failed: %s", rule_id, exc)
            outcome.errors.append(f"{updates[0]['type']}: {exc}")
        if others:
            conversation.refresh_from_db()
    for position, action in enumerate(others, 1):
        try:
            with transaction.atomic():
                part = _run_one(rule_id, rule_name, conversation, action, actor_kind)
            if part is not None:
                outcome.parts.append(part)
        except Exception as exc:
            logger.warning("rule %s: action %s failed: %s", rule_id, action["type"], exc)
            outcome.errors.append(f"{action['type']}: {exc}")
        if position < len(others):
            conversation.refresh_from_db()
    return outcome


def _run_one(
    rule_id: int, rule_name: str, conversation: Conversation, action: dict[str, Any], actor_kind: str
) -> list[Any] | None:
    from yanit.replies.models import CannedResponse, Macro

    kind = action["type"]
    if kind == "add_note":
        # A note without an agent is the system's: the timeline shows it as automation.
        do_send_reply(cast(Agent, None), conversation, action["text"], private=True)
        return ["note", action["text"][:80]]
    if kind == "send_canned":
        from yanit.replies.services.canned import do_record_canned_use, render_canned

        canned = CannedResponse.objects.get(pk=action["canned_id"], workspace_id=conversation.workspace_id)
        text = render_canned(canned, conversation)
        do_send_automated_reply(conversation, text, metadata={"rule_id": rule_id, "canned_id": canned.pk})
        do_record_canned_use(canned, conversation, None)
        return ["canned_sent", canned.title]
    if kind == "suggest_canned":
        canned = CannedResponse.objects.get(pk=action["canned_id"], workspace_id=conversation.workspace_id)
        _row, created = ReplySuggestion.objects.get_or_create(
            conversation=conversation,
            canned=canned,
            defaults={"workspace_id": conversation.workspace_id, "rule_id": rule_id},
        )
        return ["suggested", canned.title] if created else None
    if kind == "apply_macro":
        from yanit.replies.services.macros import apply_macro

        macro = Macro.objects.get(pk=action["macro_id"], workspace_id=conversation.workspace_id)
        apply_macro(None, conversation, macro, actor_kind=actor_kind)
        return ["macro", macro.name]
    if kind == "notify":
        return _notify(rule_id, rule_name, conversation, action)
    if kind == "webhook":
        return _queue_webhook(rule_id, rule_name, conversation, action)
    if kind == "auto_assign":
        return _auto_assign(conversation, actor_kind)
    raise ValueError(f"unknown action {kind}")


def _notify(
    rule_id: int, rule_name: str, conversation: Conversation, action: dict[str, Any]
) -> list[Any] | None:
    from yanit.notifications.services.notify import do_notify

    target = action["target"]
    if target == "assignee":
        recipients = [conversation.assignee] if conversation.assignee is not None else []
    elif target == "agent":
        recipients = list(Agent.objects.filter(pk=action["agent_id"]).select_related("user"))
    else:
        recipients = list(
            Agent.objects.filter(teams__pk=action["team_id"], is_active=True).select_related("user")
        )
    created = do_notify(
        recipients,
        "rule",
        conversation=conversation,
        text=action.get("text") or rule_name,
        data={"rule_id": rule_id, "rule": rule_name},
        dedupe=False,
    )
    if not created:
        return None
    return ["notified", sorted(n.recipient.name for n in created)]


def _queue_webhook(
    rule_id: int, rule_name: str, conversation: Conversation, action: dict[str, Any]
) -> list[Any]:
    from yanit.automation.tasks import call_webhook, webhook_payload
    from yanit.core.secrets import encrypt_secret

    call = WebhookCall.objects.create(
        secret=encrypt_secret(action["secret"]),
        workspace_id=conversation.workspace_id,
        rule_id=rule_id,
        conversation=conversation,
        url=action["url"],
        payload=webhook_payload(rule_id, rule_name, conversation),
    )
    transaction.on_commit(lambda: call_webhook.enqueue(call.pk))
    return ["webhook", action["url"]]


def _auto_assign(conversation: Conversation, actor_kind: str) -> list[Any] | None:
    from yanit.routing.services.assign import do_auto_assign

    agent = do_auto_assign(conversation, actor_kind=actor_kind)
    return ["assignee", agent.name] if agent is not None else None
