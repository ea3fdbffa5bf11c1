"""Reminders end to end: the real jobs, the real sender, the emulator, a clock moved in time."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest_asyncio

from bot.chat.app import RecallApplication
from bot.clock import ManualClock
from bot.devtools.emulator import BotApiEmulator
from bot.runner import ensure_first_admins
from bot.services.cases import NewCase
from bot.wiring import build_application
from models import Case, Notification
from models.enums import Rank, Role
from schedules import delivery, tick
from tests.casework import CADRE, MENTOR, SUPERVISOR, enrol
from tests.chat import ChatHarness
from tests.conftest import settings_for

SHANGHAI, BERLIN = ZoneInfo("Asia/Shanghai"), ZoneInfo("Europe/Berlin")


@asynccontextmanager
async def running(emu: BotApiEmulator, clock: ManualClock) -> AsyncIterator[RecallApplication]:
    """One life of the application (the database outlives it)."""
    app = build_application(settings_for(emu), clock)
    async with app:
        await ensure_first_admins(app)
        yield app


async def jobs(app: RecallApplication) -> None:
    while (await tick.run(app)).more:
        pass
    await delivery.run(app)


async def programme(chat: ChatHarness) -> Case:
    """A 6-month case; the supervisor reads in Berlin time."""
    case = await chat.app.services.cases.open(
        NewCase(
            "张伟",
            "青山县农业农村局",
            Rank.SECTION,
            "inaction",
            date(2026, 3, 2),
            6,
            mentors=["李老师"],
            supervisors=["王部长"],
        )
    )
    await enrol(chat, CADRE, Role.CADRE, "张伟", case_id=case.id)
    await enrol(chat, MENTOR, Role.MENTOR, "李老师")
    supervisor = await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长")
    supervisor.timezone = "Europe/Berlin"
    await supervisor.save()
    return case


def local_hours(emu: BotApiEmulator, chat_id: int, zone: ZoneInfo) -> list[datetime]:
    return [
        datetime.fromtimestamp(m.date, tz=UTC).astimezone(zone)
        for m in emu.sent(chat_id)
        if m.method == "sendMessage" or m.method == "sendPhoto"
    ]


@pytest_asyncio.fixture
async def emu(clock: ManualClock) -> AsyncIterator[BotApiEmulator]:
    """An emulator whose message dates follow the test's clock."""
    emulator = BotApiEmulator(clock=clock.now)
    await emulator.start()
    yield emulator
    await emulator.stop()
    assert emulator.violations == []


async def test_a_period_walked_hour_by_hour_sends_each_notice_once_in_working_hours(
    db: None, clock: ManualClock, emu: BotApiEmulator
) -> None:
    async with running(emu, clock) as app:
        chat = ChatHarness(emu, app, clock)
        case = await programme(chat)
        joined = {chat_id: len(emu.sent(chat_id)) for chat_id in (CADRE, MENTOR, SUPERVISOR)}
        end = datetime.combine(case.period_end + timedelta(days=20), datetime.min.time(), UTC)
        while clock.now() < end:
            clock.advance(hours=3)
            await jobs(app)
            await jobs(app)  # a second run in the same moment changes nothing
    # Everything was sent, but for reminders a later one overtook while they waited.
    sent = await Notification.filter(status="sent").count()
    dropped = await Notification.filter(status="dropped").values_list("last_error", flat=True)
    assert all("overtaken" in reason for reason in dropped)
    assert sent + len(dropped) == await Notification.all().count() and sent > 30
    texts = Counter(
        (m.chat_id, m.text)
        for chat_id in (CADRE, MENTOR, SUPERVISOR)
        for m in emu.sent(chat_id)[joined[chat_id] :]
        if m.method == "sendMessage"
    )
    assert max(texts.values()) == 1, "a notice arrived twice"
    for chat_id, zone in ((CADRE, SHANGHAI), (MENTOR, SHANGHAI), (SUPERVISOR, BERLIN)):
        hours = local_hours(emu, chat_id, zone)[joined[chat_id] :]
        assert hours, chat_id
        assert all(8 <= moment.hour < 21 for moment in hours), (chat_id, hours)
    # The first reminder of the plan: 3 days before acknowledging is due is the recall day
    # itself (already past at opening), so the due-day reminder comes first, at 09:00.
    cadre_days = [m.date() for m in local_hours(emu, CADRE, SHANGHAI)[joined[CADRE] + 1 :]]
    assert cadre_days[0] == date(2026, 3, 5)  # after the summary sent on joining


