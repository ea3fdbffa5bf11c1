"""Working days end to end: due dates moved off days off, /status, the CALENDAR_FILE."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest_asyncio
from pydantic import ValidationError
from typer.testing import CliRunner

from bot.__main__ import app as cli_app
from bot.clock import ManualClock
from bot.devtools.emulator import BotApiEmulator
from bot.runner import ensure_first_admins
from bot.wiring import build_application
from models import AuditEvent, PlanStep
from models.enums import Role, StepKind
from tests.casework import CADRE, MENTOR, enrol, new_case
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID, settings_for
from tests.oversight_world import SUPERVISOR_ID

# Thursday 24 September 2026, 09:30 in Shanghai: a week before National Day.
SEPT_24 = datetime(2026, 9, 24, 1, 30, tzinfo=UTC)
CALENDAR_2027 = """
[2027]
holidays = ["2027-01-01", "2027-02-05..2027-02-11"]
workdays = ["2027-02-20"]
"""


async def september_case(chat: ChatHarness, language: str = "zh-hans") -> int:
    chat.clock.set(SEPT_24)
    case = await chat.app.services.cases.open(new_case(recalled_on=date(2026, 9, 24)))
    await enrol(chat, CADRE, Role.CADRE, "张伟", language, case_id=case.id)
    return case.id


async def test_plan_moves_due_dates_off_days_off(chat: ChatHarness) -> None:
    case_id = await september_case(chat)
    steps = {s.kind: s for s in await PlanStep.filter(case_id=case_id).order_by("-due_on")}
    ack = await PlanStep.get(case_id=case_id, kind=StepKind.ACKNOWLEDGE)
    assert (ack.planned_on, ack.due_on) == (date(2026, 9, 27), date(2026, 9, 28))  # Sun -> Mon
    talk = await PlanStep.filter(case_id=case_id, kind=StepKind.TALK).order_by("due_on").first()
    assert talk is not None
    # 1 October is National Day: the first working day after the holidays is 8 October.
    assert (talk.planned_on, talk.due_on) == (date(2026, 10, 1), date(2026, 10, 8))
    training = steps[StepKind.TRAINING]
    assert training.due_on == date(2026, 10, 8) and training.planned_on is None  # a working day
    calendar = chat.app.services.cases.workdays
    assert calendar is not None
    assert all(calendar.is_workday(s.due_on) for s in await PlanStep.filter(case_id=case_id))
    text = text_of(await chat.send(CADRE, "/plan"))
    moved = "（原定 2026年9月27日，遇休息日顺延）"
    assert f"⬜ 2026年9月28日 确认管理计划 — 未到期 · 还有 4 天{moved}" in text
    moved = "（原定 2026年10月1日，遇休息日顺延）"
    assert f"2026年10月8日 谈心谈话 — 未到期 · 还有 14 天{moved}" in text
    assert "2026年10月8日 专题培训 — 未到期 · 还有 14 天\n" in text  # not moved: nothing said


async def test_plan_says_moved_in_english(chat: ChatHarness) -> None:
    await september_case(chat, "en")
    text = text_of(await chat.send(CADRE, "/plan"))
    moved = "(moved from 27 Sep 2026, a day off)"
    assert f"28 Sep 2026 Acknowledge the plan — planned · 4 days left {moved}" in text


async def test_reschedule_to_a_sunday_moves_to_monday_and_says_so(chat: ChatHarness) -> None:
    case_id = await september_case(chat)
    await enrol(chat, SUPERVISOR_ID, Role.SUPERVISOR, "王部长")
    talk = await PlanStep.filter(case_id=case_id, kind=StepKind.TALK).order_by("due_on").first()
    assert talk is not None
    await chat.send(SUPERVISOR_ID, "/reschedule 张伟")
    await chat.press(SUPERVISOR_ID, "谈心谈话")
    await chat.send(SUPERVISOR_ID, "帮带人出差")
    await chat.send(SUPERVISOR_ID, "2026-10-18")  # a Sunday
    saved = text_of(await chat.press(SUPERVISOR_ID, "确认保存"))
    assert "由 2026年10月8日 改为 2026年10月19日" in saved
    assert "原定 2026年10月18日 为休息日，已顺延至 2026年10月19日。" in saved
    step = await PlanStep.get(id=talk.id)
    assert (step.planned_on, step.due_on) == (date(2026, 10, 18), date(2026, 10, 19))
    event = await AuditEvent.get(action="step-rescheduled")
    assert event.details["new"] == "2026-10-19"


async def test_status_warns_about_next_year_for_admins_only(chat: ChatHarness) -> None:
    chat.clock.set(datetime(2026, 12, 2, 1, 30, tzinfo=UTC))
    text = text_of(await chat.send(ADMIN_ID, "/status"))
    assert "工作日规则：开启" in text and "日历文件：未设置（CALENDAR_FILE）" in text
    assert "✅ 2026年：国务院放假安排（含调休上班日）" in text
    assert "⚠️ 2027年：只有按规则推算的法定节假日，调休上班日未知" in text
    assert "请在日历文件（CALENDAR_FILE）中补充" in text
    await chat.send(ADMIN_ID, "/lang")
    await chat.press(ADMIN_ID, "English")
    text = text_of(await chat.send(ADMIN_ID, "/status"))
    assert "⚠️ 2027: statutory holidays by rule only; make-up working days unknown" in text
    await enrol(chat, MENTOR, Role.MENTOR, "李老师")
    assert "您没有权限" in text_of(await chat.send(MENTOR, "/status"))
    menus = [c.params for c in chat.emu.calls("setMyCommands")]
    admin_menu = [m for m in menus if m["scope"]["chat_id"] == ADMIN_ID][-1]
    assert "status" in [c["command"] for c in admin_menu["commands"]]


@pytest_asyncio.fixture
async def calendar_chat(
    db: None, emulator: BotApiEmulator, clock: ManualClock, tmp_path: Path
) -> AsyncIterator[ChatHarness]:
    """The Application with an operator's calendar file that has 2027."""
    path = tmp_path / "calendar.toml"
    path.write_text(CALENDAR_2027, encoding="utf-8")
    app = build_application(settings_for(emulator, calendar_file=str(path)), clock)
    async with app:
        await ensure_first_admins(app)
        harness = ChatHarness(emulator, app, clock)
        harness.user(ADMIN_ID, "组织部小刘")
        yield harness


