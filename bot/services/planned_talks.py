"""A mentor arranges a coming heart-to-heart talk with a cadre (branch plantalk3).

The cadre is told at once; both are reminded the day before (queued by the tick, once per
day and time: a moved talk is reminded again); a talk recorded on or after the day marks it
held; the cadre's /plan shows the next one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from bot.services import access, policy
from bot.services.audit import audit
from bot.services.dates import DEFAULT_ZONE, local_date
from bot.services.errors import DomainError
from bot.services.ladder import reader_moment
from bot.services.notices import notify
from bot.services.texts import clean_text
from bot.services.working_time import SendWindow
from models import Case, CaseAssignment, Person, PlannedTalk
from models.enums import CaseStatus, Role
from models.planned_talk import PlannedTalkStatus

ACTION = "plan_talk"
PLACE_LIMIT = 200
EVE_LOOKAHEAD = timedelta(days=3)  # a talk this soon may still have its eve to come


@dataclass(frozen=True)
class TalkPlan:
    on: date  # in the mentor's zone
    at: time | None  # optional, in the mentor's zone
    place: str


def check_day(on: date, today: date, period_end: date | None = None) -> None:
    """A planned talk is today or later (the mentor's today), within the recall's period."""
    if on < today:
        raise DomainError("plantalk-error-past")
    if period_end is not None and on > period_end:
        raise DomainError("plantalk-error-after-period", end=period_end)


def moment_of(on: date, at: time | None, zone: str) -> datetime | None:
    return None if at is None else datetime.combine(on, at, ZoneInfo(zone))


def _params(talk: PlannedTalk, case: Case, cadre: Person, mentor: Person) -> dict[str, Any]:
    return {
        "planned_id": talk.id,
        "case_id": case.id,
        "cadre": cadre.name,
        "mentor": mentor.name,
        "day": talk.day.isoformat(),
        "weekday": str(talk.day.weekday()),
        "starts_at": talk.starts_at.isoformat() if talk.starts_at else "",
        "place": talk.place,
    }


async def schedule(
    case_id: int, plan: TalkPlan, *, by: Person, now: datetime, zone: str = DEFAULT_ZONE
) -> PlannedTalk:
    """The mentor of an active recall arranges a talk; audited; the cadre is told at once."""
    case = await access.case_for(by, case_id, *policy.roles(ACTION))
    if case.status != CaseStatus.ACTIVE:
        raise DomainError("error-case-closed")
    mentor_zone = by.timezone or zone
    check_day(plan.on, local_date(now, mentor_zone), case.period_end)  # dates.today_for
    starts_at = moment_of(plan.on, plan.at, mentor_zone)
    if starts_at is not None and starts_at < now:
        raise DomainError("plantalk-error-past")
    place = clean_text(plan.place, required=True, limit=PLACE_LIMIT)
    async with in_transaction():
        talk = await PlannedTalk.create(
            case=case,
            mentor=by,
            day=plan.on,
            starts_at=starts_at,
            place=place,
            created_at=now,
            updated_at=now,
        )
        cadre = await Person.get(id=case.cadre_id)
        await audit(
            "talk-planned",
            now=now,
            actor=by,
            case=case,
            subject=cadre,
            planned=talk.id,
            after={"day": talk.day, "starts_at": talk.starts_at, "place": place},
        )
        message = "plantalk-scheduled" if talk.starts_at else "plantalk-scheduled-day"
        await notify(cadre, message, now=now, case=case, **_params(talk, case, cadre, by))
    return talk


async def next_planned(case_id: int, today: date) -> PlannedTalk | None:
    """The first talk still planned on the recall, today or later."""
    return (
        await PlannedTalk.filter(case_id=case_id, status=PlannedTalkStatus.PLANNED, day__gte=today)
        .order_by("day", "starts_at", "id")
        .first()
    )


async def mark_held(case_id: int, held_on: date, now: datetime) -> int:
    """A talk recorded on `held_on`: the planned talks of that day or before are held."""
    return await PlannedTalk.filter(
        case_id=case_id, status=PlannedTalkStatus.PLANNED, day__lte=held_on
    ).update(status=PlannedTalkStatus.HELD, updated_at=now)


def _eve(on: date, person_zone: str | None, now: datetime, window: SendWindow) -> date | None:
    """The day before the talk, or the last day before it that a reminder may go out."""
    zone = window.zone_of(person_zone)
    today = local_date(now, zone)
    day = on - timedelta(days=1)
    while day >= today:
        moment = window.next_for(person_zone, reader_moment(day, zone))
        if local_date(moment, zone) == day:
            return day
        day -= timedelta(days=1)
    return None


async def queue_eves(now: datetime, window: SendWindow) -> int:
    """The cadre and the mentor of each planned talk are reminded the day before it, at the
    reminder hour of their zone (a talk arranged on its eve or later: nobody is reminded,
    the cadre was just told). The key holds the day and time: once each."""
    today = local_date(now, window.zone)
    talks = await PlannedTalk.filter(
        status=PlannedTalkStatus.PLANNED,
        day__gte=today - timedelta(days=1),
        day__lte=today + EVE_LOOKAHEAD,
    ).select_related("case", "mentor")
    queued = 0
    for talk in talks:
        case = talk.case
        if case.status != CaseStatus.ACTIVE:
            continue
        mentors = await CaseAssignment.filter(
            case=case, role=Role.MENTOR, person_id=talk.mentor_id
        ).exists()
        cadre = await Person.get(id=case.cadre_id)
        readers = [cadre, talk.mentor] if mentors else [cadre]
        for person in readers:
            if person.telegram_id is None:
                continue
            zone = window.zone_of(person.timezone)
            eve = _eve(talk.day, person.timezone, now, window)
            if eve is None or local_date(talk.created_at, zone) >= eve:
                continue
            message = "plantalk-eve" if talk.starts_at else "plantalk-eve-day"
            queued += await notify(
                person,
                message,
                now=now,
                case=case,
                not_before=window.next_for(person.timezone, reader_moment(eve, zone)),
                own="yes" if person.id == cadre.id else "no",
                **_params(talk, case, cadre, talk.mentor),
            )
    return queued
