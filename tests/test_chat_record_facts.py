"""Two facts about a record, kept apart: entered late (recorded more than LATE_ENTRY_DAYS
after it happened) and done late (after its step's due date)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError

from bot.config import Settings
from bot.devtools.emulator.server import SentMessage
from bot.services.standing import entered_late
from models import Assessment, Attendance, Person, Talk
from models.enums import AssessmentKind, AttendanceStatus, Grade, Role
from tests.case_views import case_text
from tests.casework import MENTOR, SUPERVISOR, enrol, session, world
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID


async def talk_on(chat: ChatHarness, day: str) -> list[SentMessage]:
    """The mentor records a talk with a typed date through /talk."""
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    await chat.send(MENTOR, day)
    await chat.send(MENTOR, "局党组会议室")
    await chat.send(MENTOR, "谈了近期工作落实不力的原因，本人认识较深刻。")
    await chat.press(MENTOR, "4")
    await chat.send(MENTOR, "每周书面汇报一次工作进展")
    return await chat.press(MENTOR, "确认保存")


def sheets_of(message: SentMessage) -> dict[str, list[tuple[object, ...]]]:
    assert message.document is not None
    book = load_workbook(io.BytesIO(message.document), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def column(rows: list[tuple[object, ...]], heading: str) -> list[object]:
    index = rows[0].index(heading)
    return [row[index] for row in rows[1:]]


async def test_a_talk_held_on_time_and_entered_later_is_entered_late(chat: ChatHarness) -> None:
    w = await world(chat)
    await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长")
    chat.clock.advance(days=18)  # 20 March; the talk was held on its due day, 9 March
    saved = text_of(await talk_on(chat, "2026-03-09"))
    assert "谈话记录已保存" in saved
    assert "📝 事后超过 3 天才登记，已标记为补录。" in saved and "逾期完成" not in saved
    talk = await Talk.get(case=w.case)
    assert (talk.late, talk.entered_late) == (False, True)
    # Held late but entered the same day: the other fact.
    second = text_of(await talk_on(chat, "2026-03-20"))
    assert "⚠️ 晚于计划日期，已标记为逾期完成。" not in second  # the next talk is due 8 April
    text = await case_text(chat, SUPERVISOR, f"{w.case.id}")
    assert "• 2026年3月9日 · 李老师 · 态度 4/5 · 待本人确认（补录：事后超过 3 天登记）" in text
    assert "• 2026年3月20日 · 李老师 · 态度 4/5 · 待本人确认\n" in text
    chat.clock.advance(minutes=1)
    digest = text_of(await chat.send(SUPERVISOR, "/digest"))
    assert "张伟：2026年3月9日，李老师（补录）" in digest
    sheets = sheets_of((await chat.send(SUPERVISOR, "/export"))[-1])
    talks = sheets["谈心谈话"]
    assert column(talks, "逾期完成") == ["否", "否"] and column(talks, "补录") == ["是", "否"]
    assert "逾期完成" in sheets["思想汇报"][0] and "补录" in sheets["跟踪考察"][0]


async def test_late_entries_of_attendance_and_assessments_in_english(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长", "en")
    training = await session(chat, [w.case])  # 2 March 09:00
    chat.clock.advance(days=20)  # 22 March: training was due 16 March, the session was on time
    await chat.send(MENTOR, "/attendance")
    await chat.press(MENTOR, "作风建设专题培训")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "Save")
    line = await Attendance.get(session=training, case=w.case)
    assert line.status == AttendanceStatus.PRESENT
    assert (line.done_late, line.entered_late) == (False, True)
    supervisor = await Person.get(name="王部长")
    await chat.app.services.activities.record_assessment(
        w.case.id,
        AssessmentKind.MID,
        Grade.COMPETENT,
        assessor=supervisor,
        assessed_on=date(2026, 3, 21),  # the day before: not entered late
    )
    assessment = await Assessment.get(case=w.case)
    assert not assessment.entered_late
    text = await case_text(chat, SUPERVISOR, f"{w.case.id}")
    late = "(entered late: more than 3 days after)"
    assert f'2 Mar 2026 09:00 Special training "作风建设专题培训" · present {late}' in text
    sheets = sheets_of((await chat.send(SUPERVISOR, "/export"))[-1])
    attendance = sheets["Attendance"]
    assert column(attendance, "Done late") == ["no"]
    assert column(attendance, "Entered late") == ["yes"]
    assert column(sheets["Assessments"], "Entered late") == ["no"]
    assert "Entered late" in sheets["Self-reflection reports"][0]


def test_the_entered_late_rule_and_its_setting() -> None:
    at = datetime(2026, 3, 12, 15, 59, tzinfo=UTC)  # 12 March 23:59 in Shanghai
    assert not entered_late(date(2026, 3, 9), at, "Asia/Shanghai", 3)  # three days: in time
    assert entered_late(date(2026, 3, 8), at, "Asia/Shanghai", 3)
    assert entered_late(date(2026, 3, 9), at.replace(hour=16), "Asia/Shanghai", 3)  # 13 March
    assert not entered_late(date(2026, 3, 9), at.replace(hour=16), "Europe/London", 3)
    assert not entered_late(date(2026, 3, 1), at, "Asia/Shanghai", 30)
    assert Settings(_env_file=None).late_entry_days == 3  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Settings(_env_file=None, late_entry_days=-1)  # type: ignore[call-arg]


async def test_the_admin_menu_and_a_cadre_do_not_see_the_facts_of_others(
    chat: ChatHarness,
) -> None:
    w = await world(chat)
    chat.clock.advance(days=18)
    await talk_on(chat, "2026-03-09")
    assert "您没有权限" in text_of(await chat.send(MENTOR, "/export"))
    text = await case_text(chat, ADMIN_ID, f"{w.other_case.id}")
    assert "补录" not in text  # 赵敏's case has no late entry
