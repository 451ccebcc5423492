"""The email inbox settings pages: create, edit, passwords, validation, permissions, check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.connectors.email_out.conftest import (
    SMTP_PASSWORD,
    SMTP_USER,
    SmtpServer,
    mailbox,
    make_email_inbox,
)
from tests.factories import World, make_world
from yanit.accounts.models import Agent
from yanit.connectors.email.config import mailbox_config
from yanit.connectors.email.models import MailboxState
from yanit.inboxes.models import Inbox

ClientFor = Callable[[Agent], Client]
# The test server allows AUTH without TLS on loopback.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Destek",
        "team": "",
        "address": "Destek@Magaza.test",
        "from_name": "Mağaza Destek",
        "sender_shows_agent": "on",
        "signature": "Mağaza Destek\n0212 555 00 00",
        "imap_host": "imap.gmail.com",
        "imap_port": "993",
        "imap_security": "ssl",
        "imap_user": "destek@magaza.test",
        "imap_password": "imap-gizli",
        "imap_folder": "INBOX",
        "poll_seconds": "60",
        "smtp_host": "smtp.gmail.com",
        "smtp_port": "465",
        "smtp_security": "ssl",
        "smtp_user": "destek@magaza.test",
        "smtp_password": "smtp-gizli",
        "autoack_enabled": "on",
        "autoack_text_tr": "",
        "autoack_text_en": "Hi {name}, got it (#{number}).",
        "expected_reply_tr": "bugün içinde",
        "expected_reply_en": "",
        "is_active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_creating_an_email_inbox_stores_settings_with_encrypted_passwords(
    client_for: ClientFor, world: World
) -> None:
    # The new-inbox page has no "active" switch: a new inbox is active.
    response = client_for(world.owner).post("/settings/inboxes/new/email/", form_data(is_active=None))

    inbox = Inbox.objects.get(workspace=world.workspace, channel="email")
    assert response.status_code == 302
    assert inbox.is_active
    assert response["Location"] == f"/settings/inboxes/{inbox.pk}/email/"
    stored = inbox.settings["email"]
    assert "imap-gizli" not in str(stored)
    assert "smtp-gizli" not in str(stored)
    config = mailbox_config(inbox)
    assert (config.address, config.from_name, config.sender_shows_agent) == (
        "destek@magaza.test",
        "Mağaza Destek",
        True,
    )
    assert (config.imap_host, config.imap_port, config.imap_password) == ("imap.gmail.com", 993, "imap-gizli")
    assert (config.smtp_host, config.smtp_port, config.smtp_password) == ("smtp.gmail.com", 465, "smtp-gizli")
    assert config.autoack_text == {"tr": "", "en": "Hi {name}, got it (#{number})."}
    assert config.expected_reply_text == {"tr": "bugün içinde", "en": ""}
    assert config.signature == "Mağaza Destek\n0212 555 00 00"


def test_the_settings_page_never_shows_passwords_and_blank_keeps_them(
    client_for: ClientFor, world: World
) -> None:
    inbox = make_email_inbox(
        world,
        mailbox(
            imap_host="imap.x.test", imap_user="u", imap_password="imap-gizli", smtp_password="smtp-gizli"
        ),
    )
    client = client_for(world.owner)
    page = client.get(f"/settings/inboxes/{inbox.pk}/email/")
    assert page.status_code == 200
    assert "imap-gizli" not in page.text
    assert "smtp-gizli" not in page.text
    assert page.text.count("Kayıtlı. Değiştirmeyecekseniz boş bırakın.") == 2

    response = client.post(
        f"/settings/inboxes/{inbox.pk}/email/",
        form_data(
            name="Yeni ad",
            imap_host="imap.x.test",
            imap_user="u",
            imap_password="",
            smtp_host="127.0.0.1",
            smtp_user="",
            smtp_password="",
            smtp_port="25",
            smtp_security="none",
            sender_shows_agent=None,
            is_active=None,
        ),
    )
    assert response.status_code == 302
    inbox.refresh_from_db()
    config = mailbox_config(inbox)
    assert (inbox.name, inbox.is_active, config.sender_shows_agent) == ("Yeni ad", False, False)
    assert (config.imap_password, config.smtp_password) == ("imap-gizli", "smtp-gizli")


def test_a_saved_password_is_not_sent_to_a_new_server(client_for: ClientFor, world: World) -> None:
    inbox = make_email_inbox(world, mailbox(smtp_user="u", smtp_password="smtp-gizli"))
    response = client_for(world.owner).post(
        f"/settings/inboxes/{inbox.pk}/email/",
        form_data(smtp_host="smtp.kotu.test", smtp_user="u", smtp_password="", imap_host="", imap_user=""),
    )
    assert response.status_code == 422
    assert "Sunucu ya da kullanıcı adı değişti: parolayı yeniden girin." in response.text
    assert mailbox_config(Inbox.objects.get(pk=inbox.pk)).smtp_host == "127.0.0.1"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"smtp_port": "70000"}, "Port 1 ile 65535 arasında bir sayıdır."),
        ({"imap_port": "abc"}, "Port 1 ile 65535 arasında bir sayıdır."),
        ({"smtp_host": ""}, "Bu alan zorunludur."),
        ({"imap_host": ""}, "IMAP sunucusunu girin"),
        ({"imap_user": ""}, "Posta kutusunu okuyacak kullanıcı adını girin"),
        ({"address": "adres-degil"}, "Geçerli bir e-posta adresi girin."),
    ],
)
def test_validation_errors_are_clear_and_nothing_is_created(
    client_for: ClientFor, world: World, overrides: dict[str, str], message: str
) -> None:
    response = client_for(world.owner).post("/settings/inboxes/new/email/", form_data(**overrides))
    assert response.status_code == 422
    assert message in response.text
    assert not Inbox.objects.filter(channel="email").exists()


def test_agents_may_not_and_other_workspaces_get_404(client_for: ClientFor, world: World) -> None:
    inbox = make_email_inbox(world, mailbox())
    agent = client_for(world.agent)
    assert agent.get("/settings/inboxes/new/email/").status_code == 403
    assert agent.get(f"/settings/inboxes/{inbox.pk}/email/").status_code == 403
    assert agent.post(f"/settings/inboxes/{inbox.pk}/email/check/", form_data()).status_code == 403
    assert agent.post("/settings/inboxes/new/email/", form_data()).status_code == 403

    stranger = make_world("Yabancı")
    other = client_for(stranger.owner)
    assert other.get(f"/settings/inboxes/{inbox.pk}/email/").status_code == 404
    assert other.post(f"/settings/inboxes/{inbox.pk}/email/", form_data()).status_code == 404
    assert other.post(f"/settings/inboxes/{inbox.pk}/email/check/", form_data()).status_code == 404
    assert mailbox_config(Inbox.objects.get(pk=inbox.pk)).from_name == "Mağaza Destek"
    # An api inbox has no email page.
    assert client_for(world.owner).get(f"/settings/inboxes/{world.inbox.pk}/email/").status_code == 404


def test_inbox_list_offers_email_and_the_generic_page_redirects(client_for: ClientFor, world: World) -> None:
    inbox = make_email_inbox(world, mailbox())
    client = client_for(world.owner)
    assert 'href="/settings/inboxes/new/email/"' in client.get("/settings/inboxes/").text
    response = client.get(f"/settings/inboxes/{inbox.pk}/")
    assert (response.status_code, response["Location"]) == (302, f"/settings/inboxes/{inbox.pk}/email/")


def test_test_connection_uses_the_form_values_and_saved_password(
    client_for: ClientFor, world: World, smtp_auth_server: SmtpServer
) -> None:
    inbox = make_email_inbox(
        world,
        mailbox(
            smtp_port=smtp_auth_server.port,
            smtp_user=SMTP_USER,
            smtp_password=SMTP_PASSWORD,
            smtp_security="none",
        ),
    )
    client = client_for(world.owner)
    data = form_data(
        address=SMTP_USER,
        imap_host="",
        imap_user="",
        smtp_host="127.0.0.1",
        smtp_port=str(smtp_auth_server.port),
        smtp_security="none",
        smtp_user=SMTP_USER,
        smtp_password="",
    )
    response = client.post(f"/settings/inboxes/{inbox.pk}/email/check/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "SMTP: çalışıyor" in response.text
    assert f"bağlandı (şifresiz), {SMTP_USER} olarak giriş yapıldı" in response.text
    assert smtp_auth_server.logins == [(SMTP_USER, SMTP_PASSWORD)]

    wrong = client.post(
        f"/settings/inboxes/{inbox.pk}/email/check/",
        {**data, "smtp_password": "yanlis"},
        HTTP_HX_REQUEST="true",
    )
    assert "SMTP: başarısız" in wrong.text
    assert "Giriş reddedildi: 535 5.7.8 Authentication credentials invalid" in wrong.text

    invalid = client.post(
        "/settings/inboxes/new/email/check/", {**data, "smtp_port": "0"}, HTTP_HX_REQUEST="true"
    )
    assert 'data-testid="check-invalid"' in invalid.text
    assert "Port 1 ile 65535 arasında bir sayıdır." in invalid.text


def test_mailbox_status_and_ack_preview_are_shown(client_for: ClientFor, world: World) -> None:
    inbox = make_email_inbox(world, mailbox(expected_reply_text={"tr": "yarın öğlene kadar"}))
    MailboxState.objects.create(
        inbox=inbox, idle_supported=True, last_success_at=timezone.now(), last_error="LOGIN failed"
    )
    page = client_for(world.owner).get(f"/settings/inboxes/{inbox.pk}/email/")
    assert 'data-testid="mailbox-status"' in page.text
    assert "hemen gelir (IDLE)" in page.text
    assert "LOGIN failed" in page.text
    assert (
        "Merhaba Ayşe Yılmaz,\n\nMesajınızı aldık, talep numaranız #123. Ekibimiz size yarın öğlene kadar"
        in (page.text)
    )
    assert "Hello Ayşe Yılmaz,\n\nWe have received your message; your request number is #123." in page.text


def test_english_page(client_for: ClientFor, world: World) -> None:
    world.owner.user.language = "en"
    world.owner.user.save()
    client = client_for(world.owner)
    client.post("/language/", {"language": "en", "next": "/"})
    page = client.get("/settings/inboxes/new/email/")
    assert "New email inbox" in page.text
    assert "Test connection" in page.text


def test_ack_preview_shows_the_expected_reply_from_hours_and_sla(client_for: ClientFor, world: World) -> None:
    from yanit.sla.reply_time import expected_reply
    from yanit.sla.services.policies import PolicyInput, do_save_policy

    inbox = make_email_inbox(world, mailbox(expected_reply_text={"tr": "yarın öğlene kadar"}))
    # An SLA policy (90 minutes to the first response) and no business hours: always open.
    do_save_policy(world.owner, PolicyInput(name="Standart", targets={"normal": {"first_response": 90}}))
    answer = expected_reply(world.workspace.pk, None, "tr")
    assert answer is not None
    assert answer.text == "2 saat içinde"
    for url in (f"/settings/inboxes/{inbox.pk}/email/", "/settings/inboxes/new/email/"):
        page = client_for(world.owner).get(url).text
        assert f"Ekibimiz size {answer.text} " in page
        assert "Ekibimiz size yarın öğlene kadar" not in page  # the inbox's own text is the fallback
        assert "to you within 2 hours.\n" in page
