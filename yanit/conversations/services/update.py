"""Changing a conversation's status, priority, assignee, team, tags and subject.

One function, so every change writes its activity row and one event, whoever made it
(an agent's click, an API call, later a rule).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yanit.accounts.models import Agent, Team
from yanit.conversations.events import ConversationUpdated
from yanit.conversations.models import PRIORITY_BY_NAME, Activity, Conversation, Tag
from yanit.core.errors import NotFound, ValidationFailed
from yanit.core.events import publish_on_commit
from yanit.core.text import tr_lower


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
MAX_TAGS = 30


def check_status(value: str) -> str:
    if value not in Conversation.Status.values:
        raise ValidationFailed(
            _("Unknown status %(value)s.") % {"value": value},
            details={"status": value, "allowed": list(Conversation.Status.values)},
        )
    return value


def check_priority(value: str | int) -> int:
    if isinstance(value, int) and value in Conversation.Priority.values:
        return value
    if isinstance(value, str) and value in PRIORITY_BY_NAME:
        return PRIORITY_BY_NAME[value]
    raise ValidationFailed(
        _("Unknown priority %(value)s.") % {"value": value},
        details={"priority": value, "allowed": list(PRIORITY_BY_NAME)},
    )


def access_assignee(workspace_id: int, agent_id: int | None) -> Agent | None:
    if agent_id is None:
        return None
    agent = (
        Agent.objects.filter(workspace_id=workspace_id, pk=agent_id, is_active=True)
        .select_related("user")
        .first()
    )
    if agent is None:
        raise NotFound(_("Agent not found."), details={"assignee_id": agent_id})
    return agent


def access_team(workspace_id: int, team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    team = Team.objects.filter(workspace_id=workspace_id, pk=team_id).first()
    if team is None:
        raise NotFound(_("Team not found."), details={"team_id": team_id})
    return team


def check_tag_names(names: list[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in names:
        name = " ".join(str(raw).split())[:60]
        if not name:
            continue
        if tr_lower(name) not in {tr_lower(n) for n in cleaned}:
            cleaned.append(name)
    if len(cleaned) > MAX_TAGS:
        raise ValidationFailed(_("At most %(n)d tags.") % {"n": MAX_TAGS})
    return cleaned


def resolve_tags(workspace_id: int, names: list[str]) -> list[Tag]:
    """Existing tags matched Turkish-case-insensitively ("İADE" is "iade"); new ones created."""
    existing = {tr_lower(t.name): t for t in Tag.objects.filter(workspace_id=workspace_id)}
    tags = []
    for name in names:
        tag = existing.get(tr_lower(name))
        if tag is None:
            tag = Tag.objects.create(workspace_id=workspace_id, name=name)
            existing[tr_lower(name)] = tag
        tags.append(tag)
    return tags


def _label(agent: Agent | None) -> str | None:
    return agent.name if agent else None


def do_update_conversation(
    actor: Agent | None,
    conversation: Conversation,
    *,
    status: str = UNSET,
    priority: str | int = UNSET,
    assignee: Agent | None = UNSET,
    team: Team | None = UNSET,
    tags: list[str] = UNSET,
    subject: str = UNSET,
    snoozed_until: datetime | None = UNSET,
    actor_kind: str = "agent",
) -> Conversation:
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        now = timezone.now()
        activities: list[Activity] = []
        changed: list[str] = []

        def record(verb: str, data: dict[str, Any], field_name: str) -> None:
            changed.append(field_name)
            activities.append(
                Activity(
                    workspace_id=conversation.workspace_id,
                    conversation=conversation,
                    actor=actor,
                    actor_kind=actor_kind,
                    verb=verb,
                    data=data,
                    created_at=now,
                )
            )

        if status is not UNSET:
            new_status = check_status(status)
            if new_status == Conversation.Status.SNOOZED and snoozed_until is UNSET:
                raise ValidationFailed(_("Say until when to snooze."), details={"snoozed_until": "required"})
            if new_status != conversation.status:
                record(Activity.Verb.STATUS, {"from": conversation.status, "to": new_status}, "status")
                conversation.status = new_status
                conversation.resolved_at = now if new_status == Conversation.Status.RESOLVED else None
                if new_status != Conversation.Status.SNOOZED:
                    conversation.snoozed_until = None
        if snoozed_until is not UNSET:
            if snoozed_until is not None and snoozed_until <= now:
                raise ValidationFailed(
                    _("Snooze until a time in the future."), details={"snoozed_until": "past"}
                )
            conversation.snoozed_until = snoozed_until
        if priority is not UNSET:
            rank = check_priority(priority)
            if rank != conversation.priority:
                record(Activity.Verb.PRIORITY, {"from": conversation.priority, "to": rank}, "priority")
                conversation.priority = rank
        if assignee is not UNSET:
            if assignee is not None and assignee.workspace_id != conversation.workspace_id:
                raise NotFound(_("Agent not found."))
            if (assignee.pk if assignee else None) != conversation.assignee_id:
                previous = conversation.assignee
                record(
                    Activity.Verb.ASSIGNED,
                    {
                        "from": _label(previous),
                        "to": _label(assignee),
                        "to_id": assignee.pk if assignee else None,
                    },
                    "assignee",
                )
                conversation.assignee = assignee
        if team is not UNSET:
            if team is not None and team.workspace_id != conversation.workspace_id:
                raise NotFound(_("Team not found."))
            if (team.pk if team else None) != conversation.team_id:
                previous_team = conversation.team
                record(
                    Activity.Verb.TEAM,
                    {
                        "from": previous_team.name if previous_team else None,
                        "to": team.name if team else None,
                    },
                    "team",
                )
                conversation.team = team
        if subject is not UNSET:
            new_subject = " ".join(subject.split())[:300]
            if new_subject != conversation.subject:
                record(Activity.Verb.SUBJECT, {"from": conversation.subject, "to": new_subject}, "subject")
                conversation.subject = new_subject
        if tags is not UNSET:
            names = check_tag_names(tags)
            current_rows = list(conversation.tags.values_list("pk", "name"))
            current = sorted(name for _pk, name in current_rows)
            new_tags = resolve_tags(conversation.workspace_id, names)
            new_names = sorted(t.name for t in new_tags)
            if new_names != current:
                added = [n for n in new_names if n not in current]
                removed = [n for n in current if n not in new_names]
                record(Activity.Verb.TAGS, {"added": added, "removed": removed}, "tags")
                # What ``tags.set`` does, without reading the current tags a second time.
                current_ids = {pk for pk, _name in current_rows}
                new_ids = {t.pk for t in new_tags}
                if current_ids - new_ids:
                    conversation.tags.remove(*(current_ids - new_ids))
                if new_ids - current_ids:
                    conversation.tags.add(*[t for t in new_tags if t.pk not in current_ids])

        if changed:
            # Only the columns this service changes: the row also holds the growing search text.
            fields = {"updated_at", "snoozed_until", *changed} - {"tags"}
            if "status" in changed:
                fields.add("resolved_at")
            conversation.save(update_fields=sorted(fields))
            Activity.objects.bulk_create(activities)
            publish_on_commit(
                ConversationUpdated(
                    workspace_id=conversation.workspace_id,
                    conversation_id=conversation.pk,
                    changed=tuple(changed),
                    actor_kind=actor_kind,
                )
            )
    return conversation
