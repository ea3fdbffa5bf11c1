"""Leave of absence: the rules of the service, and the tick that stays silent during a leave."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import ManualClock
from bot.services import readiness
from bot.services.cases import CaseService
from bot.services.errors import DomainError
from bot.services.leaves import LeaveRequest, LeaveService
from bot.services.reminders import ReminderService
from models import AuditEvent, Case, Leave, Notification, Person, PlanStep
from models.enums import LeaveKind, Placement, StepKind
from tests.test_reminders import admin, open_case

SHANGHAI = ZoneInfo("Asia/Shanghai")
SICK = LeaveKind.SICK


def request(
    start: date, end: date, *, extend: bool = False, reason: str = "住院治疗"
) -> LeaveRequest:
    return LeaveRequest(SICK, start, end, reason, extend)


async def dues(case: Case) -> dict[tuple[str, str, int], date]:
    """Each open step's due date, by kind, label and occurrence."""
    seen: dict[tuple[str, str], int] = {}
    result = {}
    for step in await PlanStep.filter(case=case).order_by("seq"):
        n = seen[(step.kind, step.label)] = seen.get((step.kind, step.label), 0) + 1
        result[(str(step.kind), step.label, n)] = step.due_on
    return result


async def test_steps_due_inside_move_to_after_it(db: None, clock: ManualClock) -> None:
    case = await open_case(clock, months=3)
    before = await dues(case)
    service = LeaveService(clock)
    leave = await service.record(
        case.id, request(date(2026, 3, 8), date(2026, 3, 17)), by=await admin()
    )
    after = await dues(case)
    moved = {key for key in before if before[key] != after[key]}
    # The first talk (9 March), the training and the first reflection (16 March).
    assert moved == {("talk", "", 1), ("training", "", 1), ("reflection", "", 1)}
    assert all(after[key] == date(2026, 3, 18) for key in moved)
    assert (await Case.get(id=case.id)).period_end == date(2026, 6, 2)  # not extended
    event = await AuditEvent.get(action="leave-recorded")
    assert event.details["leave"] == leave.id and event.details["start"] == "2026-03-08"
    cadre = await Person.get(id=case.cadre_id)
    notice = await Notification.get(person=cadre, message="leave-recorded-notice")
    assert notice.params["leave_kind"] == "sick" and notice.params["extended"] == "no"


async def test_extending_moves_the_rest_of_the_plan(db: None, clock: ManualClock) -> None:
    case = await open_case(clock, months=3)
    before = await dues(case)
    service = LeaveService(clock)
    leave = await service.record(
        case.id, request(date(2026, 3, 8), date(2026, 3, 17), extend=True), by=await admin()
    )
    after = await dues(case)
    assert (await Case.get(id=case.id)).period_end == date(2026, 6, 12)
    for key, due in before.items():
        expected = due + timedelta(days=10) if due >= date(2026, 3, 8) else due
        assert after[key] == expected, key
    # Ended early: back on the 13th, so five days of leave; the period gives five back.
    await service.end_early(leave.id, date(2026, 3, 12), by=await admin())
    case = await Case.get(id=case.id)
    assert case.period_end == date(2026, 6, 7)
    final = await dues(case)
    assert final[("assessment_final", "", 1)] == date(2026, 6, 7)
    assert final[("talk", "", 1)] == date(2026, 3, 14)  # 9 March + 10 - 5
    assert (await Leave.get(id=leave.id)).ends_on == date(2026, 3, 12)
    assert await AuditEvent.filter(action="leave-corrected").count() == 1
    # An extension by months later keeps the leave's days.
    extended = await CaseService(clock).extend(case.id, 4, by=await admin())
    assert extended.period_end == date(2026, 7, 7)


