"""One object that holds every service, built once with the clock and the settings."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from bot.services.activities import ActivityService
from bot.services.cases import CaseService
from bot.services.leaves import LeaveService
from bot.services.people import PeopleService
from bot.services.working_time import WorkCalendar


def workdays_of(settings: Settings) -> WorkCalendar | None:
    """The calendar due dates keep to, or None when SKIP_HOLIDAYS is off."""
    return WorkCalendar.from_settings(settings) if settings.skip_holidays else None


@dataclass
class Services:
    clock: Clock
    settings: Settings
    cases: CaseService
    activities: ActivityService
    people: PeopleService
    leaves: LeaveService

    @classmethod
    def build(cls, clock: Clock, settings: Settings) -> Services:
        cases = CaseService(clock, settings.timezone, workdays_of(settings))
        return cls(
            clock=clock,
            settings=settings,
            cases=cases,
            activities=ActivityService(cases, settings.late_entry_days),
            people=PeopleService(clock, settings.invite_ttl_days, settings.timezone),
            leaves=LeaveService(clock, settings.timezone),
        )
