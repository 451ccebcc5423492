"""Edges of the public form: an oversized upload, the language header, the demo form."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from tests.connectors.form.conftest import FormSite
from tests.connectors.form.html import text_by_id, value_of
from yanit.connectors.form.manage import inbox_for_form_token
from yanit.connectors.form.views import hosted_form
from yanit.conversations.models import Message
from yanit.demo import DEMO_FORM_TOKEN, load_demo

pytestmark = pytest.mark.django_db


def test_a_body_too_large_to_read_is_refused_before_reading(form_site: FormSite) -> None:
    request = RequestFactory().post(f"{form_site.url}?lang=en", {"name": "Ali", "message": "x"})
    request.META["CONTENT_LENGTH"] = str(60 * 1_048_576)
    # Reading the body now would be a bug: the view must answer without touching it.
    request._stream = None  # type: ignore[attr-defined]

    response = hosted_form(request, token=form_site.token)

    assert response.status_code == 413
    assert (
        text_by_id(response.content.decode(), "form-problem")
        == "The attachments are too large to send. Attach at most 5 files of 10 MB."
    )
    assert value_of(response.content.decode(), "name") == ""
    assert not Message.objects.filter(inbox=form_site.inbox).exists()


def test_pages_say_their_language(form_site: FormSite) -> None:
    assert form_site.client.get(form_site.url + "?lang=en")["Content-Language"] == "en"
    sent = form_site.post(lang="tr")["Location"]
    assert form_site.client.get(sent)["Content-Language"] == "tr"


def test_only_get_and_post(form_site: FormSite) -> None:
    assert form_site.client.put(form_site.url).status_code == 405
    assert form_site.client.post(f"{form_site.url}/embed.js").status_code == 405


def test_the_demo_has_a_form_at_a_fixed_address() -> None:
    load_demo()

    inbox = inbox_for_form_token(DEMO_FORM_TOKEN)
    assert inbox is not None
    assert inbox.name == "İletişim formu"
    page = Client().get(f"/f/{DEMO_FORM_TOKEN}")
    assert page.status_code == 200
    assert "--brand: #c2410c;" in page.content.decode()
