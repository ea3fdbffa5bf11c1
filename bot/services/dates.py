"""Calendar arithmetic and local dates."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Literal, Protocol
from zoneinfo import ZoneInfo, available_timezones

from dateutil import parser

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


# Dates as people type them ------------------------------------------------------------------

# Where a day typed without its year (or month) falls: the nearest such day before today
# (what happened), after it (what is planned), or the nearest either side.
Toward = Literal["past", "future", "nearest"]

# Words for a day relative to today, in both languages (compared after casefolding).
RELATIVE_DAYS = {
    "今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1, "明日": 1, "后天": 2,
    "today": 0, "yesterday": -1, "the day before yesterday": -2, "tomorrow": 1,
}  # fmt: skip
# A weekday written beside a date ("2026年3月10日（周二）", "Tue 10 Mar"): checked, then dropped.
_ZH_WEEKDAYS = "一二三四五六日天"  # 星期天 is Sunday as well
_EN_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ZH_WEEKDAY = re.compile(r"[(（]?\s*(?:周|星期|礼拜)([一二三四五六日天])\s*[)）]?")
_EN_WEEKDAY = re.compile(
    r"^\s*(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+|[\s,(]+(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\)?\s*$"
)
_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ZH_MONTH_DAY = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_NUMERIC_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})$")
_DAY_ONLY = re.compile(r"^(\d{1,2})\s*[日号]$")
_LETTERS = re.compile(r"[a-z]")
_ENGLISH = re.compile(
    r"^(?:\d{1,2}(?:st|nd|rd|th)?[\s-]+[a-z]+\.?|[a-z]+\.?[\s-]+\d{1,2}(?:st|nd|rd|th)?)"
    r"(?:,?[\s-]+\d{4})?$"
)
_YEAR_IN_ENGLISH = re.compile(r"\d{4}$")


def parse_day(
    text: str, today: date, locale: str = "zh-CN", *, toward: Toward = "past"
) -> date | None:
    """The day someone typed, or None when it is not one.

    Takes the forms the bot shows (2026年3月5日, 5 Mar 2026, 2026-03-05) and those people
    type: 3月5日, 3/5, 03-05, 5日, 20260305, 2026/3/5, 今天, 昨天, 前天, "5 Mar", "March 5",
    "yesterday", full-width digits, any casing, with or without a weekday (which must fit).
    Numbers without a year are month then day (15/3, where it cannot be, is day then month).
    A date without a year (or month) is the most recent such day not after `today` (people
    record what happened); `toward="future"`: the first such day not before `today` (what is
    planned); `toward="nearest"`: whichever of the two is closer (the past one on a tie).
    English month names are read by python-dateutil. Every form is read in either language
    (a Chinese user may type "5 Mar"): `locale` does not narrow them."""
    del locale  # every form is read in both languages (a Chinese user may type "5 Mar")
    clean = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    if not clean or len(clean) > 40:
        return None
    if clean in RELATIVE_DAYS:
        return today + timedelta(days=RELATIVE_DAYS[clean])
    clean, weekday = _drop_weekday(clean)
    day = _read(clean, today, toward)
    if day is None or (weekday is not None and day.weekday() != weekday):
        return None
    return day


def _drop_weekday(text: str) -> tuple[str, int | None]:
    """The text without a weekday beside the date, and that weekday (Monday 0)."""
    zh = _ZH_WEEKDAY.search(text)
    if zh is not None and (zh.start() == 0 or zh.end() == len(text)):
        rest = (text[: zh.start()] + text[zh.end() :]).strip()
        return rest, min(_ZH_WEEKDAYS.index(zh.group(1)), 6) if rest else None
    en = _EN_WEEKDAY.search(text)
    if en is not None:
        rest = (text[: en.start()] + text[en.end() :]).strip()
        if rest:
            return rest, _EN_WEEKDAYS.index(en.group(1) or en.group(2))
    return text, None


def _read(text: str, today: date, toward: Toward) -> date | None:
    for pattern in (_FULL, _COMPACT):
        match = pattern.match(text)
        if match:
            return _day(*(int(part) for part in match.groups()))
    match = _ZH_MONTH_DAY.match(text)
    if match:
        return _yearless(int(match.group(1)), int(match.group(2)), today, toward)
    match = _NUMERIC_MONTH_DAY.match(text)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        if month > 12 >= day:
            month, day = day, month
        return _yearless(month, day, today, toward)
    match = _DAY_ONLY.match(text)
    if match:
        return _monthless(int(match.group(1)), today, toward)
    if _LETTERS.search(text) and _ENGLISH.match(text):
        return _english(text, today, toward)
    return None


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day) if year >= MIN_YEAR else None
    except ValueError:
        return None


MIN_YEAR = 1900  # no record of the programme is older


def _yearless(month: int, day: int, today: date, toward: Toward) -> date | None:
    """The month/day nearest today on the side `toward` says."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    # 29 February comes back within eight years.
    found = [_day(today.year + years, month, day) for years in range(-8, 9)]
    return _pick([d for d in found if d is not None], today, toward)


