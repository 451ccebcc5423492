from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from tests.backoffice.conftest import ClientFor
from tests.factories import PASSWORD, World, make_user
from yanit.accounts.models import Agent, Invitation, User
from yanit.core.worker import run_pending_tasks
from yanit.realtime.consumers import SESSION_WORKSPACE_KEY

# The worker sends the email; it needs real commits (PostgreSQL pool connections).
pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"http://127\.0\.0\.1:8000(/invite/[\w-]+/)")


def invite(client: Client, email: str, role: str = "agent") -> str:
    """Invites through the page and returns the path of the emailed link."""
    mail.outbox.clear()
    response = client.post("/settings/agents/invite/", {"email": email, "role": role})
    assert response.status_code == 302
    run_pending_tasks()
    assert len(mail.outbox) == 1
    match = LINK.search(mail.outbox[0].body)
    assert match is not None
    return match.group(1)


def test_invitation_end_to_end_for_a_new_person(client_for: ClientFor, world: World) -> None:
    owner = client_for(world.owner)
    path = invite(owner, "Yeni.Kisi@Example.test", role="admin")
    email = mail.outbox[0]
    assert email.to == ["yeni.kisi@example.test"]
    assert email.subject == f"yanit üzerinde {world.workspace.name} ekibine davet edildiniz"
    assert f"{world.owner.name} sizi yanit üzerinde {world.workspace.name} ekibiyle" in email.body
    listing = owner.get("/settings/agents/").text
    assert "yeni.kisi@example.test" in listing

    invitee = Client()
    page = invitee.get(path)
    assert page.status_code == 200
    assert f"<h1>{world.workspace.name} ekibine katılın</h1>" in page.text
    mismatch = invitee.post(path, {"name": "Yeni Kişi", "password1": "gizli-parola-9", "password2": "baska"})
    assert mismatch.status_code == 422
    assert "İki parola birbiriyle aynı değil." in mismatch.text

    joined = invitee.post(
        path, {"name": "Yeni Kişi", "password1": "gizli-parola-9", "password2": "gizli-parola-9"}
    )
    assert joined.status_code == 302
    assert joined["Location"] == "/"
    agent = Agent.objects.get(user__email="yeni.kisi@example.test")
    assert (agent.workspace_id, agent.role, agent.user.name) == (world.workspace.pk, "admin", "Yeni Kişi")
    assert invitee.session[SESSION_WORKSPACE_KEY] == world.workspace.pk
    assert invitee.session["_auth_user_id"] == str(agent.user.pk)
    # Used once: the link is dead now, and the person signs in with the chosen password.
    assert Client().get(path).status_code == 404
    assert (
        Client()
        .post("/login/", {"username": "yeni.kisi@example.test", "password": "gizli-parola-9"})
        .status_code
        == 302
    )


def test_existing_account_must_sign_in_then_joins(
    client_for: ClientFor, world: World, other_world: World
) -> None:
    path = invite(client_for(world.owner), other_world.agent.user.email)
    anonymous = Client()
    page = anonymous.get(path)
    assert "Bu e-posta adresinin zaten bir yanit hesabı var." in page.text
    assert anonymous.post(path, {"name": "x", "password1": "p", "password2": "p"}).status_code == 200
    assert not Agent.objects.filter(workspace=world.workspace, user=other_world.agent.user).exists()

    signed_in = Client()
    response = signed_in.post(
        f"/login/?next={path}", {"username": other_world.agent.user.email, "password": PASSWORD, "next": path}
    )
    assert response["Location"] == path
    assert "Bu hesapla katılmak ister misiniz?" in signed_in.get(path).text
    assert signed_in.post(path).status_code == 302
    assert Agent.objects.get(workspace=world.workspace, user=other_world.agent.user).role == "agent"
    assert signed_in.session[SESSION_WORKSPACE_KEY] == world.workspace.pk


def test_invalid_invitation_link_is_a_friendly_404(client: Client, db: None) -> None:
    response = client.get("/invite/yok-boyle-bir-davet/")
    assert response.status_code == 404
    assert "Davet geçersiz" in response.text


