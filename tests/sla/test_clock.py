"""Business time without a database: evenings, weekends, holidays, half days, time zones."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from yanit.sla.clock import (
    ALWAYS_OPEN,
    Closure,
    Schedule,
    add_business_time,
    business_minutes_between,
    holiday_names,
    is_open,
    next_open_at,
)

IST = ZoneInfo("Europe/Istanbul")
BERLIN = ZoneInfo("Europe/Berlin")
NINE_TO_SIX = ((9 * 60, 18 * 60),)
WEEKDAYS = (NINE_TO_SIX,) * 5 + ((), ())


def ist(*args: int) -> datetime:
    return datetime(*args, tzinfo=IST)  # type: ignore[misc]


def schedule(**kwargs: object) -> Schedule:
    return Schedule(tz=kwargs.pop("tz", IST), weekly=kwargs.pop("weekly", WEEKDAYS), **kwargs)  # type: ignore[arg-type]


def test_open_and_closed_on_an_ordinary_monday() -> None:
    s = schedule()
    assert is_open(s, ist(2026, 11, 23, 9, 0)) is True
    assert is_open(s, ist(2026, 11, 23, 17, 59)) is True
    assert is_open(s, ist(2026, 11, 23, 18, 0)) is False
    assert is_open(s, ist(2026, 11, 23, 8, 59)) is False
    # 09:00 Istanbul is 06:00 UTC: a UTC instant is judged in the schedule's zone.
    assert is_open(s, datetime(2026, 11, 23, 6, 0, tzinfo=UTC)) is True
    assert is_open(s, datetime(2026, 11, 23, 5, 59, tzinfo=UTC)) is False


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        is_open(schedule(), datetime(2026, 11, 23, 10, 0))


def test_evening_rolls_over_to_next_morning() -> None:
    s = schedule()
    assert add_business_time(s, ist(2026, 11, 23, 17, 0), 120) == ist(2026, 11, 24, 10, 0)
    assert next_open_at(s, ist(2026, 11, 23, 20, 0)) == ist(2026, 11, 24, 9, 0)
    assert next_open_at(s, ist(2026, 11, 23, 10, 0)) == ist(2026, 11, 23, 10, 0)


def test_weekend_is_skipped() -> None:
    s = schedule()
    friday_five = ist(2026, 11, 27, 17, 0)
    assert add_business_time(s, friday_five, 90) == ist(2026, 11, 30, 9, 30)
    assert next_open_at(s, ist(2026, 11, 28, 12, 0)) == ist(2026, 11, 30, 9, 0)
    assert business_minutes_between(s, friday_five, ist(2026, 11, 30, 9, 30)) == 90
    assert business_minutes_between(s, ist(2026, 11, 30, 9, 30), friday_five) == -90


def test_several_intervals_a_day_skip_lunch() -> None:
    s = schedule(weekly=(((9 * 60, 12 * 60), (13 * 60, 18 * 60)),) * 7)
    assert add_business_time(s, ist(2026, 11, 23, 11, 30), 60) == ist(2026, 11, 23, 13, 30)
    assert is_open(s, ist(2026, 11, 23, 12, 30)) is False
    assert business_minutes_between(s, ist(2026, 11, 23, 8, 0), ist(2026, 11, 23, 20, 0)) == 8 * 60


def test_republic_day_and_its_eve() -> None:
    s = schedule()
    # 28 Ekim 2026 (Wednesday) is the eve: open 09:00–13:00 only; 29 Ekim is closed.
    assert is_open(s, ist(2026, 10, 28, 12, 59)) is True
    assert is_open(s, ist(2026, 10, 28, 13, 0)) is False
    assert is_open(s, ist(2026, 10, 29, 10, 0)) is False
    assert add_business_time(s, ist(2026, 10, 28, 12, 0), 120) == ist(2026, 10, 30, 10, 0)
    assert business_minutes_between(s, ist(2026, 10, 28, 0, 0), ist(2026, 10, 31, 0, 0)) == (4 + 0 + 9) * 60


def test_ramazan_bayrami_2026_from_the_package() -> None:
    s = schedule()
    # Arife Thursday 19 March (half day), Bayram 20–22 March, so Monday 23 March is the next open day.
    assert add_business_time(s, ist(2026, 3, 19, 12, 0), 120) == ist(2026, 3, 23, 10, 0)
    assert next_open_at(s, ist(2026, 3, 20, 10, 0)) == ist(2026, 3, 23, 9, 0)


def test_ramazan_bayrami_2027_from_the_package() -> None:
    s = schedule()
    # Arife Monday 8 March 2027 (half day), Bayram Tuesday 9 – Thursday 11 March.
    assert is_open(s, ist(2027, 3, 8, 12, 0)) is True
    assert is_open(s, ist(2027, 3, 8, 14, 0)) is False
    assert next_open_at(s, ist(2027, 3, 8, 14, 0)) == ist(2027, 3, 12, 9, 0)
    names = {day: name for day, name, _half in holiday_names("TR", 2027, "tr")}
    assert names[date(2027, 3, 9)] == "Ramazan Bayramı"
    english = {day: (name, half) for day, name, half in holiday_names("TR", 2027, "en")}
    assert english[date(2027, 3, 8)] == ("Eid al-Fitr (from 1pm)", True)


def test_ignored_holiday_and_holidays_off() -> None:
    assert (
        is_open(schedule(ignored_holidays=frozenset({date(2026, 10, 29)})), ist(2026, 10, 29, 10, 0)) is True
    )
    assert is_open(schedule(observe_holidays=False), ist(2026, 10, 29, 10, 0)) is True
    assert is_open(schedule(observe_holidays=False), ist(2026, 10, 28, 15, 0)) is True


def test_store_closure_and_half_day() -> None:
    s = schedule(
        closures=(
            Closure(date(2026, 12, 1), date(2026, 12, 2)),  # inventory: closed two days
            Closure(date(2026, 12, 31), date(2026, 12, 31), ((10 * 60, 14 * 60),)),
        )
    )
    assert is_open(s, ist(2026, 12, 1, 10, 0)) is False
    assert add_business_time(s, ist(2026, 11, 30, 17, 0), 120) == ist(2026, 12, 3, 10, 0)
    assert is_open(s, ist(2026, 12, 31, 9, 30)) is False
    assert is_open(s, ist(2026, 12, 31, 13, 30)) is True
    assert is_open(s, ist(2026, 12, 31, 14, 0)) is False


def test_berlin_dst_end_counts_real_minutes() -> None:
    # Clocks go back from 03:00 to 02:00 on Sunday 25 October 2026: that day has 25 hours.
    all_day = Schedule(tz=BERLIN, weekly=(((0, 24 * 60),),) * 7)
    start = datetime(2026, 10, 25, 0, 0, tzinfo=BERLIN)
    end = datetime(2026, 10, 26, 0, 0, tzinfo=BERLIN)
    assert business_minutes_between(all_day, start, end) == 25 * 60
    office = Schedule(tz=BERLIN, weekly=WEEKDAYS)
    friday = datetime(2026, 10, 23, 17, 0, tzinfo=BERLIN)  # 15:00 UTC, summer time
    due = add_business_time(office, friday, 120)
    assert due == datetime(2026, 10, 26, 10, 0, tzinfo=BERLIN)
    assert due.astimezone(UTC) == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)  # winter time: +01:00


def test_berlin_dst_start_short_night() -> None:
    all_day = Schedule(tz=BERLIN, weekly=(((0, 24 * 60),),) * 7)
    start = datetime(2026, 3, 29, 0, 0, tzinfo=BERLIN)
    assert add_business_time(all_day, start, 24 * 60) == datetime(2026, 3, 30, 1, 0, tzinfo=BERLIN)


def test_always_open_and_never_open() -> None:
    at = ist(2026, 11, 28, 3, 0)
    assert add_business_time(ALWAYS_OPEN, at, 30) == ist(2026, 11, 28, 3, 30)
    assert is_open(ALWAYS_OPEN, at) is True
    never = Schedule(tz=IST)
    assert next_open_at(never, at) is None
    assert is_open(never, at) is False
    # A schedule that never opens must not make a timer never due: calendar time instead.
    assert add_business_time(never, at, 30) == ist(2026, 11, 28, 3, 30)
