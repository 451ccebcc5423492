"""What a visitor sees when a field is wrong: the exact message, next to the field, in Turkish
and English, with everything they typed still there."""

from __future__ import annotations

import re

import pytest

from tests.connectors.form.conftest import FormSite
from tests.connectors.form.html import field_error, text_by_id, value_of
from yanit.connectors.form.config import FormConfig
from yanit.connectors.form.manage import do_save_form_inbox
from yanit.conversations.models import Message

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "tr",
            {
                "name": "Lütfen adınızı yazın.",
                "email": "Bu e-posta adresi doğru görünmüyor. Örnek: ayse@example.com",
                "phone": "Bu telefon numarası doğru görünmüyor. Örnek: 0532 123 45 67",
                "message": "Lütfen mesajınızı yazın.",
            },
        ),
        (
            "en",
            {
                "name": "Please write your name.",
                "email": "This email address doesn't look right. Example: ayse@example.com",
                "phone": "This phone number doesn't look right. Example: 0532 123 45 67",
                "message": "Please write your message.",
            },
        ),
    ],
)
def test_errors_are_shown_next_to_each_field_and_entries_are_kept(
    form_site: FormSite, lang: str, expected: dict[str, str]
) -> None:
    response = form_site.post(
        lang=lang, name="", email="ayse@", phone="12", message="   ", order_number="AC-77", topic="Ödeme"
    )

    assert response.status_code == 422
    html = response.content.decode()
    for name, message in expected.items():
        assert field_error(html, name) == message
    assert field_error(html, "order_number") == ""
    assert value_of(html, "email") == "ayse@"
    assert value_of(html, "phone") == "12"
    assert value_of(html, "order_number") == "AC-77"
    assert value_of(html, "topic") == "Ödeme"
    assert 'aria-invalid="true"' in html
    assert Message.objects.filter(inbox=form_site.inbox).count() == 0


def test_missing_email_has_its_own_message(form_site: FormSite) -> None:
    tr = form_site.post(lang="tr", email="")
    en = form_site.post(lang="en", email="")

    assert (
        field_error(tr.content.decode(), "email")
        == "Size yanıt verebilmemiz için lütfen e-posta adresinizi yazın."
    )
    assert (
        field_error(en.content.decode(), "email") == "Please enter your email address so we can answer you."
    )


def test_required_phone_and_order_number_are_per_inbox(form_site: FormSite, world) -> None:  # type: ignore[no-untyped-def]
    assert form_site.post(phone="", order_number="").status_code == 302
    do_save_form_inbox(
        world.owner,
        form_site.inbox,
        name=form_site.inbox.name,
        team=None,
        config=FormConfig(phone_required=True, order_required=True),
        email_inbox_id=None,
    )

    response = form_site.post(lang="tr", phone="", order_number="")

    html = response.content.decode()
    assert response.status_code == 422
    assert field_error(html, "phone") == "Lütfen telefon numaranızı yazın."
    assert field_error(html, "order_number") == "Lütfen sipariş numaranızı yazın."


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0532 111 22 33", "+905321112233"),
        ("532 111 22 33", "+905321112233"),
        ("+90 (532) 111-22-33", "+905321112233"),
        ("00905321112233", "+905321112233"),
        ("0212 444 55 66", "+902124445566"),
    ],
)
def test_turkish_phone_numbers_are_normalised(form_site: FormSite, typed: str, stored: str) -> None:
    assert form_site.post(phone=typed).status_code == 302

    message = Message.objects.get(inbox=form_site.inbox, direction=Message.Direction.IN)
    assert message.metadata["form"]["phone"] == stored
    assert message.conversation.contact.phone == stored
    assert "Telefon: +90 " in message.text


def test_oversized_fields_get_a_clear_error(form_site: FormSite) -> None:
    response = form_site.post(lang="en", message="a" * 5001, name="N" * 151, order_number="9" * 61)

    html = response.content.decode()
    assert response.status_code == 422
    assert field_error(html, "message") == "Please keep this under 5000 characters (it has 5001)."
    assert field_error(html, "name") == "Please keep this under 150 characters (it has 151)."
    assert field_error(html, "order_number") == "Please keep this under 60 characters (it has 61)."
    tr = form_site.post(lang="tr", message="a" * 5001)
    assert (
        field_error(tr.content.decode(), "message") == "Lütfen 5000 karakteri geçmeyin (şu an 5001 karakter)."
    )


def test_a_topic_outside_the_list_is_refused(form_site: FormSite) -> None:
    response = form_site.post(lang="en", topic="<script>")

    assert response.status_code == 422
    assert field_error(response.content.decode(), "topic").startswith("Select a valid choice.")


def test_no_topics_hides_the_field(form_site: FormSite, world) -> None:  # type: ignore[no-untyped-def]
    do_save_form_inbox(
        world.owner,
        form_site.inbox,
        name="Form",
        team=None,
        config=FormConfig(topics=[]),
        email_inbox_id=None,
    )

    page = form_site.client.get(form_site.url).content.decode()

    assert 'name="topic"' not in page
    assert form_site.post(topic=None).status_code == 302


def test_errors_summary_lists_fields_and_says_files_must_be_chosen_again(form_site: FormSite) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    picture = SimpleUploadedFile("kutu.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    response = form_site.post(lang="tr", name="", attachments=[picture])

    html = response.content.decode()
    text = text_by_id(html, "error-summary")
    assert text.startswith(
        "Lütfen aşağıda işaretli alanları kontrol edin. Güvenliğiniz için eklerinizi yeniden seçin."
    )
    assert "Adınız soyadınız: Lütfen adınızı yazın." in text
    assert re.search(r'<a href="#id_name">', html)
