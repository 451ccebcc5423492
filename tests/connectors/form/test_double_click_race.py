"""Two posts of the same form at the same moment (a double click on a slow line) store one
message and one confirmation, and both land on the same thank-you page."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from tests.factories import make_world
from yanit.connectors.form.config import FormConfig
from yanit.connectors.form.manage import do_create_form_inbox, form_token_of
from yanit.connectors.form.models import FormSubmission
from yanit.connectors.form.tickets import issue_ticket
from yanit.conversations.models import Conversation, Message

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_two_posts_of_one_form_racing(db: None) -> None:
    world = make_world("Çift tık")
    inbox = do_create_form_inbox(world.owner, name="Form", team=None, config=FormConfig())
    url = f"/f/{form_token_of(inbox)}?lang=tr"
    ticket = issue_ticket(inbox.pk, issued_at=time.time() - 10)
    barrier = threading.Barrier(2)
    locations: list[str] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            client = Client()
            barrier.wait(timeout=10)
            response = client.post(
                url,
                {"name": "Ece", "email": "ece@example.com", "message": "Aynı anda iki kez", "ticket": ticket},
                REMOTE_ADDR="192.0.2.50",
            )
            assert response.status_code == 302, response.content[:300]
            locations.append(response["Location"])
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(locations) == 2
    assert locations[0] == locations[1]
    assert Message.objects.filter(inbox=inbox, direction=Message.Direction.IN).count() == 1
    assert Message.objects.filter(inbox=inbox, kind=Message.Kind.AUTOMATED).count() == 1
    assert FormSubmission.objects.filter(inbox=inbox).count() == 1
    assert Conversation.objects.filter(inbox=inbox).count() == 1