async def test_a_restart_sends_what_was_missed_once_and_nothing_twice(
    db: None, clock: ManualClock, emu: BotApiEmulator
) -> None:
    async with running(emu, clock) as app:
        chat = ChatHarness(emu, app, clock)
        case = await programme(chat)
        clock.advance(days=3)  # the acknowledgement is due today, 09:30
        await tick.run(app)  # written to the outbox ...
    # ... and the application stops before sending it. It is down for five days.
    pending = await Notification.filter(status="pending").values_list("message", flat=True)
    assert sorted(pending) == ["digest", "join-summary", "reminder-step-due"]
    clock.advance(days=5)
    async with running(emu, clock) as app:
        cadre_before, supervisor_before = len(emu.sent(CADRE)), len(emu.sent(SUPERVISOR))
        await jobs(app)
        await jobs(app)
        clock.advance(hours=8)  # it is night in Berlin: the supervisor's alert waits
        await jobs(app)
        to_cadre = [m.text or "" for m in emu.sent(CADRE)[cadre_before:]]
        to_supervisor = [m.text or "" for m in emu.sent(SUPERVISOR)[supervisor_before:]]
        clock.advance(days=2)  # 7 days overdue: the next stage, once
        await jobs(app)
        await jobs(app)
        later = [m.text or "" for m in emu.sent(SUPERVISOR)[supervisor_before:]]
    # The cadre gets one message: the summary from joining and, instead of the stale
    # "due today" written before the stop, the latest stage meant for them, counted now.
    assert len(to_cadre) == 1
    assert "您有 2 项提醒" in to_cadre[0] and "已逾期 5 天" in to_cadre[0]
    assert "今天到期" not in to_cadre[0]
    held = await Notification.get(message="reminder-step-due", key__contains="stage:1")
    assert held.status == "dropped" and "overtaken" in held.last_error
    # Of the stages missed while down, the supervisor gets only the latest one meant for
    # them (3 days overdue), saying how late the step is now (5 days).
    alerts = [text for text in to_supervisor if text.startswith("⚠️")]
    assert len(alerts) == 1 and "逾期 5 天" in alerts[0]
    # Two digests: the one written before the stop, and Monday's, missed while down.
    digests = [text for text in to_supervisor if "每周摘要" in text]
    assert len(digests) == 2 and "2026年3月2日 至 2026年3月9日" in digests[1]
    assert sum("逾期 7 天" in text for text in later) == 1
    assert await Notification.filter(status="pending").count() == 0
    sent_or_dropped = await Notification.filter(
        case_id=case.id, status__in=("sent", "dropped")
    ).count()
    assert sent_or_dropped == len(await Notification.filter(case_id=case.id))


async def test_the_cadre_reads_about_their_own_step_the_mentor_about_the_cadre(
    chat: ChatHarness,
) -> None:
    from tests.casework import world

    await world(chat, "en")
    chat.clock.advance(days=4)  # the acknowledgement is 1 day overdue: cadre and mentor told
    await jobs(chat.app)
    to_cadre, to_mentor = chat.emu.last(CADRE).text or "", chat.emu.last(MENTOR).text or ""
    assert "Overdue by 1 day: “Acknowledge the plan”" in to_cadre
    assert "张伟" not in to_cadre
    assert "张伟" in to_mentor


async def test_rescheduling_and_waiving_change_the_reminders_that_arrive(
    chat: ChatHarness,
) -> None:
    from models import Person, PlanStep
    from models.enums import StepKind
    from tests.casework import world

    w = await world(chat)
    supervisor = await Person.get(name="王部长")
    services = chat.app.services.cases
    acknowledge = await PlanStep.get(case=w.case, kind=StepKind.ACKNOWLEDGE)
    await services.reschedule_step(acknowledge.id, date(2026, 3, 10), "出差", by=supervisor)
    reflection = await PlanStep.filter(case=w.case, kind=StepKind.REFLECTION).first()
    assert reflection is not None
    await services.waive_step(reflection.id, "住院", by=supervisor)
    received: dict[date, list[str]] = {}
    for _day in range(20):
        chat.clock.advance(days=1)
        before = len(chat.emu.sent(CADRE))
        await jobs(chat.app)
        today = chat.clock.now().astimezone(SHANGHAI).date()
        received[today] = [m.text or "" for m in chat.emu.sent(CADRE)[before:]]
    due_days = [
        day
        for day, texts in received.items()
        if any("今天到期" in t and "确认管理计划" in t for t in texts)
    ]
    assert due_days == [date(2026, 3, 10)]  # not the original 5 March
    everything = "\n".join(t for texts in received.values() for t in texts)
    assert "思想汇报" not in everything  # the waived reflection is not reminded
