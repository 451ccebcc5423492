"""The bell, its panel, opening a notification, "remind me" and the settings page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import World, make_agent, make_world, receive
from yanit.accounts.models import Agent
from yanit.notifications.models import Notification, Preference, Reminder
from yanit.notifications.services.notify import do_notify

pytestmark = pytest.mark.django_db(transaction=True)

Login = Callable[[Agent], Client]


def test_bell_shows_unread_count_and_panel_lists_own_notifications(world: World, login: Login) -> None:
    conversation = receive(world.inbox).conversation
    do_notify(
        [world.agent], "mention", conversation=conversation, actor=world.owner, text="@Temsilci bak <b>"
    )
    do_notify([world.owner], "sla_breach", conversation=conversation)
    client = login(world.agent)

    page = client.get(f"/c/{conversation.pk}/").content.decode()
    assert '<span class="notif-count" id="notif-count" data-testid="notif-count">1</span>' in page

    panel = client.get("/notifications/").content.decode()
    assert panel.count('data-testid="notif-item"') == 1
    assert f"{world.owner.name}, #{conversation.number} numaralı konuşmada sizden bahsetti" in panel
    assert "@Temsilci bak &lt;b&gt;" in panel
    assert "SLA" not in panel  # the owner's notification isn't ours


@pytest.mark.parametrize(
    "path",
    [
        "/settings/profile/",
        "/settings/canned/",
        "/settings/rules/",
        "/settings/notifications/",
        "/settings/assignment/",
    ],
)
def test_every_agent_page_has_the_bell_and_the_agent_socket(world: World, login: Login, path: str) -> None:
    conversation = receive(world.inbox).conversation
    do_notify([world.owner], "assigned", conversation=conversation, actor=world.agent)
    do_notify([world.owner], "mention", conversation=conversation, actor=world.agent)
    response = login(world.owner).get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-testid="notif-bell"') == 1
    assert '<span class="notif-count" id="notif-count" data-testid="notif-count">2</span>' in page
    assert page.count("yanit/notifications.js") == page.count("yanit/agent-socket.js") == 1
    assert page.count("yanit/notifications.css") == 1


def test_the_inbox_shares_its_own_socket_and_signed_out_pages_have_no_bell(
    world: World, login: Login
) -> None:
    page = login(world.agent).get("/").content.decode()
    assert page.count('data-testid="notif-bell"') == 1
    assert "yanit/agent-socket.js" not in page
    assert page.count("yanit/notifications.js") == page.count("yanit/inbox.js") == 1
    assert 'data-blocked="Bildirimler bu tarayıcının ayarlarında engellenmiş."' in page
    login_page = Client().get("/login/").content.decode()
    assert "notif-bell" not in login_page
    assert "agent-socket.js" not in login_page


def test_opening_a_notification_marks_it_read_and_goes_to_the_conversation(
    world: World, login: Login
) -> None:
    conversation = receive(world.inbox).conversation
    (mine,) = do_notify([world.agent], "assigned", conversation=conversation, actor=world.owner)
    (theirs,) = do_notify([world.owner], "sla_breach", conversation=conversation)
    client = login(world.agent)

    response = client.post(f"/notifications/{mine.pk}/open/")
    assert (response.status_code, response["Location"]) == (302, f"/c/{conversation.pk}/")
    # Someone else's id: nothing happens to it.
    assert client.post(f"/notifications/{theirs.pk}/open/")["Location"] == "/"

    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_all_read_only_touches_my_notifications(world: World, login: Login) -> None:
    conversation = receive(world.inbox).conversation
    do_notify([world.agent, world.owner], "rule", conversation=conversation)
    do_notify([world.agent], "reminder", conversation=conversation)

    response = login(world.agent).post("/notifications/read-all/", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert 'data-unread="0"' in response.content.decode()
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
    assert Notification.objects.get(read_at__isnull=True).recipient_id == world.owner.pk


def test_remind_me_with_a_preset_and_a_picked_time(world: World, login: Login) -> None:
    conversation = receive(world.inbox).conversation
    client = login(world.agent)

    control = client.get(f"/c/{conversation.pk}/remind/control/").content.decode()
    assert 'data-testid="remind-when"' in control

    before = timezone.now()
    response = client.post(f"/c/{conversation.pk}/remind/", {"when": "1h", "note": "Kargo dönüşü"})
    assert 'data-testid="reminder-set"' in response.content.decode()
    reminder = Reminder.objects.get()
    assert timedelta(minutes=59) < reminder.due_at - before < timedelta(minutes=61)
    assert reminder.note == "Kargo dönüşü"

    response = client.post(f"/reminders/{reminder.pk}/cancel/")
    assert 'data-testid="remind-when"' in response.content.decode()
    assert Reminder.objects.get().cancelled_at is not None

    year = timezone.now().year + 1
    client.post(f"/c/{conversation.pk}/remind/", {"when": "custom", "due_at": f"{year}-03-02T14:30"})
    picked = Reminder.objects.filter(cancelled_at__isnull=True).get()
    assert picked.due_at == datetime(year, 3, 2, 11, 30, tzinfo=UTC)  # 14:30 in Istanbul

    panel = client.get("/notifications/").content.decode()
    assert 'data-testid="my-reminders"' in panel
    assert f"#{conversation.number}" in panel


def test_remind_me_rejects_bad_input_inline(world: World, login: Login) -> None:
    conversation = receive(world.inbox).conversation
    client = login(world.agent)
    response = client.post(
        f"/c/{conversation.pk}/remind/", {"when": "custom", "due_at": "yarın"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#remind-errors"
    assert Reminder.objects.count() == 0


def test_remind_me_on_another_workspaces_conversation_is_404(world: World, login: Login) -> None:
    other = make_world("Başka")
    conversation = receive(other.inbox).conversation
    client = login(world.agent)
    assert client.post(f"/c/{conversation.pk}/remind/", {"when": "1h"}).status_code == 404
    assert client.get(f"/c/{conversation.pk}/remind/control/").status_code == 404


def test_settings_page_saves_preferences(world: World, login: Login) -> None:
    client = login(world.agent)
    page = client.get("/settings/notifications/").content.decode()
    assert 'name="email_mention" aria-label="E-posta: Notta bahsedilme" checked' in page

    client.post("/settings/notifications/", {"email_assigned": "on", "browser_mention": "on"})

    prefs = {p.kind: (p.email, p.browser) for p in Preference.objects.filter(agent=world.agent)}
    assert prefs["assigned"] == (True, False)
    assert prefs["mention"] == (False, True)
    assert prefs["sla_breach"] == (False, False)


def test_mention_autocomplete_data_lists_only_this_workspace(world: World, login: Login) -> None:
    make_agent(world.workspace, name="Zeynep </script> Kara", email="zeynep@magaza.test")
    other = make_world("Başka")
    make_agent(other.workspace, name="Gizli Kişi", email="gizli@baska.test")
    page = login(world.agent).get("/").content.decode()
    assert '"name": "Zeynep \\u003c/script\\u003e Kara", "handle": "zeynep"' in page
    assert "Gizli" not in page
