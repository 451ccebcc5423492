"""The channels ask the business hours "when will we answer?": email acknowledgement, chat widget,
contact form confirmation; their own texts are the fallback without hours."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.connectors.email_out.conftest import mailbox, make_email_inbox, receive_email
from tests.connectors.form.conftest import FormSite, form_site  # noqa: F401 (fixture)
from tests.factories import World
from tests.sla.conftest import FrozenClock
from yanit.accounts.models import Agent
from yanit.connectors.webchat.services.widgets import do_create_chat_inbox, widget_config
from yanit.conversations.models import Message
from yanit.sla.services.hours import do_save_business_hours
from yanit.sla.services.policies import PolicyInput, do_save_policy

pytestmark = pytest.mark.django_db(transaction=True)
IST = ZoneInfo("Europe/Istanbul")
WEEKDAYS = {str(d): [["09:00", "18:00"]] for d in range(1, 6)}


def test_email_acknowledgement_names_the_next_opening(world: World, clock: FrozenClock) -> None:
    inbox = make_email_inbox(world, mailbox())
    without = receive_email(inbox, "Merhaba, siparişim nerede?", sender="a@musteri.test").conversation
    [ack] = without.messages.filter(kind=Message.Kind.AUTOMATED)
    assert "Ekibimiz size en geç 6 saat içinde dönüş yapacak." in ack.text  # the inbox default

    do_save_business_hours(world.owner, weekly=WEEKDAYS)
    clock.set(datetime(2026, 11, 23, 20, 0, tzinfo=IST))  # Monday evening
    evening = receive_email(inbox, "Merhaba, iade nasıl?", sender="b@musteri.test").conversation
    [ack] = evening.messages.filter(kind=Message.Kind.AUTOMATED)
    assert "Ekibimiz size yarın 09:00'dan sonra dönüş yapacak." in ack.text

    do_save_policy(world.owner, PolicyInput(name="Standart", targets={"normal": {"first_response": 120}}))
    clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=IST))
    english = receive_email(
        inbox, "Hello, where is my order? Thanks", sender="c@musteri.test", language="en"
    ).conversation
    [ack] = english.messages.filter(kind=Message.Kind.AUTOMATED)
    assert "Our team will get back to you within 2 hours." in ack.text


def test_widget_is_offline_outside_business_hours(world: World, clock: FrozenClock) -> None:
    widget, _secret = do_create_chat_inbox(world.owner, name="Canlı sohbet")
    Agent.objects.filter(pk=world.agent.pk).update(
        availability=Agent.Availability.ONLINE, last_seen_at=timezone.now()
    )
    config = widget_config(widget, "tr")
    assert config["online"] is True  # no business hours: only the agents decide
    default_text = config["texts"]["expected_reply"]

    do_save_business_hours(world.owner, weekly=WEEKDAYS)
    config = widget_config(widget, "tr")  # Monday 10:00
    assert (config["online"], config["texts"]["expected_reply"]) == (
        True,
        "Size bugün 18:00'e kadar dönüş yapacağız.",
    )
    assert config["texts"]["expected_reply"] != default_text

    clock.set(datetime(2026, 11, 28, 11, 0, tzinfo=IST))  # Saturday
    Agent.objects.filter(pk=world.agent.pk).update(last_seen_at=timezone.now())
    config = widget_config(widget, "en")
    assert (config["online"], config["texts"]["expected_reply"]) == (
        False,
        "We will get back to you Monday after 09:00.",
    )


def test_form_confirmation_uses_the_hours(world: World, clock: FrozenClock, form_site: FormSite) -> None:  # noqa: F811
    do_save_business_hours(world.owner, weekly=WEEKDAYS)
    clock.set(datetime(2026, 10, 28, 14, 0, tzinfo=IST))  # the eve of 29 Ekim, after 13:00
    response = form_site.post()
    assert response.status_code in (200, 302, 303)
    confirmation = Message.objects.get(kind=Message.Kind.AUTOMATED)
    assert "Size Cuma 09:00'dan sonra dönüş yapacağız." in confirmation.text
