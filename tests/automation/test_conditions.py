"""Every condition field, evaluated by the compiled predicates against real rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import World, receive
from yanit.accounts.models import Team
from yanit.automation import engine
from yanit.automation.conditions import Context, compile_condition
from yanit.automation.schema import check_conditions
from yanit.contacts.models import Contact
from yanit.contacts.services.identify import ContactClaim
from yanit.conversations.models import Conversation, Message
from yanit.conversations.services.attachments import IncomingFile
from yanit.conversations.services.receive import InboundMessage, do_receive_inbound_message
from yanit.conversations.services.update import do_update_conversation

pytestmark = pytest.mark.django_db


def check(
    world: World, field: str, op: str, value: Any, conversation: Conversation, message: Message | None = None
) -> bool:
    cleaned = check_conditions(
        {"match": "all", "conditions": [{"field": field, "op": op, "value": value}]},
        world.workspace.pk,
        "message_received",
    )
    predicate = compile_condition(cleaned["conditions"][0])
    conversation = Conversation.objects.select_related("contact", "inbox").get(pk=conversation.pk)
    lazily = predicate(Context(conversation=conversation, message=message))
    # The engine reads the rows and the facts in one statement: it must see the same.
    loaded_message, loaded, facts = engine._load(
        conversation.pk, message.pk if message is not None else None, timezone.now()
    )
    assert loaded is not None
    assert facts is not None
    assert predicate(Context(conversation=loaded, message=loaded_message, preloaded=facts)) is lazily
    return lazily


def test_message_text_operators(world: World) -> None:
    r = receive(world.inbox, "Kargom HÂLÂ gelmedi, rezalet!")
    c, m = r.conversation, r.message
    assert check(world, "message_text", "contains_any", ["kargo", "iade"], c, m) is True
    assert check(world, "message_text", "contains_any", "iade\nfatura", c, m) is False
    assert check(world, "message_text", "contains", "hala gelmedi", c, m) is True
    assert check(world, "message_text", "not_contains_any", ["iade"], c, m) is True
    assert check(world, "message_text", "not_contains_any", ["REZALET"], c, m) is False
    assert check(world, "message_text", "matches", r"kargo\w* hala", c, m) is True
    assert check(world, "message_text", "matches", r"^\d+$", c, m) is False


def test_shouting_and_attachment(world: World) -> None:
    r = receive(world.inbox, "BU NE BİÇİM HİZMET")
    assert check(world, "message_shouting", "is_true", None, r.conversation, r.message) is True
    assert check(world, "has_attachment", "is_false", None, r.conversation, r.message) is True
    with_file = do_receive_inbound_message(
        world.inbox,
        InboundMessage(
            contact=ContactClaim(name="Ali", email="ali@example.com"),
            text="fotoğraf ekte",
            attachments=(
                IncomingFile(filename="kirik.png", content=b"\x89PNG\r\n\x1a\nxx", content_type="image/png"),
            ),
        ),
    )
    assert check(world, "has_attachment", "is_true", None, with_file.conversation, with_file.message) is True
    assert (
        check(world, "message_shouting", "is_true", None, with_file.conversation, with_file.message) is False
    )


def test_subject_inbox_channel(world: World, other_world: World) -> None:
    r = receive(world.inbox, "İade talebim var")
    c = r.conversation
    assert check(world, "subject", "contains", "iade", c) is True
    assert check(world, "subject", "equals", "IADE TALEBIM VAR", c) is True
    assert check(world, "subject", "is_not_set", None, c) is False
    assert check(world, "inbox", "in", [world.inbox.pk], c) is True
    assert check(world, "inbox", "not_in", [world.inbox.pk], c) is False
    assert check(world, "channel", "in", ["api"], c) is True
    assert check(world, "channel", "not_in", ["api", "email"], c) is False


def test_contact_fields(world: World) -> None:
    r = receive(world.inbox, "Merhaba", name="İpek Işık", email="ipek@example.com", phone="+905321234567")
    Contact.objects.filter(pk=r.contact.pk).update(attributes={"segment": "VIP müşteri", "language": "en"})
    c = r.conversation
    assert check(world, "contact_name", "contains", "ışık", c) is True
    assert check(world, "contact_name", "equals", "IPEK ISIK", c) is True
    assert check(world, "contact_email", "contains", "example.com", c) is True
    assert check(world, "contact_phone", "is_set", None, c) is True
    assert check(world, "contact_phone", "is_not_set", None, c) is False
    assert check(world, "contact_attribute", "equals", {"key": "segment", "value": "vip musteri"}, c) is True
    assert check(world, "contact_attribute", "contains", {"key": "segment", "value": "vip"}, c) is True
    assert check(world, "contact_attribute", "is_set", {"key": "kupon", "value": ""}, c) is False
    assert check(world, "language", "is", "en", c) is True


def test_language_detected_from_the_message(world: World) -> None:
    tr = receive(world.inbox, "Merhaba, siparişim nerede? Teşekkürler", email="tr@example.com")
    en = receive(world.inbox, "Hello, where is my order? Thank you", email="en@example.com")
    assert check(world, "language", "is", "tr", tr.conversation) is True
    assert check(world, "language", "is", "en", en.conversation) is True


def test_tags_priority_status_assignee_team(world: World) -> None:
    team = Team.objects.create(workspace=world.workspace, name="İade")
    r = receive(world.inbox, "Merhaba")
    c = r.conversation
    assert check(world, "assignee", "unassigned", None, c) is True
    assert check(world, "team", "unassigned", None, c) is True
    do_update_conversation(
        world.owner,
        c,
        tags=["Kargo", "VIP"],
        priority="urgent",
        status="pending",
        assignee=world.agent,
        team=team,
    )
    assert check(world, "tags", "has_any", ["kargo", "iade"], c) is True
    assert check(world, "tags", "has_all", ["KARGO", "vip"], c) is True
    assert check(world, "tags", "has_all", ["kargo", "iade"], c) is False
    assert check(world, "tags", "has_none", ["iade"], c) is True
    assert check(world, "priority", "is", "urgent", c) is True
    assert check(world, "priority", "at_least", "high", c) is True
    assert check(world, "priority", "below", "urgent", c) is False
    assert check(world, "priority", "is_not", "low", c) is True
    assert check(world, "status", "in", ["pending", "snoozed"], c) is True
    assert check(world, "status", "not_in", ["pending"], c) is False
    assert check(world, "assignee", "is", world.agent.pk, c) is True
    assert check(world, "assignee", "is_not", world.agent.pk, c) is False
    assert check(world, "assignee", "assigned", None, c) is True
    assert check(world, "team", "is", team.pk, c) is True
    assert check(world, "team", "is_not", team.pk, c) is False


def test_business_hours(world: World) -> None:
    from yanit.sla.schedules import invalidate
    from yanit.sla.services.hours import do_save_business_hours

    invalidate(world.workspace.pk)  # the per-process cache may hold a reused id's schedule
    r = receive(world.inbox, "Merhaba")
    # No hours configured: always open.
    assert check(world, "business_hours", "open", None, r.conversation) is True
    do_save_business_hours(world.owner, weekly={str(d): [] for d in range(1, 8)})
    assert check(world, "business_hours", "closed", None, r.conversation) is True
    do_save_business_hours(
        world.owner, weekly={str(d): [["00:00", "23:59"]] for d in range(1, 8)}, observe_holidays=False
    )
    now = timezone.localtime()
    expected_open = not (now.hour == 23 and now.minute == 59)
    assert check(world, "business_hours", "open", None, r.conversation) is expected_open


def test_unanswered_and_recent_conversations(world: World) -> None:
    from yanit.conversations.services.reply import do_send_reply

    first = receive(world.inbox, "bir")
    receive(world.inbox, "iki")
    c = first.conversation
    assert check(world, "unanswered_messages", "at_least", 3, c) is False
    receive(world.inbox, "üç")
    assert check(world, "unanswered_messages", "at_least", 3, c) is True
    do_send_reply(world.agent, c, "Bakıyorum")
    assert check(world, "unanswered_messages", "at_least", 1, c) is False
    assert check(world, "recent_conversations", "at_least", 2, c) is False
    do_update_conversation(world.owner, c, status="resolved")
    Conversation.objects.filter(pk=c.pk).update(resolved_at=timezone.now() - timedelta(days=30))
    second = receive(world.inbox, "yine ben")
    assert second.conversation.pk != c.pk
    assert check(world, "recent_conversations", "at_least", 2, second.conversation) is True


def test_sla_metric(world: World) -> None:
    r = receive(world.inbox, "Merhaba")
    cleaned = check_conditions(
        {"conditions": [{"field": "sla_metric", "op": "in", "value": ["first_response"]}]},
        world.workspace.pk,
        "sla_breached",
    )
    predicate = compile_condition(cleaned["conditions"][0])
    assert predicate(Context(conversation=r.conversation, sla_metric="first_response")) is True
    assert predicate(Context(conversation=r.conversation, sla_metric="resolution")) is False
