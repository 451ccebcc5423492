"""The agents' customer panel hears when a chat visitor comes (first socket opens) and leaves
(last socket closes): one ContactUpdated each time, nothing for a second tab or a heartbeat."""

from __future__ import annotations

import pytest

from tests.connectors.webchat.conftest import Chat
from yanit.connectors.webchat.models import Visitor
from yanit.connectors.webchat.services import visitors
from yanit.contacts.events import ContactUpdated
from yanit.core.events import subscribe

pytestmark = pytest.mark.django_db(transaction=True)


def test_presence_changes_push_the_contact_once(chat: Chat) -> None:
    token = chat.session(name="Selin Kara")["visitor_token"]
    assert chat.say(token, "Merhaba").status_code == 201
    visitor = Visitor.objects.get(inbox=chat.widget.inbox)
    assert visitor.contact_id is not None
    pushed: list[ContactUpdated] = []

    def record(event: ContactUpdated) -> None:
        pushed.append(event)

    subscribe(ContactUpdated, record)
    expected = ContactUpdated(workspace_id=chat.world.workspace.pk, contact_id=visitor.contact_id)
    steps: list[tuple[int, int]] = []
    for change in (
        +1,
        +1,
        0,
        -1,
        -1,
        -1,
        +1,
    ):  # comes, 2nd tab, heartbeat, closes both (and once too often), back
        visitors.touch(visitor.pk, connections=change)
        steps.append((Visitor.objects.get(pk=visitor.pk).connections, len(pushed)))
    assert steps == [(1, 1), (2, 1), (2, 1), (1, 1), (0, 2), (0, 2), (1, 3)]
    assert pushed == [expected, expected, expected]


def test_a_visitor_without_a_contact_pushes_nothing(chat: Chat) -> None:
    token = chat.session(name="Sessiz")["visitor_token"]
    assert token
    visitor = Visitor.objects.get(inbox=chat.widget.inbox)
    Visitor.objects.filter(pk=visitor.pk).update(contact=None)
    pushed: list[ContactUpdated] = []
    subscribe(ContactUpdated, pushed.append)
    visitors.touch(visitor.pk, connections=1)
    visitors.touch(visitor.pk, connections=-1)
    assert pushed == []
