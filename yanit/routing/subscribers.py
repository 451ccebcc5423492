"""Routing reacts to conversations and agents: auto-assign, drain the queue, re-route, wake."""

from __future__ import annotations

from yanit.accounts.events import AgentAvailabilityChanged
from yanit.conversations.events import ConversationCreated, ConversationUpdated
from yanit.core.events import subscribe
from yanit.core.worker import register_periodic

SWEEP_SECONDS = 60


def on_created(event: ConversationCreated) -> None:
    from yanit.routing.services.queue import assign_new

    assign_new(event.conversation_id)


def on_updated(event: ConversationUpdated) -> None:
    from yanit.routing.services.queue import after_update

    after_update(event.conversation_id, event.changed)
    if "status" in event.changed:
        schedule_wake_up(event.conversation_id)


def schedule_wake_up(conversation_id: int) -> None:
    """A snoozed conversation gets a wake-up job at its time (the job wakes whatever is due)."""
    from yanit.conversations.models import Conversation
    from yanit.routing.tasks import wake_snoozed

    until = (
        Conversation.objects.filter(pk=conversation_id, status=Conversation.Status.SNOOZED)
        .values_list("snoozed_until", flat=True)
        .first()
    )
    if until is not None:
        wake_snoozed.using(run_after=until).enqueue()


def on_availability(event: AgentAvailabilityChanged) -> None:
    from yanit.routing.services.offline import after_availability_change

    after_availability_change(event.agent_id, event.availability)


def sweep_snoozed() -> None:
    """Wakes snoozed conversations whose queued wake-up job was lost (a crash, a wiped queue);
    waking locks the row and re-checks its status, so the job and this sweep never both wake it."""
    from yanit.routing.services.snooze import wake_due_conversations

    wake_due_conversations()


def register() -> None:
    # Snoozes normally wake from their queued job at the due time; the sweep is the safety net.
    register_periodic("snooze-sweep", SWEEP_SECONDS, sweep_snoozed)
    subscribe(ConversationCreated, on_created)
    subscribe(ConversationUpdated, on_updated)
    subscribe(AgentAvailabilityChanged, on_availability)
