"""The agent's thread for email messages: header lines, folded quotes, inline images, blocked
remote images, the .eml download, and that other workspaces see none of it."""

from __future__ import annotations

import re
from email.message import EmailMessage

import pytest
from django.test import Client, override_settings

from tests.connectors.email.conftest import fixture_bytes, make_our_message
from tests.factories import World
from yanit.accounts.models import Agent
from yanit.connectors.email.ingest import ingest_raw_email
from yanit.conversations.models import Message
from yanit.inboxes.models import Inbox

pytestmark = pytest.mark.django_db


def login(agent: Agent) -> Client:
    client = Client()
    client.force_login(agent.user)
    session = client.session
    session["workspace_id"] = agent.workspace_id
    session.save()
    return client


def thread_html(world: World, conversation_id: int) -> str:
    response = login(world.agent).get(f"/c/{conversation_id}/thread/")
    assert response.status_code == 200
    return response.content.decode()


def test_gmail_reply_shows_sender_cc_new_part_and_folded_quote(world: World, email_inbox: Inbox) -> None:
    make_our_message(email_inbox)
    result = ingest_raw_email(email_inbox, fixture_bytes("gmail_reply_tr.eml"))
    page = thread_html(world, result.conversation_id or 0)
    article = page[page.index(f'id="m{result.message_id}"') :]
    article = article[: article.index("</article>")]
    assert "Ayşe Kaya" in article
    assert 'data-testid="email-from">ayse.kaya@gmail.example<' in article
    assert "Mehmet Kaya &lt;mehmet.kaya@gmail.example&gt;" not in article  # shown as addresses
    assert 'data-testid="email-cc"' in article
    assert "mehmet.kaya@gmail.example" in article
    new_part = article.index("Teşekkürler, kargo takip numarasını")
    fold = article.index("<details><summary>…</summary>")
    assert new_part < fold < article.index("Siparişiniz bugün kargoya verildi")
    assert f'href="/email/{result.message_id}/original.eml"' in article
    assert 'data-testid="show-images"' not in article


def test_subject_line_only_when_the_subject_changes(world: World, email_inbox: Inbox) -> None:
    def send(subject: str, message_id: str, **headers: str) -> int:
        msg = EmailMessage()
        msg["From"] = "ayse@example.com"
        msg["To"] = "destek@magaza.test"
        msg["Subject"] = subject
        msg["Message-ID"] = message_id
        for name, value in headers.items():
            msg[name.replace("_", "-")] = value
        msg.set_content("Metin")
        return ingest_raw_email(email_inbox, msg.as_bytes()).conversation_id or 0

    conversation_id = send("Kargo", "<s1@example.com>")
    send("Re: Kargo", "<s2@example.com>", In_Reply_To="<s1@example.com>")
    send("Fatura da lazım", "<s3@example.com>", In_Reply_To="<s2@example.com>")
    page = thread_html(world, conversation_id)
    subjects = re.findall(r'data-testid="email-subject"><span class="muted">[^<]*</span> ([^<]*)<', page)
    assert subjects == ["Fatura da lazım"]


def test_inline_cid_image_is_shown_and_remote_image_needs_a_click(world: World, email_inbox: Inbox) -> None:
    result = ingest_raw_email(email_inbox, fixture_bytes("inline_image_related.eml"))
    message = Message.objects.get(pk=result.message_id)
    attachment = message.attachments.get()
    page = thread_html(world, result.conversation_id or 0)
    assert f'<img src="/files/{attachment.pk}/" alt="kutu">' in page
    assert "cid:" not in page
    assert "tracker.example" not in page
    # Shown inline, so not listed again under the message.
    assert f'href="/files/{attachment.pk}/"' not in page
    assert 'data-testid="show-images"' in page

    shown = login(world.agent).get(f"/email/{message.pk}/images/")
    assert shown.status_code == 200
    body = shown.content.decode()
    assert '<img referrerpolicy="no-referrer" src="https://tracker.example/open.gif?u=can"' in body
    assert f'src="/files/{attachment.pk}/"' in body
    assert 'data-testid="show-images"' not in body


@override_settings(YANIT_MAX_ATTACHMENT_BYTES=1000)
def test_left_out_attachment_is_explained(world: World, email_inbox: Inbox) -> None:
    msg = EmailMessage()
    msg["From"] = "ayse@example.com"
    msg["Subject"] = "Video"
    msg["Message-ID"] = "<video@example.com>"
    msg.set_content("Video ekte")
    msg.add_attachment(b"v" * 5000, maintype="video", subtype="mp4", filename="kutu.mp4")
    result = ingest_raw_email(email_inbox, msg.as_bytes())
    page = thread_html(world, result.conversation_id or 0)
    note = re.search(r'data-testid="email-left-out">([^<]*)<', page)
    assert note is not None
    assert "kutu.mp4" in note.group(1)


def test_original_eml_download_only_for_the_workspace(
    world: World, other_world: World, email_inbox: Inbox
) -> None:
    raw = fixture_bytes("outlook_reply_tr_windows1254.eml")
    result = ingest_raw_email(email_inbox, raw)
    url = f"/email/{result.message_id}/original.eml"
    response = login(world.agent).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "message/rfc822"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == raw
    assert login(other_world.agent).get(url).status_code == 404
    assert login(other_world.agent).get(f"/email/{result.message_id}/images/").status_code == 404
    assert Client().get(url).status_code in (302, 401, 403)


def test_hostile_email_is_inert_in_the_page(world: World, email_inbox: Inbox) -> None:
    result = ingest_raw_email(email_inbox, fixture_bytes("hostile_html.eml"))
    page = thread_html(world, result.conversation_id or 0)
    article = page[page.index(f'id="m{result.message_id}"') :]
    article = article[: article.index("</article>")]
    for forbidden in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "position",
        "<iframe",
        "<form",
        "<style",
        "<svg",
        "<object",
    ):
        assert forbidden not in article.lower(), forbidden
    assert "Siparişim hakkında bilgi istiyorum." in article
