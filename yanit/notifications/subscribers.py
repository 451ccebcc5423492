"""Wiring: which domain events notify whom, and how a notification reaches its recipient."""

from __future__ import annotations

import logging

from yanit.accounts.models import Agent
from yanit.conversations.events import ConversationUpdated, MessageCreated
from yanit.conversations.models import Activity, Conversation, Message
from yanit.core.events import subscribe, subscribe_batch
from yanit.core.worker import register_periodic
from yanit.notifications import delivery
from yanit.notifications.events import NotificationCreated, NotificationsRead, ReminderFired
from yanit.notifications.mentions import mentioned_agents
from yanit.notifications.models import Kind, Notification
from yanit.notifications.queries import unread_counts
from yanit.notifications.services.notify import Notify, do_notify, do_notify_many
from yanit.notifications.services.preferences import choices_for
from yanit.routing.events import ConversationWoke
from yanit.sla.events import SlaBreached, SlaEvent

# Reminders fire from their queued job at the due time; the sweep is the safety net.
SWEEP_SECONDS = 60

logger = logging.getLogger(__name__)


# --- delivery -------------------------------------------------------------------------------------


def on_notifications_created(events: list[NotificationCreated]) -> None:
    """Each new notification to its recipient's sockets, and to the email queue when they want it.
    A batch (one SLA scan's breaches) costs three queries, not three per notification, and each
    recipient gets one email for the whole batch."""
    from yanit.notifications.tasks import send_notification_emails

    notifications = list(
        Notification.objects.select_related("recipient__user", "actor__user", "conversation")
        .filter(pk__in=[event.notification_id for event in events])
        .order_by("pk")
    )
    if not notifications:
        return
    choices = choices_for([(n.recipient_id, n.kind) for n in notifications])
    delivery.push_notifications(
        [(n, choices[n.recipient_id, n.kind][1]) for n in notifications],
        unread_counts({n.recipient_id for n in notifications}),
    )
    emails: dict[int, list[int]] = {}
    for notification in notifications:
        if choices[notification.recipient_id, notification.kind][0]:
            emails.setdefault(notification.recipient_id, []).append(notification.pk)
    for ids in emails.values():
        send_notification_emails.enqueue(ids)


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


def _team_members(team_ids: set[int]) -> dict[int, list[Agent]]:
    """The active members of each team, for conversations that have a team but no assignee."""
    if not team_ids:
        return {}
    members: dict[int, list[Agent]] = {}
    through = Agent.teams.through
    for row in through.objects.filter(team_id__in=team_ids, agent__is_active=True).select_related(
        "agent__user"
    ):
        members.setdefault(row.team_id, []).append(row.agent)
    return members


def on_sla_events(events: list[SlaEvent]) -> None:
    """Warnings and breaches to whoever looks after each conversation; a breach, or a warning on a
    conversation nobody owns, also to the workspace's admins. One scan's events are handled
    together: the conversations, teams and admins are read once for all of them."""
    conversations = {
        c.pk: c
        for c in Conversation.objects.select_related("assignee__user", "team").filter(
            pk__in={event.conversation_id for event in events}
        )
    }
    members = _team_members(
        {c.team_id for c in conversations.values() if c.assignee_id is None and c.team_id}
    )
    admins: dict[int, list[Agent]] = {}
    requests = []
    for event in events:
        conversation = conversations.get(event.conversation_id)
        if conversation is None or conversation.workspace_id != event.workspace_id:
            continue
        kind = Kind.SLA_BREACH if isinstance(event, SlaBreached) else Kind.SLA_WARNING
        if conversation.assignee is not None:
            recipients = [conversation.assignee]
        else:
            recipients = list(members.get(conversation.team_id or 0, []))
        if kind == Kind.SLA_BREACH or not recipients:
            # A breach goes up to the supervisors; an unowned conversation's warning goes to them too.
            if conversation.workspace_id not in admins:
                admins[conversation.workspace_id] = _admins(conversation.workspace_id)
            recipients += admins[conversation.workspace_id]
        requests.append(
            Notify(
                recipients,
                kind,
                conversation=conversation,
                data={"metric": event.metric, "due_at": event.due_at, "policy_id": event.policy_id},
            )
        )
    do_notify_many(requests)


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
    subscribe_batch(NotificationCreated, on_notifications_created)
    subscribe(NotificationsRead, on_notifications_read)
    subscribe(ReminderFired, on_reminder_fired)
    subscribe(ConversationUpdated, on_assigned)
    subscribe(MessageCreated, on_note)
    subscribe_batch(SlaEvent, on_sla_events)
    subscribe(ConversationWoke, on_woke)
