"""The composition root of the domain: every service, built once from the clock and the settings.

The chat application, the scheduler's jobs, the command line and the demo all take their
services from one `Services`; nothing else reads the zone, the quiet hours, the working-day
calendar or the ladder from the settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from bot.services.activities import ActivityService
from bot.services.cases import CaseService
from bot.services.importer import CohortImporter
from bot.services.leaves import LeaveService
from bot.services.people import PeopleService
from bot.services.reminders import ReminderService
from bot.services.working_time import BUILTIN, SendWindow, WorkCalendar


def calendar_of(settings: Settings) -> WorkCalendar:
    """The working-day calendar: the operator's file over the built-in sources."""
    return WorkCalendar.load(settings.calendar_file) if settings.calendar_file else BUILTIN


@dataclass
class Services:
    clock: Clock
    settings: Settings
    calendar: WorkCalendar  # known working days (what /status reports on)
    window: SendWindow  # when a notice may go out
    cases: CaseService
    activities: ActivityService
    people: PeopleService
    leaves: LeaveService
    reminders: ReminderService
    importer: CohortImporter

    @property
    def workdays(self) -> WorkCalendar | None:
        """The calendar due dates keep to, or None when SKIP_HOLIDAYS is off."""
        return self.calendar if self.settings.skip_holidays else None

    @classmethod
    def build(cls, clock: Clock, settings: Settings) -> Services:
        zone = settings.timezone
        calendar = calendar_of(settings)
        workdays = calendar if settings.skip_holidays else None
        window = SendWindow(
            zone,
            settings.quiet_hours_start,
            settings.quiet_hours_end,
            settings.skip_holidays,
            calendar,
        )
        people = PeopleService(clock, settings.invite_ttl_days, zone)
        cases = CaseService(clock, zone, workdays, people)
        return cls(
            clock=clock,
            settings=settings,
            calendar=calendar,
            window=window,
            cases=cases,
            activities=ActivityService(cases, settings.late_entry_days),
            people=people,
            leaves=LeaveService(clock, zone),
            reminders=ReminderService(
                clock,
                zone=zone,
                quiet_start=settings.quiet_hours_start,
                quiet_end=settings.quiet_hours_end,
                skip_holidays=settings.skip_holidays,
                calendar=calendar,
            ),
            importer=CohortImporter(clock, zone, workdays),
        )
