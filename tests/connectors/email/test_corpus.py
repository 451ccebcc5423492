"""Every mail of the fixtures corpus, stored through the real ingest path, against the expected
outcome written down in fixtures/expected.json."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.connectors.email.conftest import FIXTURES, fixture_bytes, make_our_message
from yanit.connectors.email.ingest import ingest_raw_email
from yanit.connectors.email.models import RawEmail
from yanit.connectors.email.parsing import missing_message_id
from yanit.conversations.models import Conversation, Message
from yanit.inboxes.models import Inbox

EXPECTED: dict[str, dict[str, Any]] = json.loads((FIXTURES / "expected.json").read_text())


def test_every_fixture_has_an_expected_outcome() -> None:
    assert sorted(EXPECTED) == sorted(path.name for path in FIXTURES.glob("*.eml"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture(name: str, email_inbox: Inbox) -> None:
    expected = EXPECTED[name]
    ours = make_our_message(email_inbox)
    conversations_before = Conversation.objects.count()
    raw = fixture_bytes(name)

    result = ingest_raw_email(email_inbox, raw)

    if expected["thread"] == "bounce":
        ours.refresh_from_db()
        assert result.bounce is True
        assert result.message_id == ours.pk
        assert ours.delivery_status == Message.Delivery.FAILED
        assert ours.failure_reason == expected["failure_reason"]
        assert Conversation.objects.count() == conversations_before
        assert Message.objects.filter(direction="in").count() == 1  # only the setup message
        # Fetched again: nothing new, not failed twice on the timeline.
        again = ingest_raw_email(email_inbox, raw)
        assert again.bounce is True
        assert ours.conversation.activities.filter(verb="delivery_failed").count() == 1
        return

    assert result.created is True
    message = Message.objects.select_related("conversation", "sender_contact").get(pk=result.message_id)
    meta = message.metadata["email"]
    assert meta["subject"] == expected["subject"]
    assert meta["from"] == expected["from"]
    assert meta["automated"] == expected["automated"]
    assert meta["language"] == expected["language"]
    assert message.text.startswith(expected["text_start"]), message.text
    if "text_excludes" in expected:
        assert expected["text_excludes"] not in message.text
    assert ("<details>" in message.html) is expected["folded"]
    assert [a.filename for a in message.attachments.order_by("pk")] == expected["attachments"]
    assert message.metadata["email_view"]["remote_images"] == expected.get("remote_images", 0)
    assert message.metadata["email_view"]["cid"] == expected.get("inline", {})
    if expected.get("message_id_missing"):
        assert message.provider_id == missing_message_id(raw)
        assert meta["message_id"] == message.provider_id
    else:
        assert message.provider_id == meta["message_id"]
        assert message.provider_id.startswith("<")
        assert message.provider_id.endswith(">")
    conversation = message.conversation
    if expected["thread"] == "our_message":
        assert conversation.pk == ours.conversation_id
    else:
        assert conversation.pk != ours.conversation_id
        assert conversation.subject == expected["subject"]
    contact_email = expected.get("contact_email") or expected["from"].rpartition("<")[2].rstrip(">")
    assert message.sender_contact.email == contact_email.lower()
    assert conversation.metadata.get("email", {}).get("cc", []) == expected.get("cc", [])
    stored = RawEmail.objects.get(message=message)
    assert stored.size == len(raw)
    with stored.file.open("rb") as handle:
        assert handle.read() == raw

    # The same mail again (IMAP re-fetch, a relay retrying): stored once.
    again = ingest_raw_email(email_inbox, raw)
    assert (again.created, again.message_id, again.conversation_id) == (False, message.pk, conversation.pk)
    assert Message.objects.filter(provider_id=message.provider_id).count() == 1
