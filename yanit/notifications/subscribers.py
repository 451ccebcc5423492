"""Wiring: which domain events notify whom, and how a notification reaches its recipient."""

from __future__ import annotations

import logging

from yanit.accounts.models import Agent
from yanit.conversations.events import ConversationUpdated, MessageCreated
from yanit.conversations.models import Activity, Conversation, Message
from yanit.core.events import subscribe
from yanit.core.worker import register_periodic
from yanit.notifications import delivery
from yanit.notifications.events import NotificationCreated, NotificationsRead, ReminderFired
from yanit.notifications.mentions import mentioned_agents
from yanit.notifications.models import Kind, Notification
from yanit.notifications.services.notify import do_notify
from yanit.notifications.services.preferences import choice_for
from yanit.routing.events import ConversationWoke
from yanit.sla.events import SlaBreached, SlaEvent, SlaWarning

# Reminders fire from their queued job at the due time; the sweep is the safety net.
SWEEP_SECONDS = 60

logger = logging.getLogger(__name__)


# --- delivery -------------------------------------------------------------------------------------


def on_notification_created(event: NotificationCreated) -> None:
    from yanit.notifications.tasks import send_notification_email

    notification = (
        Notification.objects.select_related("recipient__user", "actor__user", "conversation")
        .filter(pk=event.notification_id)
        .first()
    )
    if notification is None:
        return
    email_on, browser = choice_for(notification.recipient_id, notification.kind)
    delivery.push_notification(notification, browser)
    if email_on:
        send_notification_email.enqueue(notification.pk)


def on_notifications_read(event: NotificationsRead) -> None:
    delivery.push_read(event.recipient_id, event.notification_ids)


def on_reminder_fired(event: ReminderFired) -> None:
    delivery.push_timeline_changed(event.workspace_id, event.conversation_id)


# --- sources --------------------------------------------------------------------------------------


def _conversation(conversation_id: int) -> Conversation | None:
    return Conversation.objects.select_related("assignee__user", "team").filter(pk=conversation_id).first()


def on_assigned(event: ConversationUpdated) -> None:
    """The new assignee hears who assigned them, unless they took it themselves."""
    if "assignee" not in event.changed:
        return
    conversation = _conversation(event.conversation_id)
    if conversation is None or conversation.assignee is None:
        return
    activity = (
        Activity.objects.filter(conversation=conversation, verb=Activity.Verb.ASSIGNED)
        .select_related("actor__user")
        .order_by("-created_at", "-id")
        .first()
    )
    actor = activity.actor if activity is not None else None
    if actor is not None and actor.pk == conversation.assignee_id:
        return
    do_notify(
        [conversation.assignee],
        Kind.ASSIGNED,
        conversation=conversation,
        actor=actor,
        data={"by": activity.actor_kind if activity is not None else ""},
    )


def on_note(event: MessageCreated) -> None:
    if event.kind != Message.Kind.NOTE:
        return
    message = (
        Message.objects.select_related("sender_agent__user", "conversation")
        .filter(pk=event.message_id)
        .first()
    )
    if message is None:
        return
    agents = mentioned_agents(message.workspace_id, message.text)
    if agents:
        do_notify(
            agents,
            Kind.MENTION,
            conversation=message.conversation,
            actor=message.sender_agent,
            text=message.text,
            data={"message_id": message.pk},
        )


def _admins(workspace_id: int) -> list[Agent]:
    return list(
        Agent.objects.filter(
            workspace_id=workspace_id, is_active=True, role__in=[Agent.Role.OWNER, Agent.Role.ADMIN]
        ).select_related("user")
    )


def _owners_of(conversation: Conversation) -> list[Agent]:
    """Who looks after a conversation: its assignee, else its team's members."""
    if conversation.assignee is not None:
        return [conversation.assignee]
    if conversation.team is not None:
        return list(conversation.team.members.filter(is_active=True).select_related("user"))
    return []


def _on_sla(event: SlaEvent, kind: str) -> None:
    conversation = _conversation(event.conversation_id)
    if conversation is None or conversation.workspace_id != event.workspace_id:
        return
    recipients = _owners_of(conversation)
    if kind == Kind.SLA_BREACH or not recipients:
        # A breach goes up to the supervisors; an unowned conversation's warning goes to them too.
        recipients += _admins(conversation.workspace_id)
    do_notify(
        recipients,
        kind,
        conversation=conversation,
        data={"metric": event.metric, "due_at": event.due_at, "policy_id": event.policy_id},
    )


def on_sla_warning(event: SlaWarning) -> None:
    _on_sla(event, Kind.SLA_WARNING)


def on_sla_breached(event: SlaBreached) -> None:
    _on_sla(event, Kind.SLA_BREACH)


def on_woke(event: ConversationWoke) -> None:
    """A snoozed conversation is back: its assignee hears it (nobody, when it has none)."""
    conversation = _conversation(event.conversation_id)
    if conversation is None or conversation.workspace_id != event.workspace_id:
        return
    if conversation.assignee is not None:
        do_notify([conversation.assignee], Kind.SNOOZE_WOKE, conversation=conversation)


def sweep_due_reminders() -> None:
    """Fires reminders whose queued job was lost (a crash, a wiped queue); the job and this sweep
    claim each reminder atomically, so it fires once whoever gets there first."""
    from yanit.notifications.services.reminders import do_fire_due_reminders

    do_fire_due_reminders()


def register() -> None:
    register_periodic("reminders-sweep", SWEEP_SECONDS, sweep_due_reminders)
    subscribe(NotificationCreated, on_notification_created)
    subscribe(NotificationsRead, on_notifications_read)
    subscribe(ReminderFired, on_reminder_fired)
    subscribe(ConversationUpdated, on_assigned)
    subscribe(MessageCreated, on_note)
    subscribe(SlaWarning, on_sla_warning)
    subscribe(SlaBreached, on_sla_breached)
    subscribe(ConversationWoke, on_woke)
