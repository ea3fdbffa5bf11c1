"""Calendar arithmetic and local dates."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

# The programme's zone unless TIMEZONE says otherwise (the users are mainland officials).
DEFAULT_ZONE = "Asia/Shanghai"


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_date(moment: datetime, zone: str) -> date:
    return moment.astimezone(ZoneInfo(zone)).date()


def local_moment(day: date, hour: int, zone: str) -> datetime:
    """A wall-clock hour on a local day, as an aware datetime."""
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(zone))