def test_resend_gives_a_new_link_and_kills_the_old_one(client_for: ClientFor, world: World) -> None:
    owner = client_for(world.owner)
    old_path = invite(owner, "tekrar@example.test")
    invitation = Invitation.objects.get(email="tekrar@example.test")
    mail.outbox.clear()
    assert owner.post(f"/settings/invitations/{invitation.pk}/resend/").status_code == 302
    run_pending_tasks()
    assert len(mail.outbox) == 1
    new_path = LINK.search(mail.outbox[0].body).group(1)  # type: ignore[union-attr]
    assert new_path != old_path
    assert Client().get(old_path).status_code == 404
    assert Client().get(new_path).status_code == 200


def test_revoke_deletes_the_invitation(client_for: ClientFor, world: World) -> None:
    owner = client_for(world.owner)
    path = invite(owner, "iptal@example.test")
    invitation = Invitation.objects.get(email="iptal@example.test")
    response = owner.post(f"/settings/invitations/{invitation.pk}/revoke/", follow=True)
    assert "iptal@example.test için gönderilen davet iptal edildi." in response.text
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert Client().get(path).status_code == 404


def test_inviting_a_current_member_is_refused(client_for: ClientFor, world: World) -> None:
    response = client_for(world.owner).post(
        "/settings/agents/invite/", {"email": world.agent.user.email, "role": "agent"}, follow=True
    )
    assert f"{world.agent.user.email} zaten bu çalışma alanında." in response.text
    assert Invitation.objects.count() == 0
    run_pending_tasks()
    assert mail.outbox == []


def test_admin_cannot_invite_an_owner(client_for: ClientFor, world: World) -> None:
    admin = Agent.objects.create(workspace=world.workspace, user=make_user("Yönetici"), role="admin")
    client = client_for(admin)
    assert 'value="owner"' not in client.get("/settings/agents/").text
    client.post("/settings/agents/invite/", {"email": "patron@example.test", "role": "owner"})
    assert Invitation.objects.count() == 0


def test_owner_changes_roles_and_deactivates(client_for: ClientFor, world: World) -> None:
    owner = client_for(world.owner)
    response = owner.post(
        f"/settings/agents/{world.agent.pk}/", {"action": "role", "role": "admin"}, follow=True
    )
    assert f"{world.agent.name} artık şu rolde: Yönetici." in response.text
    world.agent.refresh_from_db()
    assert world.agent.role == "admin"
    owner.post(f"/settings/agents/{world.agent.pk}/", {"action": "deactivate"})
    world.agent.refresh_from_db()
    assert world.agent.is_active is False
    # Deactivated: they may still sign in, but reach no page of this workspace.
    assert client_for(world.agent).get("/settings/profile/").status_code == 200
    assert client_for(world.agent).get("/settings/agents/").status_code == 403
    owner.post(f"/settings/agents/{world.agent.pk}/", {"action": "activate"})
    world.agent.refresh_from_db()
    assert world.agent.is_active is True


def test_the_last_owner_cannot_be_demoted_or_removed(client_for: ClientFor, world: World) -> None:
    admin = Agent.objects.create(workspace=world.workspace, user=make_user("Yönetici"), role="admin")
    User.objects.filter(pk=world.owner.user_id).update(language="en")
    owner = client_for(world.owner)
    response = owner.post(
        f"/settings/agents/{world.owner.pk}/", {"action": "role", "role": "agent"}, follow=True
    )
    assert '<li class="flash-error">A workspace needs at least one owner.</li>' in response.text
    world.owner.refresh_from_db()
    assert world.owner.role == "owner"
    response = client_for(admin).post(f"/settings/agents/{world.owner.pk}/", {"action": "deactivate"})
    assert response.status_code == 403
    response = client_for(admin).post(
        f"/settings/agents/{world.agent.pk}/", {"action": "role", "role": "owner"}
    )
    world.agent.refresh_from_db()
    assert world.agent.role == "agent"
