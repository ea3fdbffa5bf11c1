"""The tick: step statuses, the escalation ladder and digests, written to the outbox.

The database is the source of truth: each open step carries the next stage of its ladder
(`reminder_stage`) and when it fires (`remind_at`, indexed), so a tick reads only what is
due. Outbox keys make a repeated tick harmless; a late tick fires only the latest stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from tortoise.transactions import in_transaction

from bot.clock import Clock
from bot.services import access, planned_talks, policy
from bot.services.audit import audit
from bot.services.cases import progress
from bot.services.dates import DEFAULT_ZONE, local_date
from bot.services.digest import write_due_digests
from bot.services.errors import DomainError
from bot.services.ladder import (
    EARLIEST_ZONE,
    REPEAT_EVERY_DAYS,
    next_stage,
    reader_moment,
    stage_at,
    stage_day,
)
from bot.services.leaves import paused_until
from bot.services.notices import notice_of, notify, step_message
from bot.services.plans import LadderStage, lead_days, load_template
from bot.services.working_time import BUILTIN, SendWindow, WorkCalendar
from models import (
    Attendance,
    Case,
    CaseAssignment,
    Person,
    PlanStep,
    RoleGrant,
    TrainingSession,
)
from models.enums import (
    OPEN_STEP_STATUSES,
    CaseStatus,
    NotificationStatus,
    Role,
    StepKind,
    StepStatus,
)

if TYPE_CHECKING:
    pass


@dataclass
class TickReport:
    became_due: int = 0
    became_overdue: int = 0
    steps_fired: int = 0
    notifications: int = 0
    digests: int = 0
    more: bool = False  # the per-tick limit stopped the run: the next tick continues


class _People:
    """Who holds which role on the cases of one batch (three queries per batch)."""

    def __init__(self) -> None:
        self.by_case: dict[int, dict[str, list[Person]]] = {}
        self._admins: list[Person] | None = None

    async def load(self, cases: list[Case]) -> None:
        ids = {case.id for case in cases}
        rows = await CaseAssignment.filter(case_id__in=ids).values_list(
            "case_id", "person_id", "role"
        )
        wanted = {case.cadre_id for case in cases} | {row[1] for row in rows}
        people = {p.id: p for p in await Person.filter(id__in=wanted)}
        self.by_case = {
            case.id: {"cadre": [people[case.cadre_id]], "mentor": [], "supervisor": []}
            for case in cases
        }
        for case_id, person_id, role in rows:
            self.by_case[case_id].setdefault(str(role), []).append(people[person_id])

    async def admins(self) -> list[Person]:
        if self._admins is None:
            admin_ids = RoleGrant.filter(role=Role.ADMIN).values_list("person_id", flat=True)
            self._admins = await Person.filter(id__in=await admin_ids).order_by("id")
        return self._admins

    async def holding(self, case_id: int, role: str) -> list[Person]:
        if role == Role.ADMIN:
            return await self.admins()
        return self.by_case[case_id].get(role, [])


class ReminderService:
    def __init__(
        self,
        clock: Clock,
        *,
        zone: str = DEFAULT_ZONE,
        quiet_start: int = 21,
        quiet_end: int = 8,
        skip_holidays: bool = False,
        calendar: WorkCalendar = BUILTIN,
        template: str = "default",
        batch_size: int = 500,
        max_per_tick: int = 5000,
    ) -> None:
        self.clock = clock
        self.window = SendWindow(zone, quiet_start, quiet_end, skip_holidays, calendar)
        self.zone = zone
        self.template = template
        self.batch_size = batch_size
        self.max_per_tick = max_per_tick
        self._digests_checked: datetime | None = None

    async def tick(self, now: datetime | None = None) -> TickReport:
        """One run of the scheduler job: statuses, due ladder stages, due digests."""
        now = now or self.clock.now()
        report = TickReport()
        await self.update_statuses(now, report)
        while report.steps_fired < self.max_per_tick:
            fired = await self._fire_batch(now, report)
            if fired < self.batch_size:
                break
        else:
            report.more = True
        if self._digest_check_due(now):
            report.digests = await write_due_digests(now, self.window)
            report.notifications += await queue_session_eves(now, self.window)
            report.notifications += await planned_talks.queue_eves(now, self.window)  # plantalk3
            self._digests_checked = now
        return report

    async def update_statuses(self, now: datetime, report: TickReport) -> None:
        """planned → due inside the reminder window, planned/due → overdue after the due day."""
        today = local_date(now, self.zone)
        ladder = load_template(self.template).ladder
        window = lead_days(ladder)
        async with in_transaction():
            report.became_overdue = await PlanStep.filter(
                status__in=(StepStatus.PLANNED, StepStatus.DUE), due_on__lt=today
            ).update(status=StepStatus.OVERDUE)
            report.became_due = await PlanStep.filter(
                status=StepStatus.PLANNED, due_on__lte=today + timedelta(days=window)
            ).update(status=StepStatus.DUE)

    def _digest_check_due(self, now: datetime) -> bool:
        # Every UTC offset is a multiple of 15 minutes, so a digest's 09:00 local always falls
        # on a quarter hour: the supervisors need looking at only when one has passed.
        if self._digests_checked is None:
            return True
        quarter = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
        return quarter > self._digests_checked

    async def _fire_batch(self, now: datetime, report: TickReport) -> int:
        # Only the remind_at index: filtering on the case's status as well lets the planner
        # walk every active case instead (measured: the tick then grows with the cases).
        steps = (
            await PlanStep.filter(remind_at__lte=now)
            .order_by("remind_at", "id")
            .limit(self.batch_size)
            .select_related("case")
        )
        if not steps:
            return 0
        live = [
            step
            for step in steps
            if step.status in OPEN_STEP_STATUSES and step.case.status == CaseStatus.ACTIVE
        ]
        people = _People()
        if live:
            await people.load(list({step.case_id: step.case for step in live}.values()))
        async with in_transaction():
            # A finished step or a closed case keeps no reminder (normally cleared already).
            stale = {step.id for step in steps} - {step.id for step in live}
            if stale:
                await PlanStep.filter(id__in=stale).update(remind_at=None)
            # Nobody is reminded about a cadre on leave: the ladder waits until the day after.
            paused = await paused_until({step.case_id for step in live}, now, self.zone)
            for step in live:
                if step.case_id in paused:
                    step.remind_at = paused[step.case_id]
                    await step.save(update_fields=["remind_at"])
                    continue
                report.notifications += await self._fire(step, people, now)
        report.steps_fired += len(live)
        return len(steps)

    async def _fire(self, step: PlanStep, people: _People, now: datetime) -> int:
        """Queue the step's latest stage that is due, then move it to the next one."""
        ladder = load_template(step.case.plan_template).ladder
        repeat_days = REPEAT_EVERY_DAYS.get(StepKind(step.kind))
        index = step.reminder_stage
        moment = stage_at(step.due_on, ladder, index, EARLIEST_ZONE, repeat_days)
        if moment is not None and moment <= now:
            # After downtime each reader gets only the latest missed stage meant for them.
            first = index
            while (
                later := stage_at(step.due_on, ladder, index + 1, EARLIEST_ZONE, repeat_days)
            ) and later <= now:
                index += 1
            latest: dict[int, int] = {}
            for missed in range(first, index + 1):
                for person in await self._audience(step, ladder, missed, people):
                    latest[person.id] = missed
            sent = 0
            for missed in sorted(set(latest.values())):
                readers = {pid for pid, stage in latest.items() if stage == missed}
                sent += await self._send_stage(step, ladder, missed, people, now, readers)
            index += 1
        else:
            sent = 0  # a stale position (the ladder file changed): only re-aim it
        step.reminder_stage, step.remind_at = next_stage(
            step.due_on, ladder, now, EARLIEST_ZONE, start=index, repeat_days=repeat_days
        )
        await step.save(update_fields=["reminder_stage", "remind_at"])
        return sent

    async def _audience(
        self, step: PlanStep, ladder: tuple[LadderStage, ...], index: int, people: _People
    ) -> list[Person]:
        """Who stage `index` of a step tells (past the ladder: the repeats of the outcome)."""
        case_id = step.case_id
        if index >= len(ladder):
            return await people.holding(case_id, Role.SUPERVISOR) + await people.admins()
        audience: list[Person] = []
        for name in ladder[index].to:
            role = str(step.responsible) if name == "responsible" else name
            audience += await people.holding(case_id, role)
        if not audience and "supervisor" in ladder[index].to:
            audience = await people.admins()  # a case without a supervisor still escalates
        return list({person.id: person for person in audience}.values())

    def _stage_day(
        self, step: PlanStep, ladder: tuple[LadderStage, ...], index: int
    ) -> date | None:
        repeat_days = REPEAT_EVERY_DAYS.get(StepKind(step.kind))
        if index < len(ladder):
            return stage_day(step.due_on, ladder[index])
        if not repeat_days or not ladder:
            return None
        return stage_day(step.due_on, ladder[-1], repeat_days * (index - len(ladder) + 1))

    async def _send_stage(
        self,
        step: PlanStep,
        ladder: tuple[LadderStage, ...],
        index: int,
        people: _People,
        now: datetime,
        only: set[int] | None = None,
    ) -> int:
        """Queue stage `index` for its audience (or only the people in `only`)."""
        case = step.case
        today = local_date(now, self.zone)
        days = (today - step.due_on).days
        day = self._stage_day(step, ladder, index)
        assert day is not None
        repeat = index >= len(ladder)
        full_status = not repeat and ladder[index].full_status
        params: dict[str, Any] = {
            "case_id": case.id,
            "step_id": step.id,
            "cadre": people.by_case[case.id]["cadre"][0].name,
            "step": str(step.kind),
            "label": step.label,
            "due": step.due_on.isoformat(),
            "days": abs(days),
            "responsible": str(step.responsible),
            "stage": index,
            "stage_key": f"repeat:{index - len(ladder) + 1}" if repeat else f"stage:{index}",
            "stage_day": day.isoformat(),
        }
        if repeat:
            params.update(repeat=index - len(ladder) + 1, end=case.period_end.isoformat())
        if full_status:
            counts = await progress(case, today)
            params.update(
                done=counts.done, open=counts.open, overdue=counts.overdue, total=counts.total
            )
        responsible_ids = {p.id for p in await people.holding(case.id, str(step.responsible))}
        sent = 0
        for person in await self._audience(step, ladder, index, people):
            if only is not None and person.id not in only:
                continue
            zone = self.window.zone_of(person.timezone)
            joined = person.telegram_id is not None
            message = _message_for(repeat, full_status, person.id in responsible_ids, days)
            sent += await notify(
                person,
                step_message(notice_of(message), days, str(step.kind)) if days > 0 else message,
                now=now,
                case=case,
                plan_step=step,
                # The stage's day at the reminder hour in the reader's zone, in working hours.
                not_before=self.window.next_for(person.timezone, reader_moment(day, zone)),
                # Not joined yet: recorded, not sent; they get a summary when they join.
                status=None if joined else NotificationStatus.DROPPED,
                reason="" if joined else "not joined yet",
                own="yes" if person.id == case.cadre_id else "no",  # "your step" for the cadre
                reader=_reader_role(person, case, people, responsible_ids, str(step.responsible)),
                **params,
            )
        return sent


