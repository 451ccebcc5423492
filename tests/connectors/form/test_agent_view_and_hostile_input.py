"""What the agent sees: the form's fields in a card above the message, and hostile input shown
as the text it is, stored exactly as typed."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.connectors.form.conftest import FormSite
from tests.factories import World
from yanit.conversations.models import Message
from yanit.realtime.consumers import SESSION_WORKSPACE_KEY

pytestmark = pytest.mark.django_db

HOSTILE = {
    "name": '<img src=x onerror="alert(1)">Ayşe',
    "order_number": "<script>alert('o')</script>",
    "message": (
        "<script>alert('xss')</script>\n"
        '<a href="javascript:alert(2)">tıkla</a>\n'
        '<div style="position:fixed;inset:0;background:red" onclick="alert(3)">kaplama</div>\n'
        "<style>body{display:none}</style>\n"
        "{{ request }} {% debug %} ${7*7}"
    ),
}


def agent_client(world: World) -> Client:
    client = Client()
    client.force_login(world.agent.user)
    session = client.session
    session[SESSION_WORKSPACE_KEY] = world.workspace.pk
    session.save()
    return client


def test_the_agent_sees_the_form_card_above_the_message(form_site: FormSite, world: World) -> None:
    form_site.post()
    message = Message.objects.get(inbox=form_site.inbox, direction=Message.Direction.IN)

    html = agent_client(world).get(f"/c/{message.conversation_id}/").content.decode()

    assert 'data-testid="form-card"' in html
    assert '<dd data-testid="form-topic">Sipariş durumu</dd>' in html
    assert '<dd data-testid="form-order">AC-10482</dd>' in html
    assert '<dd data-testid="form-phone">+90 532 111 22 33</dd>' in html
    thread = html[html.index('id="thread"') :]
    assert thread.index('data-testid="form-card"') < thread.index("siparişim üç gündür")


def test_messages_from_other_channels_have_no_card(form_site: FormSite, world: World) -> None:
    from tests.factories import receive

    result = receive(world.inbox, "API mesajı")

    html = agent_client(world).get(f"/c/{result.conversation.pk}/").content.decode()
    assert 'data-testid="form-card"' not in html


def test_hostile_input_is_stored_intact_and_shown_as_text(form_site: FormSite, world: World) -> None:
    response = form_site.post(**HOSTILE)
    assert response.status_code == 302

    message = Message.objects.get(inbox=form_site.inbox, direction=Message.Direction.IN)
    assert message.text.startswith(HOSTILE["message"] + "\n\n— İletişim formu —\n")
    assert message.html == ""
    assert message.metadata["form"]["order_number"] == HOSTILE["order_number"]
    assert message.conversation.contact.name == HOSTILE["name"]

    html = agent_client(world).get(f"/c/{message.conversation_id}/").content.decode()
    for raw in (
        "<script>alert",
        "<img src=x",
        '<a href="javascript:',
        "<style>body",
        '<div style="position:fixed',
    ):
        assert raw not in html
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Ayşe" in html
    assert '<dd data-testid="form-order">&lt;script&gt;alert(&#x27;o&#x27;)&lt;/script&gt;</dd>' in html
    assert "{{ request }} {% debug %} ${7*7}" in html


def test_hostile_input_shown_back_to_the_visitor_is_escaped(form_site: FormSite) -> None:
    response = form_site.post(lang="en", email="bad", **HOSTILE)

    html = response.content.decode()
    assert response.status_code == 422
    assert "<script>alert('xss')</script>" not in html
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in html
    assert 'value="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Ayşe"' in html


def test_null_bytes_are_refused_clearly(form_site: FormSite) -> None:
    response = form_site.post(lang="en", message="Merhaba\x00dünya")

    assert response.status_code == 422
    assert "Null characters are not allowed." in response.content.decode()
