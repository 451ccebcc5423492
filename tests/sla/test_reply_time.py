"""The "when will we answer?" text, in Turkish and English."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import make_agent
from yanit.accounts.models import Agent, Team
from yanit.sla.clock import ALWAYS_OPEN, Closure, Schedule
from yanit.sla.reply_time import describe, expected_reply, tr_time_with_suffix
from yanit.sla.services.hours import do_save_business_hours
from yanit.sla.services.policies import PolicyInput, do_save_policy

IST = ZoneInfo("Europe/Istanbul")
WEEKDAYS = (((9 * 60 + 30, 18 * 60),),) * 5 + ((), ())
S = Schedule(tz=IST, weekly=WEEKDAYS)


def ist(*args: int) -> datetime:
    return datetime(*args, tzinfo=IST)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("hour", "minute", "case", "expected"),
    [
        (18, 0, "dative", "18:00'e"),
        (9, 30, "dative", "09:30'a"),
        (12, 0, "dative", "12:00'ye"),
        (16, 0, "dative", "16:00'ya"),
        (9, 0, "ablative", "09:00'dan"),
        (9, 30, "ablative", "09:30'dan"),
        (13, 0, "ablative", "13:00'ten"),
        (10, 40, "ablative", "10:40'tan"),
        (14, 50, "dative", "14:50'ye"),
        (20, 0, "ablative", "20:00'den"),
    ],
)
def test_turkish_suffix_follows_the_spoken_time(hour: int, minute: int, case: str, expected: str) -> None:
    assert tr_time_with_suffix(ist(2026, 11, 23, hour, minute), case) == expected


def test_open_now_with_a_short_target_says_within() -> None:
    answer = describe(S, 120, ist(2026, 11, 23, 10, 0), "tr")
    assert (answer.open_now, answer.reply_by, answer.text) == (
        True,
        ist(2026, 11, 23, 12, 0),
        "2 saat içinde",
    )
    assert describe(S, 120, ist(2026, 11, 23, 10, 0), "en").text == "within 2 hours"
    assert describe(S, 30, ist(2026, 11, 23, 10, 0), "en").text == "within 30 minutes"


def test_open_now_target_past_closing_names_the_time() -> None:
    answer = describe(S, 60, ist(2026, 11, 23, 17, 30), "tr")
    assert answer.reply_by == ist(2026, 11, 24, 10, 0)
    assert answer.text == "yarın 10:00'a kadar"
    assert describe(S, 60, ist(2026, 11, 23, 17, 30), "en").text == "tomorrow by 10:00"


def test_open_without_target_answers_by_closing_time() -> None:
    answer = describe(S, None, ist(2026, 11, 23, 11, 0), "tr")
    assert (answer.open_now, answer.text) == (True, "bugün 18:00'e kadar")


def test_closed_in_the_evening_says_tomorrow_after_opening() -> None:
    answer = describe(S, 60, ist(2026, 11, 23, 20, 0), "tr")
    assert (answer.open_now, answer.text) == (False, "yarın 09:30'dan sonra")
    assert answer.reply_by == ist(2026, 11, 24, 10, 30)
    assert describe(S, 60, ist(2026, 11, 23, 20, 0), "en").text == "tomorrow after 09:30"


def test_closed_on_saturday_says_monday() -> None:
    answer = describe(S, None, ist(2026, 11, 28, 11, 0), "tr")
    assert (answer.open_now, answer.text, answer.reply_by) == (
        False,
        "Pazartesi 09:30'dan sonra",
        ist(2026, 11, 30, 9, 30),
    )
    assert describe(S, None, ist(2026, 11, 28, 11, 0), "en").text == "Monday after 09:30"


def test_closed_early_morning_says_today() -> None:
    assert describe(S, None, ist(2026, 11, 24, 7, 0), "tr").text == "bugün 09:30'dan sonra"


def test_holiday_within_the_week_names_the_weekday() -> None:
    # Kurban Bayramı 2026: eve 26 May (half day), 27–30 May; then Sunday; open again Monday 1 June.
    answer = describe(S, None, ist(2026, 5, 26, 14, 0), "tr")
    assert answer.text == "Pazartesi 09:30'dan sonra"
    assert answer.reply_by == ist(2026, 6, 1, 9, 30)


def test_long_closure_names_the_date() -> None:
    closed = Schedule(tz=IST, weekly=WEEKDAYS, closures=(Closure(date(2026, 12, 1), date(2026, 12, 10)),))
    assert describe(closed, None, ist(2026, 11, 30, 20, 0), "tr").text == "11 Aralık 09:30'dan sonra"
    assert describe(closed, None, ist(2026, 11, 30, 20, 0), "en").text == "11 December after 09:30"


def test_always_open_with_target() -> None:
    assert describe(ALWAYS_OPEN, 15, ist(2026, 11, 28, 3, 0), "tr").text == "15 dakika içinde"


def test_expected_reply_reads_hours_and_default_policy(db: None, world) -> None:  # type: ignore[no-untyped-def]
    ws = world.workspace
    assert expected_reply(ws, None, "tr", ist(2026, 11, 23, 10, 0)) is None
    weekly = {str(d): [["09:00", "18:00"]] for d in range(1, 6)}
    do_save_business_hours(world.owner, weekly=weekly)
    answer = expected_reply(ws, None, "tr", ist(2026, 11, 23, 20, 0))
    assert answer is not None
    assert (answer.open_now, answer.text) == (False, "yarın 09:00'dan sonra")
    do_save_policy(world.owner, PolicyInput(name="Standart", targets={"normal": {"first_response": 90}}))
    answer = expected_reply(ws, None, "en", ist(2026, 11, 23, 10, 0))
    assert answer is not None
    assert (answer.open_now, answer.text, answer.reply_by) == (
        True,
        "within 2 hours",
        ist(2026, 11, 23, 11, 30),
    )
    # A team with its own (evening) hours answers differently from the workspace.
    team = Team.objects.create(workspace=ws, name="Akşam ekibi")
    do_save_business_hours(world.owner, team=team, weekly={str(d): [["18:00", "23:00"]] for d in range(1, 8)})
    answer = expected_reply(ws, team, "tr", ist(2026, 11, 23, 20, 0))
    assert answer is not None
    assert (answer.open_now, answer.text) == (True, "2 saat içinde")
    assert make_agent(ws).role == Agent.Role.AGENT


def test_reply_sentence() -> None:
    from yanit.sla.reply_time import reply_sentence

    closed = describe(S, 60, ist(2026, 11, 23, 20, 0), "tr")
    assert reply_sentence(closed, "tr") == "Size yarın 09:30'dan sonra dönüş yapacağız."
    open_now = describe(S, 120, ist(2026, 11, 23, 10, 0), "en")
    assert reply_sentence(open_now, "en") == "We will get back to you within 2 hours."
