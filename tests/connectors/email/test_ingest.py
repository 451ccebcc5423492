"""Threading, participants, attachment limits and odd input of inbound email."""

from __future__ import annotations

import os
from email.message import EmailMessage

import pytest
from django.test import override_settings
from django.utils import translation

from tests.connectors.email.conftest import ADDRESS, make_our_message
from tests.factories import World, receive
from yanit.connectors.email.ingest import ingest_or_keep, ingest_raw_email
from yanit.connectors.email.tokens import reply_address, subject_with_tag
from yanit.conversations.models import Conversation, Message
from yanit.inboxes.models import Inbox
from yanit.inboxes.services.manage import do_create_inbox


def mail(
    text: str = "Merhaba, kargom nerede?",
    *,
    sender: str = "Ayşe Kaya <ayse.kaya@gmail.example>",
    to: str = ADDRESS,
    subject: str = "Kargo",
    message_id: str = "<m1@gmail.example>",
    **headers: str,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(text)
    return msg


def test_references_thread_into_the_conversation_of_any_of_our_messages(email_inbox: Inbox) -> None:
    ours = make_our_message(email_inbox, "<yanit.aaa@magaza.test>")
    # Only an older message of the thread in References, In-Reply-To unknown to us.
    raw = mail(
        message_id="<r1@gmail.example>",
        In_Reply_To="<someone-else@gmail.example>",
        References="<yanit.aaa@magaza.test> <someone-else@gmail.example>",
    ).as_bytes()
    result = ingest_raw_email(email_inbox, raw)
    assert result.conversation_id == ours.conversation_id


def test_email_reply_continues_a_chat_conversation(world: World, email_inbox: Inbox) -> None:
    chat_inbox, _token = do_create_inbox(world.owner, name="Canlı destek", channel="webchat")
    chat = receive(chat_inbox, "Sohbetten yazıyorum", email="ayse.kaya@gmail.example")
    Message.objects.create(
        workspace_id=chat_inbox.workspace_id,
        conversation=chat.conversation,
        inbox=chat_inbox,
        direction="out",
        text="Yanıtımız e-postayla gitti",
        provider_id="<yanit.chat-answer@magaza.test>",
        created_at=chat.message.created_at,
    )
    result = ingest_raw_email(email_inbox, mail(In_Reply_To="<yanit.chat-answer@magaza.test>").as_bytes())
    message = Message.objects.get(pk=result.message_id)
    assert message.conversation_id == chat.conversation.pk
    # Stored in the conversation's inbox, so the thread stays in one place.
    assert message.inbox_id == chat_inbox.pk


def test_reply_token_in_a_recipient_address(email_inbox: Inbox) -> None:
    first = ingest_raw_email(email_inbox, mail(message_id="<a@x.example>").as_bytes())
    token_address = reply_address(ADDRESS, first.conversation_id or 0)
    raw = mail("İkinci mesaj", message_id="<b@x.example>", to=token_address, subject="Başka konu").as_bytes()
    assert ingest_raw_email(email_inbox, raw).conversation_id == first.conversation_id


def test_a_forged_reply_token_starts_a_new_conversation(email_inbox: Inbox) -> None:
    first = ingest_raw_email(email_inbox, mail(message_id="<a@x.example>").as_bytes())
    forged = f"destek+r{first.conversation_id}-0000000000@magaza.test"
    raw = mail("Sahte", sender="kotu@evil.example", message_id="<b@x.example>", to=forged).as_bytes()
    assert ingest_raw_email(email_inbox, raw).conversation_id != first.conversation_id


def test_subject_tag_threads_only_for_people_in_the_conversation(email_inbox: Inbox) -> None:
    first = ingest_raw_email(email_inbox, mail(message_id="<a@x.example>").as_bytes())
    conversation = Conversation.objects.get(pk=first.conversation_id)
    tagged = subject_with_tag("Re: Kargo", conversation.number)
    # The contact herself: joins.
    own = ingest_raw_email(email_inbox, mail(message_id="<b@x.example>", subject=tagged).as_bytes())
    assert own.conversation_id == conversation.pk
    # A stranger guessing the number: a conversation of their own.
    stranger = ingest_raw_email(
        email_inbox, mail(sender="tahmin@evil.example", message_id="<c@x.example>", subject=tagged).as_bytes()
    )
    assert stranger.conversation_id != conversation.pk


def test_cc_participants_are_kept_merged_without_duplicates(email_inbox: Inbox) -> None:
    first = ingest_raw_email(
        email_inbox,
        mail(message_id="<a@x.example>", Cc=f"Mehmet Kaya <mehmet@x.example>, Destek <{ADDRESS}>").as_bytes(),
    )
    conversation = Conversation.objects.get(pk=first.conversation_id)
    assert conversation.metadata["email"]["cc"] == ["Mehmet Kaya <mehmet@x.example>"]
    reply_to = reply_address(ADDRESS, conversation.pk)
    ingest_raw_email(
        email_inbox,
        mail(
            message_id="<b@x.example>",
            to=reply_to,
            Cc="MEHMET@X.EXAMPLE, Zehra <zehra@x.example>, " + reply_to,
        ).as_bytes(),
    )
    conversation.refresh_from_db()
    assert conversation.metadata["email"]["cc"] == [
        "Mehmet Kaya <mehmet@x.example>",
        "Zehra <zehra@x.example>",
    ]
    # A CC participant may continue the thread by its [#n] tag.
    tagged = subject_with_tag("Re: Kargo", conversation.number)
    third = ingest_raw_email(
        email_inbox, mail(sender="zehra@x.example", message_id="<c@x.example>", subject=tagged).as_bytes()
    )
    assert third.conversation_id == conversation.pk


def test_a_new_email_without_references_is_a_new_conversation(email_inbox: Inbox) -> None:
    first = ingest_raw_email(email_inbox, mail(message_id="<a@x.example>", subject="Kargo").as_bytes())
    second = ingest_raw_email(email_inbox, mail(message_id="<b@x.example>", subject="Fatura").as_bytes())
    assert first.conversation_id != second.conversation_id


def test_twenty_megabyte_attachment_is_stored(email_inbox: Inbox) -> None:
    msg = mail(message_id="<big@x.example>")
    payload = os.urandom(20 * 1_048_576)
    msg.add_attachment(payload, maintype="application", subtype="zip", filename="katalog.zip")
    result = ingest_raw_email(email_inbox, msg.as_bytes())
    message = Message.objects.get(pk=result.message_id)
    attachment = message.attachments.get()
    assert (attachment.filename, attachment.size) == ("katalog.zip", len(payload))
    with attachment.file.open("rb") as handle:
        assert handle.read() == payload
    assert message.metadata["email_view"]["notes"] == []


@override_settings(YANIT_MAX_ATTACHMENT_BYTES=1_000_000)
def test_an_oversized_attachment_is_left_out_with_a_note_and_the_mail_kept(email_inbox: Inbox) -> None:
    msg = mail("Ekte iki dosya var", message_id="<over@x.example>")
    msg.add_attachment(b"%PDF-1.4 small", maintype="application", subtype="pdf", filename="fatura.pdf")
    msg.add_attachment(b"x" * 1_200_000, maintype="video", subtype="mp4", filename="kutu açılışı.mp4")
    result = ingest_raw_email(email_inbox, msg.as_bytes())
    message = Message.objects.get(pk=result.message_id)
    assert [a.filename for a in message.attachments.all()] == ["fatura.pdf"]
    assert message.metadata["email_view"]["notes"] == [
        {"kind": "attachment_too_large", "filename": "kutu açılışı.mp4", "size": 1_200_000}
    ]
    assert message.text == "Ekte iki dosya var"
    assert message.raw_email.size == len(msg.as_bytes())


def test_an_empty_email_is_still_stored(email_inbox: Inbox) -> None:
    raw = b"From: a@x.example\r\nTo: destek@magaza.test\r\nMessage-ID: <empty@x.example>\r\n\r\n"
    with translation.override("en"):
        result = ingest_raw_email(email_inbox, raw)
    message = Message.objects.get(pk=result.message_id)
    assert message.text == "(This email has no text.)"


def test_sender_without_an_address_gets_a_contact_of_their_own(email_inbox: Inbox) -> None:
    raw = b"From: Bilinmeyen Gonderen\r\nSubject: Selam\r\nMessage-ID: <noaddr@x.example>\r\n\r\nMerhaba\r\n"
    result = ingest_raw_email(email_inbox, raw)
    message = Message.objects.select_related("sender_contact").get(pk=result.message_id)
    assert message.sender_contact is not None
    assert message.sender_contact.name == "Bilinmeyen Gonderen"
    assert message.text == "Merhaba"


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\x01\x02 not an email at all \xff\xfe",
        b"Content-Type: multipart/mixed; boundary=x\r\n\r\n"
        b"--x\r\nContent-Type: text/plain; charset=utf-16\r\n\r\n\xff",
        b"From: =?utf-8?B?!!!?= <a@x.example>\r\nSubject: =?bogus?Q?=ZZ?=\r\n\r\nMetin\r\n",
    ],
)
def test_garbage_never_raises_and_is_kept(email_inbox: Inbox, raw: bytes) -> None:
    result = ingest_or_keep(email_inbox, raw)
    message = Message.objects.get(pk=result.message_id)
    assert message.raw_email.size == len(raw)
    assert "\x00" not in message.text
    assert ingest_or_keep(email_inbox, raw).created is False
