from __future__ import annotations

from django.test import Client

from tests.backoffice.conftest import ClientFor
from tests.factories import PASSWORD, World, make_world
from yanit.accounts.models import Agent
from yanit.realtime.consumers import SESSION_WORKSPACE_KEY


def test_user_in_two_workspaces_switches_between_them(client_for: ClientFor, world: World) -> None:
    second = make_world("İkinci")
    membership = Agent.objects.create(workspace=second.workspace, user=world.agent.user)
    client = client_for(world.agent)
    menu = client.get("/settings/profile/").text
    assert f'data-testid="workspace-{second.workspace.pk}"' in menu
    assert f'data-testid="workspace-{world.workspace.pk}"' in menu

    response = client.post("/account/workspace/", {"workspace_id": second.workspace.pk})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session[SESSION_WORKSPACE_KEY] == second.workspace.pk
    page = client.get("/settings/profile/").text
    assert f'<span class="workspace-name" data-testid="workspace-name">{second.workspace.name}</span>' in page
    assert membership.workspace_id == second.workspace.pk


def test_switching_to_a_workspace_the_user_is_not_in_is_404(
    client_for: ClientFor, world: World, other_world: World
) -> None:
    client = client_for(world.agent)
    response = client.post("/account/workspace/", {"workspace_id": other_world.workspace.pk})
    assert response.status_code == 404
    assert client.session[SESSION_WORKSPACE_KEY] == world.workspace.pk
    assert client.post("/account/workspace/", {"workspace_id": "abc"}).status_code == 404


def test_switching_to_a_workspace_where_the_user_was_deactivated_is_404(
    client_for: ClientFor, world: World, other_world: World
) -> None:
    Agent.objects.create(workspace=other_world.workspace, user=world.agent.user, is_active=False)
    client = client_for(world.agent)
    assert client.post("/account/workspace/", {"workspace_id": other_world.workspace.pk}).status_code == 404


def test_account_menu_shows_the_user_with_one_workspace_and_no_switcher(
    client_for: ClientFor, world: World
) -> None:
    page = client_for(world.agent).get("/settings/profile/").text
    assert 'data-testid="account-menu"' in page
    assert world.agent.user.name in page
    assert 'name="workspace_id"' not in page
    assert 'action="/logout/"' in page
    assert '<button type="submit" name="language" value="tr" class="active"' in page


def test_availability_toggle_updates_the_agent(client_for: ClientFor, world: World) -> None:
    client = client_for(world.agent)
    response = client.post("/account/availability/", {"availability": "online", "next": "/settings/profile/"})
    assert response.status_code == 302
    assert response["Location"] == "/settings/profile/"
    world.agent.refresh_from_db()
    assert world.agent.availability == "online"


def test_availability_toggle_with_htmx_returns_the_menu(client_for: ClientFor, world: World) -> None:
    client = client_for(world.agent)
    response = client.post("/account/availability/", {"availability": "away"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="account-menu"' in response.text
    assert 'class="availability-choice current" aria-pressed="true" data-testid="availability-away"' in (
        response.text
    )
    world.agent.refresh_from_db()
    assert world.agent.availability == "away"


def test_unknown_availability_is_refused(client_for: ClientFor, world: World) -> None:
    client = client_for(world.agent)
    response = client.post("/account/availability/", {"availability": "tatilde"}, follow=True)
    assert "Bilinmeyen durum: tatilde." in response.text
    world.agent.refresh_from_db()
    assert world.agent.availability == "offline"


def test_profile_saves_name_and_language(client_for: ClientFor, world: World) -> None:
    client = client_for(world.agent)
    response = client.post("/settings/profile/", {"name": "  Zeynep   Işık ", "language": "en"}, follow=True)
    assert "Your profile has been saved." in response.text
    assert "<h1>My profile</h1>" in response.text
    world.agent.user.refresh_from_db()
    assert (world.agent.user.name, world.agent.user.language) == ("Zeynep Işık", "en")


def test_password_change_needs_the_old_password(client_for: ClientFor, world: World) -> None:
    client = client_for(world.agent)
    wrong = client.post(
        "/settings/profile/password/",
        {"old_password": "yanlis", "new_password1": "baska-parola-77", "new_password2": "baska-parola-77"},
    )
    assert wrong.status_code == 422
    right = client.post(
        "/settings/profile/password/",
        {"old_password": PASSWORD, "new_password1": "baska-parola-77", "new_password2": "baska-parola-77"},
    )
    assert right.status_code == 302
    assert client.get("/settings/profile/").status_code == 200  # still signed in
    fresh = Client()
    assert (
        fresh.post("/login/", {"username": world.agent.user.email, "password": "baska-parola-77"}).status_code
        == 302
    )


def test_agent_sees_only_the_profile_in_settings(client_for: ClientFor, world: World) -> None:
    client = client_for(world.agent)
    response = client.get("/settings/")
    assert response["Location"] == "/settings/profile/"
    page = client.get("/settings/profile/").text
    assert 'href="/settings/agents/"' not in page
    assert client_for(world.owner).get("/settings/")["Location"] == "/settings/workspace/"


def test_settings_need_sign_in(client: Client, db: None) -> None:
    response = client.get("/settings/agents/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/settings/agents/"
