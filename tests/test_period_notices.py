"""Reminders as people receive them, off the happy path: readers in other zones, messages
held over a holiday, several reminders at once, people who join late.

The real jobs, the real sender and the emulator, with the clock moved in small steps.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest_asyncio

from bot.chat.app import RecallApplication
from bot.clock import ManualClock
from bot.devtools.emulator import BotApiEmulator
from bot.devtools.emulator.server import SentMessage
from bot.runner import ensure_first_admins
from bot.services.ladder import reset_step_reminders
from bot.services.plans import load_template
from bot.services.working_time import is_workday
from bot.wiring import build_application
from models import Case, Notification, Person, PlanStep
from models.enums import Role, StepKind
from schedules import delivery, tick
from tests.casework import CADRE, MENTOR, SUPERVISOR, enrol, new_case
from tests.chat import ChatHarness, button_data
from tests.conftest import settings_for

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest_asyncio.fixture
async def emu(clock: ManualClock) -> AsyncIterator[BotApiEmulator]:
    """An emulator whose message dates follow the test's clock."""
    emulator = BotApiEmulator(clock=clock.now)
    await emulator.start()
    yield emulator
    await emulator.stop()
    assert emulator.violations == []


@asynccontextmanager
async def running(
    emu: BotApiEmulator, clock: ManualClock, **settings: object
) -> AsyncIterator[ChatHarness]:
    app: RecallApplication = build_application(settings_for(emu, **settings), clock)
    async with app:
        await ensure_first_admins(app)
        yield ChatHarness(emu, app, clock)


async def jobs(app: RecallApplication) -> None:
    while (await tick.run(app)).more:
        pass
    await delivery.run(app)


async def walk(chat: ChatHarness, until: datetime, minutes: int = 30) -> None:
    while chat.clock.now() < until:
        chat.clock.advance(minutes=minutes)
        await jobs(chat.app)


def received(emu: BotApiEmulator, chat_id: int, after: int = 0) -> list[SentMessage]:
    return [m for m in emu.sent(chat_id)[after:] if m.method == "sendMessage"]


def local(message: SentMessage, zone: ZoneInfo) -> datetime:
    return datetime.fromtimestamp(message.date, tz=UTC).astimezone(zone)


async def programme(chat: ChatHarness, recalled_on: date, language: str = "zh-hans") -> Case:
    case = await chat.app.services.cases.open(new_case(recalled_on=recalled_on))
    await enrol(chat, CADRE, Role.CADRE, "张伟", language, case_id=case.id)
    await enrol(chat, MENTOR, Role.MENTOR, "李老师", language)
    await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长", language)
    return case


async def move_step(step: PlanStep, due_on: date, now: datetime) -> None:
    """A step of a plan made earlier, due on `due_on` (as the plan once said)."""
    step.due_on = due_on
    reset_step_reminders(step, load_template().ladder, now)
    await step.save()


# Point 2: reminders follow the reader's clock ------------------------------------------


async def test_due_today_reaches_a_reader_in_los_angeles_on_the_day_in_english(
    db: None, clock: ManualClock, emu: BotApiEmulator
) -> None:
    async with running(emu, clock) as chat:
        await programme(chat, date(2026, 3, 2), "en")
        cadre = await Person.get(telegram_id=CADRE)
        cadre.timezone = "America/Los_Angeles"
        await cadre.save()
        joined = len(emu.sent(CADRE))
        await walk(chat, datetime(2026, 3, 7, tzinfo=UTC))
        la = ZoneInfo("America/Los_Angeles")
        about = [
            m for m in received(emu, CADRE, joined) if "Acknowledge the plan" in (m.text or "")
        ]
        due = [m for m in about if "Due today" in (m.text or "")]
        # The acknowledgement is due on 5 March: "due today" comes on 5 March at 09:00 in
        # Los Angeles, not at 17:30 on the 4th (09:00 in Beijing).
        assert [local(m, la).date() for m in due] == [date(2026, 3, 5)]
        assert local(due[0], la).hour == 9
        overdue = [m for m in about if "Overdue by 1 day" in (m.text or "")]
        assert [local(m, la).date() for m in overdue] == [date(2026, 3, 6)]
        # The mentor in Beijing is told on Beijing's day.
        mentor = [m for m in received(emu, MENTOR) if "Acknowledge the plan" in (m.text or "")]
        assert [local(m, SHANGHAI).date() for m in mentor] == [date(2026, 3, 6)]