def _monthless(day: int, today: date, toward: Toward) -> date | None:
    """The day of a month with that number nearest today on the side `toward` says."""
    if not 1 <= day <= 31:
        return None
    index = today.year * 12 + today.month - 1
    # The 31st comes back within two months.
    found = [_day(i // 12, i % 12 + 1, day) for i in range(index - 2, index + 3)]
    return _pick([d for d in found if d is not None], today, toward)


def _pick(days: list[date], today: date, toward: Toward) -> date | None:
    before = max((d for d in days if d <= today), default=None)
    after = min((d for d in days if d >= today), default=None)
    if toward == "past" or after is None:
        return before if toward != "future" else None
    if toward == "future" or before is None:
        return after
    return before if today - before <= after - today else after


# Two defaults that differ in every field: what dateutil fills in from both was not typed.
_DEFAULTS = (datetime(2004, 1, 1), datetime(2008, 2, 2))  # leap years: 29 Feb parses  # noqa: DTZ001


def _english(text: str, today: date, toward: Toward) -> date | None:
    """ "5 Mar", "March 5", "Mar 5, 2026", "5th March 2026": the month named in English."""
    try:
        first, second = (parser.parse(text, default=d, fuzzy=False) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if (first.month, first.day) != (second.month, second.day) or first.time() != second.time():
        return None  # no day or no month typed (or a time)
    if _YEAR_IN_ENGLISH.search(text):
        return first.date() if first.year >= MIN_YEAR else None
    return _yearless(first.month, first.day, today, toward)


# Time zones as people type them ------------------------------------------------------------

# The zones /tz offers as buttons.
OFFERED_ZONES = ("Asia/Shanghai", "Asia/Urumqi", "Asia/Hong_Kong", "Europe/London")
# What people call them (and a few more places officials travel to), in both languages;
# compared after casefolding, without spaces, 市 and 时间 ("北京时间", "Hong Kong").
ZONE_NAMES = {
    "北京": "Asia/Shanghai", "上海": "Asia/Shanghai", "中国": "Asia/Shanghai",
    "东八区": "Asia/Shanghai", "东八": "Asia/Shanghai", "beijing": "Asia/Shanghai",
    "peking": "Asia/Shanghai",
    "china": "Asia/Shanghai", "prc": "Asia/Shanghai", "cst": "Asia/Shanghai",
    "重庆": "Asia/Shanghai", "广州": "Asia/Shanghai", "深圳": "Asia/Shanghai",
    "天津": "Asia/Shanghai", "成都": "Asia/Shanghai", "武汉": "Asia/Shanghai",
    "南京": "Asia/Shanghai", "杭州": "Asia/Shanghai", "西安": "Asia/Shanghai",
    "拉萨": "Asia/Shanghai", "西宁": "Asia/Shanghai", "兰州": "Asia/Shanghai",
    "乌鲁木齐": "Asia/Urumqi", "新疆": "Asia/Urumqi", "喀什": "Asia/Urumqi",
    "东六区": "Asia/Urumqi", "东六": "Asia/Urumqi", "urumqi": "Asia/Urumqi",
    "xinjiang": "Asia/Urumqi",
    "香港": "Asia/Hong_Kong", "hongkong": "Asia/Hong_Kong", "hk": "Asia/Hong_Kong",
    "澳门": "Asia/Macau", "macau": "Asia/Macau", "macao": "Asia/Macau",
    "台北": "Asia/Taipei", "taipei": "Asia/Taipei",
    "伦敦": "Europe/London", "英国": "Europe/London", "uk": "Europe/London",
    "东京": "Asia/Tokyo", "首尔": "Asia/Seoul", "新加坡": "Asia/Singapore",
    "纽约": "America/New_York", "华盛顿": "America/New_York", "巴黎": "Europe/Paris",
    "柏林": "Europe/Berlin", "莫斯科": "Europe/Moscow", "悉尼": "Australia/Sydney",
    "utc": "UTC", "gmt": "UTC", "z": "UTC", "协调世界时": "UTC", "格林尼治": "UTC",
}  # fmt: skip
_OFFSET = re.compile(r"^(?:utc|gmt|z|世界时|格林尼治)?([+-])(\d{1,2})(?::?(\d{2}))?(?:时区|区)?$")
# Offsets that are not whole hours have no Etc/ zone: the place that keeps them all year.
_PART_HOURS = {
    (3, 30): "Asia/Tehran", (4, 30): "Asia/Kabul", (5, 30): "Asia/Kolkata",
    (5, 45): "Asia/Kathmandu", (6, 30): "Asia/Yangon", (8, 45): "Australia/Eucla",
    (9, 30): "Australia/Darwin", (-9, 30): "Pacific/Marquesas",
}  # fmt: skip


def _squeeze(text: str) -> str:
    text = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    for noise in (" ", "_", "时间", "时区", "市"):
        text = text.replace(noise, "")
    return text


@cache
def _zone_index() -> dict[str, str]:
    """IANA names, whole or by their last part ("new_york", "tokyo"), casefolded; a last
    part shared by several zones goes to the shortest name (then the first in order)."""
    index: dict[str, str] = {}
    names = sorted(available_timezones(), key=lambda n: (n.count("/"), len(n), n))
    for name in names:
        index.setdefault(_squeeze(name), name)
    for name in names:
        if "/" in name and not name.startswith(("Etc/", "SystemV/")):
            index.setdefault(_squeeze(name.rsplit("/", 1)[1]), name)
    return index


def resolve_zone(text: str) -> str | None:
    """The IANA zone someone means by what they typed for /tz, or None.

    An IANA name in any casing (asia/shanghai, Europe/London), a city or place in Chinese or
    English (北京, 上海, 乌鲁木齐, Beijing, Hong Kong, Tokyo), or an offset from UTC (UTC+8,
    GMT+08:00, +8, utc-5): a whole-hour offset is IANA's fixed zone of it (UTC+8 is
    Etc/GMT-8, whose sign IANA inverts), a half-hour one the place that keeps it all year."""
    clean = _squeeze(text)
    if not clean or len(clean) > 60:
        return None
    if clean in ZONE_NAMES:
        return ZONE_NAMES[clean]
    match = _OFFSET.match(clean)
    if match:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        signed = hours if sign == "+" else -hours
        if minutes == 0 and -12 <= signed <= 14:
            return "UTC" if signed == 0 else f"Etc/GMT{'-' if signed > 0 else '+'}{hours}"
        return _PART_HOURS.get((signed, minutes))
    return _zone_index().get(clean)