def _message_for(repeat: bool, full_status: bool, responsible: bool, days: int) -> str:
    if repeat:
        return "alert-outcome-missing"
    if full_status:
        return "alert-case-status"
    if responsible:
        if days < 0:
            return "reminder-step-upcoming"
        return "reminder-step-due" if days == 0 else "reminder-step-overdue"
    return "alert-step-overdue" if days > 0 else "alert-step-due"


# notices2: the reader's part, a supervisor's "remind them", the eve of a session ----------


def _reader_role(
    person: Person, case: Case, people: _People, responsible: set[int], role: str
) -> str:
    """The reader's part in a step (the buttons under a reminder follow it)."""
    if person.id in responsible:
        return role
    if person.id == case.cadre_id:
        return "cadre"
    for held in ("supervisor", "mentor"):
        if any(p.id == person.id for p in people.by_case[case.id].get(held, [])):
            return held
    return "admin"


async def responsible_for(step: PlanStep, case: Case) -> list[Person]:
    """Who must act on a step: the cadre, the case's mentors or supervisors, else admins."""
    role = str(step.responsible)
    if role == Role.CADRE:
        return [await Person.get(id=case.cadre_id)]
    if role == Role.ADMIN:
        ids = RoleGrant.filter(role=Role.ADMIN).values_list("person_id", flat=True)
    else:
        ids = CaseAssignment.filter(case_id=case.id, role=role).values_list("person_id", flat=True)
    return list(await Person.filter(id__in=await ids).order_by("id"))


