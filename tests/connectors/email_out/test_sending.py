"""Replies sent as email through a real aiosmtpd server: headers, parts, attachments, retries."""

from __future__ import annotations

import re
from datetime import timedelta
from email.headerregistry import Address
from email.utils import parseaddr

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.connectors.email_out.conftest import (
    SMTP_PASSWORD,
    SMTP_USER,
    SmtpServer,
    free_port,
    mailbox,
    make_email_inbox,
    receive_email,
)
from tests.factories import World, make_world, receive
from yanit.connectors.email import tokens
from yanit.connectors.email.config import stored_settings
from yanit.conversations.models import Activity, Message
from yanit.conversations.services.attachments import IncomingFile
from yanit.conversations.services.reply import do_send_automated_reply, do_send_reply
from yanit.core.worker import run_pending_tasks
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import do_create_inbox, do_update_inbox

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The test server allows AUTH without TLS on loopback.
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS"),
]

MESSAGE_ID = re.compile(r"^<yanit\.[0-9a-f]{24}@magaza\.test>$")


def make_retries_due() -> None:
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - timedelta(seconds=1))


def no_autoack(inbox: Inbox) -> None:
    settings = dict(inbox.settings["email"], autoack_enabled=False)
    inbox.settings = {**inbox.settings, "email": settings}
    inbox.save(update_fields=["settings"])


def test_reply_headers_threading_and_both_parts(email_world: tuple[World, Inbox, SmtpServer]) -> None:
    world, inbox, smtp = email_world
    no_autoack(inbox)
    first = receive_email(inbox, message_id="<ilk@musteri.test>")
    second = receive_email(
        inbox,
        "Kargo takip numarası da gelmedi.",
        message_id="<ikinci@musteri.test>",
        references=["<ilk@musteri.test>", "<yanit.aaa@magaza.test>"],
        reply_to=["Ayşe İş <ayse.is@musteri.test>"],
        cc=["Mehmet Öz <mehmet@musteri.test>", "Destek <DESTEK@magaza.test>"],
    )
    conversation = second.conversation
    assert conversation.pk == first.conversation.pk
    conversation.metadata = {"email": {"cc": ["Mehmet Öz <mehmet@musteri.test>", "destek@magaza.test"]}}
    conversation.save(update_fields=["metadata"])
    reply = do_send_reply(
        world.agent, conversation, "Merhaba Ayşe Hanım,\n\nKargonuz bugün çıktı. İyi günler!"
    )

    run_pending_tasks()

    assert len(smtp.received) == 1
    envelope = smtp.received[0]
    assert envelope.mail_from == "destek@magaza.test"
    assert envelope.rcpt_tos == ["ayse.is@musteri.test", "mehmet@musteri.test"]
    mail = smtp.parsed()
    sender = mail["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == (
        f"{world.agent.name} — Mağaza Destek",
        "destek@magaza.test",
    )
    assert mail["To"].addresses[0] == Address("Ayşe İş", addr_spec="ayse.is@musteri.test")
    assert [a.addr_spec for a in mail["Cc"].addresses] == ["mehmet@musteri.test"]
    assert mail["Reply-To"].addresses[0].addr_spec == tokens.reply_address(
        "destek@magaza.test", conversation.pk
    )
    assert tokens.conversation_from_addresses([str(mail["Reply-To"])]) == conversation.pk
    assert mail["Subject"] == f"Re: Siparişim nerede? [#{conversation.number}]"
    assert MESSAGE_ID.match(mail["Message-ID"])
    assert mail["In-Reply-To"] == "<ikinci@musteri.test>"
    assert mail["References"].split() == [
        "<ilk@musteri.test>",
        "<yanit.aaa@magaza.test>",
        "<ikinci@musteri.test>",
    ]
    assert mail["Date"] is not None
    assert mail["Auto-Submitted"] is None
    assert mail.get_content_type() == "multipart/alternative"
    plain = mail.get_body(preferencelist=("plain",))
    html = mail.get_body(preferencelist=("html",))
    assert plain is not None
    assert html is not None
    plain_text = plain.get_content().replace("\r\n", "\n")
    assert plain_text.startswith("Merhaba Ayşe Hanım,\n\nKargonuz bugün çıktı. İyi günler!\n")
    assert "> Kargo takip numarası da gelmedi." in plain_text
    html_text = html.get_content().replace("\r\n", "\n")
    assert "<p>Kargonuz bugün çıktı. İyi günler!</p>" in html_text
    assert "<blockquote" in html_text
    assert "Kargo takip numarası da gelmedi." in html_text

    reply.refresh_from_db()
    assert reply.delivery_status == "sent"
    assert reply.provider_id == mail["Message-ID"]
    assert reply.metadata["email"]["message_id"] == mail["Message-ID"]


