"""The automatic acknowledgement of new email conversations, sent through a real aiosmtpd."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections
from django.utils import timezone

from tests.connectors.email_out.conftest import SmtpServer, mailbox, make_email_inbox, receive_email
from tests.factories import World, make_world, receive
from yanit.connectors.email.autoack import acknowledge, guess_language, render_ack
from yanit.connectors.email.models import AutoReplyLog
from yanit.conversations.models import Conversation, Message
from yanit.conversations.services.receive import InboundMessage, do_receive_inbound_message
from yanit.core.worker import run_pending_tasks
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import do_create_inbox, do_update_inbox

pytestmark = pytest.mark.django_db(transaction=True)


def acks(conversation: Conversation) -> list[Message]:
    return list(conversation.messages.filter(kind=Message.Kind.AUTOMATED))


def test_new_email_conversation_is_acknowledged_in_turkish(
    email_world: tuple[World, Inbox, SmtpServer],
) -> None:
    _world, inbox, smtp = email_world
    conversation = receive_email(inbox, "Merhaba, siparişim hâlâ gelmedi.").conversation

    [ack] = acks(conversation)
    assert ack.direction == "out"
    assert ack.sender_agent is None
    assert ack.text == (
        "Merhaba Ayşe Kaya,\n\n"
        f"Mesajınızı aldık, talep numaranız #{conversation.number}. Ekibimiz size en geç 6 saat içinde "
        "dönüş yapacak.\n\n"
        "Eklemek istediğiniz bir şey olursa bu e-postayı yanıtlamanız yeterli; yazdıklarınız aynı "
        "talebe eklenir.\n\n"
        "Teşekkürler,\nMağaza Destek"
    )
    conversation.refresh_from_db()
    assert conversation.first_response_at is None  # an acknowledgement is not a response
    assert conversation.waiting_since is not None

    run_pending_tasks()

    mail = smtp.parsed()
    assert [a.addr_spec for a in mail["To"].addresses] == ["ayse@musteri.test"]
    assert mail["Auto-Submitted"] == "auto-replied"
    assert mail["X-Auto-Response-Suppress"] == "All"
    assert mail["Subject"] == f"Re: Siparişim nerede? [#{conversation.number}]"
    assert mail["In-Reply-To"] == conversation.messages.get(direction="in").provider_id
    plain = mail.get_body(preferencelist=("plain",))
    assert plain is not None
    assert "Mesajınızı aldık, talep numaranız" in plain.get_content()
    assert "tarihinde Ayşe Kaya yazdı:" in plain.get_content()
    ack.refresh_from_db()
    assert ack.delivery_status == "sent"


def test_english_by_metadata_and_by_guess(email_world: tuple[World, Inbox, SmtpServer]) -> None:
    _world, inbox, _smtp = email_world
    by_meta = receive_email(inbox, "Merhaba", sender="a@musteri.test", language="en").conversation
    guessed = receive_email(
        inbox, "Hello, where is my order? Thanks", sender="Bob <b@musteri.test>", subject="Order"
    ).conversation
    assert acks(by_meta)[0].text.startswith("Hello,\n\nWe have received your message")
    assert acks(guessed)[0].text.startswith(
        f"Hello Bob,\n\nWe have received your message; your request number is #{guessed.number}. "
        "Our team will get back to you within 6 hours."
    )


def test_language_guess() -> None:
    assert guess_language("Hello, where is my order? Thanks") == "en"
    assert guess_language("Merhaba siparis nerede kaldi") == "tr"
    assert guess_language("Iade istiyorum") == "tr"  # nothing English: Turkish by default
    assert guess_language("Kargom gelmedi, yardımcı olur musunuz? Order 123") == "tr"


def test_inbox_texts_and_expected_reply_time(db: None, smtp_server: SmtpServer) -> None:
    world = make_world("Metin")
    inbox = make_email_inbox(
        world,
        mailbox(
            smtp_port=smtp_server.port,
            autoack_text={"tr": "Selam {name}! #{number} — {subject} — {expected_reply_time}. {bilinmeyen}"},
            expected_reply_text={"tr": "yarın öğlene kadar"},
        ),
    )
    conversation = receive_email(inbox, "İade talebim var").conversation
    assert acks(conversation)[0].text == (
        f"Selam Ayşe Kaya! #{conversation.number} — Siparişim nerede? — yarın öğlene kadar. {{bilinmeyen}}"
    )


def test_render_without_a_name_drops_the_gap() -> None:
    assert render_ack("Merhaba {name},\nTamam", {"name": ""}) == "Merhaba,\nTamam"


@pytest.mark.parametrize(
    ("sender", "automated", "reason"),
    [
        ("ayse@musteri.test", "auto-submitted", "an auto-reply"),
        ("ayse@musteri.test", "precedence: bulk", "a mailing"),
        ("no-reply@kargo.test", "", "a no-reply sender"),
        ("MAILER-DAEMON@mx.test", "", "a bounce address"),
        ("Destek <destek@magaza.test>", "", "our own address"),
        ("destek+r5-abcdef0123@magaza.test", "", "our own reply address"),
        ("satis@magaza.test", "", "another inbox of the workspace"),
    ],
)
def test_no_acknowledgement_for_robots_and_ourselves(
    email_world: tuple[World, Inbox, SmtpServer], sender: str, automated: str, reason: str
) -> None:
    world, inbox, _smtp = email_world
    make_email_inbox(world, mailbox(address="satis@magaza.test", smtp_port=1), name="Satış")
    conversation = receive_email(inbox, "Otomatik yanıt", sender=sender, automated=automated).conversation
    assert acks(conversation) == [], reason
    assert not AutoReplyLog.objects.exists()


def test_switched_off_per_inbox(email_world: tuple[World, Inbox, SmtpServer]) -> None:
    world, inbox, _smtp = email_world
    do_update_inbox(
        world.owner, inbox, settings={"email": dict(inbox.settings["email"], autoack_enabled=False)}
    )
    assert acks(receive_email(inbox).conversation) == []


def test_once_per_sender_per_hour_and_only_for_new_conversations(
    email_world: tuple[World, Inbox, SmtpServer],
) -> None:
    world, inbox, _smtp = email_world
    do_update_inbox(world.owner, inbox, settings={"reopen_days": 0})
    first = receive_email(inbox, "İlk mesaj").conversation
    follow_up = receive_email(inbox, "Bir şey daha", references=[first.messages.first().provider_id])
    assert follow_up.conversation.pk == first.pk
    assert len(acks(first)) == 1  # a second email in the same conversation gets none

    Conversation.objects.filter(pk=first.pk).update(status="resolved")
    second = receive_email(inbox, "Yeni bir konu", subject="Fatura").conversation
    assert second.pk != first.pk
    assert acks(second) == []  # a new conversation, but the same sender within the hour
    stale = AutoReplyLog.objects.create(
        inbox=inbox, address="eski@musteri.test", sent_at=timezone.now() - timedelta(minutes=61)
    )
    other = receive_email(inbox, "Başka biri", sender="Can <can@musteri.test>").conversation
    assert len(acks(other)) == 1
    assert sorted(AutoReplyLog.objects.filter(inbox=inbox).values_list("address", flat=True)) == [
        "ayse@musteri.test",
        "can@musteri.test",
    ]
    assert not AutoReplyLog.objects.filter(pk=stale.pk).exists()

    # An hour later the same sender is acknowledged again.
    AutoReplyLog.objects.filter(address="ayse@musteri.test").update(
        sent_at=timezone.now() - timedelta(hours=1, seconds=1)
    )
    Conversation.objects.filter(pk=second.pk).update(status="resolved")
    third = receive_email(inbox, "Bir konu daha", subject="İade").conversation
    assert third.pk not in (first.pk, second.pk)
    assert len(acks(third)) == 1


def test_two_emails_from_the_same_sender_at_once_get_one_acknowledgement(
    email_world: tuple[World, Inbox, SmtpServer],
) -> None:
    world, inbox, _smtp = email_world
    no_ack = dict(inbox.settings["email"], autoack_enabled=False)
    do_update_inbox(world.owner, inbox, settings={"email": no_ack, "reopen_days": 0})
    one = receive_email(inbox, "Bir").message
    Conversation.objects.filter(pk=one.conversation_id).update(status="resolved")
    two = receive_email(inbox, "İki", subject="Başka").message
    assert one.conversation_id != two.conversation_id
    do_update_inbox(world.owner, inbox, settings={"email": dict(no_ack, autoack_enabled=True)})

    results: list[Message | None] = []
    barrier = threading.Barrier(2)

    def run(message_id: int) -> None:
        barrier.wait()
        try:
            results.append(acknowledge(message_id))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(m.pk,)) for m in (one, two)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(r is not None for r in results) == [False, True]
    assert Message.objects.filter(kind="automated").count() == 1
    assert AutoReplyLog.objects.count() == 1


def test_messages_of_other_channels_are_not_acknowledged(
    email_world: tuple[World, Inbox, SmtpServer],
) -> None:
    world, _inbox, _smtp = email_world
    chat, _token = do_create_inbox(world.owner, name="Canlı destek", channel="webchat")
    assert acks(receive(chat, "Merhaba", email="z@musteri.test").conversation) == []
    assert acks(receive(world.inbox, "Merhaba", email="y@musteri.test").conversation) == []


def test_a_message_without_email_metadata_is_acknowledged_to_the_contact(
    email_world: tuple[World, Inbox, SmtpServer],
) -> None:
    _world, inbox, smtp = email_world
    from yanit.contacts.services.identify import ContactClaim

    result = do_receive_inbound_message(
        inbox, InboundMessage(contact=ContactClaim(name="Deniz", email="deniz@musteri.test"), text="Selam")
    )
    assert len(acks(result.conversation)) == 1
    run_pending_tasks()
    assert [a.addr_spec for a in smtp.parsed()["To"].addresses] == ["deniz@musteri.test"]