async def nudge(step_id: int, *, by: Person, now: datetime, zone: str = DEFAULT_ZONE) -> int:
    """A supervisor (or an admin) reminds the people responsible for an open step, at most
    once a day per step (the day in the supervisor's zone); audited. Returns how many were
    told (0: they were reminded today already)."""
    step = await PlanStep.get_or_none(id=step_id).select_related("case")
    if step is None:
        raise DomainError("error-case-not-found")
    case = await access.case_for(by, step.case_id, *policy.roles("nudge"))
    if step.status not in OPEN_STEP_STATUSES or case.status != CaseStatus.ACTIVE:
        raise DomainError("nudge-step-closed")
    day = local_date(now, by.timezone or zone).isoformat()
    cadre = await Person.get(id=case.cadre_id)
    told = 0
    async with in_transaction():
        for person in await responsible_for(step, case):
            if person.id == by.id:
                continue
            told += await notify(
                person,
                "reminder-nudge",
                now=now,
                case=case,
                case_id=case.id,
                step_id=step.id,
                cadre=cadre.name,
                step=str(step.kind),
                label=step.label,
                due=step.due_on.isoformat(),
                by=by.name,
                own="yes" if person.id == case.cadre_id else "no",
                responsible=str(step.responsible),
                reader="cadre" if person.id == case.cadre_id else str(step.responsible),
                day=day,
            )
        if told:
            await audit(
                "step-nudged", now=now, actor=by, case=case, step=step.id, kind=str(step.kind)
            )
    return told


