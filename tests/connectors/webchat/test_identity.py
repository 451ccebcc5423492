"""Signed identities: valid ones attach the chat to the store's customer; expired or forged
ones are refused; unsigned claims never merge."""

from __future__ import annotations

import hashlib
import hmac
import time

import pytest

from tests.connectors.webchat.conftest import Chat
from tests.factories import receive
from yanit.connectors.webchat.models import Visitor
from yanit.contacts.models import ContactIdentity
from yanit.conversations.models import Conversation

pytestmark = pytest.mark.django_db


def signature(secret: str, text: str) -> str:
    # Written from the documented recipe, not with the code under test.
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def identity(
    chat: Chat, customer_id: str, email: str, ts: int | None = None, name: str = ""
) -> dict[str, object]:
    ts = int(time.time()) if ts is None else ts
    return {
        "id": customer_id,
        "name": name,
        "email": email,
        "ts": ts,
        "signature": signature(chat.secret, f"{customer_id}:{email}:{ts}"),
    }


def test_valid_identity_joins_the_contact_with_that_email(chat: Chat) -> None:
    existing = receive(
        chat.world.inbox, "E-postayla yazdım", email="ayse@example.com", name="Ayşe Kaya"
    ).contact
    data = chat.session(identity=identity(chat, "C-1001", "Ayse@Example.com", name="Ayşe Kaya"))
    assert data["visitor"] == {"name": "Ayşe Kaya", "email": "ayse@example.com"}
    visitor = Visitor.objects.get()
    assert visitor.external_id == "C-1001"
    assert visitor.contact_id == existing.pk
    chat.say(data["visitor_token"], "Sohbetten merhaba")
    conversation = Conversation.objects.get(inbox=chat.widget.inbox)
    assert conversation.contact_id == existing.pk
    kinds = set(ContactIdentity.objects.filter(contact=existing).values_list("kind", "value"))
    assert ("external", "C-1001") in kinds
    assert ("email", "ayse@example.com") in kinds
    # A second device of the same customer lands in the same conversation.
    other = chat.session(identity=identity(chat, "C-1001", "ayse@example.com"))
    assert other["visitor_token"] != data["visitor_token"]
    chat.say(other["visitor_token"], "Telefondan yazıyorum")
    assert Conversation.objects.filter(inbox=chat.widget.inbox).count() == 1
    assert conversation.messages.filter(direction="in").count() == 2


def test_identity_without_email_signs_the_empty_string(chat: Chat) -> None:
    data = chat.session(identity=identity(chat, "42", ""))
    assert Visitor.objects.get().external_id == "42"
    assert data["visitor"] == {"name": "", "email": ""}


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("forged", "identity_invalid"),
        ("other_email", "identity_invalid"),
        ("expired", "identity_expired"),
        ("future", "identity_expired"),
        ("shape", "identity_invalid"),
    ],
)
def test_rejected_identities_create_nothing(chat: Chat, change: str, code: str) -> None:
    receive(chat.world.inbox, "E-postayla yazdım", email="ayse@example.com", name="Ayşe Kaya")
    now = int(time.time())
    claim = identity(chat, "C-1001", "ayse@example.com")
    if change == "forged":
        claim["signature"] = signature("wis_tahmin", f"C-1001:ayse@example.com:{now}")
    elif change == "other_email":
        claim["email"] = "baskasi@example.com"
    elif change == "expired":
        claim = identity(chat, "C-1001", "ayse@example.com", ts=now - 24 * 3600 - 60)
    elif change == "future":
        claim = identity(chat, "C-1001", "ayse@example.com", ts=now + 3600)
    else:
        claim = {"id": "C-1001", "signature": "abc"}
    response = chat.post("/session", {"identity": claim})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code
    assert Visitor.objects.count() == 0
    assert not ContactIdentity.objects.filter(kind="external").exists()


def test_an_identity_signed_23_hours_ago_is_still_valid(chat: Chat) -> None:
    claim = identity(chat, "C-7", "", ts=int(time.time()) - 23 * 3600)
    assert chat.post("/session", {"identity": claim}).status_code == 201


def test_rotating_the_secret_invalidates_old_signatures(chat: Chat) -> None:
    from yanit.connectors.webchat.services.widgets import do_rotate_identity_secret

    claim = identity(chat, "C-1", "")
    new_secret = do_rotate_identity_secret(chat.world.owner, chat.widget)
    assert new_secret != chat.secret
    assert chat.post("/session", {"identity": claim}).status_code == 422
    chat.secret = new_secret
    assert chat.post("/session", {"identity": identity(chat, "C-1", "")}).status_code == 201


def test_the_documented_example_signature_is_what_the_server_expects() -> None:
    from pathlib import Path

    from yanit.connectors.webchat.services.identity import verify_identity

    doc = (Path(__file__).resolve().parents[3] / "docs" / "widget-identity.md").read_text()
    example = doc.rsplit("```", 2)[-2].strip()
    claim = {"id": "1001", "email": "ayse@example.com", "ts": 1732370000, "signature": example}
    assert verify_identity("wis_test", claim, now=1732370000 + 60).external_id == "1001"