async def test_the_calendar_file_covers_next_year(calendar_chat: ChatHarness) -> None:
    chat = calendar_chat
    chat.clock.set(datetime(2026, 12, 2, 1, 30, tzinfo=UTC))
    text = text_of(await chat.send(ADMIN_ID, "/status"))
    assert "calendar.toml" in text and "✅ 2027年：按日历文件" in text and "⚠️" not in text
    # A case recalled on 1 December 2026: the reflection due 14 days later, on a Tuesday.
    case = await chat.app.services.cases.open(new_case(recalled_on=date(2026, 11, 26)))
    # 3 months from 26 November: the final assessment falls on Friday 26 February 2027, and
    # the decision 14 days later; the file's 20 February (a Saturday) is a working day.
    calendar = chat.app.services.cases.workdays
    assert calendar is not None and calendar.is_workday(date(2027, 2, 20))
    assert not calendar.is_workday(date(2027, 2, 11))  # a holiday only the file knows
    steps = await PlanStep.filter(case_id=case.id)
    assert all(calendar.is_workday(s.due_on) for s in steps)


def test_cli_status_and_a_bad_calendar_file(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"DEFAULT_LOCALE": "zh-CN", "CALENDAR_FILE": "", "SKIP_HOLIDAYS": "true"}
    result = runner.invoke(cli_app, ["status", "--on", "2026-12-02"], env=env)
    assert result.exit_code == 0, result.output
    assert "⚠️ 2027年：只有按规则推算的法定节假日" in result.output
    result = runner.invoke(cli_app, ["status", "--on", "2026-12-02", "--check"], env=env)
    assert result.exit_code == 1
    result = runner.invoke(cli_app, ["status", "--on", "2026-02-30"], env=env)
    assert result.exit_code == 1 and "not a date" in result.output
    good = tmp_path / "calendar.toml"
    good.write_text(CALENDAR_2027, encoding="utf-8")
    result = runner.invoke(
        cli_app,
        ["status", "--on", "2026-12-02", "--check"],
        env={**env, "CALENDAR_FILE": str(good), "DEFAULT_LOCALE": "en"},
    )
    assert result.exit_code == 0, result.output
    assert "✅ 2027: from the calendar file" in result.output


def test_a_bad_calendar_file_stops_the_bot_before_it_starts(tmp_path: Path) -> None:
    bad = tmp_path / "calendar.toml"
    bad.write_text("[2027]\nholidays = ['2027-02-30']\n", encoding="utf-8")
    result = CliRunner().invoke(cli_app, ["status"], env={"CALENDAR_FILE": str(bad)})
    # main() prints a settings error as one line: "CALENDAR_FILE: ... why".
    assert isinstance(result.exception, ValidationError)
    assert "calendar.toml [2027] holidays: '2027-02-30' is not a date" in str(result.exception)
