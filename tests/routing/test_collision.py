"""Reply collision warning: someone else answered after the thread this agent loaded."""

from __future__ import annotations

import re
from typing import Any

from tests.api.conftest import Api
from tests.factories import World, make_agent, receive
from yanit.accounts.models import User
from yanit.conversations.models import Message
from yanit.conversations.services.reply import do_send_automated_reply, do_send_reply

HX = {"HTTP_HX_REQUEST": "true"}


def seen_up_to(html: str) -> str:
    match = re.search(r'name="seen_up_to" form="composer" id="seen-up-to" value="(\d*)"', html)
    assert match is not None
    return match.group(1)


def test_page_holds_the_reply_and_send_anyway_sends(world: World, login: Any) -> None:
    conversation = receive(world.inbox, "Kargom nerede?").conversation
    User.objects.filter(pk=world.agent.user_id).update(language="en")
    client = login(world.agent)
    page = client.get(f"/c/{conversation.pk}/").content.decode()
    seen = seen_up_to(page)
    assert seen == str(Message.objects.get(conversation=conversation).pk)
    ayse = make_agent(world.workspace, name="Ayşe Yılmaz")
    do_send_reply(ayse, conversation, text="Kargonuz yarın teslim edilecek.")

    held = client.post(
        f"/c/{conversation.pk}/reply/", {"text": "Hemen bakıyorum", "mode": "reply", "seen_up_to": seen}, **HX
    )
    assert held.status_code == 422
    assert held["HX-Retarget"] == "#composer-errors"
    body = held.content.decode()
    assert "Ayşe Yılmaz just replied — send anyway?" in body
    assert "Kargonuz yarın teslim edilecek." in body
    assert not Message.objects.filter(text="Hemen bakıyorum").exists()

    User.objects.filter(pk=world.agent.user_id).update(language="tr")
    tr = client.post(
        f"/c/{conversation.pk}/reply/", {"text": "Hemen bakıyorum", "mode": "reply", "seen_up_to": seen}, **HX
    )
    assert "Ayşe Yılmaz az önce yanıt verdi — yine de gönder?" in tr.content.decode()

    # A note is never held; "send anyway" sends.
    note = client.post(
        f"/c/{conversation.pk}/reply/", {"text": "iç not", "mode": "note", "seen_up_to": seen}, **HX
    )
    assert note.status_code == 200
    sent = client.post(
        f"/c/{conversation.pk}/reply/",
        {"text": "Hemen bakıyorum", "mode": "reply", "seen_up_to": seen, "send_anyway": "1"},
        **HX,
    )
    assert sent.status_code == 200
    assert Message.objects.filter(text="Hemen bakıyorum", sender_agent=world.agent).count() == 1
    # The answer carries the new last-seen id, so the next reply is not held again.
    newest = seen_up_to(sent.content.decode())
    assert newest == str(Message.objects.filter(conversation=conversation).latest("pk").pk)
    again = client.post(
        f"/c/{conversation.pk}/reply/", {"text": "Başka?", "mode": "reply", "seen_up_to": newest}, **HX
    )
    assert again.status_code == 200


def test_own_replies_do_not_hold(world: World, login: Any) -> None:
    conversation = receive(world.inbox).conversation
    client = login(world.agent)
    seen = seen_up_to(client.get(f"/c/{conversation.pk}/").content.decode())
    do_send_reply(world.agent, conversation, text="İlk yanıtım")
    response = client.post(
        f"/c/{conversation.pk}/reply/", {"text": "İkinci yanıtım", "mode": "reply", "seen_up_to": seen}, **HX
    )
    assert response.status_code == 200
    assert Message.objects.filter(conversation=conversation, direction="out").count() == 2


def test_api_if_no_reply_after(world: World) -> None:
    conversation = receive(world.inbox).conversation
    last = Message.objects.get(conversation=conversation).pk
    automated = do_send_automated_reply(conversation, "Mesajınızı aldık, en kısa sürede dönüyoruz.")
    api = Api(world.agent_token)
    path = f"/api/v1/conversations/{conversation.pk}/messages"
    held = api.post(path, {"text": "Merhaba", "if_no_reply_after": last})
    assert held.status_code == 409
    error = held.json()["error"]
    assert (
        error["code"],
        error["details"]["newer_reply"]["id"],
        error["details"]["newer_reply"]["text"],
    ) == (
        "replied_meanwhile",
        automated.pk,
        "Mesajınızı aldık, en kısa sürede dönüyoruz.",
    )
    assert not Message.objects.filter(text="Merhaba").exists()
    ok = api.post(path, {"text": "Merhaba", "if_no_reply_after": automated.pk})
    assert ok.status_code == 201
    plain = api.post(path, {"text": "Tekrar merhaba"})
    assert plain.status_code == 201
