from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.backoffice.conftest import ClientFor
from tests.factories import World
from yanit.connectors.form.models import FormKey
from yanit.connectors.webchat.models import ChatWidget
from yanit.inboxes.models import Inbox
from yanit.kb.models import HelpCenter, KbAsset

URL = "/settings/help-center/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def valid(**overrides: str) -> dict[str, object]:
    data: dict[str, object] = {
        "is_public": "on",
        "title_tr": "Anadolu Yardım",
        "title_en": "Anadolu Help",
        "brand_color": "#1D4ED8",
        "email": "Destek@Anadolu.example",
        "phone": "0212 555 12 34",
        "whatsapp": "+90 532 123 45 67",
        "hours_note_tr": "Hafta içi 09:00-18:00",
        "social_instagram": "instagram.com/anadolu",
        "social_x": "https://twitter.com/anadolu",
    }
    data.update(overrides)
    return data


def test_only_admins_see_the_settings(client_for: ClientFor, world: World) -> None:
    assert client_for(world.agent).get(URL).status_code == 403
    assert client_for(world.agent).post(URL, valid()).status_code == 403
    assert not HelpCenter.objects.filter(workspace=world.workspace).exists()
    page = client_for(world.owner).get(URL)
    assert page.status_code == 200
    assert f'href="/help/{world.workspace.slug}/"' in page.text
    assert 'href="/settings/help-center/" class="active"' in page.text


def test_saving_cleans_contact_options(client_for: ClientFor, world: World) -> None:
    client = client_for(world.owner)
    response = client.post(URL, valid())
    assert response.status_code == 302
    center = HelpCenter.objects.get(workspace=world.workspace)
    assert (center.is_public, center.title_tr, center.title_en, center.brand_color) == (
        True,
        "Anadolu Yardım",
        "Anadolu Help",
        "#1d4ed8",
    )
    assert center.contact == {
        "email": "destek@anadolu.example",
        "phone": "+902125551234",
        "whatsapp": "+905321234567",
        "hours_note_tr": "Hafta içi 09:00-18:00",
        "social": {"instagram": "https://instagram.com/anadolu", "x": "https://twitter.com/anadolu"},
    }
    page = client.get(URL).text
    assert 'value="+902125551234"' in page
    # Unpublishing.
    client.post(URL, valid(is_public=""))
    center.refresh_from_db()
    assert center.is_public is False


def test_bad_input_is_refused_with_a_message_on_the_field(client_for: ClientFor, world: World) -> None:
    client = client_for(world.owner)
    cases = {
        "brand_color": ("red", "Rengi # ve altı onaltılık rakamla yazın"),
        "phone": ("12", "Telefon numarasını alan koduyla yazın"),
        "email": ("destek@", "Geçerli bir e-posta adresi girin."),
        "social_instagram": ("https://evil.example/anadolu", "Instagram bağlantısı instagram.com üzerinde"),
        "social_facebook": ("javascript:alert(1)", "Facebook bağlantısı facebook.com üzerinde"),
    }
    for field, (value, message) in cases.items():
        response = client.post(URL, valid(**{field: value}))
        assert response.status_code == 422, field
        assert message in response.text, field
    assert not HelpCenter.objects.filter(workspace=world.workspace).exists()


def test_chat_and_form_come_from_this_workspaces_inboxes(
    client_for: ClientFor, world: World, other_world: World
) -> None:
    chat = Inbox.objects.create(workspace=world.workspace, name="Canlı destek", channel="webchat")
    ChatWidget.objects.create(workspace=world.workspace, inbox=chat, public_key="wk_anadolu1")
    form = Inbox.objects.create(workspace=world.workspace, name="Form", channel="form")
    FormKey.objects.create(inbox=form, token="ftok123")
    theirs = Inbox.objects.create(workspace=other_world.workspace, name="Onların", channel="webchat")
    client = client_for(world.owner)
    page = client.get(URL).text
    assert f'<option value="{chat.pk}">Canlı destek</option>' in page
    assert f'<option value="{theirs.pk}">' not in page
    assert client.post(URL, valid(chat_inbox=str(theirs.pk))).status_code == 422
    response = client.post(URL, valid(chat_inbox=str(chat.pk), form_inbox=str(form.pk)))
    assert response.status_code == 302
    contact = HelpCenter.objects.get(workspace=world.workspace).contact
    assert (contact["chat_widget"], contact["chat_inbox"], contact["form_inbox"]) == (
        "wk_anadolu1",
        chat.pk,
        form.pk,
    )
    public = client.get(f"/help/{world.workspace.slug}/").text
    assert '<script src="/widget.js" data-inbox="wk_anadolu1" async></script>' in public
    assert '<a class="way" href="/f/ftok123" data-testid="contact-form">' in public


def test_logo_upload_is_checked_by_its_first_bytes(client_for: ClientFor, world: World) -> None:
    client = client_for(world.owner)
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post(URL, {**valid(), "logo": fake})
    assert response.status_code == 422
    assert "Logo PNG, JPEG, GIF veya WebP biçiminde bir görsel olmalı." in response.text
    assert KbAsset.objects.count() == 0
    big = SimpleUploadedFile("logo.png", PNG + b"\x00" * 1_048_576, content_type="image/png")
    assert client.post(URL, {**valid(), "logo": big}).status_code == 422
    good = SimpleUploadedFile("magaza.png", PNG, content_type="application/octet-stream")
    assert client.post(URL, {**valid(), "logo": good}).status_code == 302
    center = HelpCenter.objects.select_related("logo").get(workspace=world.workspace)
    assert center.logo is not None
    assert (center.logo.content_type, center.logo.size, center.logo.filename) == (
        "image/png",
        len(PNG),
        "logo.png",
    )
    logo_url = f"/help/{world.workspace.slug}/logo/{center.logo_id}"
    public = client.get(f"/help/{world.workspace.slug}/").text
    assert f'<img src="{logo_url}" alt="{world.workspace.name}" height="36">' in public
    served = client.get(logo_url)
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG  # type: ignore[attr-defined]
    # Removing it.
    assert client.post(URL, {**valid(), "remove_logo": "on"}).status_code == 302
    assert HelpCenter.objects.get(workspace=world.workspace).logo_id is None
    assert client.get(logo_url).status_code == 404
