"""Cases: open, acknowledge, waive or reschedule steps, extend, close with an outcome."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from bot import i18n
from bot.clock import Clock
from bot.services import access, catalog, drafts, policy, standing
from bot.services.audit import audit
from bot.services.catchup import tell_assigned
from bot.services.dates import DEFAULT_ZONE, add_months, local_date, today_for
from bot.services.errors import DomainError
from bot.services.ladder import reset_step_reminders, step_reminders
from bot.services.notices import notify
from bot.services.people import PeopleService, namesake_for
from bot.services.plans import PlannedStep, PlanTemplate, load_template
from bot.services.working_time import WorkCalendar
from models import Case, CaseAssignment, Person, PlanStep, RoleGrant, Unit
from models.enums import (
    OPEN_STEP_STATUSES,
    CaseStatus,
    Disposition,
    Placement,
    Rank,
    Role,
    StepKind,
    StepStatus,
)

MIN_MONTHS, MAX_MONTHS = 3, 6
MAX_OVERRIDE_MONTHS = 24  # an admin's exception still has a limit
# The note of the steps a closed case no longer needs (waived by the closing).
CLOSED_NOTE = "case-closed"


@dataclass
class NewCase:
    cadre_name: str
    unit: str
    rank: Rank
    reason: str
    recalled_on: date
    period_months: int
    position: str = ""
    principal: bool = False
    cohort: str = ""
    mentors: list[str] = field(default_factory=list)
    supervisors: list[str] = field(default_factory=list)
    template: str = "default"


def check_period(months: int) -> None:
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        raise DomainError("error-period-out-of-range", months=months)


def step_status_for(done_on: date, due_on: date) -> StepStatus:
    return StepStatus.DONE if done_on <= due_on else StepStatus.DONE_LATE


def window_opens(step: PlanStep) -> date:
    """The first day a record fulfils the step."""
    return step.due_on - timedelta(days=step.window_days)


# Steps that cannot be recorded before their window, except by an admin who gives a reason.
GUARDED_STEPS = (StepKind.ASSESSMENT_FINAL, StepKind.DECISION)


def due_date(planned_on: date, workdays: WorkCalendar | None) -> tuple[date, date | None]:
    """A step's due date and planned day: the planned day, or with working days only
    (SKIP_HOLIDAYS) the first working day from it, keeping the planned day for /plan."""
    due = workdays.next_workday(planned_on) if workdays is not None else planned_on
    return due, planned_on if due != planned_on else None


def place_due(step: PlanStep, planned_on: date, workdays: WorkCalendar | None) -> None:
    """Give a step its due date (see due_date)."""
    step.due_on, step.planned_on = due_date(planned_on, workdays)


def new_step(
    case_id: int, seq: int, planned: PlannedStep, workdays: WorkCalendar | None = None
) -> PlanStep:
    """A plan step as the template planned it (unsaved; not on its reminder ladder yet)."""
    step = PlanStep(
        case_id=case_id,
        seq=seq,
        kind=planned.kind,
        label=planned.label,
        anchor=planned.anchor,
        responsible=planned.responsible,
        due_on=planned.due_on,
        window_days=planned.window,
    )
    place_due(step, planned.due_on, workdays)
    return step


class StepRow(NamedTuple):
    """The columns of one new plan_step row (its id aside), as PlanStep's fields name them."""

    case_id: int
    seq: int
    kind: StepKind
    label: str
    anchor: str
    responsible: Role
    due_on: date
    planned_on: date | None
    status: StepStatus
    done_on: date | None
    done_at: datetime | None
    note: str
    window_days: int
    reminder_stage: int
    remind_at: datetime | None


