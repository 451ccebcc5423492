"""The help center's small pieces: phone display, opening hours sentence, video embeds, colours."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.factories import World
from yanit.helpcenter.contact import display_phone, locative_time, opening_hours
from yanit.helpcenter.video import embed_url
from yanit.kb.branding import contrast, link_color, text_on
from yanit.sla import schedules
from yanit.sla.models import BusinessHours


def test_phone_numbers_display_the_turkish_way() -> None:
    assert display_phone("+902125551234") == "0 (212) 555 12 34"
    assert display_phone("+905321234567") == "0 (532) 123 45 67"
    assert display_phone("+4930123456") == "+4930123456"


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [(9, 0, "09:00'da"), (8, 30, "08:30'da"), (13, 0, "13:00'te"), (10, 0, "10:00'da"), (8, 0, "08:00'de")],
)
def test_locative_suffix_follows_the_time_read_aloud(hour: int, minute: int, expected: str) -> None:
    assert locative_time(datetime(2026, 11, 23, hour, minute)) == expected


def test_opening_hours_sentence(world: World) -> None:
    schedules.invalidate(world.workspace.pk)  # ids repeat between tests; the cache is per process
    assert opening_hours(world.workspace.pk, "tr") == (None, "")
    BusinessHours.objects.create(
        workspace=world.workspace,
        time_zone="Europe/Istanbul",
        weekly={str(d): [["09:00", "18:00"]] for d in range(1, 6)},
        observe_holidays=False,
    )
    schedules.invalidate(world.workspace.pk)
    # Monday 23 November 2026, 12:00 in Istanbul (09:00 UTC).
    assert opening_hours(world.workspace.pk, "tr", datetime(2026, 11, 23, 9, 0, tzinfo=UTC)) == (
        True,
        "Şu an açığız",
    )
    # Saturday evening: opens on Monday.
    saturday = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)
    assert opening_hours(world.workspace.pk, "tr", saturday) == (False, "Pazartesi 09:00'da açılıyoruz")
    assert opening_hours(world.workspace.pk, "en", saturday) == (False, "We open Monday at 09:00")
    # Monday 07:00 in Istanbul: later today; Friday night: on Monday again, Thursday night: tomorrow.
    assert opening_hours(world.workspace.pk, "tr", datetime(2026, 11, 23, 4, 0, tzinfo=UTC)) == (
        False,
        "Bugün 09:00'da açılıyoruz",
    )
    assert opening_hours(world.workspace.pk, "tr", datetime(2026, 11, 26, 20, 0, tzinfo=UTC)) == (
        False,
        "Yarın 09:00'da açılıyoruz",
    )


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?t=3", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871"),
        ('https://www.youtube.com/watch?v=bad"id', ""),
        ("javascript:alert(1)", ""),
        ("https://evil.example/watch?v=dQw4w9WgXcQ", ""),
    ],
)
def test_video_embeds_only_for_youtube_and_vimeo(url: str, embed: str) -> None:
    assert embed_url(url) == embed


def test_brand_colours_stay_readable() -> None:
    assert text_on("#0f766e") == "#ffffff"
    assert text_on("#fde047") == "#111827"
    assert link_color("#0f766e") == "#0f766e"
    pale = link_color("#fde047")
    assert pale != "#fde047"
    assert contrast(pale, "#ffffff") >= 4.5