def test_non_ascii_sender_name_is_encoded_and_round_trips(
    email_world: tuple[World, Inbox, SmtpServer],
) -> None:
    world, inbox, smtp = email_world
    no_autoack(inbox)
    world.agent.user.name = "Ayşe"
    world.agent.user.save()
    conversation = receive_email(inbox).conversation
    do_send_reply(world.agent, conversation, "Şimdi bakıyorum.")

    run_pending_tasks()

    raw = smtp.received[0].content
    header_line = next(line for line in raw.split(b"\r\n") if line.startswith(b"From:"))
    assert header_line.isascii()
    assert b"=?utf-8?" in header_line
    assert smtp.parsed()["From"].addresses[0].display_name == "Ayşe — Mağaza Destek"


def test_sender_without_agent_name_when_switched_off(db: None, smtp_server: SmtpServer) -> None:
    world = make_world("Adsız")
    inbox = make_email_inbox(
        world, mailbox(smtp_port=smtp_server.port, sender_shows_agent=False, autoack_enabled=False)
    )
    do_send_reply(world.agent, receive_email(inbox).conversation, "Tamam.")
    run_pending_tasks()
    assert str(smtp_server.parsed()["From"]) == "Mağaza Destek <destek@magaza.test>"


def test_signature_and_attachments_arrive_byte_identical(
    email_world: tuple[World, Inbox, SmtpServer],
) -> None:
    world, inbox, smtp = email_world
    settings = dict(inbox.settings["email"], signature="Ayşe\nMağaza Destek · 0212 555 00 00")
    do_update_inbox(world.owner, inbox, settings={"email": settings})
    no_autoack(inbox)
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 40
    image = b"\x89PNG\r\n\x1a\n" + bytes(reversed(range(256))) * 10
    conversation = receive_email(inbox).conversation
    do_send_reply(
        world.agent,
        conversation,
        "Faturanız ekte.",
        attachments=[
            IncomingFile("fatura-ğüş.pdf", pdf, "application/pdf"),
            IncomingFile("kargo.png", image, "image/png"),
        ],
    )

    run_pending_tasks()

    mail = smtp.parsed()
    assert mail.get_content_type() == "multipart/mixed"
    files = {
        part.get_filename(): (part.get_content_type(), part.get_content()) for part in mail.iter_attachments()
    }
    assert files == {"fatura-ğüş.pdf": ("application/pdf", pdf), "kargo.png": ("image/png", image)}
    plain = mail.get_body(preferencelist=("plain",))
    assert plain is not None
    assert "Faturanız ekte.\n\n-- \nAyşe\nMağaza Destek · 0212 555 00 00\n" in plain.get_content().replace(
        "\r\n", "\n"
    )
    html = mail.get_body(preferencelist=("html",))
    assert html is not None
    assert "Mağaza Destek · 0212 555 00 00" in html.get_content()


def test_automated_reply_carries_auto_submitted_and_plain_sender(
    email_world: tuple[World, Inbox, SmtpServer],
) -> None:
    _world, inbox, smtp = email_world
    no_autoack(inbox)
    conversation = receive_email(inbox).conversation
    do_send_automated_reply(conversation, "Mesajınızı aldık.")
    run_pending_tasks()
    mail = smtp.parsed()
    assert mail["Auto-Submitted"] == "auto-replied"
    assert mail["X-Auto-Response-Suppress"] == "All"
    assert str(mail["From"]) == "Mağaza Destek <destek@magaza.test>"


