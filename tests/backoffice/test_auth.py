from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, World
from yanit.accounts.models import LoginFailure, User
from yanit.core.worker import run_pending_tasks

# The worker sends the email; it needs real commits (PostgreSQL pool connections).
WORKER_SENDS_MAIL = pytest.mark.django_db(transaction=True)


def login(client: Client, email: str, password: str, **extra: str) -> object:
    return client.post("/login/", {"username": email, "password": password, **extra})


def test_login_page_is_turkish_by_default(client: Client, db: None) -> None:
    response = client.get("/login/")
    assert response.status_code == 200
    assert "<h1>Giriş yap</h1>" in response.text
    assert 'name="username"' in response.text
    assert 'name="password"' in response.text


def test_login_with_right_password_opens_the_inbox(client: Client, world: World) -> None:
    response = client.post("/login/", {"username": world.owner.user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(world.owner.user.pk)


def test_login_without_remember_me_ends_with_the_browser(client: Client, world: World) -> None:
    login(client, world.owner.user.email, PASSWORD)
    assert client.session.get_expire_at_browser_close() is True
    other = Client()
    login(other, world.owner.user.email, PASSWORD, remember="on")
    assert other.session.get_expire_at_browser_close() is False


def test_login_with_wrong_password_shows_a_friendly_turkish_error(client: Client, world: World) -> None:
    response = login(client, world.owner.user.email, "yanlis-parola")
    assert response.status_code == 200
    assert "E-posta adresi veya parola hatalı." in response.text
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.count() == 1


def test_repeated_failures_are_blocked_even_with_the_right_password(client: Client, world: World) -> None:
    email = world.owner.user.email
    for _ in range(9):
        assert login(client, email, "yanlis-parola").status_code == 200
    tenth = login(client, email, "yanlis-parola")
    assert tenth.status_code == 429
    assert "Çok fazla hatalı deneme" in tenth.text
    blocked = login(client, email, PASSWORD)
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address from the same IP is not affected.
    assert login(client, world.agent.user.email, PASSWORD).status_code == 302


def test_a_successful_login_clears_earlier_failures(client: Client, world: World) -> None:
    email = world.owner.user.email
    for _ in range(3):
        login(client, email, "yanlis-parola")
    assert login(client, email, PASSWORD).status_code == 302
    assert LoginFailure.objects.count() == 0


def test_logout_needs_post_and_ends_the_session(client: Client, world: World) -> None:
    client.force_login(world.owner.user)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert "_auth_user_id" not in client.session


@WORKER_SENDS_MAIL
def test_password_reset_end_to_end(client: Client, world: World) -> None:
    user = world.agent.user
    response = client.post("/password-reset/", {"email": user.email})
    assert response.status_code == 302
    assert response["Location"] == "/password-reset/sent/"
    assert mail.outbox == []  # sent by the worker, not inside the request
    run_pending_tasks()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [user.email]
    assert email.subject == "yanit parolanızı sıfırlayın"
    link = re.search(r"http://127\.0\.0\.1:8000(/password-reset/\S+/)", email.body)
    assert link is not None

    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    assert "Yeni parolanızı seçin" in form_page.text
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "yepyeni-parola-42", "new_password2": "yepyeni-parola-42"})
    assert done.status_code == 302
    assert done["Location"] == "/password-reset/done/"

    fresh = Client()
    assert login(fresh, user.email, PASSWORD).status_code == 200
    assert login(fresh, user.email, "yepyeni-parola-42").status_code == 302
    # The link works once.
    assert "Bu bağlantı artık çalışmıyor" in Client().get(link.group(1), follow=True).text


@WORKER_SENDS_MAIL
def test_password_reset_email_is_in_the_users_language(client: Client, world: World) -> None:
    User.objects.filter(pk=world.agent.user.pk).update(language="en")
    client.post("/password-reset/", {"email": world.agent.user.email})
    run_pending_tasks()
    assert mail.outbox[0].subject == "Reset your yanit password"
    assert mail.outbox[0].body.startswith(f"Hello {world.agent.user.name},")


@WORKER_SENDS_MAIL
def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client: Client, db: None
) -> None:
    response = client.post("/password-reset/", {"email": "kimse@example.test"})
    assert response.status_code == 302
    assert response["Location"] == "/password-reset/sent/"
    run_pending_tasks()
    assert mail.outbox == []


@WORKER_SENDS_MAIL
def test_password_reset_requests_are_limited(client: Client, world: World) -> None:
    for _ in range(5):
        assert client.post("/password-reset/", {"email": world.agent.user.email}).status_code == 302
    assert client.post("/password-reset/", {"email": world.agent.user.email}).status_code == 429
    run_pending_tasks()
    assert len(mail.outbox) == 5


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "<h1>My profile</h1>"), ("tr", "<h1>Profilim</h1>")]
)
def test_language_switch_stores_the_choice_and_changes_the_page(
    client: Client, world: World, language: str, heading: str
) -> None:
    client.force_login(world.agent.user)
    response = client.post("/language/", {"language": language, "next": "/settings/profile/"})
    assert response.status_code == 302
    assert response["Location"] == "/settings/profile/"
    assert response.cookies["yanit_lang"].value == language
    world.agent.user.refresh_from_db()
    assert world.agent.user.language == language
    assert heading in client.get("/settings/profile/").text


def test_language_switch_works_before_signing_in(client: Client, db: None) -> None:
    response = client.post("/language/", {"language": "en", "next": "/login/"})
    assert response["Location"] == "/login/"
    assert "<h1>Sign in</h1>" in client.get("/login/").text


def test_language_switch_never_redirects_off_site(client: Client, db: None) -> None:
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/login/"
