"""The customer sidebar (inline edits, merging) and access-checked attachment downloads."""

from __future__ import annotations

from tests.factories import receive
from yanit.contacts.models import Contact
from yanit.conversations.models import Activity, Conversation
from yanit.conversations.services.attachments import IncomingFile
from yanit.conversations.services.reply import do_send_reply

HX = {"HTTP_HX_REQUEST": "true"}


def test_sidebar_lists_every_conversation_of_the_customer(world, login):
    from yanit.inboxes.services.manage import do_create_inbox

    chat, _token = do_create_inbox(world.owner, name="Canlı Destek", channel="webchat")
    first = receive(world.inbox, "Mail ile yazdım", email="ayse@example.com").conversation
    second = receive(chat, "Sohbetten yazıyorum", email="ayse@example.com").conversation
    html = (
        login(world.agent)
        .get(f"/contacts/{first.contact_id}/?conversation={first.pk}", **HX)
        .content.decode()
    )
    assert html.startswith('<aside id="contact-sidebar"')
    assert f'href="/c/{first.pk}/"' in html
    assert f'href="/c/{second.pk}/"' in html
    assert '<span class="channel channel-webchat">Canlı sohbet</span>' in html
    assert '<li class="current">' in html


def test_edit_form_then_save_name_email_phone(world, login):
    contact = receive(world.inbox, "Merhaba", email="eski@example.com", name="Ayse").contact
    client = login(world.agent)
    form = client.get(f"/contacts/{contact.pk}/edit/?field=name", **HX).content.decode()
    assert 'name="value" value="Ayse"' in form
    response = client.post(f"/contacts/{contact.pk}/edit/", {"field": "name", "value": "Ayşe Kaya"}, **HX)
    assert response.status_code == 200
    assert 'data-testid="contact-name">Ayşe Kaya</div>' in response.content.decode()
    client.post(f"/contacts/{contact.pk}/edit/", {"field": "phone", "value": "0532 111 22 33"}, **HX)
    response = client.post(
        f"/contacts/{contact.pk}/edit/", {"field": "email", "value": "Yeni@Example.com"}, **HX
    )
    contact.refresh_from_db()
    assert (contact.name, contact.phone, contact.email) == ("Ayşe Kaya", "+905321112233", "yeni@example.com")
    assert 'data-testid="contact-phone">+90 532 111 22 33</span>' in response.content.decode()
    form = client.get(f"/contacts/{contact.pk}/edit/?field=phone", **HX).content.decode()
    assert 'value="+90 532 111 22 33"' in form


def test_invalid_phone_and_taken_email_are_inline_errors(world, login):
    contact = receive(world.inbox, "bir", email="a@example.com").contact
    receive(world.inbox, "iki", email="b@example.com")
    client = login(world.agent)
    response = client.post(f"/contacts/{contact.pk}/edit/", {"field": "phone", "value": "12"}, **HX)
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#contact-errors-phone"
    response = client.post(
        f"/contacts/{contact.pk}/edit/", {"field": "email", "value": "b@example.com"}, **HX
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#contact-errors-email"
    assert "b@example.com" in response.content.decode()
    contact.refresh_from_db()
    assert (contact.email, contact.phone) == ("a@example.com", "")


def test_attributes_add_and_remove(world, login):
    contact = receive(world.inbox, "Merhaba").contact
    client = login(world.agent)
    response = client.post(
        f"/contacts/{contact.pk}/edit/", {"field": "attribute", "key": "Müşteri no", "value": "C-42"}, **HX
    )
    assert "<dt>Müşteri no</dt>" in response.content.decode()
    contact.refresh_from_db()
    assert contact.attributes == {"Müşteri no": "C-42"}
    client.post(f"/contacts/{contact.pk}/attributes/remove/", {"key": "Müşteri no"}, **HX)
    contact.refresh_from_db()
    assert contact.attributes == {}
    response = client.post(
        f"/contacts/{contact.pk}/edit/", {"field": "attribute", "key": " ", "value": "x"}, **HX
    )
    assert response.status_code == 422
    assert "Özelliğe bir ad verin." in response.content.decode()


def test_merge_search_confirm_and_merge(world, login):
    keep = receive(world.inbox, "bir", email="ayse@example.com", name="Ayşe Kaya")
    dupe = receive(world.inbox, "iki", email="", phone="05321112233", name="AYŞE K.")
    client = login(world.agent)
    search = client.get(f"/contacts/{keep.contact.pk}/merge/?q=ayse", **HX).content.decode()
    assert f"?other={dupe.contact.pk}&conversation=" in search
    assert f"?other={keep.contact.pk}&conversation=" not in search
    assert "+90 532 111 22 33" in search  # never offered to merge with itself
    confirm = client.get(f"/contacts/{keep.contact.pk}/merge/?other={dupe.contact.pk}", **HX).content.decode()
    assert "<strong>AYŞE K.</strong>, <strong>Ayşe Kaya</strong> ile birleştirilsin mi?" in confirm
    response = client.post(f"/contacts/{keep.contact.pk}/merge/", {"other": dupe.contact.pk}, **HX)
    assert response.status_code == 200
    assert not Contact.objects.filter(pk=dupe.contact.pk).exists()
    assert Conversation.objects.get(pk=dupe.conversation.pk).contact_id == keep.contact.pk
    assert Activity.objects.filter(conversation=dupe.conversation, verb="contact_merged").count() == 1
    assert response.content.decode().count("<li") == 2


def test_merge_search_finds_nothing(world, login):
    contact = receive(world.inbox, "bir").contact
    html = login(world.agent).get(f"/contacts/{contact.pk}/merge/?q=zzzz", **HX).content.decode()
    assert "Eşleşen başka kişi yok." in html


def _attachment(world, content_type: str, name: str, data: bytes):
    conversation = receive(world.inbox, "Dosya").conversation
    message = do_send_reply(
        world.agent, conversation, "", attachments=[IncomingFile(name, data, content_type)]
    )
    return message.attachments.get()


def test_attachment_download_for_workspace_agents(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = _attachment(world, "application/pdf", "fatura.pdf", b"%PDF-1.4")
    response = login(world.agent).get(f"/files/{item.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4"
    assert response["Content-Disposition"] == 'attachment; filename="fatura.pdf"'
    assert response["Content-Type"] == "application/octet-stream"


def test_images_inline_but_svg_always_downloads(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    png = _attachment(world, "image/png", "foto.png", b"\x89PNG....")
    svg = _attachment(world, "image/svg+xml", "x.svg", b"<svg onload='alert(1)'/>")
    client = login(world.agent)
    response = client.get(f"/files/{png.pk}/")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="foto.png"'
    response = client.get(f"/files/{svg.pk}/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="x.svg"'
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_attachment_needs_login(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = _attachment(world, "application/pdf", "fatura.pdf", b"%PDF-1.4")
    response = client.get(f"/files/{item.pk}/")
    assert response.status_code == 302
