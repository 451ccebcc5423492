"""The inbox page and list fragment: filters, sorts, Turkish-aware search, counts, load more."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from tests.factories import make_agent, receive
from yanit.accounts.services.workspaces import do_save_team
from yanit.conversations.models import Conversation
from yanit.conversations.services.reply import do_send_reply
from yanit.conversations.services.update import do_update_conversation


def row_ids(html: bytes) -> list[int]:
    return [int(n) for n in re.findall(rb'data-conversation-id="(\d+)" data-testid="conv-row"', html)]


def test_inbox_needs_login(client, world):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_inbox_lists_open_conversations_newest_first(world, login):
    first = receive(world.inbox, "İlk mesaj", email="a@example.com", name="Ali Veli").conversation
    second = receive(world.inbox, "İkinci mesaj", email="b@example.com", name="Bora Can").conversation
    response = login(world.agent).get("/")
    assert response.status_code == 200
    assert row_ids(response.content) == [second.pk, first.pk]
    html = response.content.decode()
    assert "Bora Can" in html
    assert "Bana atananlar" in html
    assert 'data-testid="rail-all">Tümü<span class="count" id="count-all">2</span>' in html


def test_rows_show_unanswered_marker_priority_tags_and_assignee(world, login):
    conversation = receive(world.inbox, "Kargo nerede?").conversation
    do_update_conversation(world.owner, conversation, priority="urgent", tags=["kargo"], assignee=world.agent)
    html = login(world.agent).get("/").content.decode()
    assert "unanswered-dot" in html
    assert '<span class="badge priority-urgent">Acil</span>' in html
    assert '<span class="tag" title="kargo">kargo</span>' in html
    assert f'title="{world.agent.name}">AT</span>' in html  # "Anadolu Temsilci"
    assert "şimdi" in html


def test_view_mine_and_unassigned_with_counts(world, login):
    mine = receive(world.inbox, "bir", email="a@example.com").conversation
    unassigned = receive(world.inbox, "iki", email="b@example.com").conversation
    do_update_conversation(world.owner, mine, assignee=world.agent)
    client = login(world.agent)
    assert row_ids(client.get("/?view=mine").content) == [mine.pk]
    assert row_ids(client.get("/?view=unassigned").content) == [unassigned.pk]
    html = client.get("/").content.decode()
    assert 'id="count-mine">1<' in html
    assert 'id="count-unassigned">1<' in html
    assert 'id="count-all">2<' in html


def test_filters_by_status_priority_tag_inbox_and_team(world, login):
    a = receive(world.inbox, "bir", email="a@example.com").conversation
    b = receive(world.inbox, "iki", email="b@example.com").conversation
    team = do_save_team(world.owner, name="İade Ekibi")
    do_update_conversation(world.owner, a, priority="high", tags=["İade"], team=team)
    do_update_conversation(world.owner, b, status="resolved")
    client = login(world.agent)
    assert row_ids(client.get("/list/").content) == [a.pk]
    assert row_ids(client.get("/list/?status=resolved").content) == [b.pk]
    assert set(row_ids(client.get("/list/?status=any").content)) == {a.pk, b.pk}
    assert row_ids(client.get("/list/?priority=high").content) == [a.pk]
    assert row_ids(client.get("/list/?priority=low").content) == []
    assert row_ids(client.get("/list/?tag=İade").content) == [a.pk]
    assert row_ids(client.get(f"/list/?team={team.pk}").content) == [a.pk]
    assert row_ids(client.get(f"/list/?inbox={world.inbox.pk}&status=any").content) == [b.pk, a.pk]


def test_sort_longest_waiting_and_priority(world, login):
    old = receive(world.inbox, "eski", email="a@example.com").conversation
    new = receive(world.inbox, "yeni", email="b@example.com").conversation
    Conversation.objects.filter(pk=old.pk).update(waiting_since=timezone.now() - timedelta(hours=3))
    do_update_conversation(world.owner, old, priority="low")
    client = login(world.agent)
    assert row_ids(client.get("/list/?sort=waiting").content) == [old.pk, new.pk]
    assert row_ids(client.get("/list/?sort=priority").content) == [new.pk, old.pk]
    do_send_reply(world.agent, new, "Yanıtladık")
    assert row_ids(client.get("/list/?sort=waiting").content) == [old.pk]


def test_search_is_turkish_aware(world, login):
    siparis = receive(world.inbox, "Siparişim gelmedi", email="a@example.com", name="Deniz").conversation
    isik = receive(world.inbox, "Masa lambası", email="b@example.com", name="Işık Aydın").conversation
    client = login(world.agent)
    assert row_ids(client.get("/list/?q=siparis").content) == [siparis.pk]
    assert row_ids(client.get("/list/?q=SİPARİŞ").content) == [siparis.pk]
    assert row_ids(client.get("/list/?q=IŞIK").content) == [isik.pk]
    assert row_ids(client.get("/list/?q=ışık").content) == [isik.pk]
    assert row_ids(client.get("/list/?q=b%40example.com").content) == [isik.pk]
    empty = client.get("/list/?q=yokboyle").content.decode()
    assert row_ids(empty.encode()) == []
    assert "“yokboyle” ile eşleşen konuşma yok." in empty


def test_search_finds_phone_in_any_spelling(world, login):
    found = receive(world.inbox, "Merhaba", email="", phone="0532 111 22 33", name="Selin").conversation
    client = login(world.agent)
    assert row_ids(client.get("/list/?q=905321112233").content) == [found.pk]


def test_load_more_pages_without_overlap(world, login):
    made = [receive(world.inbox, f"mesaj {i}", email=f"k{i}@example.com").conversation for i in range(30)]
    client = login(world.agent)
    first = client.get("/list/").content
    ids = row_ids(first)
    assert ids == [c.pk for c in reversed(made)][:25]
    more_url = re.search(rb'hx-get="(/list/\?more=1&amp;cursor=[^"]+)"', first).group(1).decode()
    rest = client.get(more_url.replace("&amp;", "&")).content
    assert row_ids(rest) == [c.pk for c in reversed(made)][25:]
    assert b"load-more" not in rest
    assert b'id="rail"' not in rest  # only rows when loading more


def test_list_fragment_carries_the_rail_out_of_band_and_keeps_filters(world, login):
    receive(world.inbox, "bir")
    html = login(world.agent).get("/list/?view=mine&sort=waiting").content.decode()
    assert '<nav id="rail" class="rail" aria-label="Görünümler" hx-swap-oob="true">' in html
    assert 'data-list-url="/list/?view=mine&amp;sort=waiting"' in html


def test_limit_param_reloads_what_is_on_screen(world, login):
    for i in range(30):
        receive(world.inbox, f"mesaj {i}", email=f"k{i}@example.com")
    assert len(row_ids(login(world.agent).get("/list/?limit=30").content)) == 30


def test_english_ui(world, login):
    receive(world.inbox, "Merhaba")
    world.agent.user.language = "en"
    world.agent.user.save()
    html = login(world.agent).get("/").content.decode()
    assert ">Mine<" in html
    assert "Search conversations (/)" in html
    assert ">now<" in html


def test_other_agents_show_in_assignee_picker_only_from_own_workspace(world, other_world, login):
    stranger = make_agent(other_world.workspace, name="Yabancı Kişi")
    conversation = receive(world.inbox, "Merhaba").conversation
    html = login(world.agent).get(f"/c/{conversation.pk}/").content.decode()
    assert world.owner.name in html
    assert stranger.name not in html