def test_4xx_is_retried_with_backoff_then_sent(email_world: tuple[World, Inbox, SmtpServer]) -> None:
    world, inbox, smtp = email_world
    no_autoack(inbox)
    smtp.data_replies = ["451 4.7.1 Greylisted, try again later"]
    message = do_send_reply(world.agent, receive_email(inbox).conversation, "Tekrar deneyeceğiz.")

    run_pending_tasks()

    message.refresh_from_db()
    assert (message.delivery_status, message.failure_reason) == (
        "queued",
        "451 4.7.1 Greylisted, try again later",
    )
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.run_after is not None
    assert 3 <= (waiting.run_after - waiting.enqueued_at).total_seconds() <= 7
    first_id = message.metadata["email"]["message_id"]

    make_retries_due()
    run_pending_tasks()

    message.refresh_from_db()
    assert message.delivery_status == "sent"
    assert len(smtp.received) == 1
    assert smtp.parsed()["Message-ID"] == first_id == message.provider_id  # same id on the retry


def test_5xx_fails_with_the_server_reason_on_the_message_and_timeline(
    email_world: tuple[World, Inbox, SmtpServer],
) -> None:
    world, inbox, smtp = email_world
    no_autoack(inbox)
    smtp.rcpt_replies = ["550 5.1.1 <ayse@musteri.test>: Recipient address rejected: User unknown"]
    message = do_send_reply(world.agent, receive_email(inbox).conversation, "Bu gitmeyecek.")

    run_pending_tasks()

    message.refresh_from_db()
    reason = "550 5.1.1 <ayse@musteri.test>: Recipient address rejected: User unknown"
    assert (message.delivery_status, message.failure_reason) == ("failed", reason)
    activity = Activity.objects.get(conversation_id=message.conversation_id, verb="delivery_failed")
    assert activity.data == {"message_id": message.pk, "reason": reason}
    assert DBTaskResult.objects.filter(status="READY").count() == 0
    assert smtp.received == []