async def test_the_day_count_is_the_one_true_when_sent(
    db: None, clock: ManualClock, emu: BotApiEmulator
) -> None:
    """A reminder held for the reader's working hours counts days when it goes out."""
    async with running(emu, clock) as chat:
        case = await programme(chat, date(2026, 3, 2))
        supervisor = await Person.get(telegram_id=SUPERVISOR)
        supervisor.timezone = "Pacific/Honolulu"  # 18 hours behind Beijing
        await supervisor.save()
        before = len(emu.sent(SUPERVISOR))
        await walk(chat, datetime(2026, 3, 11, 12, tzinfo=UTC), minutes=60)
        honolulu = ZoneInfo("Pacific/Honolulu")
        alerts = [
            m
            for m in received(emu, SUPERVISOR, before)
            if "确认管理计划" in (m.text or "")
            and "逾期" in (m.text or "")
            and not (m.text or "").startswith("📋")  # a digest lists it too
        ]
        assert alerts, "the supervisor was alerted"
        for message in alerts:
            day = local(message, honolulu).date()
            days = (day - date(2026, 3, 5)).days
            assert f"已逾期 {days} 天" in (message.text or ""), (day, message.text)
            assert 8 <= local(message, honolulu).hour < 21
        assert case.id


# Point 3: held reminders collapse to the one still true --------------------------------


async def test_a_holiday_releases_one_true_reminder_per_person_not_a_burst(
    db: None, clock: ManualClock, emu: BotApiEmulator
) -> None:
    clock.set(datetime(2026, 9, 21, 10, tzinfo=SHANGHAI))
    async with running(emu, clock, skip_holidays=True) as chat:
        case = await programme(chat, date(2026, 9, 21))
        report = await PlanStep.filter(case=case, kind=StepKind.REFLECTION).order_by("due_on")
        await move_step(report[0], date(2026, 10, 4), clock.now())  # a Sunday in the holiday
        counts = {uid: len(emu.sent(uid)) for uid in (CADRE, MENTOR, SUPERVISOR)}
        await walk(chat, datetime(2026, 10, 9, 12, tzinfo=SHANGHAI), minutes=60)
        texts = {
            uid: [
                m
                for m in received(emu, uid, counts[uid])
                if "思想汇报" in (m.text or "") and not (m.text or "").startswith("📋")
            ]
            for uid in counts
        }
        for uid, messages in texts.items():
            assert len(messages) == 1, (uid, [m.text for m in messages])
            message = messages[0]
            sent_on = local(message, SHANGHAI)
            assert sent_on.date() == date(2026, 10, 8) and is_workday(sent_on.date())
            assert "逾期 4 天" in (message.text or "")
            assert "还有" not in (message.text or "") and "今天到期" not in (message.text or "")
        dropped = await Notification.filter(step_id=report[0].id, status="dropped")
        assert len(dropped) == 2  # the cadre's "in 3 days" and "due today"
        assert all("overtaken" in n.last_error for n in dropped)


async def test_a_reminder_for_a_step_done_meanwhile_is_dropped(
    db: None, clock: ManualClock, emu: BotApiEmulator
) -> None:
    async with running(emu, clock) as chat:
        case = await programme(chat, date(2026, 3, 2))
        clock.set(datetime(2026, 3, 5, 7, 0, tzinfo=SHANGHAI))  # before working hours
        await jobs(chat.app)  # the due-day reminder is written, held until 09:00
        held = await Notification.get(message="reminder-step-due")
        assert held.status == "pending"
        cadre = await Person.get(telegram_id=CADRE)
        await chat.app.services.cases.acknowledge(case, cadre)
        before = len(emu.sent(CADRE))
        await walk(chat, datetime(2026, 3, 5, 12, tzinfo=SHANGHAI))
        assert not [m for m in received(emu, CADRE, before) if "确认管理计划" in (m.text or "")]
        await held.refresh_from_db()
        assert held.status == "dropped" and "done" in held.last_error


