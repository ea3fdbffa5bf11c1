"""One object that holds every service, built once with the clock and the settings."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from bot.services.activities import ActivityService
from bot.services.cases import CaseService
from bot.services.leaves import LeaveService
from bot.services.people import PeopleService


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
        cases = CaseService(clock, settings.timezone)
        return cls(
            clock=clock,
            settings=settings,
            cases=cases,
            activities=ActivityService(cases),
            people=PeopleService(clock, settings.invite_ttl_days, settings.timezone),
            leaves=LeaveService(clock, settings.timezone),
        )
