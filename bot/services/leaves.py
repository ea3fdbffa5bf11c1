"""Leave of absence: a cadre's days off the programme pause reminders and move their steps.

Rules, in one place:
- a leave lies inside the period, ends on or after its start, and overlaps no other leave;
- open steps due inside it move to the day after it;
- if the recorder chooses, the period is lengthened by the leave's days, and every open step
  due from the leave's start on moves by as many days;
- while it lasts, nobody is reminded or alerted about the cadre's steps (the tick asks
  `paused_until`); the ladder resumes the day after.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from bot.clock import Clock
from bot.services import access, policy
from bot.services.activities import clean_text
from bot.services.audit import audit
from bot.services.dates import DEFAULT_ZONE, local_date, local_moment
from bot.services.errors import DomainError
from bot.services.ladder import reset_step_reminders
from bot.services.notices import notify
from bot.services.plans import load_template
from models import Case, Leave, Person, PlanStep
from models.enums import OPEN_STEP_STATUSES, CaseStatus, LeaveKind

MAX_REASON = 500


@dataclass(frozen=True)
class LeaveRequest:
    kind: LeaveKind
    starts_on: date
    ends_on: date
    reason: str
    extends_period: bool = False


def length(leave: Leave | LeaveRequest) -> int:
    return (leave.ends_on - leave.starts_on).days + 1


def days_within(leaves: Iterable[Leave], first: date, last: date) -> int:
    """Days from `first` to `last` (both included) spent on leave."""
    total = 0
    for leave in leaves:
        start, end = max(first, leave.starts_on), min(last, leave.ends_on)
        total += max(0, (end - start).days + 1)
    return total


async def leaves_by_case(case_ids: Iterable[int]) -> dict[int, list[Leave]]:
    found: defaultdict[int, list[Leave]] = defaultdict(list)
    for leave in await Leave.filter(case_id__in=list(case_ids)).order_by("starts_on", "id"):
        found[leave.case_id].append(leave)
    return found


async def leaves_of(case_id: int) -> list[Leave]:
    return await Leave.filter(case_id=case_id).order_by("starts_on", "id")


async def on_leave(case_ids: Iterable[int], day: date) -> dict[int, Leave]:
    """The leave each case is on, on a day (cases not on leave are absent)."""
    rows = await Leave.filter(case_id__in=list(case_ids), starts_on__lte=day, ends_on__gte=day)
    return {leave.case_id: leave for leave in rows}


async def on_leave_count(cases: Iterable[int], day: date) -> int:
    """Active cases whose cadre is on leave on a day."""
    rows = Leave.filter(
        case_id__in=list(cases),
        case__status=CaseStatus.ACTIVE,
        starts_on__lte=day,
        ends_on__gte=day,
    )
    return len(set(await rows.values_list("case_id", flat=True)))


async def paused_until(case_ids: Iterable[int], now: datetime, zone: str) -> dict[int, datetime]:
    """For cases on leave now: when reminders may resume, the start of the day after the leave
    (each reader then gets them at their own hour)."""
    today = local_date(now, zone)
    resume = {}
    for case_id, leave in (await on_leave(case_ids, today)).items():
        resume[case_id] = local_moment(leave.ends_on + timedelta(days=1), 0, zone).astimezone(UTC)
    return resume


async def _check_dates(case: Case, starts_on: date, ends_on: date, current: Leave | None) -> None:
    if ends_on < starts_on:
        raise DomainError("leave-error-end-before-start")
    # The period as it would be without this leave's own extension.
    end = case.period_end
    if current is not None and current.extends_period:
        end -= timedelta(days=length(current))
    if starts_on < case.recalled_on or ends_on > end:
        raise DomainError("leave-error-outside-period", start=case.recalled_on, end=end)
    others = Leave.filter(case_id=case.id, starts_on__lte=ends_on, ends_on__gte=starts_on)
    if current is not None:
        others = others.exclude(id=current.id)
    clash = await others.first()
    if clash is not None:
        raise DomainError("leave-error-overlap", start=clash.starts_on, end=clash.ends_on)


class LeaveService:
    def __init__(self, clock: Clock, zone: str = DEFAULT_ZONE) -> None:
        self.clock = clock
        self.zone = zone

    async def record(self, case_id: int, request: LeaveRequest, *, by: Person | None) -> Leave:
        """Record a leave (by None: the operator, on the command line)."""
        now = self.clock.now()
        async with in_transaction():
            case = await self._case(case_id, by)
            request = await self._checked(case, request)
            leave = await Leave.create(
                case=case,
                kind=request.kind,
                starts_on=request.starts_on,
                ends_on=request.ends_on,
                reason=request.reason,
                extends_period=request.extends_period,
                recorded_by=by,
                created_at=now,
                updated_at=now,
            )
            await self._apply(case, leave, previous=None)
            await self._record(case, leave, "leave-recorded", by)
        return leave

    async def correct(self, leave_id: int, request: LeaveRequest, *, by: Person | None) -> Leave:
        """Change a leave's kind, dates, reason or extension."""
        async with in_transaction():
            leave, case = await self._leave(leave_id, by)
            previous = Leave(
                starts_on=leave.starts_on,
                ends_on=leave.ends_on,
                extends_period=leave.extends_period,
            )
            request = await self._checked(case, request, leave)
            leave.kind, leave.reason = request.kind, request.reason
            leave.starts_on, leave.ends_on = request.starts_on, request.ends_on
            leave.extends_period = request.extends_period
            leave.updated_at = self.clock.now()
            await leave.save()
            await self._apply(case, leave, previous)
            await self._record(case, leave, "leave-corrected", by)
        return leave

    async def end_early(self, leave_id: int, last_day: date, *, by: Person | None) -> Leave:
        """The cadre is back: `last_day` is the last day of the leave."""
        leave = await Leave.get_or_none(id=leave_id)
        if leave is None:
            raise DomainError("leave-error-not-found")
        if last_day >= leave.ends_on:
            raise DomainError("leave-error-not-earlier", end=leave.ends_on)
        request = LeaveRequest(
            LeaveKind(leave.kind), leave.starts_on, last_day, leave.reason, leave.extends_period
        )
        return await self.correct(leave_id, request, by=by)

    async def _case(self, case_id: int, by: Person | None) -> Case:
        if by is not None:
            await access.case_for(by, case_id, *policy.roles("leave"))
        case = await Case.get_or_none(id=case_id)
        if case is None:
            raise DomainError("error-case-not-found")
        if case.status != CaseStatus.ACTIVE:
            raise DomainError("error-case-closed")
        return case

    async def _leave(self, leave_id: int, by: Person | None) -> tuple[Leave, Case]:
        leave = await Leave.get_or_none(id=leave_id)
        if leave is None:
            raise DomainError("leave-error-not-found")
        return leave, await self._case(leave.case_id, by)

    async def check_dates(
        self, case_id: int, starts_on: date, ends_on: date, *, leave_id: int | None = None
    ) -> None:
        """Refuse dates that break the rules (a form asks before the reason)."""
        case = await self._case(case_id, None)
        current = await Leave.get_or_none(id=leave_id) if leave_id is not None else None
        await _check_dates(case, starts_on, ends_on, current)

    async def _checked(
        self, case: Case, request: LeaveRequest, current: Leave | None = None
    ) -> LeaveRequest:
        reason = clean_text(request.reason, required=True, limit=MAX_REASON)
        await _check_dates(case, request.starts_on, request.ends_on, current)
        return LeaveRequest(
            LeaveKind(request.kind),
            request.starts_on,
            request.ends_on,
            reason,
            request.extends_period,
        )

    async def _apply(self, case: Case, leave: Leave, previous: Leave | None) -> None:
        """Lengthen or shorten the period as chosen, then move the open steps."""
        added = length(leave) if leave.extends_period else 0
        if previous is not None and previous.extends_period:
            added -= length(previous)
        since = min(leave.starts_on, previous.starts_on) if previous else leave.starts_on
        after = leave.ends_on + timedelta(days=1)
        steps = await PlanStep.filter(case=case, status__in=OPEN_STEP_STATUSES)
        ladder = load_template(case.plan_template).ladder
        now = self.clock.now()
        if added:
            case.period_end += timedelta(days=added)
            await case.save(update_fields=["period_end"])
        today = local_date(now, self.zone)
        for step in steps:
            due = step.due_on
            if added > 0 and due >= since:
                due += timedelta(days=added)
            elif added < 0 and due > leave.ends_on:
                # A shorter leave gives the days back, but no step lands in the past.
                due = max(due + timedelta(days=added), after, today)
            if leave.starts_on <= due <= leave.ends_on:
                due = after
            if due != step.due_on:
                step.due_on = due
                reset_step_reminders(step, ladder, now)
                await step.save(update_fields=["due_on", "reminder_stage", "remind_at"])

    async def _record(self, case: Case, leave: Leave, action: str, by: Person | None) -> None:
        now = self.clock.now()
        details: dict[str, Any] = {
            "leave": leave.id,
            "kind": str(leave.kind),
            "start": leave.starts_on.isoformat(),
            "end": leave.ends_on.isoformat(),
            "extends": leave.extends_period,
            "reason": leave.reason,
        }
        await audit(action, now=now, actor=by, case=case, **details)
        cadre = await Person.get(id=case.cadre_id)
        if cadre.telegram_id is None:
            return
        await notify(
            cadre,
            f"{action}-notice",
            now=now,
            case=case,
            case_id=case.id,
            leave_id=leave.id,
            leave_kind=str(leave.kind),
            start=leave.starts_on.isoformat(),
            end=leave.ends_on.isoformat(),
            period_end=case.period_end.isoformat(),
            extended="yes" if leave.extends_period else "no",
        )
