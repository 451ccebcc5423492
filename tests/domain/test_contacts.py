"""Contacts: phone/email normalisation, editing, merging across channels."""

from __future__ import annotations

import pytest

from tests.factories import World, receive
from yanit.contacts.models import Contact, ContactIdentity
from yanit.contacts.services.identify import format_phone, normalize_phone
from yanit.contacts.services.manage import do_merge_contacts, do_update_contact
from yanit.conversations.models import Activity, Conversation
from yanit.core.errors import Conflict, NotFound, ValidationFailed
from yanit.core.text import search_fold, tr_lower, tr_upper

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0532 123 45 67", "+905321234567"),
        ("532 123 45 67", "+905321234567"),
        ("+90 (532) 123-45-67", "+905321234567"),
        ("00905321234567", "+905321234567"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_turkish_phone_numbers_become_e164(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164


def test_phone_is_shown_the_turkish_way() -> None:
    assert format_phone("+905321234567") == "+90 532 123 45 67"


def test_turkish_case_and_folding() -> None:
    assert tr_lower("IŞIK İADE") == "ışık iade"
    assert tr_upper("ışık iade") == "IŞIK İADE"
    assert search_fold("Siparişim NEREDE? İADE, Işık") == "siparisim nerede iade isik"


def test_update_contact_normalises_and_refuses_someone_elses_email(world: World) -> None:
    ayse = receive(world.inbox, "a", email="ayse@example.com").contact
    mehmet = receive(world.inbox, "b", email="mehmet@example.com", name="Mehmet").contact

    updated = do_update_contact(
        world.agent,
        ayse,
        name="Ayşe Kaya",
        phone="0532 999 88 77",
        attributes={"şehir": "İzmir", "vip": True},
    )
    assert (updated.name, updated.phone) == ("Ayşe Kaya", "+905329998877")
    assert updated.attributes == {"şehir": "İzmir", "vip": "True"}
    assert "ayse kaya" in updated.search_text
    assert "905329998877" in updated.search_text

    with pytest.raises(Conflict) as excinfo:
        do_update_contact(world.agent, ayse, email="mehmet@example.com")
    assert excinfo.value.details == {"field": "email", "contact_id": mehmet.pk}
    assert Contact.objects.get(pk=ayse.pk).email == "ayse@example.com"


def test_attribute_set_to_none_is_removed(world: World) -> None:
    contact = receive(world.inbox, "a").contact
    do_update_contact(world.agent, contact, attributes={"beden": "M", "renk": "mavi"})
    updated = do_update_contact(world.agent, contact, attributes={"beden": None})
    assert updated.attributes == {"renk": "mavi"}


def test_bad_email_is_refused(world: World) -> None:
    contact = receive(world.inbox, "a").contact
    with pytest.raises(ValidationFailed):
        do_update_contact(world.agent, contact, email="not-an-email")


def test_merge_moves_conversations_and_identities(world: World) -> None:
    by_email = receive(world.inbox, "e-postadan", email="ayse@example.com", name="Ayşe")
    by_phone = receive(world.inbox, "telefondan", email="", phone="0532 111 22 33", name="")

    target = do_merge_contacts(world.agent, by_email.contact, by_phone.contact)

    assert not Contact.objects.filter(pk=by_phone.contact.pk).exists()
    assert set(Conversation.objects.values_list("contact_id", flat=True)) == {target.pk}
    assert sorted(ContactIdentity.objects.filter(contact=target).values_list("kind", flat=True)) == [
        "email",
        "phone",
    ]
    assert (target.name, target.email, target.phone) == ("Ayşe", "ayse@example.com", "+905321112233")
    merged_activity = Activity.objects.get(verb="contact_merged")
    assert merged_activity.conversation_id == by_phone.conversation.pk
    assert merged_activity.data["into_id"] == target.pk


def test_merge_refuses_itself_and_other_workspaces(world: World, other_world: World) -> None:
    mine = receive(world.inbox, "a").contact
    theirs = receive(other_world.inbox, "b").contact
    with pytest.raises(ValidationFailed):
        do_merge_contacts(world.agent, mine, mine)
    with pytest.raises(NotFound):
        do_merge_contacts(world.agent, mine, theirs)
    assert Contact.objects.filter(pk=theirs.pk).exists()
