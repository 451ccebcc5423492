"""Conversation and SLA events run the rules, in-process right after commit."""

from __future__ import annotations

from django.db.models.signals import post_save

from yanit.accounts.events import WorkspaceCreated
from yanit.accounts.models import Workspace
from yanit.automation import engine
from yanit.automation.events import RulesChanged
from yanit.automation.models import Trigger
from yanit.automation.scan import SCAN_SECONDS, scan_time_rules
from yanit.automation.setup import on_workspace_created
from yanit.conversations.events import ConversationUpdated, MessageCreated
from yanit.conversations.models import Message
from yanit.core.events import subscribe
from yanit.core.worker import register_periodic
from yanit.sla.events import SlaBreached, SlaEvent, SlaWarning

# The changes "conversation updated" rules react to; timestamps and counters are not changes.
UPDATE_FIELDS = frozenset({"status", "priority", "assignee", "team", "tags"})


def on_message_created(event: MessageCreated) -> None:
    if event.kind != Message.Kind.MESSAGE:
        return  # notes, automated messages (a rule's own replies) and activities run nothing
    if event.direction == Message.Direction.IN:
        # Created rules run on the first message, so they can look at its text too.
        triggers = (Trigger.CONVERSATION_CREATED,) if event.opens_conversation else ()
        engine.run_triggers(
            event.workspace_id,
            (*triggers, Trigger.MESSAGE_RECEIVED),
            event.conversation_id,
            message_id=event.message_id,
        )
    else:
        engine.run_rules(
            event.workspace_id, Trigger.REPLY_SENT, event.conversation_id, message_id=event.message_id
        )


def on_conversation_updated(event: ConversationUpdated) -> None:
    if not UPDATE_FIELDS & set(event.changed):
        return
    engine.run_rules(
        event.workspace_id, Trigger.CONVERSATION_UPDATED, event.conversation_id, cause=event.actor_kind
    )


def on_sla_event(event: SlaEvent) -> None:
    trigger = Trigger.SLA_BREACHED if isinstance(event, SlaBreached) else Trigger.SLA_WARNING
    engine.run_rules(event.workspace_id, trigger, event.conversation_id, sla_metric=event.metric)


def on_rules_changed(event: RulesChanged) -> None:
    engine.invalidate(event.workspace_id)


def on_workspace_saved(sender: type, instance: Workspace, created: bool, **kwargs: object) -> None:
    # Database ids can be reused (SQLite after a rollback): a new workspace starts with no cached rules.
    if created:
        engine.invalidate(instance.pk)


def register() -> None:
    post_save.connect(on_workspace_saved, sender=Workspace, dispatch_uid="automation-workspace-created")
    subscribe(WorkspaceCreated, on_workspace_created)
    subscribe(MessageCreated, on_message_created)
    subscribe(ConversationUpdated, on_conversation_updated)
    subscribe(SlaWarning, on_sla_event)
    subscribe(SlaBreached, on_sla_event)
    subscribe(RulesChanged, on_rules_changed)
    register_periodic("automation-time-rules", SCAN_SECONDS, scan_time_rules)