def test_server_down_is_retried_then_sent_when_it_is_back(db: None) -> None:
    world = make_world("Kapalı")
    port = free_port()
    inbox = make_email_inbox(world, mailbox(smtp_port=port, autoack_enabled=False))
    message = do_send_reply(world.agent, receive_email(inbox).conversation, "Sunucu kapalıyken.")

    run_pending_tasks()

    message.refresh_from_db()
    assert message.delivery_status == "queued"
    assert message.failure_reason.startswith(f"127.0.0.1:{port} SMTP sunucusuna ulaşılamadı (")
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    from aiosmtpd.controller import Controller

    state = SmtpServer(port=port)
    controller = Controller(state, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        make_retries_due()
        run_pending_tasks()
    finally:
        controller.stop()
    message.refresh_from_db()
    assert message.delivery_status == "sent"
    assert len(state.received) == 1


def test_login_with_auth_and_rejected_login_fails_with_the_reply(
    db: None, smtp_auth_server: SmtpServer
) -> None:
    world = make_world("Yetki")
    good = make_email_inbox(
        world,
        mailbox(
            smtp_port=smtp_auth_server.port,
            smtp_user=SMTP_USER,
            smtp_password=SMTP_PASSWORD,
            autoack_enabled=False,
        ),
    )
    ok = do_send_reply(world.agent, receive_email(good).conversation, "Giriş yaptık.")
    run_pending_tasks()
    ok.refresh_from_db()
    assert ok.delivery_status == "sent"
    assert smtp_auth_server.logins == [(SMTP_USER, SMTP_PASSWORD)]

    settings = dict(good.settings["email"], **stored_settings(mailbox(smtp_password="yanlis"))) | {
        "smtp_port": smtp_auth_server.port,
        "smtp_user": SMTP_USER,
        "autoack_enabled": False,
    }
    do_update_inbox(world.owner, good, settings={"email": settings})
    bad = do_send_reply(world.agent, receive_email(good, sender="b@musteri.test").conversation, "Olmayacak.")
    run_pending_tasks()
    bad.refresh_from_db()
    assert (bad.delivery_status, bad.failure_reason) == (
        "failed",
        "SMTP sunucusu girişi reddetti: 535 5.7.8 Authentication credentials invalid",
    )


def test_chat_inbox_reply_goes_out_through_the_workspace_email_inbox(
    email_world: tuple[World, Inbox, SmtpServer],
) -> None:
    world, _inbox, smtp = email_world
    from yanit.connectors.registry import adapter_for

    chat, _token = do_create_inbox(world.owner, name="Canlı destek", channel="webchat")
    conversation = receive(
        chat, "Merhaba, beden tablosu var mı?", email="ziyaretci@musteri.test", name="Zeynep"
    ).conversation
    message = do_send_reply(world.agent, conversation, "Evet, ürün sayfasında.")
    adapter = adapter_for("email")
    assert adapter is not None

    result = adapter.send(message, 1)

    mail = smtp.parsed()
    assert mail["To"].addresses[0] == Address("Zeynep", addr_spec="ziyaretci@musteri.test")
    assert mail["In-Reply-To"] is None
    assert mail["Reply-To"].addresses[0].addr_spec == tokens.reply_address(
        "destek@magaza.test", conversation.pk
    )
    assert result.provider_id == mail["Message-ID"]
    assert parseaddr(str(mail["From"]))[1] == "destek@magaza.test"


def test_transcript_goes_to_email_to_with_its_subject(email_world: tuple[World, Inbox, SmtpServer]) -> None:
    world, _inbox, smtp = email_world
    chat, _token = do_create_inbox(world.owner, name="Canlı destek", channel="webchat")
    conversation = receive(chat, "Selam", email="", external_id="v1", name="").conversation
    from yanit.connectors.registry import adapter_for

    message = do_send_automated_reply(
        conversation,
        "Sohbet dökümü",
        metadata={"email_to": "kopya@musteri.test", "email_subject": "Sohbetinizin dökümü"},
    )
    adapter = adapter_for("email")
    assert adapter is not None
    adapter.send(message, 1)
    mail = smtp.parsed()
    assert [a.addr_spec for a in mail["To"].addresses] == ["kopya@musteri.test"]
    assert mail["Subject"] == f"Sohbetinizin dökümü [#{conversation.number}]"


@pytest.mark.parametrize("case", ["no email inbox", "no smtp", "no address"])
def test_what_cannot_be_sent_fails_with_a_clear_reason(db: None, case: str) -> None:
    world = make_world("Eksik")
    chat, _token = do_create_inbox(world.owner, name="Canlı destek", channel="webchat")
    if case == "no smtp":
        make_email_inbox(world, mailbox(smtp_host="", autoack_enabled=False))
    if case == "no address":
        make_email_inbox(world, mailbox(autoack_enabled=False))
    conversation = receive(
        chat, "Selam", email="" if case == "no address" else "z@musteri.test", external_id="v9"
    ).conversation
    message = do_send_reply(world.agent, conversation, "Cevap")
    from yanit.connectors.registry import adapter_for

    adapter = adapter_for("email")
    assert adapter is not None
    from yanit.connectors.base import PermanentDeliveryError

    with pytest.raises(PermanentDeliveryError) as failure:
        adapter.send(message, 1)
    expected = {
        "no email inbox": "Bu çalışma alanında kurulu bir e-posta gelen kutusu yok; bu yanıt e-postayla "
        "gönderilemiyor.",
        "no smtp": "Destek e-posta e-posta gelen kutusunun SMTP ayarları yok; bu yanıt gönderilemiyor.",
        "no address": "Müşterinin bu yanıtın gönderileceği bir e-posta adresi yok.",
    }[case]
    assert str(failure.value) == expected
    assert Message.objects.get(pk=message.pk).delivery_status in ("queued", "failed")


def test_line_breaks_in_subject_or_names_cannot_add_headers(
    email_world: tuple[World, Inbox, SmtpServer],
) -> None:
    world, inbox, smtp = email_world
    no_autoack(inbox)
    world.agent.user.name = "Ayşe\r\nBcc: saldirgan@kotu.test"
    world.agent.user.save()
    conversation = receive_email(inbox, subject="Sipariş\r\nBcc: saldirgan@kotu.test").conversation
    message = do_send_reply(world.agent, conversation, "Merhaba")
    do_send_automated_reply(
        conversation, "Döküm", metadata={"email_subject": "Döküm\nBcc: saldirgan@kotu.test"}
    )

    run_pending_tasks()

    assert len(smtp.received) == 2
    for envelope in smtp.received:
        assert envelope.rcpt_tos == ["ayse@musteri.test"]
        head = envelope.content.split(b"\r\n\r\n", 1)[0]
        assert not any(line.lower().startswith(b"bcc:") for line in head.split(b"\r\n"))
    message.refresh_from_db()
    assert message.delivery_status == "sent"
    subjects = sorted(str(smtp.parsed(i)["Subject"]) for i in range(2))
    assert subjects == [
        f"Döküm Bcc: saldirgan@kotu.test [#{conversation.number}]",
        f"Re: Sipariş Bcc: saldirgan@kotu.test [#{conversation.number}]",
    ]