def plan_step_rows(
    case_id: int,
    recalled_on: date,
    period_end: date,
    template: PlanTemplate,
    now: datetime,
    *,
    closed_on: date | None = None,
    workdays: WorkCalendar | None = None,
) -> list[StepRow]:
    """Every step of a new plan in due order, as plain rows; with `workdays`, a step planned
    on a day off is due on the next working day.

    The plan of a case already closed on `closed_on` (an imported history) is finished:
    steps done on their due dates, the decision on the closing date, later steps waived.
    """
    rows = []
    finished = len(template.ladder)
    for seq, planned in enumerate(template.steps(recalled_on, period_end)):
        due_on, planned_on = due_date(planned.due_on, workdays)
        status, done_on, done_at, note = StepStatus.PLANNED, None, None, ""
        if closed_on is None:
            stage, remind_at = step_reminders(due_on, planned.kind, template.ladder, now)
        else:
            stage, remind_at = finished, None
            if planned.kind == StepKind.DECISION:
                status, done_on, done_at = step_status_for(closed_on, due_on), closed_on, now
            elif due_on <= closed_on:
                status, done_on, done_at = StepStatus.DONE, due_on, now
            else:
                status, note = StepStatus.WAIVED, CLOSED_NOTE
        rows.append(
            StepRow(
                case_id,
                seq,
                planned.kind,
                planned.label,
                planned.anchor,
                planned.responsible,
                due_on,
                planned_on,
                status,
                done_on,
                done_at,
                note,
                planned.window,
                stage,
                remind_at,
            )
        )
    return rows


def plan_steps(
    case_id: int,
    recalled_on: date,
    period_end: date,
    template: PlanTemplate,
    now: datetime,
    *,
    closed_on: date | None = None,
    workdays: WorkCalendar | None = None,
) -> list[PlanStep]:
    """plan_step_rows as PlanStep objects, unsaved (callers bulk-create them)."""
    rows = plan_step_rows(
        case_id, recalled_on, period_end, template, now, closed_on=closed_on, workdays=workdays
    )
    return [PlanStep(**row._asdict()) for row in rows]


def check_recalled_on(recalled_on: date, today: date) -> None:
    """A case is opened for a recall that has happened (by the opener's today)."""
    if recalled_on > today:
        raise DomainError("error-date-in-future")


def check_new_due(due_on: date, today: date) -> None:
    """A step is rescheduled to today or later (the rescheduler's today)."""
    if due_on < today:
        raise DomainError("error-date-in-past")


# Branch editcase3: what /editcase may change, and how one change reads (before -> after).
EDITABLE = ("unit", "position", "rank", "principal", "cohort", "mentors", "supervisors")
EDIT_ROLES = {"mentors": Role.MENTOR, "supervisors": Role.SUPERVISOR}
EDIT_LIMITS = {"unit": 200, "position": 200, "cohort": 100}
EditValue = str | bool | list[str]


@dataclass(frozen=True)
class Roster:
    """A new list of mentors (or supervisors) against the one now: who stays on, who is
    taken off, who is put on."""

    after: list[str]
    gone: list[str]
    added: list[str]

    @property
    def unchanged(self) -> bool:
        return not self.gone and not self.added


def roster_change(before: Sequence[str], typed: Sequence[str]) -> Roster:
    """The typed names (trimmed, blanks and repeats dropped, in typed order) against now."""
    after = list(dict.fromkeys(name.strip() for name in typed if name.strip()))
    gone = [name for name in before if name not in after]
    return Roster(after, gone, [name for name in after if name not in before])


@dataclass(frozen=True)
class Edit:
    case_id: int
    label: str  # "张伟 · 青山县农业农村局", as the case read before the change
    field: str
    before: EditValue
    after: EditValue


