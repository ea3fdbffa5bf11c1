"""Working days: where a year's days come from, the operator's file, moving due dates."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import Settings
from bot.services.cases import place_due
from bot.services.dates import add_months
from bot.services.plans import load_template
from bot.services.registry import calendar_of
from bot.services.status import calendar_status, log_lines, render_status
from bot.services.working_time import (
    BUILTIN,
    CalendarFileError,
    Coverage,
    WorkCalendar,
    parse_calendar,
)

FILE_2027 = """
# 2027 schedule as an operator types it from the State Council's notice (test data)
[2027]
holidays = ["2027-01-01", "2027-02-05..2027-02-11", "2027-10-01..2027-10-07"]
workdays = ["2027-02-20", "2027-09-26", "2027-10-09"]
"""


def test_sources_by_year() -> None:
    assert BUILTIN.coverage(2026) == Coverage.OFFICIAL  # holidays and make-up days
    assert BUILTIN.coverage(2027) == Coverage.ESTIMATED  # statutory days only
    assert not BUILTIN.is_workday(date(2027, 10, 1))  # National Day 2027 is known by rule
    assert not BUILTIN.is_workday(date(2027, 2, 20))  # a Saturday: make-up days are unknown
    calendar = WorkCalendar(parse_calendar(FILE_2027))
    assert calendar.coverage(2027) == Coverage.FILE
    assert calendar.is_workday(date(2027, 2, 20))  # the file's make-up Saturday
    assert not calendar.is_workday(date(2027, 2, 11))  # the file's holiday, a Thursday
    assert calendar.is_workday(date(2027, 2, 12))
    # The file replaces the built-in sources for its year and leaves the others alone.
    assert calendar.is_workday(date(2026, 10, 10)) and not calendar.is_workday(date(2026, 10, 1))


def test_gaps_of_this_year_and_next_are_reported() -> None:
    assert BUILTIN.gaps(date(2026, 12, 2)) == [(2027, Coverage.ESTIMATED)]
    assert WorkCalendar(parse_calendar(FILE_2027)).gaps(date(2026, 12, 2)) == []
    report = calendar_status(BUILTIN, True, date(2026, 12, 2))
    text = render_status(report, "zh-CN")
    assert "✅ 2026年：国务院放假安排" in text
    assert "⚠️ 2027年：只有按规则推算的法定节假日，调休上班日未知" in text
    assert "CALENDAR_FILE" in text
    english = render_status(report, "en")
    assert "⚠️ 2027: statutory holidays by rule only; make-up working days unknown" in english
    assert log_lines(report) == [
        "working-day calendar: 2027 is estimated: statutory holidays by rule only, make-up "
        "working days unknown; add the year to the CALENDAR_FILE (see docs/operator-guide.md)"
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[2027]\nholidays = ['2027-13-01']", "is not a date like 2027-10-01"),
        ("[2027]\nholidays = ['2027-02-11..2027-02-05']", "ends before it starts"),
        ("[2027]\nholidays = ['2028-01-01']", "2028-01-01 is not in 2027"),
        ("[2027]\nholidays = ['2027-05-01']\nworkdays = ['2027-05-01']", "both a holiday"),
        ("[next]\nholidays = []", "should be a year"),
        ("[2027]\nholiday = []", "unknown key 'holiday'"),
        ("[2027]\nholidays = '2027-05-01'", "should be a list of dates"),
        ("[2027]\nholidays = [20270501]", "is not a date"),
        ("[2027\n", "calendar"),
    ],
)
def test_a_bad_calendar_file_says_where_and_why(text: str, error: str) -> None:
    with pytest.raises(CalendarFileError, match=error):
        parse_calendar(text)


def test_the_setting_refuses_a_bad_or_missing_file(tmp_path: Path) -> None:
    good = tmp_path / "calendar.toml"
    good.write_text(FILE_2027, encoding="utf-8")
    settings = Settings(_env_file=None, calendar_file=str(good))  # type: ignore[call-arg]
    assert calendar_of(settings).coverage(2027) == Coverage.FILE
    bad = tmp_path / "bad.toml"
    bad.write_text("[2027]\nworkdays = ['2027-02-30']", encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape("bad.toml [2027] workdays: '2027-02-30'")):
        Settings(_env_file=None, calendar_file=str(bad))  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="cannot be read"):
        Settings(_env_file=None, calendar_file=str(tmp_path / "missing.toml"))  # type: ignore[call-arg]


def test_working_days_are_the_default() -> None:
    assert Settings(_env_file=None).skip_holidays  # type: ignore[call-arg]


CALENDARS = st.sampled_from([BUILTIN, WorkCalendar(parse_calendar(FILE_2027))])


@settings(max_examples=300, deadline=None)
@given(day=st.dates(date(2024, 1, 1), date(2028, 12, 31)), calendar=CALENDARS)
def test_a_moved_due_date_is_the_first_working_day_from_the_planned_one(
    day: date, calendar: WorkCalendar
) -> None:
    moved = calendar.next_workday(day)
    assert calendar.is_workday(moved)  # always a working day
    assert moved >= day  # never earlier than planned
    assert moved - day < timedelta(days=15)  # the longest run of days off is ~9 days
    # The shortest such move: every day skipped is a day off.
    assert all(not calendar.is_workday(day + timedelta(n)) for n in range((moved - day).days))
    assert calendar.next_workday(moved) == moved  # moving again changes nothing


@settings(max_examples=100, deadline=None)
@given(
    recalled_on=st.dates(date(2025, 1, 1), date(2026, 12, 31)),
    months=st.integers(3, 6),
    calendar=CALENDARS,
)
def test_every_step_of_a_plan_is_due_on_a_working_day(
    recalled_on: date, months: int, calendar: WorkCalendar
) -> None:
    """The rule as plans apply it (new plans, reschedules, extensions share place_due)."""
    template = load_template()
    for planned in template.steps(recalled_on, add_months(recalled_on, months)):
        step = SimpleNamespace(due_on=planned.due_on, planned_on=None)
        place_due(step, planned.due_on, calendar)  # type: ignore[arg-type]
        assert calendar.is_workday(step.due_on) and step.due_on >= planned.due_on
        assert step.due_on == calendar.next_workday(planned.due_on)
        # The planned day is kept exactly when the step moved.
        assert step.planned_on == (planned.due_on if step.due_on != planned.due_on else None)
        unmoved = SimpleNamespace(due_on=None, planned_on=None)
        place_due(unmoved, planned.due_on, None)  # type: ignore[arg-type]
        assert (unmoved.due_on, unmoved.planned_on) == (planned.due_on, None)  # SKIP_HOLIDAYS off
