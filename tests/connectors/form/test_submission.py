"""A submission becomes a conversation the agent can work with, and the visitor is told what
happens next, on the page and by email."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.connectors.form.conftest import FakeEmailAdapter, FormSite
from tests.connectors.form.html import field_error
from tests.factories import World
from yanit.connectors.form.config import FormConfig
from yanit.connectors.form.manage import do_rotate_form_token, do_save_form_inbox
from yanit.connectors.form.tickets import issue_ticket
from yanit.connectors.registry import _adapters
from yanit.conversations.models import Attachment, Conversation, Message
from yanit.conversations.services.reply import do_send_reply
from yanit.core.worker import run_pending_tasks
from yanit.inboxes.services.manage import do_update_inbox

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
PDF = b"%PDF-1.7\n" + b"1 0 obj\n" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100


def inbound(form_site: FormSite) -> Message:
    return Message.objects.get(inbox=form_site.inbox, direction=Message.Direction.IN)


@pytest.mark.django_db
def test_submission_creates_a_conversation_with_the_fields_laid_out(form_site: FormSite) -> None:
    response = form_site.post(lang="tr")

    message = inbound(form_site)
    conversation = message.conversation
    assert response.status_code == 302
    assert response["Location"].startswith(f"/f/{form_site.token}/sent/")
    assert (
        conversation.subject == "Sipariş durumu — Merhaba, siparişim üç gündür kargoya verilmedi. Ne zaman…"
    )
    assert message.provider_id.startswith("form:")
    assert message.text == (
        "Merhaba, siparişim üç gündür kargoya verilmedi. Ne zaman gelir?\n\n"
        "— İletişim formu —\n"
        "Ad: Zeynep Kaya\n"
        "E-posta: zeynep@example.com\n"
        "Telefon: +90 532 111 22 33\n"
        "Sipariş numarası: AC-10482\n"
        "Konu: Sipariş durumu"
    )
    form = message.metadata["form"]
    assert {k: form[k] for k in ("name", "email", "phone", "order_number", "topic", "language")} == {
        "name": "Zeynep Kaya",
        "email": "zeynep@example.com",
        "phone": "+905321112233",
        "order_number": "AC-10482",
        "topic": "Sipariş durumu",
        "language": "tr",
    }
    contact = conversation.contact
    assert (contact.name, contact.email, contact.phone) == (
        "Zeynep Kaya",
        "zeynep@example.com",
        "+905321112233",
    )
    assert set(contact.identities.values_list("kind", "value")) == {
        ("email", "zeynep@example.com"),
        ("phone", "+905321112233"),
    }


@pytest.mark.django_db
def test_confirmation_page_shows_the_number_and_what_happens_next(form_site: FormSite, world: World) -> None:
    do_save_form_inbox(
        world.owner,
        form_site.inbox,
        name="Form",
        team=None,
        config=FormConfig(expected_reply_text={"tr": "Hafta içi 4 saat içinde yanıtlıyoruz.", "en": ""}),
        email_inbox_id=None,
    )
    sent = form_site.client.get(form_site.post(lang="tr")["Location"])

    html = sent.content.decode()
    number = inbound(form_site).conversation.number
    assert sent.status_code == 200
    assert f'data-testid="conversation-number">#{number}</strong>' in html
    assert (
        "Ekibimiz mesajınızı okuyup size e-postayla yanıt verecek. Hafta içi 4 saat içinde yanıtlıyoruz."
        in html
    )
    assert "E-posta adresinize bir onay gönderdik." in html
    english = form_site.client.get(sent.request["PATH_INFO"] + "?lang=en").content.decode()
    assert (
        "Our team reads your message and answers you by email. We usually answer within one business day."
        in english
    )


@pytest.mark.django_db
def test_unknown_submission_page_is_404(form_site: FormSite) -> None:
    assert form_site.client.get(f"{form_site.url}/sent/nope-nope-nope").status_code == 404


@pytest.mark.django_db
def test_attachments_are_stored_with_their_real_type(form_site: FormSite) -> None:
    files = [
        SimpleUploadedFile("fatura.pdf", PDF, content_type="application/pdf"),
        # The browser's word is not trusted: the bytes say PNG.
        SimpleUploadedFile("kutu.jpg", PNG, content_type="image/jpeg"),
        SimpleUploadedFile("IMG_0001.JPG", JPEG, content_type="application/octet-stream"),
    ]

    assert form_site.post(attachments=files).status_code == 302

    stored = list(Attachment.objects.filter(message=inbound(form_site)).order_by("pk"))
    assert [(a.filename, a.content_type, a.size) for a in stored] == [
        ("fatura.pdf", "application/pdf", len(PDF)),
        ("kutu.jpg", "image/png", len(PNG)),
        ("IMG_0001.JPG", "image/jpeg", len(JPEG)),
    ]
    assert stored[0].file.read() == PDF


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "lang", "expected"),
    [
        (
            SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
            "en",
            "virus.pdf can't be attached: only pictures (JPG, PNG, GIF, WEBP, HEIC) and PDF files.",
        ),
        (
            SimpleUploadedFile("sayfa.html", b"<script>alert(1)</script>", content_type="image/png"),
            "tr",
            "sayfa.html eklenemiyor: yalnızca resim (JPG, PNG, GIF, WEBP, HEIC) "
            "ve PDF dosyaları eklenebilir.",
        ),
        (
            SimpleUploadedFile(
                "buyuk.pdf", b"%PDF-" + b"0" * (10 * 1_048_576), content_type="application/pdf"
            ),
            "tr",
            "buyuk.pdf, 10 MB sınırından büyük.",
        ),
    ],
)
def test_wrong_attachments_are_refused_next_to_the_field(
    form_site: FormSite, upload: SimpleUploadedFile, lang: str, expected: str
) -> None:
    response = form_site.post(lang=lang, attachments=[upload])

    assert response.status_code == 422
    assert field_error(response.content.decode(), "attachments") == expected
    assert not Message.objects.filter(inbox=form_site.inbox).exists()


@pytest.mark.django_db
def test_at_most_five_files(form_site: FormSite) -> None:
    files = [SimpleUploadedFile(f"{n}.png", PNG, content_type="image/png") for n in range(6)]

    response = form_site.post(lang="en", attachments=files)

    assert field_error(response.content.decode(), "attachments") == "Attach at most 5 files."


@pytest.mark.django_db
def test_inactive_or_rotated_form_is_404(form_site: FormSite, world: World) -> None:
    old_url = form_site.url
    new_token = do_rotate_form_token(world.owner, form_site.inbox)

    assert form_site.client.get(old_url).status_code == 404
    assert form_site.client.get(f"{old_url}/embed.js").status_code == 404
    assert form_site.client.get(f"/f/{new_token}").status_code == 200
    do_update_inbox(world.owner, form_site.inbox, is_active=False)
    assert form_site.client.get(f"/f/{new_token}").status_code == 404
    assert form_site.client.post(f"/f/{new_token}", {"name": "x"}).status_code == 404
    assert form_site.client.get("/f/yin_not_a_form_token").status_code == 404


@pytest.mark.django_db
def test_language_from_query_then_browser_then_turkish(form_site: FormSite) -> None:
    client = Client()
    assert '<html lang="tr">' in client.get(form_site.url).content.decode()
    assert (
        '<html lang="en">'
        in client.get(form_site.url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    )
    assert (
        '<html lang="tr">'
        in client.get(form_site.url, HTTP_ACCEPT_LANGUAGE="de-DE,tr;q=0.8").content.decode()
    )
    assert (
        '<html lang="tr">'
        in client.get(form_site.url + "?lang=tr", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert "Bize yazın" in client.get(form_site.url).content.decode()
    assert "Contact us" in client.get(form_site.url + "?lang=en").content.decode()


@pytest.mark.django_db
def test_pages_can_be_framed_by_any_site_and_need_no_cookie(form_site: FormSite) -> None:
    page = form_site.client.get(form_site.url + "?embed=1")

    assert "X-Frame-Options" not in page
    assert page["Cache-Control"] == "no-store"
    assert not page.cookies
    assert 'class="embedded"' in page.content.decode()
    # A visitor whose browser blocks third-party cookies posts with no cookie at all.
    cookieless = Client(enforce_csrf_checks=True)
    response = cookieless.post(
        f"{form_site.url}?embed=1&lang=tr",
        {
            "name": "Ali Veli",
            "email": "ali@example.com",
            "message": "Merhaba",
            "ticket": issue_ticket(form_site.inbox.pk, issued_at=time.time() - 5),
        },
        REMOTE_ADDR="192.0.2.9",
    )
    assert response.status_code == 302
    assert "embed=1" in response["Location"]
    assert "X-Frame-Options" not in cookieless.get(response["Location"])


@pytest.mark.django_db
def test_embed_loader(form_site: FormSite) -> None:
    response = form_site.client.get(f"{form_site.url}/embed.js")

    body = response.content.decode()
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert f'frame.src = "http://testserver/f/{form_site.token}" + params;' in body
    assert 'var origin = "http://testserver";' in body
    assert "event.origin !== origin || event.source !== frame.contentWindow" in body
    assert len(body.encode()) < 3000


# --- delivery: the confirmation and agents' replies go out through the email channel ---------


@pytest.mark.django_db(transaction=True)
def test_confirmation_email_is_delivered_through_the_email_channel(
    form_site: FormSite, fake_email: Callable[[], FakeEmailAdapter]
) -> None:
    form_site.post(lang="tr", name="Zeynep Kaya")
    run_pending_tasks()

    message = inbound(form_site)
    confirmation = Message.objects.get(conversation=message.conversation, kind=Message.Kind.AUTOMATED)
    assert confirmation.delivery_status == Message.Delivery.SENT
    assert confirmation.provider_id == f"<fake-{confirmation.pk}@example.test>"
    assert fake_email().sent == [
        {
            "message_id": confirmation.pk,
            "to": "Zeynep Kaya <zeynep@example.com>",
            "subject": "Mesajınızı aldık",
            "text": (
                "Merhaba Zeynep Kaya,\n\n"
                f"Mesajınız bize ulaştı; talep numaranız #{message.conversation.number}. "
                "Genellikle bir iş günü içinde yanıt veriyoruz.\n\n"
                "Eklemek istediğiniz bir şey olursa bu e-postayı yanıtlayabilirsiniz.\n\n"
                f"{form_site.inbox.workspace.name}"
            ),
        }
    ]
    # It doesn't count as an answer: the customer is still waiting.
    conversation = Conversation.objects.get(pk=message.conversation_id)
    assert conversation.first_response_at is None
    assert conversation.waiting_since is not None


@pytest.mark.django_db(transaction=True)
def test_confirmation_in_english_with_the_inbox_text(
    form_site: FormSite, world: World, fake_email: Callable[[], FakeEmailAdapter]
) -> None:
    do_save_form_inbox(
        world.owner,
        form_site.inbox,
        name="Form",
        team=None,
        config=FormConfig(
            confirmation_text={"tr": "", "en": "Hi {name}, ticket {number} from {store}. {bogus} {"}
        ),
        email_inbox_id=None,
    )

    form_site.post(lang="en", name='Eve "the" <Hacker>, x@evil.test')
    run_pending_tasks()

    number = inbound(form_site).conversation.number
    [sent] = fake_email().sent
    assert sent["to"] == "zeynep@example.com"  # an odd name never becomes extra recipients
    assert sent["subject"] == "We received your message"
    assert (
        sent["text"]
        == f'Hi Eve "the" <Hacker>, x@evil.test, ticket {number} from {world.workspace.name}. {{bogus}} {{'
    )


@pytest.mark.django_db(transaction=True)
def test_no_confirmation_when_turned_off(form_site: FormSite, world: World) -> None:
    do_save_form_inbox(
        world.owner,
        form_site.inbox,
        name="Form",
        team=None,
        config=FormConfig(confirmation_enabled=False),
        email_inbox_id=None,
    )

    form_site.post()

    assert not Message.objects.filter(inbox=form_site.inbox, direction=Message.Direction.OUT).exists()
    sent = form_site.client.get(form_site.post(email="iki@example.com")["Location"]).content.decode()
    assert "E-posta adresinize bir onay gönderdik." not in sent


@pytest.mark.django_db(transaction=True)
def test_without_an_email_channel_the_reply_fails_visibly(form_site: FormSite, world: World) -> None:
    saved = _adapters.pop("email", None)
    try:
        form_site.post()
        conversation = inbound(form_site).conversation
        reply = do_send_reply(world.agent, conversation, "Kargonuz yarın elinizde.")
        run_pending_tasks()
    finally:
        if saved is not None:
            _adapters["email"] = saved

    reply.refresh_from_db()
    assert reply.delivery_status == Message.Delivery.FAILED
    # Jobs run in the default language, Turkish.
    assert (
        reply.failure_reason
        == "İletişim formu yanıtları e-postayla gönderilir, ancak e-posta kanalı kurulu değil."
    )


@pytest.mark.django_db(transaction=True)
def test_agent_reply_goes_to_the_address_typed_in_the_form(
    form_site: FormSite, world: World, fake_email: Callable[[], FakeEmailAdapter]
) -> None:
    # The customer is already known by phone with another address; the reply goes to the
    # address they typed in the form this time.
    from tests.factories import receive

    receive(world.inbox, "Eski mesaj", email="eski@example.com", phone="0532 111 22 33", name="Zeynep")
    form_site.post(email="yeni@example.com", phone="0532 111 22 33")
    conversation = inbound(form_site).conversation
    assert conversation.contact.email == "eski@example.com"

    reply = do_send_reply(world.agent, conversation, "Merhaba, siparişiniz yarın kargoda.")
    run_pending_tasks()

    reply.refresh_from_db()
    assert reply.delivery_status == Message.Delivery.SENT
    assert "email_to" not in reply.metadata  # the stored message stays as written
    assert [s["to"] for s in fake_email().sent] == ["Zeynep Kaya <yeni@example.com>", "yeni@example.com"]
