"""The conversation pane and every mutation on it."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import receive
from yanit.accounts.services.workspaces import do_save_team
from yanit.conversations.models import Activity, Conversation, Message
from yanit.conversations.services.reply import do_send_reply, do_set_delivery_status
from yanit.conversations.services.update import do_update_conversation

HX = {"HTTP_HX_REQUEST": "true"}


def test_page_shows_thread_notes_activities_and_delivery(world, login):
    conversation = receive(
        world.inbox, "Siparişim nerede?", name="Ayşe Kaya", phone="05321234567"
    ).conversation
    reply = do_send_reply(world.agent, conversation, "Kargoya verildi.")
    do_set_delivery_status(reply, Message.Delivery.FAILED, "connection refused")
    do_send_reply(world.agent, conversation, "Müşteri VIP", private=True)
    do_update_conversation(world.owner, conversation, assignee=world.agent, status="resolved")
    html = login(world.agent).get(f"/c/{conversation.pk}/").content.decode()
    assert "Siparişim nerede?" in html
    assert 'data-testid="message-out"' in html
    assert '<span class="note-label">Dahili not</span>' in html
    assert "Müşteri VIP" in html
    assert 'data-testid="delivery">Başarısız: connection refused</div>' in html
    assert f"{world.owner.name} atadı: {world.agent.name}" in html
    assert f"Durum: Çözüldü · {world.owner.name}" in html
    assert "Konuşma başladı: Anadolu API" in html
    assert 'data-testid="contact-phone">+90 532 123 45 67</span>' in html
    assert 'id="composer"' in html


def test_thread_starts_with_the_conversation_then_its_first_message(world, login):
    conversation = receive(world.inbox, "İlk mesaj").conversation
    do_update_conversation(world.owner, conversation, priority="high")
    html = login(world.agent).get(f"/c/{conversation.pk}/").content.decode()
    started = html.index("Konuşma başladı: Anadolu API")
    first = html.index("İlk mesaj", html.index('id="thread"'))
    assert started < first < html.index("Öncelik: Yüksek", first)


def test_pane_fragment_for_htmx(world, login):
    conversation = receive(world.inbox, "Merhaba").conversation
    response = login(world.agent).get(f"/c/{conversation.pk}/", HTTP_HX_TARGET="pane", **HX)
    html = response.content.decode()
    assert html.startswith('<section id="pane" class="pane"')
    assert "<html" not in html


def test_reply_and_note(world, login):
    conversation = receive(world.inbox, "Merhaba").conversation
    client = login(world.agent)
    response = client.post(f"/c/{conversation.pk}/reply/", {"text": "Yardımcı olalım", "mode": "reply"}, **HX)
    assert response.status_code == 200
    assert "Yardımcı olalım" in response.content.decode()
    assert '<div id="composer-errors" class="inline-errors" role="alert" hx-swap-oob="true"></div>' in (
        response.content.decode()
    )
    client.post(f"/c/{conversation.pk}/reply/", {"text": "iç not", "mode": "note"}, **HX)
    messages = list(Message.objects.filter(conversation=conversation, direction="out").order_by("id"))
    assert [(m.kind, m.text, m.delivery_status) for m in messages] == [
        ("message", "Yardımcı olalım", "queued"),
        ("note", "iç not", ""),
    ]


def test_empty_reply_is_an_inline_error(world, login):
    conversation = receive(world.inbox, "Merhaba").conversation
    response = login(world.agent).post(f"/c/{conversation.pk}/reply/", {"text": "  ", "mode": "reply"}, **HX)
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#composer-errors"
    assert "Bir mesaj yazın veya dosya ekleyin." in response.content.decode()
    assert Message.objects.filter(conversation=conversation, direction="out").count() == 0


def test_reply_with_attachment(world, login):
    conversation = receive(world.inbox, "Merhaba").conversation
    upload = SimpleUploadedFile("fatura.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = login(world.agent).post(
        f"/c/{conversation.pk}/reply/", {"text": "", "mode": "reply", "files": [upload]}, **HX
    )
    assert response.status_code == 200
    message = Message.objects.get(conversation=conversation, direction="out")
    attachment = message.attachments.get()
    assert (attachment.filename, attachment.size) == ("fatura.pdf", 13)
    assert f'href="/files/{attachment.pk}/?download=1"' in response.content.decode()


def test_update_status_priority_assignee_team(world, login):
    conversation = receive(world.inbox, "Merhaba").conversation
    team = do_save_team(world.owner, name="Kargo")
    client = login(world.agent)
    url = f"/c/{conversation.pk}/update/"
    response = client.post(url, {"status": "pending"}, **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<header id="conv-head"')
    assert '<div id="thread" class="thread" data-testid="thread" hx-swap-oob="true">' in html
    client.post(url, {"priority": "urgent"}, **HX)
    client.post(url, {"assignee": "me"}, **HX)
    client.post(url, {"team": str(team.pk)}, **HX)
    conversation.refresh_from_db()
    assert (conversation.status, conversation.priority, conversation.assignee_id, conversation.team_id) == (
        "pending",
        Conversation.Priority.URGENT,
        world.agent.pk,
        team.pk,
    )
    client.post(url, {"assignee": "", "team": ""}, **HX)
    conversation.refresh_from_db()
    assert (conversation.assignee_id, conversation.team_id) == (None, None)
    verbs = list(Activity.objects.filter(conversation=conversation).values_list("verb", flat=True))
    assert verbs == ["created", "status", "priority", "assigned", "team", "assigned", "team"]


def test_snooze_until_reads_istanbul_time(world, login):
    conversation = receive(world.inbox, "Merhaba").conversation
    when = (timezone.localtime() + timedelta(days=1)).replace(hour=9, minute=30, second=0, microsecond=0)
    response = login(world.agent).post(
        f"/c/{conversation.pk}/update/",
        {"status": "snoozed", "snoozed_until": when.strftime("%Y-%m-%dT%H:%M")},
        **HX,
    )
    assert response.status_code == 200
    conversation.refresh_from_db()
    assert conversation.status == "snoozed"
    assert conversation.snoozed_until == when
    assert "Ertelendi" in response.content.decode()


def test_snooze_without_time_or_in_the_past_is_an_inline_error(world, login):
    conversation = receive(world.inbox, "Merhaba").conversation
    client = login(world.agent)
    url = f"/c/{conversation.pk}/update/"
    response = client.post(url, {"status": "snoozed", "snoozed_until": ""}, **HX)
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#conv-errors"
    assert "Ne zamana kadar erteleneceğini seçin." in response.content.decode()
    response = client.post(url, {"status": "snoozed", "snoozed_until": "2001-01-01T10:00"}, **HX)
    assert response.status_code == 422
    conversation.refresh_from_db()
    assert conversation.status == "open"


def test_unknown_status_is_an_inline_error(world, login):
    conversation = receive(world.inbox, "Merhaba").conversation
    response = login(world.agent).post(f"/c/{conversation.pk}/update/", {"status": "lost"}, **HX)
    assert response.status_code == 422
    assert (
        response.content.decode() == '<p class="error-text" data-testid="error">Bilinmeyen durum: lost.</p>\n'
    )


def test_tags_add_and_remove_turkish_case_insensitively(world, login):
    conversation = receive(world.inbox, "Merhaba").conversation
    client = login(world.agent)
    client.post(f"/c/{conversation.pk}/tags/add/", {"tag": "İade"}, **HX)
    client.post(f"/c/{conversation.pk}/tags/add/", {"tag": "kargo"}, **HX)
    assert sorted(conversation.tags.values_list("name", flat=True)) == ["kargo", "İade"]
    response = client.post(f"/c/{conversation.pk}/tags/remove/", {"tag": "iade"}, **HX)
    assert response.status_code == 200
    assert list(conversation.tags.values_list("name", flat=True)) == ["kargo"]
    response = client.post(f"/c/{conversation.pk}/tags/add/", {"tag": "   "}, **HX)
    assert response.status_code == 422
    assert "Bir etiket adı yazın." in response.content.decode()


def test_head_and_thread_fragments(world, login):
    conversation = receive(world.inbox, "Merhaba dünya").conversation
    client = login(world.agent)
    head = client.get(f"/c/{conversation.pk}/head/", **HX).content.decode()
    assert head.startswith('<header id="conv-head"')
    thread = client.get(f"/c/{conversation.pk}/thread/", **HX).content.decode()
    assert thread.startswith('<div id="thread" class="thread" data-testid="thread">')
    assert "Merhaba dünya" in thread


def test_inbound_html_is_rendered_sanitized(world, login):
    from yanit.contacts.services.identify import ContactClaim
    from yanit.conversations.services.receive import InboundMessage, do_receive_inbound_message

    result = do_receive_inbound_message(
        world.inbox,
        InboundMessage(
            contact=ContactClaim(email="x@example.com"),
            html='<p>Merhaba <b>dostum</b></p><script>alert(1)</script><img src=x onerror="alert(2)">',
        ),
    )
    html = login(world.agent).get(f"/c/{result.conversation.pk}/thread/").content.decode()
    assert "<b>dostum</b>" in html
    assert "<script>alert(1)" not in html
    assert "onerror" not in html


def test_csrf_is_enforced_on_mutations(world):
    from django.test import Client

    conversation = receive(world.inbox, "Merhaba").conversation
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.agent.user)
    response = client.post(f"/c/{conversation.pk}/update/", {"status": "resolved"})
    assert response.status_code == 403
    conversation.refresh_from_db()
    assert conversation.status == "open"