async def test_several_reminders_at_once_are_one_message_with_their_buttons_in_english(
    db: None, clock: ManualClock, emu: BotApiEmulator
) -> None:
    async with running(emu, clock) as chat:
        case = await programme(chat, date(2026, 3, 2), "en")
        first = await PlanStep.filter(case=case, kind=StepKind.REFLECTION).order_by("due_on")
        await move_step(first[0], date(2026, 3, 5), clock.now())  # due with the acknowledgement
        before = len(emu.sent(CADRE))
        await walk(chat, datetime(2026, 3, 5, 12, tzinfo=SHANGHAI))
        due = [m for m in received(emu, CADRE, before) if "Due today" in (m.text or "")]
        assert len(due) == 1
        text = due[0].text or ""
        assert "2 reminders for you" in text
        assert "Acknowledge the plan" in text and "Self-reflection report" in text
        assert "Acknowledge the plan" in str(due[0].reply_markup)
        rows = await Notification.filter(person__telegram_id=CADRE, status="sent").filter(
            message="reminder-step-due"
        )
        assert len({n.step_id for n in rows}) == 2  # each step keeps its own record
        assert len({n.telegram_message_id for n in rows}) == 1
        # The button under the joined message works.
        await chat.press_data(CADRE, button_data(due[0], "Acknowledge"), due[0].message_id)
        assert (await Case.get(id=case.id)).acknowledged_at is not None


# Point 8: people who join late ----------------------------------------------------------


async def test_a_supervisor_who_joins_late_gets_one_summary_and_the_ladder_goes_on(
    db: None, clock: ManualClock, emu: BotApiEmulator
) -> None:
    async with running(emu, clock) as chat:
        case = await chat.app.services.cases.open(new_case())
        await enrol(chat, CADRE, Role.CADRE, "张伟", case_id=case.id)
        await walk(chat, datetime(2026, 3, 11, 12, tzinfo=SHANGHAI), minutes=120)
        # The supervisor had not joined: their alerts were recorded, not sent.
        supervisor = await Person.get(name="王部长")
        missed = await Notification.filter(person=supervisor)
        assert missed and {n.status for n in missed} == {"dropped"}
        assert {n.last_error for n in missed} == {"not joined yet"}
        await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长")
        await jobs(chat.app)
        summary = [m.text or "" for m in received(emu, SUPERVISOR) if "📋 欢迎" in (m.text or "")]
        assert len(summary) == 1
        assert "已逾期的事项" in summary[0] and "张伟：确认管理计划" in summary[0]
        assert "已逾期 6 天" in summary[0]
        # The ladder goes on from there: the 7-days-overdue alert comes on 12 March.
        before = len(emu.sent(SUPERVISOR))
        await walk(chat, datetime(2026, 3, 12, 12, tzinfo=SHANGHAI))
        later = [m.text or "" for m in received(emu, SUPERVISOR, before)]
        assert any("逾期 7 天" in t and "确认管理计划" in t for t in later)


async def test_a_cadre_who_joins_late_sees_what_is_open_in_english(
    db: None, clock: ManualClock, emu: BotApiEmulator
) -> None:
    async with running(emu, clock) as chat:
        case = await chat.app.services.cases.open(new_case())
        clock.advance(days=7)  # Monday 9 March
        await jobs(chat.app)
        await enrol(chat, CADRE, Role.CADRE, "张伟", "en", case_id=case.id)
        await jobs(chat.app)
        summary = [m for m in received(emu, CADRE) if "📋 Welcome" in (m.text or "")]
        assert len(summary) == 1
        text = summary[0].text or ""
        assert "Acknowledge the plan, 5 Mar 2026 (overdue by 4 days)" in text
        assert "Self-reflection report, 16 Mar 2026 (in 7 days)" in text
        assert "Acknowledge the plan" in str(summary[0].reply_markup)
        assert (clock.now() - timedelta(days=7)).date() == date(2026, 3, 2)