async def test_bad_leaves_are_refused_and_change_nothing(db: None, clock: ManualClock) -> None:
    case = await open_case(clock, months=3)
    service = LeaveService(clock)
    by = await admin()
    await service.record(case.id, request(date(2026, 4, 1), date(2026, 4, 10)), by=by)
    before = await dues(case)
    cases = [
        (request(date(2026, 3, 20), date(2026, 3, 19)), "leave-error-end-before-start"),
        (request(date(2026, 2, 20), date(2026, 3, 3)), "leave-error-outside-period"),
        (request(date(2026, 5, 30), date(2026, 6, 3)), "leave-error-outside-period"),
        (request(date(2026, 4, 10), date(2026, 4, 12)), "leave-error-overlap"),
        (request(date(2026, 3, 25), date(2026, 4, 2)), "leave-error-overlap"),
        (request(date(2026, 5, 1), date(2026, 5, 2), reason="  "), "error-text-required"),
    ]
    for bad, key in cases:
        with pytest.raises(DomainError) as refused:
            await service.record(case.id, bad, by=by)
        assert refused.value.key == key, bad
    assert await Leave.all().count() == 1 and await dues(case) == before
    leave = await Leave.get()
    with pytest.raises(DomainError) as refused:
        await service.end_early(leave.id, date(2026, 4, 10), by=by)
    assert refused.value.key == "leave-error-not-earlier"
    # Only an admin or the case's supervisor; not a mentor, not a closed case.
    mentor = await Person.get(name="李老师")
    with pytest.raises(DomainError) as refused:
        await service.record(case.id, request(date(2026, 5, 1), date(2026, 5, 2)), by=mentor)
    assert refused.value.key == "error-not-allowed"
    other = await open_case(clock, cadre="赵敏", mentor="陈老师", supervisor="赵部长")
    stranger = await Person.get(name="赵部长")
    with pytest.raises(DomainError) as refused:
        await service.record(case.id, request(date(2026, 5, 1), date(2026, 5, 2)), by=stranger)
    assert refused.value.key == "error-case-not-found"
    await service.record(other.id, request(date(2026, 5, 1), date(2026, 5, 2)), by=stranger)
    await CaseService(clock).close(
        other.id, Placement.ORIGINAL_UNIT, by=by, early_reason="调任，提前结束"
    )
    with pytest.raises(DomainError) as refused:
        await service.record(other.id, request(date(2026, 5, 10), date(2026, 5, 12)), by=by)
    assert refused.value.key == "error-case-closed"


def at(day: date, hour: int = 9, minute: int = 30) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI).astimezone(UTC)


async def step_notices(case: Case) -> list[Notification]:
    return await Notification.filter(case=case, message__in=_STEP_MESSAGES).order_by("id")


_STEP_MESSAGES = (
    "reminder-step-upcoming",
    "reminder-step-due",
    "reminder-step-overdue",
    "alert-step-due",
    "alert-step-overdue",
    "alert-case-status",
)


async def test_nothing_is_sent_during_a_leave_and_the_ladder_resumes(
    db: None, clock: ManualClock
) -> None:
    case = await open_case(clock, months=3)
    reminders = ReminderService(clock)
    clock.set(at(date(2026, 3, 6)))  # the acknowledgement (due 5 March) is a day overdue
    await reminders.tick()
    sent_before = len(await step_notices(case))
    assert sent_before > 0
    # Sick from 7 to 15 March: the talk of 9 March moves to the 16th.
    await LeaveService(clock).record(
        case.id, request(date(2026, 3, 7), date(2026, 3, 15)), by=await admin()
    )
    talk = await PlanStep.filter(case=case, kind=StepKind.TALK).order_by("due_on").first()
    assert talk is not None and talk.due_on == date(2026, 3, 16)
    day = date(2026, 3, 7)
    while day <= date(2026, 3, 15):
        for hour in (9, 15):
            clock.set(at(day, hour))
            await reminders.tick()
        day += timedelta(days=1)
    assert len(await step_notices(case)) == sent_before  # silence, though escalation was due
    # The day after, the ladder goes on: the overdue acknowledgement, the talk moved to today
    # (and the training and reflection due today anyway).
    clock.set(at(date(2026, 3, 16)))
    await reminders.tick()
    resumed = (await step_notices(case))[sent_before:]
    steps = {n.params["step"] for n in resumed}
    assert steps == {"acknowledge", "talk", "training", "reflection"}
    # Readiness counts the leave, and no overdue day of it.
    summary = await readiness.summary(
        await Case.get(id=case.id), date(2026, 3, 16), "Asia/Shanghai"
    )
    assert summary.days_on_leave == 9
    assert summary.days_overdue == (16 - 5) - 9


async def test_the_audit_says_what_a_correction_changed(db: None, clock: ManualClock) -> None:
    case = await open_case(clock, months=3)
    service = LeaveService(clock)
    by = await admin()
    leave = await service.record(
        case.id, request(date(2026, 3, 8), date(2026, 3, 17), extend=True), by=by
    )
    recorded = await AuditEvent.get(action="leave-recorded")
    assert recorded.details["before"]["period_end"] == "2026-06-02"
    assert recorded.details["after"]["period_end"] == "2026-06-12"
    assert recorded.details["after"]["ends_on"] == "2026-03-17"
    await service.end_early(leave.id, date(2026, 3, 12), by=by)
    corrected = await AuditEvent.get(action="leave-corrected")
    assert corrected.details["before"] == {"ends_on": "2026-03-17", "period_end": "2026-06-12"}
    assert corrected.details["after"] == {"ends_on": "2026-03-12", "period_end": "2026-06-07"}
