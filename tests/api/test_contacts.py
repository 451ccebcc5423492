from __future__ import annotations

import pytest

from tests.api.conftest import Api, error_of
from tests.factories import World, make_world, receive
from yanit.contacts.models import Contact
from yanit.conversations.models import Conversation

pytestmark = pytest.mark.django_db


def test_search_folds_turkish_letters(world: World, api: Api) -> None:
    ayse = receive(world.inbox, name="Ayşe Işık", email="ayse@example.com", phone="0532 111 22 33").contact
    receive(world.inbox, name="Mehmet Öz", email="mehmet@example.com")

    def search(q: str) -> list[int]:
        response = api.get("/api/v1/contacts", {"q": q}, token=world.agent_token)
        assert response.status_code == 200
        return [c["id"] for c in response.json()["items"]]

    assert search("ayse isik") == [ayse.pk]
    assert search("AYŞE") == [ayse.pk]
    assert search("5321112233") == [ayse.pk]
    assert search("example.com") == [Contact.objects.get(name="Mehmet Öz").pk, ayse.pk]
    assert search("zeynep") == []


def test_contact_list_pages(world: World, api: Api) -> None:
    contacts = [receive(world.inbox, email=f"m{n}@example.com").contact for n in range(3)]

    first = api.get("/api/v1/contacts", {"limit": 2}, token=world.agent_token).json()
    second = api.get(
        "/api/v1/contacts", {"limit": 2, "cursor": first["next_cursor"]}, token=world.agent_token
    ).json()

    assert [c["id"] for c in first["items"]] == [contacts[2].pk, contacts[1].pk]
    assert [c["id"] for c in second["items"]] == [contacts[0].pk]
    assert second["next_cursor"] is None


@pytest.mark.parametrize("cursor", ["abc", "-1", "²", "99999999999999999999"])
def test_bad_contact_cursor_is_422(world: World, api: Api, cursor: str) -> None:
    response = api.get("/api/v1/contacts", {"cursor": cursor}, token=world.agent_token)

    assert response.status_code == 422


def test_contact_detail_has_every_conversation_across_inboxes(world: World, api: Api) -> None:
    from yanit.inboxes.services.manage import do_create_inbox

    second_inbox, _token = do_create_inbox(world.owner, name="İkinci", channel="api")
    one = receive(world.inbox, email="ayse@example.com", phone="+90 532 123 45 67")
    two = receive(second_inbox, email="ayse@example.com")

    response = api.get(f"/api/v1/contacts/{one.contact.pk}", token=world.agent_token)

    assert response.status_code == 200
    body = response.json()
    assert body["phone"] == "+905321234567"
    assert body["phone_display"] == "+90 532 123 45 67"
    assert [c["id"] for c in body["conversations"]] == [two.conversation.pk, one.conversation.pk]
    assert [c["inbox"]["name"] for c in body["conversations"]] == ["İkinci", "Anadolu API"]
    assert {(i["kind"], i["value"]) for i in body["identities"]} == {
        ("email", "ayse@example.com"),
        ("phone", "+905321234567"),
    }


def test_patch_contact(world: World, api: Api) -> None:
    contact = receive(world.inbox, email="ayse@example.com").contact

    response = api.patch(
        f"/api/v1/contacts/{contact.pk}",
        {"name": "Ayşe Yılmaz", "phone": "0 (532) 987 65 43", "attributes": {"müşteri_no": 42, "vip": True}},
        token=world.agent_token,
    )

    assert response.status_code == 200
    contact.refresh_from_db()
    assert (contact.name, contact.phone, contact.email) == (
        "Ayşe Yılmaz",
        "+905329876543",
        "ayse@example.com",
    )
    assert contact.attributes == {"müşteri_no": "42", "vip": "True"}
    assert response.json()["attributes"] == {"müşteri_no": "42", "vip": "True"}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"email": "bozuk"}, 422, "validation_error"),
        ({"phone": "12"}, 422, "validation_error"),
        ({"attributes": ["a"]}, 422, "validation_error"),
        ({"attributes": {"a": {"b": 1}}}, 422, "validation_error"),
        ({"email": "mehmet@example.com"}, 409, "conflict"),
    ],
)
def test_bad_contact_patch_changes_nothing(
    world: World, api: Api, body: dict[str, object], status: int, code: str
) -> None:
    contact = receive(world.inbox, name="Ayşe", email="ayse@example.com").contact
    receive(world.inbox, email="mehmet@example.com")

    response = api.patch(f"/api/v1/contacts/{contact.pk}", body, token=world.agent_token)

    assert response.status_code == status
    assert error_of(response)["code"] == code
    contact.refresh_from_db()
    assert (contact.name, contact.email, contact.phone, contact.attributes) == (
        "Ayşe",
        "ayse@example.com",
        "",
        {},
    )


def test_merge_moves_the_other_into_this_one(world: World, api: Api) -> None:
    keep = receive(world.inbox, name="Ayşe", email="ayse@example.com")
    other = receive(world.inbox, name="", email="", phone="05321234567")

    response = api.post(
        f"/api/v1/contacts/{keep.contact.pk}/merge",
        {"other_contact_id": other.contact.pk},
        token=world.agent_token,
    )

    assert response.status_code == 200
    assert not Contact.objects.filter(pk=other.contact.pk).exists()
    assert Conversation.objects.get(pk=other.conversation.pk).contact_id == keep.contact.pk
    body = response.json()
    assert (body["id"], body["phone"]) == (keep.contact.pk, "+905321234567")
    assert sorted(c["id"] for c in body["conversations"]) == sorted(
        {keep.conversation.pk, other.conversation.pk}
    )


def test_merge_with_itself_is_422(world: World, api: Api) -> None:
    contact = receive(world.inbox).contact

    response = api.post(
        f"/api/v1/contacts/{contact.pk}/merge", {"other_contact_id": contact.pk}, token=world.agent_token
    )

    assert response.status_code == 422
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_unknown_contacts_are_404(world: World, api: Api) -> None:
    contact = receive(world.inbox).contact
    stranger = receive(make_world("Üçüncü").inbox, email="yabanci@example.com").contact

    assert api.get("/api/v1/contacts/987654", token=world.agent_token).status_code == 404
    assert api.patch("/api/v1/contacts/987654", {"name": "x"}, token=world.agent_token).status_code == 404
    merge = api.post(
        f"/api/v1/contacts/{contact.pk}/merge", {"other_contact_id": stranger.pk}, token=world.agent_token
    )
    assert merge.status_code == 404
    assert Contact.objects.filter(pk=stranger.pk).exists()
