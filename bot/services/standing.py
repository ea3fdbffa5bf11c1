"""Facts about records that every view shares: entered late, and whether a step's record
stands (a reflection sent back, a disputed talk: the step is not done until it is settled)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from bot.services.dates import local_date
from models import Attendance, Reflection, Talk
from models.enums import ReflectionStatus, StepStatus, TalkConfirmation

DONE_STATUSES = (StepStatus.DONE, StepStatus.DONE_LATE)
UNSETTLED = (StepStatus.REVISION, StepStatus.DISPUTED)


def entered_late(happened_on: date, recorded_at: datetime, zone: str, days: int) -> bool:
    """Recorded more than `days` days (LATE_ENTRY_DAYS) after it happened, in `zone`."""
    return (local_date(recorded_at, zone) - happened_on).days > days


def shown(status: StepStatus | str, standing: StepStatus | None) -> StepStatus:
    """A step's status as people read it: a done step whose record does not stand is not done."""
    status = StepStatus(status)
    if standing is not None and status in DONE_STATUSES:
        return standing
    return status


async def unsettled(step_ids: Iterable[int]) -> dict[int, StepStatus]:
    """The steps among these whose record does not stand, and why (revision or disputed)."""
    ids = list(step_ids)
    if not ids:
        return {}
    marks: dict[int, StepStatus] = {}
    sent_back = Reflection.filter(step_id__in=ids, status=ReflectionStatus.REVISION_REQUESTED)
    for row in await sent_back.values("step_id"):
        marks[int(row["step_id"])] = StepStatus.REVISION
    disputed = Talk.filter(step_id__in=ids, confirmation=TalkConfirmation.DISPUTED)
    for row in await disputed.values("step_id"):
        marks[int(row["step_id"])] = StepStatus.DISPUTED
    return marks


async def unsettled_in(case_ids: Iterable[int]) -> dict[int, StepStatus]:
    """unsettled() for every step of these cases, looked up by case (a digest's thousands of
    steps are not sent to the database one by one)."""
    ids = list(case_ids)
    if not ids:
        return {}
    marks: dict[int, StepStatus] = {}
    sent_back = Reflection.filter(
        case_id__in=ids, status=ReflectionStatus.REVISION_REQUESTED, step_id__not_isnull=True
    )
    for row in await sent_back.values("step_id"):
        marks[int(row["step_id"])] = StepStatus.REVISION
    disputed = Talk.filter(
        case_id__in=ids, confirmation=TalkConfirmation.DISPUTED, step_id__not_isnull=True
    )
    for row in await disputed.values("step_id"):
        marks[int(row["step_id"])] = StepStatus.DISPUTED
    return marks


@dataclass(frozen=True)
class SessionMark:
    """The session whose attendance fulfilled a step: its start and place."""

    title: str
    place: str
    starts_at: datetime


async def sessions_of(step_ids: Iterable[int]) -> dict[int, SessionMark]:
    """For steps fulfilled by attending a scheduled session: that session."""
    ids = list(step_ids)
    if not ids:
        return {}
    rows = await Attendance.filter(step_id__in=ids).values_list(
        "step_id", "session__title", "session__place", "session__starts_at"
    )
    return {int(s): SessionMark(title, place, starts) for s, title, place, starts in rows}
