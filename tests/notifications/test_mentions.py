"""Parsing @mentions: Turkish case and diacritics, email local parts, longest name, never inside words."""

from __future__ import annotations

import pytest

from tests.factories import World, make_agent, make_world
from yanit.accounts.models import Agent
from yanit.notifications.mentions import Mention, find_mentions, fold, handles_for, mentioned_agents

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world: World) -> dict[str, Agent]:
    return {
        "ilker": make_agent(world.workspace, name="İlker Işık", email="ilker.isik@magaza.test"),
        "ayse": make_agent(world.workspace, name="Ayşe Yılmaz", email="ayse@magaza.test"),
        "ayse2": make_agent(world.workspace, name="Ayşe Demir", email="ademir@magaza.test"),
        "ali": make_agent(world.workspace, name="Ali Can", email="ali@magaza.test"),
    }


def names(world: World, text: str) -> list[str]:
    return [a.name for a in mentioned_agents(world.workspace.pk, text)]


def test_fold_keeps_offsets_and_ignores_turkish_case() -> None:
    assert fold("İLKER IŞIK") == "ilker isik"
    assert fold("ılker") == "ilker"
    assert len(fold("İlker Işık ŞĞÜÖÇ")) == len("İlker Işık ŞĞÜÖÇ")


def test_full_names_first_names_and_email_local_parts(world: World, team: dict[str, Agent]) -> None:
    assert names(world, "@İlker Işık bakar mısın?") == ["İlker Işık"]
    assert names(world, "@ILKER IŞIK") == ["İlker Işık"]
    assert names(world, "@ılker kargoya sorar mısın") == ["İlker Işık"]
    assert names(world, "@ilker.isik ve @ali lütfen") == ["İlker Işık", "Ali Can"]
    assert names(world, "@ayse bakabilir mi") == ["Ayşe Yılmaz"]  # email local part "ayse"
    assert names(world, "@Ayşe Demir, @ademir") == ["Ayşe Demir"]


def test_shared_first_name_alone_mentions_by_email_only(world: World, team: dict[str, Agent]) -> None:
    # "Ayşe" is two agents' first name; it's also Ayşe Yılmaz's email local part, so she is meant.
    i, a, d, c = (team[k].pk for k in ("ilker", "ayse", "ayse2", "ali"))
    assert handles_for(team.values()) == {
        "ilker isik": i,
        "ilker.isik": i,
        "ilker": i,
        "ayse yilmaz": a,
        "ayse": a,
        "ayse demir": d,
        "ademir": d,
        "ali can": c,
        "ali": c,
    }


def test_no_match_inside_words_or_emails(world: World, team: dict[str, Agent]) -> None:
    assert names(world, "ali@example.com adresine yazdım") == []
    assert names(world, "@alice geldi mi?") == []
    assert names(world, "@alican") == []
    assert names(world, "e-posta: destek@ali.com") == []
    assert names(world, "@Ali, kargoya bak.") == ["Ali Can"]
    assert names(world, "(@ali)") == ["Ali Can"]
    assert names(world, "Merhaba @") == []


def test_longest_handle_wins_and_offsets_cover_it(world: World, team: dict[str, Agent]) -> None:
    text = "Not: @Ayşe Yılmaz bakacak"
    found = find_mentions(text, handles_for(team.values()))
    assert found == [Mention(start=5, end=17, agent_id=team["ayse"].pk)]
    assert text[5:17] == "@Ayşe Yılmaz"


def test_other_workspaces_and_inactive_agents_are_never_mentioned(
    world: World, team: dict[str, Agent]
) -> None:
    other = make_world("Başka")
    make_agent(other.workspace, name="Zeynep Kara", email="zeynep@baska.test")
    team["ali"].is_active = False
    team["ali"].save()
    assert names(world, "@zeynep @Zeynep Kara @ali") == []
