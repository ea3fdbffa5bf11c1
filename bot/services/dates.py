"""Calendar arithmetic and local dates."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo

# The programme's zone unless TIMEZONE says otherwise (the users are mainland officials).
DEFAULT_ZONE = "Asia/Shanghai"


class _Clock(Protocol):
    def now(self) -> datetime: ...


def today_for(zone: str | ZoneInfo, clock: _Clock) -> date:
    """Today in a person's zone: every rule about "today" (no future talks, no rescheduling
    into the past...) is judged in the zone of the person who acts, here."""
    return clock.now().astimezone(zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)).date()


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_date(moment: datetime, zone: str) -> date:
    return moment.astimezone(ZoneInfo(zone)).date()


def local_moment(day: date, hour: int, zone: str) -> datetime:
    """A wall-clock hour on a local day, as an aware datetime."""
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(zone))
