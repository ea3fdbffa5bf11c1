"""What an admin checks first: whether the working-day calendar covers this year and next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.i18n import translate
from bot.services.working_time import KNOWN, Coverage, WorkCalendar


@dataclass(frozen=True)
class YearStatus:
    year: int
    coverage: Coverage

    @property
    def known(self) -> bool:
        return self.coverage in KNOWN


@dataclass(frozen=True)
class CalendarStatus:
    skip_holidays: bool
    calendar_file: str
    years: tuple[YearStatus, ...]

    @property
    def warnings(self) -> tuple[YearStatus, ...]:
        return tuple(year for year in self.years if not year.known)


def calendar_status(calendar: WorkCalendar, skip_holidays: bool, today: date) -> CalendarStatus:
    """This year and next: where their working days come from."""
    years = tuple(YearStatus(y, calendar.coverage(y)) for y in (today.year, today.year + 1))
    return CalendarStatus(skip_holidays, calendar.source, years)


def render_status(status: CalendarStatus, locale: str) -> str:
    def t(key: str, **params: object) -> str:
        return translate(locale, key, **params)

    lines = [
        t("status-title"),
        t("status-skip-holidays-on" if status.skip_holidays else "status-skip-holidays-off"),
        t("status-calendar-file", path=status.calendar_file)
        if status.calendar_file
        else t("status-calendar-file-none"),
    ]
    for year in status.years:
        lines.append(t(f"status-year-{year.coverage}", year=str(year.year)))
    if status.warnings:
        lines += ["", t("status-calendar-advice")]
    return "\n".join(lines)


def log_lines(status: CalendarStatus) -> list[str]:
    """The start-up log's warnings (English, for operators)."""
    return [
        f"working-day calendar: {year.year} is {year.coverage.value}: "
        + (
            "statutory holidays by rule only, make-up working days unknown"
            if year.coverage == Coverage.ESTIMATED
            else "no holidays known, Monday to Friday only"
        )
        + "; add the year to the CALENDAR_FILE (see docs/operator-guide.md)"
        for year in status.warnings
    ]
