"""Bots, forged or stale pages, double clicks and floods: each gets a polite answer and nothing
is stored twice or lost."""

from __future__ import annotations

import time

import pytest
from django.core import signing

from tests.connectors.form.conftest import FormSite
from tests.connectors.form.html import text_by_id, value_of
from yanit.connectors.form.models import FormSubmission
from yanit.connectors.form.submit import RATE_LIMIT
from yanit.connectors.form.tickets import MAX_AGE_SECONDS, SALT, issue_ticket
from yanit.conversations.models import Conversation, Message

pytestmark = pytest.mark.django_db


def stored(form_site: FormSite) -> int:
    return Message.objects.filter(inbox=form_site.inbox, direction=Message.Direction.IN).count()


def test_filled_honeypot_is_refused_politely(form_site: FormSite) -> None:
    response = form_site.post(lang="en", website="http://spam.example")

    html = response.content.decode()
    assert response.status_code == 400
    assert (
        text_by_id(html, "form-problem")
        == "Sorry, we couldn't accept this message. Please wait a moment and send it again."
    )
    assert value_of(html, "message").startswith("Merhaba, siparişim")  # a person loses nothing
    assert stored(form_site) == 0


def test_sent_faster_than_a_person_can_type_is_refused(form_site: FormSite) -> None:
    too_fast = form_site.post(lang="tr", ticket=form_site.ticket(age=0.5))

    assert too_fast.status_code == 400
    assert (
        text_by_id(too_fast.content.decode(), "form-problem")
        == "Üzgünüz, bu mesajı alamadık. Lütfen biraz bekleyip yeniden gönderin."
    )
    assert stored(form_site) == 0
    assert form_site.post(ticket=form_site.ticket(age=2.5)).status_code == 302
    assert stored(form_site) == 1


def test_rate_limit_per_address(form_site: FormSite) -> None:
    for n in range(RATE_LIMIT):
        ok = form_site.post(ip="198.51.100.1", email=f"kisi{n}@example.com")
        assert ok.status_code == 302

    blocked = form_site.post(lang="en", ip="198.51.100.1", email="bir-daha@example.com")

    assert blocked.status_code == 429
    assert (
        text_by_id(blocked.content.decode(), "form-problem")
        == "You have sent several messages in a short time. Please wait a few minutes and try again."
    )
    assert value_of(blocked.content.decode(), "email") == "bir-daha@example.com"
    assert stored(form_site) == RATE_LIMIT
    # Another visitor is not affected.
    assert form_site.post(ip="198.51.100.2", email="baska@example.com").status_code == 302
    # Old submissions leave the window.
    FormSubmission.objects.update(created_at=Conversation.objects.first().created_at.replace(year=2020))  # type: ignore[union-attr]
    assert form_site.post(ip="198.51.100.1", email="sonra@example.com").status_code == 302


@pytest.mark.parametrize("forged", ["", "garbage", "abc:def:ghi"])
def test_missing_or_forged_ticket_is_refused(form_site: FormSite, forged: str) -> None:
    response = form_site.post(lang="en", ticket=forged)

    assert response.status_code == 400
    assert (
        text_by_id(response.content.decode(), "form-problem")
        == "We couldn't accept this message. Please send it again."
    )
    assert stored(form_site) == 0


def test_tampered_ticket_is_refused(form_site: FormSite) -> None:
    genuine = form_site.ticket(age=60)
    payload = signing.loads(genuine, salt=SALT)
    # Rewriting the time (to dodge the time-trap) or the id breaks the signature.
    forged_payload = signing.dumps({**payload, "t": payload["t"] - 3600}, salt="another-salt")
    swapped = forged_payload.split(":", 1)[0] + ":" + genuine.split(":", 1)[1]

    assert form_site.post(ticket=swapped).status_code == 400
    assert (
        form_site.post(ticket=genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB")).status_code
        == 400
    )
    assert stored(form_site) == 0


def test_a_ticket_of_another_form_is_refused(form_site: FormSite) -> None:
    other = issue_ticket(form_site.inbox.pk + 1000, issued_at=time.time() - 10)

    assert form_site.post(ticket=other).status_code == 400


def test_expired_ticket_asks_to_send_again_keeping_the_text(form_site: FormSite) -> None:
    response = form_site.post(lang="en", ticket=form_site.ticket(age=MAX_AGE_SECONDS + 5))

    html = response.content.decode()
    assert response.status_code == 400
    assert (
        text_by_id(html, "form-problem")
        == "This page was open for a long time. Check your message and send it again."
    )
    assert value_of(html, "name") == "Zeynep Kaya"
    assert stored(form_site) == 0
    # The page carries a fresh ticket: sending again (after reading it) works.
    fresh = html.split('name="ticket" value="', 1)[1].split('"', 1)[0]
    payload = signing.loads(fresh, salt=SALT)
    assert time.time() - payload["t"] < 5


def test_double_submit_of_the_same_form_is_stored_once(form_site: FormSite) -> None:
    ticket = form_site.ticket()

    first = form_site.post(ticket=ticket)
    second = form_site.post(ticket=ticket, message="İkinci tıklama, aynı form")

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert stored(form_site) == 1
    assert FormSubmission.objects.count() == 1
    # One confirmation, not two.
    assert Message.objects.filter(inbox=form_site.inbox, kind=Message.Kind.AUTOMATED).count() == 1


def test_a_corrected_form_keeps_its_submission_id(form_site: FormSite) -> None:
    ticket = form_site.ticket()
    wrong = form_site.post(ticket=ticket, email="yanlis")
    again = wrong.content.decode().split('name="ticket" value="', 1)[1].split('"', 1)[0]
    submission_id = signing.loads(ticket, salt=SALT)["s"]

    assert signing.loads(again, salt=SALT)["s"] == submission_id
    reissued = issue_ticket(form_site.inbox.pk, issued_at=time.time() - 10, submission_id=submission_id)
    assert form_site.post(ticket=reissued).status_code == 302
    assert form_site.post(ticket=reissued).status_code == 302
    assert stored(form_site) == 1
