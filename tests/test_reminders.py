"""The tick: the escalation ladder walked through time, catch-up, changes, holidays, outcome."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.services.cases import CaseService
from bot.services.ladder import REMINDER_HOUR
from bot.services.plans import load_template
from bot.services.reminders import ReminderService
from bot.services.working_time import in_quiet_hours
from models import Case, Notification, Person, PlanStep, RoleGrant
from models.enums import Placement, Role, StepKind, StepStatus
from tests.casework import new_case

SHANGHAI = ZoneInfo("Asia/Shanghai")
LADDER = load_template().ladder


async def open_case(
    clock: ManualClock,
    *,
    months: int = 6,
    cadre: str = "张伟",
    mentor: str = "李老师",
    supervisor: str = "王部长",
    recalled_on: date = date(2026, 3, 2),
    supervisor_zone: str | None = None,
) -> Case:
    """A case whose people have all joined the bot; an admin exists too."""
    data = new_case(
        cadre,
        recalled_on=recalled_on,
        period_months=months,
        mentors=[mentor],
        supervisors=[supervisor],
        cohort="",
    )
    case = await CaseService(clock).open(data)
    for person in await Person.filter(telegram_id__isnull=True):
        person.telegram_id = 10_000 + person.id
        if person.name == supervisor:
            person.timezone = supervisor_zone
        await person.save()
    if not await RoleGrant.exists(role=Role.ADMIN):
        admin = await Person.create(name="组织部小刘", telegram_id=1000, created_at=clock.now())
        await RoleGrant.create(person=admin, role=Role.ADMIN)
    return case


async def person(name: str) -> Person:
    return await Person.get(name=name)


async def admin() -> Person:
    return await Person.get(name="组织部小刘")


def local_day(moment: datetime, zone: ZoneInfo = SHANGHAI) -> date:
    return moment.astimezone(zone).date()


async def walk(service: ReminderService, clock: ManualClock, until: datetime, hours: int) -> None:
    """Move time in steps, running the tick twice at each step (a repeated run is harmless)."""
    while clock.now() < until:
        clock.advance(hours=hours)
        await service.tick(clock.now())
        await service.tick(clock.now())


async def step_notes(step: PlanStep) -> list[Notification]:
    return await Notification.filter(key__startswith=f"step:{step.id}:").order_by("id")


async def test_six_month_case_walked_through_time(db: None, clock: ManualClock) -> None:
    case = await open_case(clock, supervisor_zone="Europe/Berlin")
    cadre, mentor, supervisor = [await person(n) for n in ("张伟", "李老师", "王部长")]
    people = {"cadre": [cadre.id], "mentor": [mentor.id], "supervisor": [supervisor.id]}
    opened = clock.now()
    service = ReminderService(clock)
    end = datetime(2026, 10, 10, 12, tzinfo=SHANGHAI)
    await walk(service, clock, end, hours=6)

    expected: dict[tuple[int, str], date] = {}
    for step in await PlanStep.filter(case=case):
        for index, stage in enumerate(LADDER):
            day = step.due_on + timedelta(days=stage.days)
            if datetime.combine(day, time(REMINDER_HOUR), SHANGHAI) <= opened:
                continue  # already past when the case was opened
            for name in stage.to:
                role = step.responsible if name == "responsible" else name
                for pid in people[role]:
                    expected[(step.id, f"stage:{index}:to:{pid}")] = day
    decision = await PlanStep.get(case=case, kind=StepKind.DECISION)
    for repeat in (1, 2):  # the outcome is still missing: 7 and 14 days after the last stage
        day = decision.due_on + timedelta(days=LADDER[-1].days + 7 * repeat)
        for pid in (supervisor.id, (await admin()).id):
            expected[(decision.id, f"repeat:{repeat}:to:{pid}")] = day

    notes = await Notification.filter(key__startswith="step:").prefetch_related("person")
    seen: dict[tuple[int, str], date] = {}
    for note in notes:
        _, step_id, _, _, rest = note.key.split(":", 4)
        assert (int(step_id), rest) not in seen, note.key
        seen[(int(step_id), rest)] = local_day(note.created_at)
        zone = ZoneInfo(note.person.timezone or "Asia/Shanghai")
        assert note.not_before >= note.created_at
        assert not in_quiet_hours(note.not_before.astimezone(zone).time(), time(21), time(8))
    assert seen == expected
    # Each reader's copy waits for the reminder hour in their own zone, not Beijing's.
    berlin = [n for n in notes if n.person_id == supervisor.id]
    assert berlin and all(
        n.not_before.astimezone(ZoneInfo("Europe/Berlin")).hour == REMINDER_HOUR for n in berlin
    )

    # The right texts: own reminders before and on the day, alerts to others after.
    talk = await PlanStep.filter(case=case, kind=StepKind.TALK).order_by("due_on").first()
    assert talk is not None
    messages = [(n.person_id, n.message) for n in await step_notes(talk)]
    assert messages == [
        (mentor.id, "reminder-step-upcoming"),
        (mentor.id, "reminder-step-due"),
        (mentor.id, "reminder-step-overdue"),
        (supervisor.id, "alert-step-overdue"),
        (supervisor.id, "alert-case-status"),
    ]
    status = (await step_notes(talk))[-1].params
    assert status["days"] == 7 and status["total"] == status["open"] >= status["overdue"] > 0
    assert await PlanStep.filter(case=case, status=StepStatus.OVERDUE).count() == (
        await PlanStep.filter(case=case).count()
    )


async def test_catch_up_after_downtime_sends_the_missed_stage_once(
    db: None, clock: ManualClock
) -> None:
    case = await open_case(clock)
    service = ReminderService(clock)
    await service.tick(clock.now())
    before = await Notification.filter(key__startswith="step:").count()
    # Down for ten days: the first talk (due 9 March) passed four of its stages meanwhile.
    clock.set(datetime(2026, 3, 12, 10, tzinfo=SHANGHAI))
    report = await service.tick(clock.now())
    await service.tick(clock.now())
    talk = await PlanStep.get(case=case, kind=StepKind.TALK, due_on=date(2026, 3, 9))
    notes = await step_notes(talk)
    # Each reader gets the latest missed stage meant for them, not the whole backlog: the
    # mentor (responsible) the day-after reminder, the supervisor the 3-days-overdue alert.
    assert [(n.message, n.key.split(":")[5]) for n in notes] == [
        ("reminder-step-overdue", "2"),
        ("alert-step-overdue", "3"),
    ]
    readers: dict[tuple[str, int], int] = {}
    for note in await Notification.filter(key__startswith="step:"):
        slot = (note.key.split(":stage:")[0], note.person_id)
        readers[slot] = readers.get(slot, 0) + 1
    assert max(readers.values()) == 1
    # The acknowledgement (due 5 March) tells its cadre and mentor (1 day late) and its
    # supervisor (7 days, with the case status); the talk its mentor and supervisor.
    assert await Notification.filter(key__startswith="step:").count() - before == 5
    assert report.notifications == 5 and report.digests == 1
    # The next stage follows on its own day, as usual.
    await walk(service, clock, datetime(2026, 3, 16, 10, tzinfo=SHANGHAI), hours=24)
    assert [n.message for n in await step_notes(talk)] == [
        "reminder-step-overdue",
        "alert-step-overdue",
        "alert-case-status",
    ]


async def test_waive_reschedule_and_extend_change_the_reminders(
    db: None, clock: ManualClock
) -> None:
    case = await open_case(clock, months=3)
    boss = await admin()
    cases = CaseService(clock)
    service = ReminderService(clock)
    training = await PlanStep.get(case=case, kind=StepKind.TRAINING)
    talk = await PlanStep.get(case=case, kind=StepKind.TALK, due_on=date(2026, 3, 9))
    final = await PlanStep.get(case=case, kind=StepKind.ASSESSMENT_FINAL)
    await cases.waive_step(training.id, "已参加市委党校同类培训", by=boss)
    await walk(service, clock, datetime(2026, 3, 6, 10, tzinfo=SHANGHAI), hours=24)
    assert [n.message for n in await step_notes(talk)] == ["reminder-step-upcoming"]
    await cases.reschedule_step(talk.id, date(2026, 3, 20), "帮带人出差", by=boss)
    await cases.extend(case.id, 5, by=boss)
    await walk(service, clock, datetime(2026, 8, 3, 10, tzinfo=SHANGHAI), hours=24)

    assert await step_notes(training) == []
    talk_days = [local_day(n.created_at) for n in await step_notes(talk)]
    assert talk_days == [
        date(2026, 3, 6),  # for the old due date, before the change
        date(2026, 3, 17),
        date(2026, 3, 20),
        date(2026, 3, 21),
        date(2026, 3, 23),
        date(2026, 3, 27),
    ]
    final = await PlanStep.get(id=final.id)
    assert final.due_on == date(2026, 8, 2)
    days = sorted({local_day(n.created_at) for n in await step_notes(final)})
    assert days == [date(2026, 7, 30), date(2026, 8, 2), date(2026, 8, 3)]


async def test_holidays_push_reminders_to_the_next_working_day(
    db: None, clock: ManualClock
) -> None:
    # A reflection due on 4 October 2026 (National Day holidays, 1–7 October).
    clock.set(datetime(2026, 9, 20, 9, 30, tzinfo=SHANGHAI))
    case = await open_case(clock, recalled_on=date(2026, 9, 20), months=3)
    reflection = await PlanStep.get(case=case, kind=StepKind.REFLECTION, due_on=date(2026, 10, 4))
    service = ReminderService(clock, skip_holidays=True)
    await walk(service, clock, datetime(2026, 10, 12, 10, tzinfo=SHANGHAI), hours=24)
    sent = {
        local_day(n.created_at): n.not_before.astimezone(SHANGHAI)
        for n in await step_notes(reflection)
        if n.person_id == (await person("张伟")).id
    }
    first_working_day = datetime(2026, 10, 8, 8, tzinfo=SHANGHAI)
    assert sent == {
        date(2026, 10, 1): first_working_day,  # queued in the holidays, held until they end
        date(2026, 10, 4): first_working_day,
        date(2026, 10, 5): first_working_day,
    }


async def test_missing_outcome_keeps_escalating_until_the_case_is_closed(
    db: None, clock: ManualClock
) -> None:
    case = await open_case(clock, months=3)
    supervisor, boss = await person("王部长"), await admin()
    service = ReminderService(clock)
    await walk(service, clock, datetime(2026, 7, 8, 10, tzinfo=SHANGHAI), hours=24)
    final = await PlanStep.get(case=case, kind=StepKind.ASSESSMENT_FINAL)
    assert ("reminder-step-due", supervisor.id, date(2026, 6, 2)) in [
        (n.message, n.person_id, local_day(n.created_at)) for n in await step_notes(final)
    ]
    decision = await PlanStep.get(case=case, kind=StepKind.DECISION)
    repeats = [n for n in await step_notes(decision) if n.message == "alert-outcome-missing"]
    assert sorted((local_day(n.created_at), n.person_id) for n in repeats) == [
        (date(2026, 6, 30), supervisor.id),
        (date(2026, 6, 30), boss.id),
        (date(2026, 7, 7), supervisor.id),
        (date(2026, 7, 7), boss.id),
    ]
    assert {n.params["repeat"] for n in repeats} == {1, 2}
    await CaseService(clock).close(case.id, Placement.ORIGINAL_UNIT, by=boss)
    count = await Notification.filter(key__startswith="step:").count()
    await walk(service, clock, datetime(2026, 8, 1, 10, tzinfo=SHANGHAI), hours=24)
    assert await Notification.filter(key__startswith="step:").count() == count


async def test_people_who_have_not_joined_get_nothing_and_it_is_recorded(
    db: None, clock: ManualClock
) -> None:
    case = await open_case(clock)
    await Person.filter(name="张伟").update(telegram_id=None)
    service = ReminderService(clock)
    await walk(service, clock, datetime(2026, 3, 10, 10, tzinfo=SHANGHAI), hours=24)
    cadre = await person("张伟")
    kept = await Notification.filter(person=cadre)
    assert kept and all(n.status == "dropped" for n in kept)
    assert {n.last_error for n in kept} == {"not joined yet"}
    assert await Notification.filter(case=case, status="pending").exists()


async def test_a_finished_step_left_with_a_reminder_is_cleared(
    db: None, clock: ManualClock
) -> None:
    case = await open_case(clock)
    talk = await PlanStep.get(case=case, kind=StepKind.TALK, due_on=date(2026, 3, 9))
    await PlanStep.filter(id=talk.id).update(status=StepStatus.DONE)  # remind_at left behind
    await walk(ReminderService(clock), clock, datetime(2026, 3, 7, 10, tzinfo=SHANGHAI), 24)
    assert await step_notes(talk) == []
    assert (await PlanStep.get(id=talk.id)).remind_at is None
