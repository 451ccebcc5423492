"""Chat and form conversations answered by email, and the customer's email reply continuing the
same conversation: the webchat/form adapters hand over to the real email adapter, which sends
through a real SMTP server (aiosmtpd); the customer's reply is then ingested as raw RFC 822."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest
from django.test import Client
from django.utils import timezone

from tests.connectors.email_out.conftest import SmtpServer, mailbox, make_email_inbox, start_smtp
from tests.connectors.form.conftest import FormSite
from tests.connectors.webchat.conftest import make_chat
from tests.factories import World
from yanit.connectors.email.ingest import ingest_raw_email
from yanit.connectors.form.config import FormConfig
from yanit.connectors.form.manage import do_create_form_inbox, form_token_of
from yanit.connectors.webchat.models import Visitor
from yanit.conversations.models import Conversation, Message
from yanit.conversations.services.reply import do_send_reply
from yanit.core.worker import run_pending_tasks
from yanit.inboxes.models import Inbox

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    state, controller = start_smtp()
    yield state
    controller.stop()


@pytest.fixture
def email_inbox(world: World, smtp: SmtpServer) -> Inbox:
    return make_email_inbox(world, mailbox(smtp_port=smtp.port))


def customer_reply(to_us: EmailMessage, sender: str, text: str) -> bytes:
    """What a mail program writes when the customer presses Reply on our email."""
    reply = EmailMessage()
    reply["From"] = sender
    reply["To"] = to_us["Reply-To"]
    reply["Subject"] = "Re: " + str(to_us["Subject"])
    reply["Message-ID"] = make_msgid(domain="musteri.example")
    reply["In-Reply-To"] = to_us["Message-ID"]
    reply["References"] = to_us["Message-ID"]
    reply["Date"] = format_datetime(timezone.now())
    reply.set_content(text + "\n\n> " + to_us.get_body(("plain",)).get_content().splitlines()[0])
    return reply.as_bytes()


def test_offline_chat_reply_goes_by_email_and_the_email_answer_continues_the_chat(
    world: World, email_inbox: Inbox, smtp: SmtpServer
) -> None:
    chat = make_chat(world)
    token = chat.session()["visitor_token"]
    assert chat.say(token, "Merhaba, kargom hâlâ gelmedi.").status_code == 201
    assert chat.post("/contact", {"email": "ziyaretci@example.com"}, token=token).status_code == 200
    # The visitor closed the tab five minutes ago.
    Visitor.objects.update(connections=0, last_seen_at=timezone.now() - timedelta(minutes=5))
    conversation = Conversation.objects.get(inbox=chat.widget.inbox)

    reply = do_send_reply(world.agent, conversation, "Kargonuz yarın teslim edilecek.")
    run_pending_tasks()

    reply.refresh_from_db()
    assert reply.delivery_status == Message.Delivery.SENT
    assert len(smtp.received) == 1
    sent = smtp.parsed()
    assert sent["To"] == "ziyaretci@example.com"
    assert sent["Message-ID"] == reply.provider_id
    assert "Kargonuz yarın teslim edilecek." in sent.get_body(("plain",)).get_content()

    answer = customer_reply(sent, "ziyaretci@example.com", "Teşekkürler, bekliyorum.")
    result = ingest_raw_email(email_inbox, answer)
    again = ingest_raw_email(email_inbox, answer)  # the mailbox is read twice: stored once

    assert result.created is True
    assert again.created is False
    assert result.conversation_id == conversation.pk
    stored = Message.objects.get(pk=result.message_id)
    assert stored.inbox_id == chat.widget.inbox.pk
    assert stored.text.startswith("Teşekkürler, bekliyorum.")
    assert list(
        Message.objects.filter(conversation=conversation, kind=Message.Kind.MESSAGE)
        .order_by("created_at", "id")
        .values_list("direction", flat=True)
    ) == ["in", "out", "in"]
    assert Conversation.objects.filter(inbox=email_inbox).count() == 0


def test_form_confirmation_and_reply_go_by_email_and_the_email_answer_continues_the_form_conversation(
    world: World, email_inbox: Inbox, smtp: SmtpServer
) -> None:
    inbox = do_create_form_inbox(world.owner, name="İletişim formu", team=None, config=FormConfig())
    site = FormSite(inbox=inbox, token=form_token_of(inbox), client=Client())
    assert site.post().status_code == 302
    conversation = Conversation.objects.get(inbox=inbox)
    run_pending_tasks()
    assert len(smtp.received) == 1  # the confirmation
    assert smtp.parsed()["To"].addresses[0].addr_spec == "zeynep@example.com"
    assert smtp.parsed()["Auto-Submitted"] == "auto-replied"

    do_send_reply(world.agent, conversation, "Siparişiniz bugün kargoya verildi.")
    run_pending_tasks()
    assert len(smtp.received) == 2
    sent = smtp.parsed()
    assert f"[#{conversation.number}]" in str(sent["Subject"])

    result = ingest_raw_email(
        email_inbox, customer_reply(sent, "Zeynep Kaya <zeynep@example.com>", "Çok teşekkürler!")
    )

    assert result.conversation_id == conversation.pk
    assert Message.objects.get(pk=result.message_id).direction == Message.Direction.IN
    assert Conversation.objects.filter(inbox=email_inbox).count() == 0