EVE_LOOKAHEAD = timedelta(days=10)  # past a long holiday: the last working day before it


def _eve(
    starts_at: datetime, person_zone: str | None, now: datetime, window: SendWindow
) -> date | None:
    """The day a session is reminded: the day before it, or the last working day before
    that when it is a day off (a Monday session is reminded on Friday); None when no such
    day is left."""
    zone = window.zone_of(person_zone)
    today = local_date(now, zone)
    day = local_date(starts_at, zone) - timedelta(days=1)
    while day >= today:
        moment = window.next_for(person_zone, reader_moment(day, zone))
        if local_date(moment, zone) == day:
            return day
        day -= timedelta(days=1)
    return None


async def queue_session_eves(now: datetime, window: SendWindow) -> int:
    """Each enrolled cadre on the roster of a coming session is reminded of it the working day
    before, at the reminder hour of their zone (a session booked on that day or later: its
    invitation says it). The key holds the start: a moved session is reminded again."""
    sessions = await TrainingSession.filter(starts_at__gt=now, starts_at__lte=now + EVE_LOOKAHEAD)
    queued = 0
    for session in sessions:
        lines = await Attendance.filter(session=session, status__isnull=True).select_related(
            "case__cadre"
        )
        for line in lines:
            cadre, case = line.case.cadre, line.case
            if cadre.telegram_id is None or case.status != CaseStatus.ACTIVE:
                continue
            zone = window.zone_of(cadre.timezone)
            eve = _eve(session.starts_at, cadre.timezone, now, window)
            if eve is None or local_date(session.created_at, zone) >= eve:
                continue  # booked on the eve or later: the invitation has just said it
            queued += await notify(
                cadre,
                "reminder-session-tomorrow",
                now=now,
                case=case,
                not_before=window.next_for(cadre.timezone, reader_moment(eve, zone)),
                session_id=session.id,
                case_id=case.id,
                kind=session.kind.value,
                title=session.title,
                starts_at=session.starts_at.isoformat(),
                place=session.place,
            )
    return queued
