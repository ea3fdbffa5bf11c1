"""Working hours and mainland China's working days: when a notification may be sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import chinese_calendar

if TYPE_CHECKING:
    from bot.config import Settings

DEFAULT_ZONE = "Asia/Shanghai"
# Holidays and weekends never push a moment further than this (Spring Festival: ~9 days).
MAX_DAYS_AHEAD = 60


def is_workday(day: date) -> bool:
    """Whether people work that day: official holidays and make-up days, else Monday–Friday."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the package has no schedule for yet
        return day.weekday() < 5


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
        elif skip_holidays and not is_workday(local.date()):
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

    @classmethod
    def from_settings(cls, settings: Settings) -> SendWindow:
        return cls(
            settings.timezone,
            settings.quiet_hours_start,
            settings.quiet_hours_end,
            settings.skip_holidays,
        )

    def zone_of(self, person_zone: str | None) -> str:
        return person_zone or self.zone

    def next_for(self, person_zone: str | None, moment: datetime) -> datetime:
        """When a message for someone in `person_zone` (None: programme zone) may go out."""
        return next_send_time(
            moment, self.zone_of(person_zone), self.quiet_start, self.quiet_end, self.skip_holidays
        )