class CaseService:
    def __init__(
        self,
        clock: Clock,
        zone: str = DEFAULT_ZONE,
        workdays: WorkCalendar | None = None,
        people: PeopleService | None = None,
    ) -> None:
        self.clock = clock
        self.zone = zone
        self.workdays = workdays  # set: due dates fall on working days only (SKIP_HOLIDAYS)
        self.people = people or PeopleService(clock, zone=zone)

    def today(self) -> date:
        return local_date(self.clock.now(), self.zone)

    def today_of(self, actor: Person | None) -> date:
        """The actor's today, by which their dates are judged (dates.today_for)."""
        zone = actor.timezone if actor is not None and actor.timezone else self.zone
        return today_for(zone, self.clock)

    def today_zone(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    async def open(self, data: NewCase, *, by: Person | None = None) -> Case:
        """Open a case and generate its plan from the template."""
        check_period(data.period_months)
        check_recalled_on(data.recalled_on, self.today_of(by))
        reason, category = catalog.resolve(data.reason)
        if not data.cadre_name.strip():
            raise DomainError("error-name-required")
        if not data.unit.strip():
            raise DomainError("error-unit-required")
        template = load_template(data.template)
        now = self.clock.now()
        async with in_transaction():
            cadre = await Person.create(name=data.cadre_name.strip(), created_at=now)
            await RoleGrant.get_or_create(person=cadre, role=Role.CADRE)
            unit, _ = await Unit.get_or_create(name=data.unit.strip())
            case = await Case.create(
                cadre=cadre,
                unit=unit,
                position=data.position.strip(),
                rank=data.rank,
                principal=data.principal,
                reason=reason,
                category=category,
                cohort=data.cohort.strip(),
                recalled_on=data.recalled_on,
                period_months=data.period_months,
                period_end=add_months(data.recalled_on, data.period_months),
                plan_template=template.name,
                created_at=now,
            )
            await drafts.remember("case", case.id, now)
            assigned = await self._assign_all(case, Role.MENTOR, data.mentors)
            assigned += await self._assign_all(case, Role.SUPERVISOR, data.supervisors)
            await self.generate_plan(case, template)
            await audit(
                "case-opened",
                now=now,
                actor=by,
                case=case,
                subject=cadre,
                months=data.period_months,
                after={
                    "cadre": cadre.name,
                    "unit": unit.name,
                    "recalled_on": case.recalled_on,
                    "period_end": case.period_end,
                    "mentors": data.mentors,
                    "supervisors": data.supervisors,
                },
            )
            await tell_assigned(assigned, now, batch=f"case-{case.id}", by=by)
        return case

    async def _assign_all(
        self, case: Case, role: Role, names: list[str]
    ) -> list[tuple[int, int, Role]]:
        """Put the named people on the case; returns the assignments (case, person, role)."""
        people = self.people
        assigned = []
        for name in names:
            if name.strip():
                person = await people.for_role(name, role)
                await people.grant(person, role)
                await CaseAssignment.get_or_create(case=case, person=person, role=role)
                assigned.append((case.id, person.id, role))
        return assigned

    async def generate_plan(self, case: Case, template: PlanTemplate | None = None) -> None:
        template = template or load_template(case.plan_template)
        steps = plan_steps(
            case.id,
            case.recalled_on,
            case.period_end,
            template,
            self.clock.now(),
            workdays=self.workdays,
        )
        await PlanStep.bulk_create(steps)

    async def active_case(self, case_id: int) -> Case:
        case = await Case.get_or_none(id=case_id)
        if case is None:
            raise DomainError("error-case-not-found")
        if case.status != CaseStatus.ACTIVE:
            raise DomainError("error-case-closed")
        return case

    async def open_step(self, case: Case, kind: StepKind) -> PlanStep | None:
        """The earliest unfinished step of a kind, whatever its window."""
        query = PlanStep.filter(case=case, kind=kind, status__in=OPEN_STEP_STATUSES)
        return await query.order_by("due_on", "seq").first()

    async def step_to_fulfil(self, case: Case, kind: StepKind, on: date) -> PlanStep | None:
        """What a record of `kind` dated `on` fulfils: the earliest open step of that kind
        whose window has opened by then (overdue ones come first), or nothing."""
        query = PlanStep.filter(case=case, kind=kind, status__in=OPEN_STEP_STATUSES)
        for step in await query.order_by("due_on", "seq"):
            if window_opens(step) <= on:
                return step
        return None

    async def opens_later(self, case: Case, kind: StepKind, on: date) -> date | None:
        """For a final assessment or a decision dated `on`: the day its step's window opens
        if that is still ahead (recording it now is an admin's exception), else None."""
        if await self.step_to_fulfil(case, kind, on) is not None:
            return None
        pending = await self.open_step(case, kind)
        return None if pending is None else window_opens(pending)

    async def guarded_step(
        self, case: Case, kind: StepKind, on: date, *, by: Person, reason: str = ""
    ) -> PlanStep | None:
        """The step a final assessment or a decision dated `on` fulfils. Before its window
        only an admin who gives a reason may record it (the exception is audited)."""
        opens = await self.opens_later(case, kind, on)
        if opens is None:
            return await self.step_to_fulfil(case, kind, on)
        admin = policy.allows(await access.roles_of(by), "record_early")
        reason = reason.strip()
        if not (admin and reason):
            raise DomainError("error-window-not-open", opens=opens, admin="yes" if admin else "no")
        step = await self.open_step(case, kind)
        assert step is not None
        await audit(
            "window-exception",
            now=self.clock.now(),
            actor=by,
            case=case,
            step=step.id,
            kind=kind.value,
            on=on.isoformat(),
            opens=opens.isoformat(),
            reason=reason,
        )
        return step

    async def complete_step(self, step: PlanStep, done_on: date) -> StepStatus:
        step.status = step_status_for(done_on, step.due_on)
        step.done_on = done_on
        step.done_at = self.clock.now()
        step.remind_at = None
        await step.save(update_fields=["status", "done_on", "done_at", "remind_at"])
        return StepStatus(step.status)

    async def reopen_step(self, step: PlanStep) -> None:
        """Undo a completion recorded by mistake (say, attendance corrected to absent)."""
        step.status = StepStatus.PLANNED  # the next tick moves it to due or overdue
        step.done_on = None
        step.done_at = None
        template = load_template((await Case.get(id=step.case_id)).plan_template)
        reset_step_reminders(step, template.ladder, self.clock.now())
        await step.save(
            update_fields=["status", "done_on", "done_at", "reminder_stage", "remind_at"]
        )

    async def acknowledge(self, case: Case, cadre: Person) -> Case:
        now = self.clock.now()
        if case.cadre_id != cadre.id:
            raise DomainError("error-not-allowed")
        if case.acknowledged_at is not None:
            raise DomainError("error-plan-already-acknowledged")
        async with in_transaction():
            case = await self.active_case(case.id)
            case.acknowledged_at = now
            await case.save(update_fields=["acknowledged_at"])
            today = self.today_of(cadre)
            step = await self.step_to_fulfil(case, StepKind.ACKNOWLEDGE, today)
            if step is not None:
                await self.complete_step(step, today)
            await audit(
                "plan-acknowledged",
                now=now,
                actor=cadre,
                case=case,
                before={"acknowledged_at": None},
                after={"acknowledged_at": now},
            )
        return case

    async def _step_of(self, step_id: int, by: Person) -> PlanStep:
        """An open step of an active case in the scope of a supervisor or an admin."""
        step = await PlanStep.get_or_none(id=step_id).prefetch_related("case")
        if step is None:
            raise DomainError("error-step-not-found")
        await access.case_for(by, step.case_id, *policy.roles("waive"))
        if step.status not in OPEN_STEP_STATUSES:
            raise DomainError("error-step-not-open")
        if step.case.status != CaseStatus.ACTIVE:
            raise DomainError("error-case-closed")
        return step

    async def waive_step(self, step_id: int, reason: str, *, by: Person) -> PlanStep:
        reason = reason.strip()
        if not reason:
            raise DomainError("error-reason-required")
        async with in_transaction():
            step = await self._step_of(step_id, by)
            before = {"status": step.status, "note": step.note}
            step.status = StepStatus.WAIVED
            step.note = reason
            step.remind_at = None
            step.done_at = self.clock.now()
            await step.save(update_fields=["status", "note", "remind_at", "done_at"])
            await audit(
                "step-waived",
                now=self.clock.now(),
                actor=by,
                case=step.case,
                step=step.id,
                reason=reason,
                before=before,
                after={"status": step.status, "note": step.note},
            )
        return step

    async def reschedule_step(
        self, step_id: int, due_on: date, reason: str, *, by: Person
    ) -> PlanStep:
        reason = reason.strip()
        if not reason:
            raise DomainError("error-reason-required")
        check_new_due(due_on, self.today_of(by))
        async with in_transaction():
            step = await self._step_of(step_id, by)
            old = step.due_on
            before = {"due_on": old, "status": step.status}
            place_due(step, due_on, self.workdays)
            step.status = StepStatus.PLANNED
            step.note = reason
            reset_step_reminders(
                step, load_template(step.case.plan_template).ladder, self.clock.now()
            )
            await step.save()
            await audit(
                "step-rescheduled",
                now=self.clock.now(),
                actor=by,
                case=step.case,
                step=step.id,
                old=old.isoformat(),
                new=step.due_on.isoformat(),
                reason=reason,
                before=before,
                after={"due_on": due_on, "status": step.status},
            )
        return step

    async def extend(
        self, case_id: int, months: int, *, by: Person, reason: str = "", override: bool = False
    ) -> Case:
        """Lengthen the period (an admin's decision); only future, unfinished steps move."""
        reason = reason.strip()
        await access.case_for(by, case_id, *policy.roles("extend"))
        async with in_transaction():
            case = await self.active_case(case_id)
            if months <= case.period_months:
                raise DomainError("error-extend-not-longer", months=case.period_months)
            if months > MAX_MONTHS:
                if not override or months > MAX_OVERRIDE_MONTHS:
                    raise DomainError("error-period-out-of-range", months=months)
                if not reason:
                    raise DomainError("error-override-reason-required")
            template = load_template(case.plan_template)
            today, now = self.today(), self.clock.now()
            # Days a leave added to the period stay added.
            leave_days = case.period_end - add_months(case.recalled_on, case.period_months)
            old_end = case.period_end
            new_end = add_months(case.recalled_on, months) + leave_days
            old_half = case.recalled_on + (old_end - case.recalled_on) / 2
            new_half = case.recalled_on + (new_end - case.recalled_on) / 2
            # Every open step tied to the end or the middle moves to its place in the new
            # period, even one due today or already overdue; what is done keeps its record.
            for step in await PlanStep.filter(case=case, status__in=OPEN_STEP_STATUSES):
                if step.anchor == "end":
                    shift = new_end - old_end
                elif step.anchor == "half":
                    shift = new_half - old_half
                else:
                    continue
                place_due(step, (step.planned_on or step.due_on) + shift, self.workdays)
                reset_step_reminders(step, template.ladder, now)
                await step.save()
            # A final assessment already made is history: the new period needs its own.
            reassess = (
                not await PlanStep.filter(
                    case=case, kind=StepKind.ASSESSMENT_FINAL, status__in=OPEN_STEP_STATUSES
                ).exists()
                and await PlanStep.filter(
                    case=case,
                    kind=StepKind.ASSESSMENT_FINAL,
                    status__in=(StepStatus.DONE, StepStatus.DONE_LATE),
                ).exists()
            )
            # Repeating steps get the occurrences past their old last date (not a copy of one
            # that was rescheduled away from its planned date).
            added = []
            for planned in template.steps(case.recalled_on, new_end, after=today):
                rule = template.repeating(planned.kind, planned.label)
                if (
                    planned.anchor == "start"
                    and rule is not None
                    and planned.due_on > old_end + timedelta(days=rule.until)
                ) or (reassess and planned.kind == StepKind.ASSESSMENT_FINAL):
                    added.append(planned)
            seq = await PlanStep.filter(case=case).count()
            for offset, planned in enumerate(added):
                step = new_step(case.id, seq + offset, planned, self.workdays)
                reset_step_reminders(step, template.ladder, now)
                await step.save()
            previous = case.period_months
            case.period_months, case.period_end = months, new_end
            await case.save(update_fields=["period_months", "period_end"])
            await audit(
                "case-extended",
                now=now,
                actor=by,
                case=case,
                months_from=previous,
                months_to=months,
                reason=reason,
                override=override,
                before={"period_months": previous, "period_end": old_end},
                after={"period_months": months, "period_end": new_end},
            )
            await self._tell_people(
                case,
                "case-extended-notice",
                months=months,
                end=new_end.isoformat(),
            )
        return case

    async def close(
        self,
        case_id: int,
        placement: Placement,
        disposition: Disposition | None = None,
        *,
        by: Person,
        closed_on: date | None = None,
        early_reason: str = "",
    ) -> Case:
        """Record the outcome; unfinished steps are waived as no longer needed. Before the
        decision's window opens (the end of the period), only an admin with a reason may."""
        now = self.clock.now()
        closed_on = closed_on or self.today_of(by)
        await access.case_for(by, case_id, *policy.roles("outcome"))
        async with in_transaction():
            case = await self.active_case(case_id)
            if closed_on < case.recalled_on:
                raise DomainError("error-closed-before-recall")
            decision = await self.guarded_step(
                case, StepKind.DECISION, closed_on, by=by, reason=early_reason
            )
            if decision is not None:
                await self.complete_step(decision, closed_on)
            await PlanStep.filter(case=case, status__in=OPEN_STEP_STATUSES).update(
                status=StepStatus.WAIVED, note=CLOSED_NOTE, remind_at=None
            )
            before = {"status": case.status, "placement": None, "disposition": None}
            case.status = CaseStatus.CLOSED
            case.placement = placement
            case.disposition = disposition
            case.closed_on = closed_on
            await case.save(update_fields=["status", "placement", "disposition", "closed_on"])
            await audit(
                "case-closed",
                now=now,
                actor=by,
                case=case,
                placement=placement,
                disposition=disposition,
                before=before,
                after={
                    "status": case.status,
                    "placement": placement,
                    "disposition": disposition,
                    "closed_on": closed_on,
                },
            )
            await self._tell_people(
                case,
                "case-closed-notice",
                placement=placement.value,
                disposition=disposition.value if disposition else "none",
            )
        return case

    async def _tell_people(self, case: Case, message: str, **params: Any) -> None:
        """Tell the cadre, mentors and supervisors of a case about a change."""
        now = self.clock.now()
        cadre = (await Person.get(id=case.cadre_id)).name  # the texts name the person, not an id
        people = {case.cadre_id: None}
        for assignment in await CaseAssignment.filter(case=case):
            people[assignment.person_id] = None
        for person in await Person.filter(id__in=list(people), telegram_id__not_isnull=True):
            await notify(
                person, message, now=now, case=case, case_id=case.id, cadre=cadre, **params
            )

    # Branch editcase3: an admin edits a case or reassigns its mentor (issue 10 point 15) --

    async def edit_preview(self, case_id: int, field: str, value: object, *, by: Person) -> Edit:
        """What saving the edit would change (before -> after), checked as the save checks
        it: an admin's action, an active case, a valid value, and a change at all."""
        case = await self._editable(case_id, by)
        return await self._edit_of(case, field, value)

    async def edit(self, case_id: int, field: str, value: object, *, by: Person) -> Edit:
        """Change one detail of an active case, or its mentors or supervisors (the people
        taken off lose access at once, the people put on are told, and after a change of
        mentor the cadre is told who the mentor is now); audited before -> after."""
        now = self.clock.now()
        async with in_transaction():
            case = await self._editable(case_id, by)
            change = await self._edit_of(case, field, value)
            assigned: list[tuple[int, int, Role]] = []
            taken_off: list[Person] = []
            if field in EDIT_ROLES:
                role = EDIT_ROLES[field]
                names = list(change.after) if isinstance(change.after, list) else []
                people = await access.assigned(case, role)
                roster = roster_change([p.name for p in people], names)
                gone = [p.id for p in people if p.name in roster.gone]
                await CaseAssignment.filter(case=case, role=role, person_id__in=gone).delete()
                taken_off = [
                    p
                    for p in people
                    if p.id in gone and p.telegram_id is not None and p.id != by.id
                ]
                assigned = await self._assign_all(case, role, roster.added)
            elif field == "unit":
                unit, _ = await Unit.get_or_create(name=str(change.after))
                case.unit = unit
                await case.save(update_fields=["unit_id"])
            else:
                setattr(case, field, change.after)
                await case.save(update_fields=[field])
            event = await audit(
                "case-edited",
                now=now,
                actor=by,
                case=case,
                field=field,
                before={field: change.before},
                after={field: change.after},
            )
            await drafts.remember("case-edit", event.id, now)  # a second Save: refused
            await tell_assigned(assigned, now, batch=f"edit-{event.id}", by=by)
            for person in taken_off:
                await notify(
                    person,
                    "case-unassigned",
                    now=now,
                    cadre=case.cadre.name,
                    unit=case.unit.name,
                    role=EDIT_ROLES[field].value,
                    event_id=event.id,
                )
            if field == "mentors":
                await self._tell_cadre_mentors(case, change, event.id)
        return change

    async def _editable(self, case_id: int, by: Person) -> Case:
        await access.case_for(by, case_id, *policy.roles("editcase"))
        case = await self.active_case(case_id)
        await case.fetch_related("cadre", "unit")
        return case

    async def edit_current(self, case_id: int, field: str, *, by: Person) -> EditValue:
        """The field of an editable case as it reads now."""
        return await self._value_of(await self._editable(case_id, by), field)

    async def _value_of(self, case: Case, field: str) -> EditValue:
        if field not in EDITABLE:
            raise DomainError("error-stale-button")
        if field in EDIT_ROLES:
            return sorted(p.name for p in await access.assigned(case, EDIT_ROLES[field]))
        if field == "unit":
            return case.unit.name
        if field == "rank":
            return Rank(case.rank).value
        if field == "principal":
            return bool(case.principal)
        return str(getattr(case, field))

    async def _edit_of(self, case: Case, field: str, value: object) -> Edit:
        before = await self._value_of(case, field)
        after: EditValue
        if field in EDIT_ROLES:
            typed = [str(n) for n in value] if isinstance(value, list) else []
            roster = roster_change(before if isinstance(before, list) else [], typed)
            after = roster.after
            if field == "mentors" and not after:
                raise DomainError("error-edit-mentor-required")
            for name in after:
                await namesake_for(name, EDIT_ROLES[field])  # an ambiguous name: say so
            unchanged = roster.unchanged
        elif field == "rank":
            after = str(value)
            if after not in {r.value for r in Rank}:
                raise DomainError("error-stale-button")
            unchanged = before == after
        elif field == "principal":
            after = bool(value)
            unchanged = before == after
        else:
            after = str(value).strip()
            if field == "unit" and not after:
                raise DomainError("error-unit-required")
            limit = EDIT_LIMITS[field]
            if len(after) > limit:
                raise DomainError("error-text-too-long", length=len(after), limit=limit)
            unchanged = before == after
        if unchanged:
            raise DomainError("error-edit-unchanged")
        return Edit(case.id, f"{case.cadre.name} · {case.unit.name}", field, before, after)

    async def _tell_cadre_mentors(self, case: Case, change: Edit, event_id: int) -> None:
        cadre = await Person.get(id=case.cadre_id)
        if cadre.telegram_id is None:
            return  # the cadre meets the mentor's name on joining (/plan)
        names = change.after if isinstance(change.after, list) else []
        await notify(
            cadre,
            "case-mentor-changed",
            now=self.clock.now(),
            case=case,
            case_id=case.id,
            event_id=event_id,
            mentor=i18n.join_names(names, i18n.normalize_locale(cadre.locale)),
        )


@dataclass(frozen=True)
class Progress:
    """Counts of a plan's steps as of a day; waived steps are not part of `total`."""

    done: int  # done or done late
    open: int
    overdue: int  # open and past the due date
    waived: int

    @property
    def total(self) -> int:
        return self.done + self.open

    @classmethod
    def of(cls, steps: Iterable[tuple[str, date]], today: date) -> Progress:
        """From (status, due date) pairs; a step whose record does not stand is not done."""
        done = open_ = overdue = waived = 0
        for status, due_on in steps:
            if status in (StepStatus.DONE, StepStatus.DONE_LATE):
                done += 1
            elif status == StepStatus.WAIVED:
                waived += 1
            else:
                open_ += 1
                if due_on < today and status in OPEN_STEP_STATUSES:
                    overdue += 1
        return cls(done, open_, overdue, waived)


async def progress(case: Case, today: date) -> Progress:
    return (await progress_of([case.id], today))[case.id]


PROGRESS_BATCH = 500  # cases per query: their steps stay well under the bound parameters' limit


async def progress_of(case_ids: Sequence[int], today: date) -> dict[int, Progress]:
    """progress() of many cases at once (a digest's, a list's): counted by the database, per
    500 cases, but for the few steps whose record does not stand, counted here as shown."""
    result: dict[int, Progress] = {}
    for start in range(0, len(case_ids), PROGRESS_BATCH):
        batch = list(case_ids[start : start + PROGRESS_BATCH])
        marks = await standing.unsettled_in(batch)
        counted = PlanStep.filter(case_id__in=batch)
        if marks:
            counted = counted.exclude(id__in=list(marks))
        rows = (
            await counted.annotate(
                steps=Count("id"),
                done=Count("id", _filter=Q(status__in=list(standing.DONE_STATUSES))),
                waived=Count("id", _filter=Q(status=StepStatus.WAIVED)),
                overdue=Count("id", _filter=Q(status__in=OPEN_STEP_STATUSES, due_on__lt=today)),
            )
            .group_by("case_id")
            .values("case_id", "steps", "done", "waived", "overdue")
        )
        tally = {case_id: Progress(0, 0, 0, 0) for case_id in batch}
        for row in rows:
            done, waived = int(row["done"]), int(row["waived"])
            open_ = int(row["steps"]) - done - waived
            tally[int(row["case_id"])] = Progress(done, open_, int(row["overdue"]), waived)
        marked = await PlanStep.filter(id__in=list(marks)).values_list(
            "id", "case_id", "status", "due_on"
        )
        for step_id, case_id, status, due_on in marked:
            one = Progress.of([(standing.shown(status, marks.get(step_id)), due_on)], today)
            was = tally[case_id]
            tally[case_id] = Progress(
                was.done + one.done,
                was.open + one.open,
                was.overdue + one.overdue,
                was.waived + one.waived,
            )
        result |= tally
    return result
