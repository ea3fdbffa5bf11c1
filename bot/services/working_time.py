"""Working hours and mainland China's working days: when a notice may go out, when a step is due.

Where a day's status comes from, per year, first match wins:
1. the operator's calendar file (`CALENDAR_FILE`), which replaces everything else for the
   years it lists: the State Council's notice, typed in when it is published;
2. the `holidays` package with the official schedule for that year (holidays and the
   make-up working days, 调休);
3. the `holidays` package's statutory holidays by rule: the make-up working days are
   unknown, so the year is reported as estimated;
Past those, Monday to Friday. Years that are not fully known are reported (start-up log,
/status, `recallbot status`), never used silently.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.services.dates import DEFAULT_ZONE

# Holidays and weekends never push a moment further than this (Spring Festival: ~9 days).
MAX_DAYS_AHEAD = 60


class Coverage(StrEnum):
    """How well a year's working days are known."""

    FILE = "file"  # the operator's calendar file
    OFFICIAL = "official"  # the holidays package has the State Council's schedule
    ESTIMATED = "estimated"  # statutory holidays by rule, make-up working days unknown
    NONE = "none"  # Monday to Friday only


KNOWN = (Coverage.FILE, Coverage.OFFICIAL)


@dataclass(frozen=True)
class YearDays:
    """A year's days off that would be working days, and working days that fall on weekends."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()


@cache
def _builtin(year: int) -> tuple[YearDays, Coverage]:
    import holidays  # on first use: it is not needed to start up (a standby's lease check)

    try:
        china = holidays.China(years=year)
    except NotImplementedError:
        return YearDays(), Coverage.NONE
    days_off = frozenset(day for day in china if day.year == year)
    make_up = frozenset(day for day in china.weekend_workdays if day.year == year)
    if not days_off:
        return YearDays(), Coverage.NONE
    return YearDays(days_off, make_up), Coverage.OFFICIAL if make_up else Coverage.ESTIMATED


class CalendarFileError(ValueError):
    """The operator's calendar file cannot be used (the message says where and why)."""


def _days(text: object, where: str) -> list[date]:
    """One ISO date, or a range written `2027-02-05..2027-02-11` (both ends included)."""
    if not isinstance(text, str):
        raise CalendarFileError(f"{where}: {text!r} is not a date like 2027-10-01")
    first, _, last = text.partition("..")
    try:
        start = date.fromisoformat(first.strip())
        end = date.fromisoformat(last.strip()) if last else start
    except ValueError:
        raise CalendarFileError(f"{where}: {text!r} is not a date like 2027-10-01") from None
    if end < start:
        raise CalendarFileError(f"{where}: {text!r} ends before it starts")
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def parse_calendar(text: str, source: str = "calendar") -> dict[int, YearDays]:
    """The years of a calendar file: `[2027]` tables with `holidays` and `workdays` lists."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CalendarFileError(f"{source}: {error}") from None
    years: dict[int, YearDays] = {}
    for key, table in data.items():
        if not key.isdigit() or not isinstance(table, dict):
            raise CalendarFileError(f"{source}: [{key}] should be a year, like [2027]")
        year = int(key)
        unknown = set(table) - {"holidays", "workdays"}
        if unknown:
            raise CalendarFileError(
                f"{source} [{key}]: unknown key {sorted(unknown)[0]!r} (holidays, workdays)"
            )
        found: dict[str, set[date]] = {}
        for name in ("holidays", "workdays"):
            entries = table.get(name, [])
            if not isinstance(entries, list):
                raise CalendarFileError(f"{source} [{key}] {name}: should be a list of dates")
            found[name] = set()
            for entry in entries:
                for day in _days(entry, f"{source} [{key}] {name}"):
                    if day.year != year:
                        raise CalendarFileError(
                            f"{source} [{key}] {name}: {day.isoformat()} is not in {year}"
                        )
                    found[name].add(day)
        both = found["holidays"] & found["workdays"]
        if both:
            twice = min(both).isoformat()
            raise CalendarFileError(f"{source} [{key}]: {twice} is both a holiday and a workday")
        years[year] = YearDays(frozenset(found["holidays"]), frozenset(found["workdays"]))
    return years


@dataclass(frozen=True, eq=False)
class WorkCalendar:
    """Which days people work: the operator's years first, then the built-in sources."""

    years: Mapping[int, YearDays] = field(default_factory=dict)
    source: str = ""  # the file the operator's years come from

    @classmethod
    def load(cls, path: str | Path) -> WorkCalendar:
        return _load(str(path))

    def _year(self, year: int) -> tuple[YearDays, Coverage]:
        if year in self.years:
            return self.years[year], Coverage.FILE
        return _builtin(year)

    def coverage(self, year: int) -> Coverage:
        return self._year(year)[1]

    def is_workday(self, day: date) -> bool:
        """A working day: not a holiday, and Monday to Friday or a make-up working day."""
        days, _ = self._year(day.year)
        if day in days.workdays:
            return True
        return day.weekday() < 5 and day not in days.holidays

    def next_workday(self, day: date) -> date:
        """The day itself if people work then, else the first working day after it."""
        for _ in range(MAX_DAYS_AHEAD):
            if self.is_workday(day):
                return day
            day += timedelta(days=1)
        return day

    def gaps(self, today: date) -> list[tuple[int, Coverage]]:
        """This year and next, where they are not fully known (what /status warns about)."""
        years = (today.year, today.year + 1)
        return [(year, self.coverage(year)) for year in years if self.coverage(year) not in KNOWN]


