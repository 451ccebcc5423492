"""The variable renderer and the language choice."""

from __future__ import annotations

import pytest

from tests.factories import World, receive
from yanit.contacts.models import Contact
from yanit.conversations.models import Message
from yanit.conversations.services.reply import do_send_reply
from yanit.replies.models import CannedResponse
from yanit.replies.render import first_name, render_text, unknown_variables
from yanit.replies.services import render_canned
from yanit.replies.services.canned import render_canned_result
from yanit.replies.services.variables import conversation_language

pytestmark = pytest.mark.django_db

EVERY_VARIABLE = (
    "{{ contact.first_name }}|{{ contact.name }}|{{ agent.name }}|{{ agent.first_name }}|"
    "{{ conversation.id }}|{{workspace.name}}|{{ expected_reply_time }}"
)


def canned(world: World, body_tr: str, body_en: str = "") -> CannedResponse:
    return CannedResponse.objects.create(
        workspace=world.workspace, title="Deneme", shortcut="deneme", body_tr=body_tr, body_en=body_en
    )


def test_every_variable_is_filled_for_the_conversation(world: World) -> None:
    conversation = receive(world.inbox, "Siparişim nerede?", name="ayşe nur yılmaz").conversation
    world.agent.user.name = "Mehmet Işık"
    world.agent.user.save()

    text = render_canned(canned(world, EVERY_VARIABLE), conversation, world.agent)

    assert text == (
        f"Ayşe|Ayşe Nur Yılmaz|Mehmet Işık|Mehmet|#{conversation.number}|"
        f"{world.workspace.name}|en kısa sürede"
    )


def test_without_an_agent_the_assignee_signs_else_the_workspace(world: World) -> None:
    conversation = receive(world.inbox).conversation
    template = canned(world, "{{ agent.first_name }} / {{ agent.name }}")

    assert render_canned(template, conversation) == f"{world.workspace.name} / {world.workspace.name}"
    conversation.assignee = world.owner
    conversation.save()
    assert render_canned(template, conversation) == f"{world.owner.user.name.split()[0]} / {world.owner.name}"


def test_missing_contact_name_leaves_no_dangling_space_or_comma(world: World) -> None:
    conversation = receive(world.inbox, "Merhaba", name="", email="isimsiz@example.com").conversation
    template = canned(
        world,
        "Merhaba {{ contact.first_name }}, nasılsınız? Başka bir konu var mı {{ contact.first_name }}?",
        "I'm truly sorry about this, {{ contact.first_name }}. Thanks {{ contact.name }}!",
    )

    assert render_canned(template, conversation) == "Merhaba, nasılsınız? Başka bir konu var mı?"
    result = render_canned_result(template, conversation, language="en")
    assert result.text == "I'm truly sorry about this. Thanks!"


def test_email_or_phone_as_name_is_not_a_first_name() -> None:
    assert first_name("ayse@example.com") == ""
    assert first_name("+905321234567") == ""
    assert first_name("IŞIK YILMAZ") == "Işık"
    assert first_name("ismail") == "İsmail"
    assert first_name("McAllister Smith") == "McAllister"
    assert first_name("   ") == ""


def test_hostile_values_and_templates_stay_plain_text(world: World) -> None:
    conversation = receive(
        world.inbox, "Merhaba", name="<script>alert(1)</script> {{ Agent.Name }}"
    ).conversation
    template = canned(
        world, "Selam {{ contact.name }} {% load static %} {{ request.user.password }} {{ 7*7 }}"
    )

    text = render_canned(template, conversation, world.agent)

    # The contact's name is inserted once, never rendered again; Django tags are not run.
    assert text == (
        "Selam <script>alert(1)</script> {{ Agent.Name }} {% load static %} "
        "{{ request.user.password }} {{ 7*7 }}"
    )
    message = do_send_reply(world.agent, conversation, text)
    stored = Message.objects.get(pk=message.pk)
    assert "<script>" not in stored.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in stored.html


def test_unknown_variables_are_left_as_written_and_reported() -> None:
    result = render_text(
        "Sipariş {{ order.id }} için {{ contact.first_name }} {{order.id}} {{ kargo_no }}",
        {"contact.first_name": "Ayşe"},
    )

    assert result.text == "Sipariş {{ order.id }} için Ayşe {{order.id}} {{ kargo_no }}"
    assert result.unknown == ("order.id", "kargo_no")
    assert unknown_variables("{{ contact.first_name }} {{ foo }} {{ foo }} {{ agent.nme }}") == [
        "foo",
        "agent.nme",
    ]


def test_expected_reply_time_comes_from_the_inbox_setting(world: World) -> None:
    world.inbox.settings = {"api": {"expected_reply_text": {"tr": "2 saat içinde", "en": "within 2 hours"}}}
    world.inbox.save()
    conversation = receive(world.inbox, "Merhaba").conversation
    template = canned(
        world, "Size {{ expected_reply_time }} döneceğiz.", "We'll answer {{ expected_reply_time }}."
    )

    assert render_canned(template, conversation) == "Size 2 saat içinde döneceğiz."
    assert render_canned_result(template, conversation, language="en").text == "We'll answer within 2 hours."


def test_language_follows_contact_then_last_message_then_turkish(world: World) -> None:
    conversation = receive(
        world.inbox, "Hello, where is my order? I still have not received it."
    ).conversation
    template = canned(world, "Merhaba {{ contact.first_name }}", "Hello {{ contact.first_name }}")

    assert conversation_language(conversation) == "en"
    assert render_canned(template, conversation) == "Hello Ayşe"
    # The contact's own setting wins over the guess.
    Contact.objects.filter(pk=conversation.contact_id).update(attributes={"language": "tr"})
    conversation.contact.refresh_from_db()
    assert render_canned(template, conversation) == "Merhaba Ayşe"
    # No hint at all: Turkish.
    other = receive(world.inbox, "12345", email="rakam@example.com").conversation
    assert conversation_language(other) == "tr"
    # A Turkish message stays Turkish even with English-looking words in it.
    turkish = receive(world.inbox, "Order numaram 123, kargo gelmedi", email="tr@example.com").conversation
    assert conversation_language(turkish) == "tr"


def test_missing_language_version_falls_back_to_the_other(world: World) -> None:
    conversation = receive(world.inbox, "Hello, where is my order?").conversation
    only_turkish = canned(world, "Yalnızca Türkçe {{ contact.first_name }}")

    assert render_canned(only_turkish, conversation) == "Yalnızca Türkçe Ayşe"


def test_expected_reply_time_comes_from_business_hours_and_sla_when_set(world: World) -> None:
    from yanit.sla.models import SlaPolicy

    world.inbox.settings = {"api": {"expected_reply_text": {"tr": "2 gün içinde"}}}
    world.inbox.save()
    SlaPolicy.objects.create(
        workspace=world.workspace, name="Standart", targets={"normal": {"first_response": 120}}
    )
    conversation = receive(world.inbox, "Merhaba").conversation
    template = canned(
        world, "Size {{ expected_reply_time }} döneceğiz.", "We'll answer {{ expected_reply_time }}."
    )

    assert render_canned(template, conversation) == "Size 2 saat içinde döneceğiz."
    assert render_canned_result(template, conversation, language="en").text == "We'll answer within 2 hours."
