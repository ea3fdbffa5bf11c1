"""Dates and time zones as people type them: dates.parse_day and dates.resolve_zone."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n import LOCALES, format_date, format_day_with_weekday, zone_name, zone_offset_label
from bot.services.dates import OFFERED_ZONES, ZONE_NAMES, Toward, parse_day, resolve_zone

TODAY = date(2026, 12, 2)  # a Wednesday
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
locales = st.sampled_from(LOCALES)
EN_LONG = [date(2026, month, 1).strftime("%B") for month in range(1, 13)]
EN_MONTHS = [name[:3] for name in EN_LONG]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3月5日", date(2026, 3, 5)),
        ("3/5", date(2026, 3, 5)),
        ("03-05", date(2026, 3, 5)),
        ("20260305", date(2026, 3, 5)),
        ("2026-03-05", date(2026, 3, 5)),
        ("2026年3月5日", date(2026, 3, 5)),
        ("2026/3/5", date(2026, 3, 5)),
        ("2026.3.5", date(2026, 3, 5)),
        ("3月5号", date(2026, 3, 5)),
        ("３月５日", date(2026, 3, 5)),  # full-width digits from a Chinese input method
        (" 3 月 5 日 ", date(2026, 3, 5)),
        ("今天", TODAY),
        ("昨天", date(2026, 12, 1)),
        ("前天", date(2026, 11, 30)),
        ("5 Mar", date(2026, 3, 5)),
        ("March 5", date(2026, 3, 5)),
        ("march 5th", date(2026, 3, 5)),
        ("MAR 5, 2025", date(2025, 3, 5)),
        ("5 March 2026", date(2026, 3, 5)),
        ("yesterday", date(2026, 12, 1)),
        ("Today", TODAY),
        # No year: the most recent such day, so December 25 is last year's.
        ("12月25日", date(2025, 12, 25)),
        ("Dec 25", date(2025, 12, 25)),
        ("12/2", TODAY),
        ("2月29日", date(2024, 2, 29)),
        ("15/3", date(2026, 3, 15)),  # cannot be month 15: day then month
        ("5日", date(2026, 11, 5)),  # the 5th of this month is still ahead: last month's
        # The forms the bot shows, with or without the weekday.
        ("2026年3月10日（周二）", date(2026, 3, 10)),
        ("2026年3月10日 星期二", date(2026, 3, 10)),
        ("Tue 10 Mar 2026", date(2026, 3, 10)),
        ("Tuesday, 10 March 2026", date(2026, 3, 10)),
    ],
)
def test_the_forms_people_type(text: str, expected: date) -> None:
    for locale in LOCALES:
        assert parse_day(text, TODAY, locale) == expected, (text, locale)


@pytest.mark.parametrize(
    "text",
    [
        "", "周三", "2026-13-01", "2026-02-30", "may", "March", "5 Mar 10:00", "13/13",
        "3月32日", "0/5", "0000-01-01", "明年", "2026年3月10日（周三）", "Mon 10 Mar 2026",
        "3月5日 下午", "5", "abc", "9" * 50,
    ],
)  # fmt: skip
def test_what_is_not_a_day(text: str) -> None:
    assert parse_day(text, TODAY, "zh-CN") is None


def test_a_yearless_day_toward_the_future_or_the_nearest() -> None:
    assert parse_day("1月10日", TODAY, "zh-CN", toward="future") == date(2027, 1, 10)
    assert parse_day("12/2", TODAY, "en", toward="future") == TODAY
    assert parse_day("明天", TODAY, "zh-CN") == date(2026, 12, 3)
    assert parse_day("5日", TODAY, "zh-CN", toward="future") == date(2026, 12, 5)
    assert parse_day("1月10日", TODAY, "zh-CN", toward="nearest") == date(2027, 1, 10)
    assert parse_day("11月10日", TODAY, "zh-CN", toward="nearest") == date(2026, 11, 10)
    assert parse_day("2020-01-10", TODAY, "zh-CN", toward="future") == date(2020, 1, 10)


@settings(deadline=None)  # the machine is shared: timings say nothing here
@given(day=days, today=days, locale=locales)
def test_every_form_the_bot_shows_reads_back(day: date, today: date, locale: str) -> None:
    shown = [
        format_date(day, locale),
        format_day_with_weekday(day, locale),
        day.isoformat(),
        day.strftime("%Y%m%d"),
    ]
    for text in shown:
        assert parse_day(text, today, locale) == day, text
        assert parse_day(text.upper(), today, locale) == day, text


towards = st.sampled_from(["past", "future", "nearest"])


@settings(deadline=None)
@given(day=days, today=days, locale=locales, toward=towards)
def test_a_yearless_day_is_the_nearest_one_on_the_right_side(
    day: date, today: date, locale: str, toward: Toward
) -> None:
    typed = [
        f"{day.month}月{day.day}日",
        f"{day.month}/{day.day}",
        f"{day.month:02d}-{day.day:02d}",
        f"{day.day} {EN_MONTHS[day.month - 1]}",
        f"{EN_LONG[day.month - 1]} {day.day}",
    ]
    for text in typed:
        found = parse_day(text, today, locale, toward=toward)
        assert found is not None, text
        assert (found.month, found.day) == (day.month, day.day), text
        if toward == "future":
            assert found >= today, text  # a plan's day is never in the past
        elif toward == "past":
            assert found <= today, text  # never a future date for what happened
        # ... and the nearest such day: none between it and today.
        gap = abs((today - found).days)
        if (day.month, day.day) != (2, 29):
            assert gap < 366, text


@settings(deadline=None)
@given(today=days, offset=st.integers(min_value=0, max_value=2), locale=locales)
def test_relative_words(today: date, offset: int, locale: str) -> None:
    words = (("今天", "today"), ("昨天", "yesterday"), ("前天", "the day before yesterday"))
    for word in words[offset]:
        assert parse_day(word, today, locale) == today - timedelta(days=offset)


@settings(deadline=None)
@given(text=st.text(max_size=60), today=days, locale=locales, toward=towards)
def test_any_text_is_a_day_or_none(text: str, today: date, locale: str, toward: Toward) -> None:
    found = parse_day(text, today, locale, toward=toward)
    assert found is None or isinstance(found, date)


# Time zones -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("北京", "Asia/Shanghai"),
        ("上海", "Asia/Shanghai"),
        ("北京时间", "Asia/Shanghai"),
        ("Beijing", "Asia/Shanghai"),
        ("BEIJING", "Asia/Shanghai"),
        ("乌鲁木齐", "Asia/Urumqi"),
        ("香港", "Asia/Hong_Kong"),
        ("Hong Kong", "Asia/Hong_Kong"),
        ("伦敦", "Europe/London"),
        ("london", "Europe/London"),
        ("asia/shanghai", "Asia/Shanghai"),
        ("EUROPE/LONDON", "Europe/London"),
        ("new york", "America/New_York"),
        ("Tokyo", "Asia/Tokyo"),
        ("UTC+8", "Etc/GMT-8"),
        ("utc+8", "Etc/GMT-8"),
        ("GMT+08:00", "Etc/GMT-8"),
        ("UTC +8", "Etc/GMT-8"),
        ("+8", "Etc/GMT-8"),
        ("UTC-5", "Etc/GMT+5"),
        ("UTC", "UTC"),
        ("UTC+0", "UTC"),
        ("UTC+5:30", "Asia/Kolkata"),
        ("ＵＴＣ＋８", "Etc/GMT-8"),
    ],
)
def test_zones_as_people_type_them(text: str, zone: str) -> None:
    assert resolve_zone(text) == zone


@pytest.mark.parametrize("text", ["", "火星", "UTC+15", "UTC+5:17", "Asia/Atlantis", "12"])
def test_what_is_not_a_zone(text: str) -> None:
    assert resolve_zone(text) is None


@settings(deadline=None)
@given(name=st.sampled_from(sorted(available_timezones())), data=st.data())
def test_every_iana_name_in_any_casing(name: str, data: st.DataObject) -> None:
    flips = data.draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    typed = "".join(c.upper() if flip else c.lower() for c, flip in zip(name, flips, strict=True))
    found = resolve_zone(typed)
    assert found is not None
    # The same clock (a name and its link may differ in spelling, never in time).
    moment = datetime(2026, 7, 1, 12, 0, tzinfo=ZoneInfo("UTC"))
    assert (
        moment.astimezone(ZoneInfo(found)).utcoffset()
        == moment.astimezone(ZoneInfo(name)).utcoffset()
    )


@settings(deadline=None)
@given(hours=st.integers(min_value=-12, max_value=14), spelled=st.sampled_from(["UTC", "GMT", ""]))
def test_an_offset_is_a_zone_of_that_offset(hours: int, spelled: str) -> None:
    sign = "+" if hours >= 0 else "-"
    zone = resolve_zone(f"{spelled}{sign}{abs(hours)}")
    assert zone is not None
    moment = datetime(2026, 1, 15, tzinfo=ZoneInfo("UTC"))
    assert moment.astimezone(ZoneInfo(zone)).utcoffset() == timedelta(hours=hours)
    label = zone_offset_label(zone)
    assert label == ("UTC" if hours == 0 else f"UTC{sign}{abs(hours)}")


def test_every_zone_offered_and_named_exists() -> None:
    known = available_timezones()
    assert set(OFFERED_ZONES) <= known
    assert set(ZONE_NAMES.values()) <= known | {"UTC"}
    assert all(resolve_zone(zone) == zone for zone in OFFERED_ZONES)
    for locale in LOCALES:  # each offered zone has its name in both languages
        assert all(zone_name(zone, locale) != zone for zone in OFFERED_ZONES)
    assert zone_name("Asia/Shanghai", "zh-CN") == "北京时间（Asia/Shanghai）"
    assert zone_name("Etc/GMT-8", "en") == "UTC+8"