BUILTIN = WorkCalendar()


@cache
def _load(path: str) -> WorkCalendar:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise CalendarFileError(f"{path}: cannot be read ({error.strerror})") from None
    return WorkCalendar(parse_calendar(text, file.name), path)


def is_workday(day: date) -> bool:
    """Whether people work that day, by the built-in sources."""
    return BUILTIN.is_workday(day)


def _as_time(value: int | time) -> time:
    return value if isinstance(value, time) else time(value)


def in_quiet_hours(moment: time, quiet_start: time, quiet_end: time) -> bool:
    if quiet_start == quiet_end:
        return False
    if quiet_start < quiet_end:
        return quiet_start <= moment < quiet_end
    return moment >= quiet_start or moment < quiet_end


def next_send_time(
    moment: datetime,
    zone: str | ZoneInfo,
    quiet_start: int | time = 21,
    quiet_end: int | time = 8,
    skip_holidays: bool = False,
    calendar: WorkCalendar = BUILTIN,
) -> datetime:
    """The first moment from `moment` inside working hours in `zone` (as UTC)."""
    tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
    start, end = _as_time(quiet_start), _as_time(quiet_end)
    local = moment.astimezone(tz)
    for _ in range(MAX_DAYS_AHEAD):
        if in_quiet_hours(local.time(), start, end):
            day = local.date()
            if start > end and local.time() >= start:
                day += timedelta(days=1)
            local = datetime.combine(day, end, tzinfo=tz)
        elif skip_holidays and not calendar.is_workday(local.date()):
            first = end if start != end else time(0)
            local = datetime.combine(local.date() + timedelta(days=1), first, tzinfo=tz)
        else:
            break
    return local.astimezone(UTC)


@dataclass(frozen=True)
class SendWindow:
    """The programme's sending rules: default zone, quiet hours, holidays."""

    zone: str = DEFAULT_ZONE
    quiet_start: int = 21
    quiet_end: int = 8
    skip_holidays: bool = False
    calendar: WorkCalendar = BUILTIN

    def zone_of(self, person_zone: str | None) -> str:
        return person_zone or self.zone

    def next_for(self, person_zone: str | None, moment: datetime) -> datetime:
        """When a message for someone in `person_zone` (None: programme zone) may go out."""
        return next_send_time(
            moment,
            self.zone_of(person_zone),
            self.quiet_start,
            self.quiet_end,
            self.skip_holidays,
            self.calendar,
        )
