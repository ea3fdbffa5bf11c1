"""Translations: one Fluent catalog per language, message ids in kebab-case."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

LOCALES = ("zh-CN", "en")
DEFAULT_LOCALE = "zh-CN"
LOCALES_DIR = Path(__file__).parent / "locales"
LONG_VALUE = 1000


def normalize_locale(code: str | None, default: str = DEFAULT_LOCALE) -> str:
    """Map a Telegram language_code (zh-hans, en-US, ...) to one of our locales."""
    if not code:
        return default
    code = code.lower()
    if code.startswith("zh"):
        return "zh-CN"
    if code.startswith("en"):
        return "en"
    return default


@cache
def _bundle(locale: str) -> FluentBundle:
    bundle = FluentBundle([locale], use_isolating=False)
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return bundle


def message_ids(locale: str) -> set[str]:
    return set(_bundle(locale)._messages)


def has_message(key: str, locale: str = DEFAULT_LOCALE) -> bool:
    return _bundle(locale).has_message(key)


def translate(locale: str, key: str, **params: Any) -> str:
    bundle = _bundle(locale if locale in LOCALES else DEFAULT_LOCALE)
    if not bundle.has_message(key):
        bundle = _bundle(DEFAULT_LOCALE)
        if not bundle.has_message(key):
            return key
    message = bundle.get_message(key)
    if message.value is None:
        return key
    args = {name: _plain(value, locale) for name, value in params.items()}
    # Fluent prints "{???}" for any value over 2,500 characters; long texts (a talk summary,
    # a reflection) go in after formatting.
    long_values: dict[str, str] = {}
    for name, value in args.items():
        if isinstance(value, str) and len(value) > LONG_VALUE:
            marker = f"\ue000{len(long_values)}\ue001"
            long_values[marker] = value
            args[name] = marker
    text, _errors = bundle.format_pattern(message.value, args)
    text = str(text)
    for marker, value in long_values.items():
        text = text.replace(marker, value)
    return text


NAME_SEPARATORS = re.compile(r"[,，、;；\n]+")


def split_names(text: str) -> list[str]:
    """Names as people type lists of them: commas, 、 or semicolons, in either script."""
    return [name.strip() for name in NAME_SEPARATORS.split(text) if name.strip()]


def join_names(names: Iterable[str], locale: str) -> str:
    """A list of names as the reader writes one: 、 in Chinese, commas in English."""
    return ("、" if locale == "zh-CN" else ", ").join(names)


def code_label(locale: str, prefix: str, code: str) -> str:
    """The catalog's name of a coded value (message `<prefix>-<code>`: a role, a step kind...),
    or the code itself where the catalog has none."""
    key = f"{prefix}-{code}"
    return translate(locale, key) if has_message(key, locale) else code


def step_name(locale: str, kind: str, label: str = "") -> str:
    """A plan step as people read it: its kind, with its label (a final summary...) if any."""
    name = code_label(locale, "step-kind", kind)
    if not label:
        return name
    shown = code_label(locale, "step-label", label)
    return translate(locale, "step-with-label", step=name, label=shown)


def _plain(value: Any, locale: str) -> Any:
    if isinstance(value, datetime | date):
        return format_date(value, locale)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def format_date(value: date | datetime, locale: str) -> str:
    day = value.date() if isinstance(value, datetime) else value
    if locale == "zh-CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.strftime("%d %b %Y").lstrip("0")


def format_datetime(value: datetime, locale: str, zone: tzinfo) -> str:
    local = value.astimezone(zone)
    return f"{format_date(local, locale)} {local:%H:%M}"


def format_day_with_weekday(value: date | datetime, locale: str) -> str:
    """A day with its weekday: 2026年3月10日（周二）, Tue 10 Mar 2026."""
    day = value.date() if isinstance(value, datetime) else value
    weekday = translate(locale, f"weekday-{day.weekday()}")
    return translate(locale, "day-with-weekday", day=format_date(day, locale), weekday=weekday)


def format_short_day(value: date, locale: str) -> str:
    """A day of the last week on a button: 周一 11/30, Mon 30 Nov."""
    weekday = translate(locale, f"weekday-{value.weekday()}")
    if locale == "zh-CN":
        return f"{weekday} {value.month}/{value.day}"
    return f"{weekday} {value.day} {value:%b}"


def format_occasion(value: datetime, locale: str, zone: tzinfo) -> str:
    """When something happens, in the reader's zone: 2026年3月10日（周二）09:00."""
    local = value.astimezone(zone)
    day = format_day_with_weekday(local, locale)
    return translate(locale, "day-and-time", day=day, time=f"{local:%H:%M}")


def zone_offset_label(zone: str) -> str:
    """Etc/GMT-8 as people write it: UTC+8 (IANA inverts the sign); other names unchanged."""
    match = re.fullmatch(r"Etc/GMT([+-])(\d{1,2})", zone)
    if match is None:
        return zone
    return f"UTC{'-' if match.group(1) == '+' else '+'}{match.group(2)}"


def zone_name(zone: str, locale: str) -> str:
    """A time zone as the reader knows it: 北京时间（Asia/Shanghai）, UTC+8, Asia/Tokyo."""
    key = "zone-" + zone.lower().replace("/", "-").replace("_", "-")
    return translate(locale, key) if has_message(key, locale) else zone_offset_label(zone)


class Translator:
    """Translation bound to one locale."""

    def __init__(self, locale: str) -> None:
        self.locale = locale if locale in LOCALES else DEFAULT_LOCALE

    def __call__(self, key: str, **params: Any) -> str:
        return translate(self.locale, key, **params)
