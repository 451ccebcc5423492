"""Conversation events drive the timers; the worker's periodic loop drives the scan."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from yanit.accounts.models import Workspace
from yanit.conversations.events import ConversationCreated, ConversationUpdated, MessageCreated
from yanit.conversations.models import Message, Tag
from yanit.core.events import subscribe
from yanit.core.worker import register_periodic
from yanit.inboxes.models import Inbox
from yanit.sla.models import SlaPolicy
from yanit.sla.scan import SCAN_SECONDS, scan_all
from yanit.sla.timers import invalidate_policies, reconcile

# Changes that decide which clocks run and how long they are: everything else is ignored.
TIMER_FIELDS = {"status", "first_response_at"}
TARGET_FIELDS = {"priority", "tags", "team", "inbox"}


def on_conversation_created(event: ConversationCreated) -> None:
    reconcile(event.conversation_id)


def on_message_created(event: MessageCreated) -> None:
    # The opening message is covered by ConversationCreated; notes and automated messages
    # (acknowledgements) never start or stop a clock.
    if event.opens_conversation or event.kind != Message.Kind.MESSAGE:
        return
    reconcile(event.conversation_id)


def on_conversation_updated(event: ConversationUpdated) -> None:
    changed = set(event.changed)
    if changed & TARGET_FIELDS:
        reconcile(event.conversation_id, retarget=True)
    elif changed & TIMER_FIELDS:
        reconcile(event.conversation_id)


def _policies_changed(workspace_id: int | None) -> None:
    if workspace_id is None:
        return
    # Now, and again on commit: a reader between the change and its commit may have cached
    # the old rows.
    invalidate_policies(workspace_id)
    transaction.on_commit(lambda: invalidate_policies(workspace_id))


def on_policy_saved(sender: type, instance: SlaPolicy, **kwargs: Any) -> None:
    _policies_changed(instance.workspace_id)


def on_policy_narrowing_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    # policy.inboxes / policy.tags edited (instance is the policy), or from the other side.
    _policies_changed(getattr(instance, "workspace_id", None))


def on_narrowing_deleted(sender: type, instance: Inbox | Tag, **kwargs: Any) -> None:
    # Deleting an inbox or tag drops it from the policies that narrow by it.
    _policies_changed(instance.workspace_id)


def on_workspace_saved(sender: type, instance: Workspace, created: bool, **kwargs: Any) -> None:
    # Database ids can be reused (SQLite after a rollback): a new workspace has no policies yet.
    if created:
        invalidate_policies(instance.pk)


def register() -> None:
    post_save.connect(on_policy_saved, sender=SlaPolicy, dispatch_uid="sla-policy-saved")
    post_delete.connect(on_policy_saved, sender=SlaPolicy, dispatch_uid="sla-policy-deleted")
    for through in (SlaPolicy.inboxes.through, SlaPolicy.tags.through):
        m2m_changed.connect(
            on_policy_narrowing_changed, sender=through, dispatch_uid=f"sla-{through.__name__}"
        )
    post_delete.connect(on_narrowing_deleted, sender=Inbox, dispatch_uid="sla-inbox-deleted")
    post_delete.connect(on_narrowing_deleted, sender=Tag, dispatch_uid="sla-tag-deleted")
    post_save.connect(on_workspace_saved, sender=Workspace, dispatch_uid="sla-workspace-created")
    subscribe(ConversationCreated, on_conversation_created)
    subscribe(MessageCreated, on_message_created)
    subscribe(ConversationUpdated, on_conversation_updated)
    register_periodic("sla-scan", SCAN_SECONDS, scan_all)
