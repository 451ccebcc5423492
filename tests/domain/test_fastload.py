"""The hot-path loader gives exactly what the ORM gives, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from tests.factories import World, receive
from yanit.automation.models import Rule, RuleRun
from yanit.conversations.models import Conversation, Message
from yanit.core import fastload

pytestmark = pytest.mark.django_db


def _fields(instance: Model) -> dict[str, object]:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def test_joined_load_equals_select_related(world: World) -> None:
    received = receive(
        world.inbox, "Merhaba, İADE kodum gelmedi 😕", email="ayse@example.com", name="Ayşe Işık"
    )
    Conversation.objects.filter(pk=received.conversation.pk).update(waiting_since=None)

    with CaptureQueriesContext(connection) as captured:
        message = fastload.get_joined(
            Message, received.message.pk, "conversation", "conversation.contact", "conversation.inbox"
        )
        assert message is not None
        conversation = message.conversation
        contact, inbox = conversation.contact, conversation.inbox
    assert len(captured.captured_queries) == 1

    expected = Message.objects.select_related("conversation__contact", "conversation__inbox").get(
        pk=received.message.pk
    )
    assert _fields(message) == _fields(expected)
    assert _fields(conversation) == _fields(expected.conversation)
    assert _fields(contact) == _fields(expected.conversation.contact)
    assert _fields(inbox) == _fields(expected.conversation.inbox)
    assert isinstance(message.created_at, datetime)
    assert message.created_at.tzinfo is not None
    assert conversation.waiting_since is None
    assert message._state.adding is False
    assert fastload.get_joined(Message, 10**9, "conversation") is None


def test_extra_expressions_come_back_from_the_same_statement(world: World) -> None:
    received = receive(world.inbox, "Kargom nerede?", email="ali@example.com")
    path = ("conversation", "conversation.contact")
    conversation_alias = fastload.alias(path, "conversation")
    assert (fastload.alias(path), conversation_alias, fastload.alias(path, "conversation.contact")) == (
        "t0",
        "t1",
        "t2",
    )
    conversation_id = f"{conversation_alias}.{fastload.column(Conversation, 'id')}"
    extra = (
        f"(SELECT COUNT(*) FROM {fastload.table(Message)} m"  # noqa: S608
        f" WHERE m.{fastload.column(Message, 'conversation')} = {conversation_id}), %s"
    )
    with CaptureQueriesContext(connection) as captured:
        found = fastload.get_joined_with(Message, received.message.pk, path, extra, ["İçerik"])
    assert len(captured.captured_queries) == 1
    assert found is not None
    message, values = found
    assert message.pk == received.message.pk
    assert message.conversation.contact.email == "ali@example.com"
    assert values == (1, "İçerik")
    assert fastload.get_joined_with(Message, 10**9, path, extra, ["x"]) is None


def test_insert_many_writes_what_bulk_create_writes(world: World) -> None:
    conversation = receive(world.inbox).conversation
    rule = Rule.objects.create(workspace=world.workspace, name="Kargo", trigger="message_received")
    at = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=UTC)
    row = {
        "workspace_id": world.workspace.pk,
        "rule_id": rule.pk,
        "conversation_id": conversation.pk,
        "trigger": "message_received",
        "matched": False,
        "conditions_result": [True, False, "ğüşiöç"],
        "depth": 2,
        "duration_us": 17,
        "created_at": at,
    }
    fastload.insert_many(RuleRun, [RuleRun(**row), RuleRun(**row)])
    RuleRun.objects.bulk_create([RuleRun(**row)])

    stored = [_fields(run) for run in RuleRun.objects.order_by("pk")]
    for values in stored:
        values.pop("id")
    assert stored[0] == stored[1] == stored[2]
    assert stored[0]["conditions_result"] == [True, False, "ğüşiöç"]
    assert stored[0]["created_at"] == at
