"""Working hours and mainland China's working days."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.services.working_time import SendWindow, is_workday, next_send_time

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, zone: ZoneInfo = SHANGHAI
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 3, 3, 10, 0), at(2026, 3, 3, 10, 0)),  # inside working hours: unchanged
        (at(2026, 3, 3, 20, 59), at(2026, 3, 3, 20, 59)),
        (at(2026, 3, 3, 21, 0), at(2026, 3, 4, 8, 0)),  # quiet from 21:00 ...
        (at(2026, 3, 3, 23, 30), at(2026, 3, 4, 8, 0)),
        (at(2026, 3, 4, 0, 15), at(2026, 3, 4, 8, 0)),
        (at(2026, 3, 4, 7, 59), at(2026, 3, 4, 8, 0)),  # ... until 08:00
        (at(2026, 3, 7, 23, 0), at(2026, 3, 8, 8, 0)),  # weekends count without the flag
    ],
)
def test_quiet_hours_move_to_the_next_morning(moment: datetime, expected: datetime) -> None:
    result = next_send_time(moment, "Asia/Shanghai")
    assert result == expected and result.tzinfo == UTC


def test_quiet_hours_are_those_of_the_recipient_zone() -> None:
    # 09:00 in Shanghai is 02:00 in Berlin (winter time): wait until 08:00 Berlin.
    assert next_send_time(at(2026, 3, 3, 9, 0), "Europe/Berlin") == at(2026, 3, 3, 8, zone=BERLIN)
    # After the change to summer time the same rule holds in local time.
    assert next_send_time(at(2026, 4, 1, 9, 0), BERLIN) == at(2026, 4, 1, 8, zone=BERLIN)


def test_configurable_quiet_hours() -> None:
    assert next_send_time(at(2026, 3, 3, 19, 0), SHANGHAI, 18, 9) == at(2026, 3, 4, 9, 0)
    assert next_send_time(at(2026, 3, 3, 3, 0), SHANGHAI, 0, 6) == at(2026, 3, 3, 6, 0)
    assert next_send_time(at(2026, 3, 3, 3, 0), SHANGHAI, 0, 0) == at(2026, 3, 3, 3, 0)


def test_national_day_2026_and_its_make_up_day() -> None:
    # chinese_calendar: 1–7 October 2026 off; Saturday 10 October is a make-up working day.
    assert [is_workday(date(2026, 10, day)) for day in range(1, 13)] == [
        False, False, False, False, False, False, False, True, True, True, False, True,
    ]  # fmt: skip
    holiday = at(2026, 10, 1, 9, 0)
    assert next_send_time(holiday, SHANGHAI) == holiday
    assert next_send_time(holiday, SHANGHAI, skip_holidays=True) == at(2026, 10, 8, 8, 0)
    # The evening before the holidays: past the quiet hours and the whole holiday.
    assert next_send_time(at(2026, 9, 30, 22, 0), SHANGHAI, skip_holidays=True) == at(
        2026, 10, 8, 8, 0
    )
    make_up = at(2026, 10, 10, 11, 0)
    assert next_send_time(make_up, SHANGHAI, skip_holidays=True) == make_up
    assert next_send_time(at(2026, 10, 11, 11, 0), SHANGHAI, skip_holidays=True) == at(
        2026, 10, 12, 8, 0
    )


def test_spring_festival_2026() -> None:
    assert not is_workday(date(2026, 2, 16))
    assert is_workday(date(2026, 2, 14))  # a Saturday worked in exchange


def test_unknown_years_fall_back_to_weekdays() -> None:
    assert is_workday(date(2035, 1, 5))  # Friday
    assert not is_workday(date(2035, 1, 6))  # Saturday
    assert next_send_time(at(2035, 1, 6, 10, 0), SHANGHAI, skip_holidays=True) == at(
        2035, 1, 8, 8, 0
    )


def test_send_window_uses_the_programme_zone_by_default() -> None:
    window = SendWindow(skip_holidays=True)
    assert window.zone_of(None) == "Asia/Shanghai"
    assert window.next_for(None, at(2026, 10, 2, 9)) == at(2026, 10, 8, 8)
    assert window.next_for("Europe/Berlin", at(2026, 3, 3, 9)) == at(2026, 3, 3, 8, zone=BERLIN)
