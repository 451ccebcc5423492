"""The "/" picker's endpoints, the Macros menu and the settings pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories import World, make_agent, receive
from yanit.accounts.models import Agent
from yanit.conversations.models import Activity, Conversation, Message
from yanit.replies.models import CannedResponse, Macro

pytestmark = pytest.mark.django_db
Login = Callable[[Agent], Client]


def test_picker_search_returns_rendered_previews(world: World, login: Login) -> None:
    conversation = receive(world.inbox, "Kargom gelmedi", name="Zeynep Kaya").conversation
    client = login(world.agent)

    body = client.get(f"/c/{conversation.pk}/canned/", {"q": "kargo gec"}).json()

    assert body["language"] == "tr"
    assert [r["shortcut"] for r in body["results"]] == ["kargo-gecikme"]
    item = body["results"][0]
    assert item["title"] == "Şikâyet: kargo gecikmesi"
    assert item["category_label"] == "Şikâyet"
    assert item["preview"].startswith("Merhaba Zeynep, siparişinizin gecikmesi için")
    assert item["render_url"] == f"/c/{conversation.pk}/canned/{item['id']}/insert/"
    assert (
        client.get(f"/c/{conversation.pk}/canned/", {"q": "ozur"}).json()["results"][0]["shortcut"] == "ozur"
    )


def test_insert_renders_for_the_conversation_and_counts_a_use(world: World, login: Login) -> None:
    conversation = receive(world.inbox, "Merhaba", name="ismail yılmaz").conversation
    canned = CannedResponse.objects.get(workspace=world.workspace, shortcut="baska-yardim")
    client = login(world.agent)

    response = client.post(f"/c/{conversation.pk}/canned/{canned.pk}/insert/")

    assert response.json() == {"text": "Başka yardımcı olabileceğim bir konu var mı İsmail?", "unknown": []}
    assert CannedResponse.objects.get(pk=canned.pk).usage_count == 1
    assert client.get(f"/c/{conversation.pk}/canned/{canned.pk}/insert/").status_code == 405


def test_picker_hides_other_agents_personal_responses_and_other_workspaces(
    world: World, other_world: World, login: Login
) -> None:
    conversation = receive(world.inbox).conversation
    colleague = make_agent(world.workspace, name="Ece Arslan")
    theirs = CannedResponse.objects.create(
        workspace=world.workspace, owner=colleague, title="Ece gizli", shortcut="ece-gizli", body_tr="gizli"
    )
    client = login(world.agent)

    assert client.get(f"/c/{conversation.pk}/canned/", {"q": "gizli"}).json()["results"] == []
    assert client.post(f"/c/{conversation.pk}/canned/{theirs.pk}/insert/").status_code == 404
    foreign = receive(other_world.inbox).conversation
    assert client.get(f"/c/{foreign.pk}/canned/").status_code == 404
    assert client.post(f"/c/{foreign.pk}/canned/{theirs.pk}/insert/").status_code == 404


def test_macro_menu_lists_macros_and_applies_one(world: World, login: Login) -> None:
    conversation = receive(world.inbox, "Ürünü iade etmek istiyorum", name="Zeynep Kaya").conversation
    macro = Macro.objects.get(workspace=world.workspace, default_key="macro-start-return")
    client = login(world.agent)

    page = client.get(f"/c/{conversation.pk}/").content.decode()
    assert 'data-testid="macro-menu"' in page
    assert f"/c/{conversation.pk}/macros/{macro.pk}/apply/" in page
    assert "İade başlat" in page

    response = client.post(f"/c/{conversation.pk}/macros/{macro.pk}/apply/", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Makro &#x27;İade başlat&#x27; uygulandı" in html or "Makro 'İade başlat' uygulandı" in html
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.PENDING
    assert list(conversation.tags.values_list("name", flat=True)) == ["iade"]
    assert (
        Message.objects.filter(conversation=conversation, direction="out", sender_agent=world.agent).count()
        == 1
    )
    assert Activity.objects.filter(conversation=conversation, verb="macro").count() == 1


def test_macro_errors_show_inline_and_change_nothing(world: World, login: Login) -> None:
    conversation = receive(world.inbox).conversation
    colleague = make_agent(world.workspace, name="Ece Arslan")
    theirs = Macro.objects.create(
        workspace=world.workspace,
        owner=colleague,
        name="Ece",
        actions=[{"type": "set_status", "status": "resolved"}],
    )
    client = login(world.agent)

    assert client.post(f"/c/{conversation.pk}/macros/{theirs.pk}/apply/").status_code == 404
    assert Conversation.objects.get(pk=conversation.pk).status == "open"


def test_agent_creates_a_personal_response_but_cannot_touch_shared_ones(world: World, login: Login) -> None:
    client = login(world.agent)
    shared = CannedResponse.objects.get(workspace=world.workspace, shortcut="merhaba")

    listing = client.get("/settings/canned/").content.decode()
    assert "Hoş geldiniz" in listing
    assert f"/settings/canned/{shared.pk}/" not in listing  # no Edit link for shared ones
    form = client.get("/settings/canned/new/").content.decode()
    assert 'name="shared"' not in form

    response = client.post(
        "/settings/canned/new/",
        {
            "title": "Benim selamım",
            "category": "greeting",
            "body_tr": "Selam {{ contact.first_name }}!",
            "shared": "on",
        },
    )
    assert response.status_code == 302
    mine = CannedResponse.objects.get(workspace=world.workspace, title="Benim selamım")
    assert (mine.owner_id, mine.shortcut) == (world.agent.pk, "benim-selamim")

    assert client.get(f"/settings/canned/{shared.pk}/").status_code == 403
    assert client.post(f"/settings/canned/{shared.pk}/", {"title": "x", "body_tr": "y"}).status_code == 403
    assert client.post(f"/settings/canned/{shared.pk}/delete/").status_code == 403
    assert CannedResponse.objects.get(pk=shared.pk).title == "Hoş geldiniz"
    taken = client.post(
        "/settings/canned/new/",
        {"title": "Başka", "shortcut": "benim-selamim", "category": "greeting", "body_tr": "Uzun bir metin"},
    )
    assert taken.status_code == 422
    assert "/benim-selamim kısayolunu başka bir hazır yanıt kullanıyor." in taken.content.decode()
    assert "Uzun bir metin" in taken.content.decode()
    assert client.post(f"/settings/canned/{mine.pk}/delete/").status_code == 302
    assert not CannedResponse.objects.filter(pk=mine.pk).exists()


def test_admin_edits_shared_response_with_preview_and_unknown_variable_flag(
    world: World, login: Login
) -> None:
    client = login(world.owner)
    shared = CannedResponse.objects.get(workspace=world.workspace, shortcut="merhaba")
    data = {
        "title": "Hoş geldiniz",
        "shortcut": "merhaba",
        "category": "greeting",
        "body_tr": "Merhaba {{ contact.first_name }}, siparişiniz {{ order.id }} hazır. <b>kalın</b>",
        "body_en": "",
        "shared": "on",
    }

    preview = client.post(f"/settings/canned/{shared.pk}/", {**data, "action": "preview"})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Merhaba Ayşe, siparişiniz {{ order.id }} hazır. &lt;b&gt;kalın&lt;/b&gt;" in html
    assert 'data-testid="unknown-variables"' in html
    assert CannedResponse.objects.get(pk=shared.pk).body_tr.startswith("Merhaba {{ contact.first_name }}, ")
    assert "{{ order.id }}" not in CannedResponse.objects.get(pk=shared.pk).body_tr

    saved = client.post(f"/settings/canned/{shared.pk}/", {**data, "action": "save"}, follow=True)
    assert "{{ order.id }}" in CannedResponse.objects.get(pk=shared.pk).body_tr
    assert "Şu değişkenler bilinmiyor" in saved.content.decode()


def test_settings_list_filters_by_category_and_owner(world: World, login: Login) -> None:
    client = login(world.agent)
    client.post(
        "/settings/canned/new/", {"title": "Kendi kapanışım", "category": "closing", "body_tr": "Hoşça kalın"}
    )

    closing = client.get("/settings/canned/", {"category": "closing"}).content.decode()
    assert closing.count('data-testid="canned-row"') == 4
    mine = client.get("/settings/canned/", {"owner": "mine"}).content.decode()
    assert mine.count('data-testid="canned-row"') == 1
    assert "Kendi kapanışım" in mine
    searched = client.get("/settings/canned/", {"q": "ozur"}).content.decode()
    assert "Özür ve anlayış" in searched


def test_macro_pages_for_agents_and_admins(world: World, login: Login) -> None:
    agent_client = login(world.agent)
    canned = CannedResponse.objects.get(workspace=world.workspace, shortcut="kapanis")
    shared_macro = Macro.objects.get(workspace=world.workspace, default_key="macro-start-return")

    assert agent_client.get("/settings/macros/").status_code == 200
    assert agent_client.get(f"/settings/macros/{shared_macro.pk}/").status_code == 403
    response = agent_client.post(
        "/settings/macros/new/",
        {
            "name": "Benim kapanışım",
            "reply": str(canned.pk),
            "add_tags": "teşekkür, kapanış",
            "set_status": "resolved",
            "set_priority": "",
            "assign_agent": "me",
            "assign_team": "",
            "note": "Kapandı: {{ contact.first_name }}",
        },
    )
    assert response.status_code == 302
    macro = Macro.objects.get(name="Benim kapanışım")
    assert macro.owner_id == world.agent.pk
    assert macro.actions == [
        {"type": "reply", "canned_id": canned.pk},
        {"type": "add_tags", "tags": ["teşekkür", "kapanış"]},
        {"type": "set_status", "status": "resolved"},
        {"type": "assign_agent", "agent_id": "me"},
        {"type": "note", "text": "Kapandı: {{ contact.first_name }}"},
    ]
    edit = agent_client.get(f"/settings/macros/{macro.pk}/").content.decode()
    assert 'value="teşekkür, kapanış"' in edit

    empty = agent_client.post("/settings/macros/new/", {"name": "Boş", "description": "hiç eylem yok"})
    assert empty.status_code == 422
    page = empty.content.decode()
    assert "En az bir eylem ekleyin." in page
    assert 'value="hiç eylem yok"' in page  # what was typed stays in the form
    assert not Macro.objects.filter(name="Boş").exists()

    admin_client = login(world.owner)
    assert admin_client.get(f"/settings/macros/{shared_macro.pk}/").status_code == 200
    assert admin_client.get(f"/settings/macros/{macro.pk}/").status_code == 404  # someone else's personal one
    admin_client.post(f"/settings/macros/{shared_macro.pk}/delete/")
    assert not Macro.objects.filter(pk=shared_macro.pk).exists()
