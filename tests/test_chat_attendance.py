"""/attendance: the roster with toggle buttons, through the real Application."""

from __future__ import annotations

from datetime import UTC, datetime

from models import Attendance, PlanStep
from models.enums import AttendanceStatus, StepKind, StepStatus
from tests.casework import (
    CADRE,
    LONG_TEXT,
    MENTOR,
    OTHER_MENTOR,
    open_case,
    session,
    world,
)
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID


async def statuses(session_id: int) -> dict[int, AttendanceStatus | None]:
    return {a.case_id: a.status for a in await Attendance.filter(session_id=session_id)}


async def test_mentor_marks_their_own_cadres(chat: ChatHarness) -> None:
    w = await world(chat)
    training = await session(chat, [w.case, w.other_case])
    replies = await chat.send(MENTOR, "/attendance")
    assert "请选择要登记考勤的场次" in text_of(replies)
    replies = await chat.press(MENTOR, "作风建设专题培训")
    text = text_of(replies)
    assert "2026年3月2日 09:00 作风建设专题培训" in text
    assert "⬜ 张伟 — 未登记" in text and "赵敏" not in text  # 赵敏 has another mentor
    replies = await chat.press(MENTOR, "张伟")
    assert "✅ 张伟 — 出席" in text_of(replies)
    replies = await chat.press(MENTOR, "张伟")
    assert "⏰ 张伟 — 迟到" in text_of(replies)
    assert replies[0].message_id == replies[-1].message_id  # the same message is edited
    replies = await chat.press(MENTOR, "确认保存")
    assert "考勤已保存" in text_of(replies) and "⏰ 张伟 — 迟到" in text_of(replies)
    line = await Attendance.get(session=training, case=w.case)
    assert line.status == AttendanceStatus.LATE and line.recorded_by_id == w.mentor.id  # type: ignore[attr-defined]
    assert (await statuses(training.id))[w.other_case.id] is None
    step = await PlanStep.get(case=w.case, kind=StepKind.TRAINING)
    assert step.status == StepStatus.DONE


async def test_admin_all_present_keeps_excused_in_english(chat: ChatHarness) -> None:
    w = await world(chat)
    third = await open_case(chat, "刘洋", "李老师", unit="河西街道办事处")
    training = await session(chat, [w.case, w.other_case, third])
    await chat.send(ADMIN_ID, "/lang")
    await chat.press(ADMIN_ID, "English")
    await chat.send(ADMIN_ID, "/attendance")
    await chat.press(ADMIN_ID, "作风建设专题培训")
    for _ in range(4):  # present -> late -> absent -> excused
        replies = await chat.press(ADMIN_ID, "赵敏")
    assert "📝 赵敏 — excused" in text_of(replies)
    replies = await chat.press(ADMIN_ID, "All present")
    text = text_of(replies)
    assert "✅ 张伟 — present" in text and "✅ 刘洋 — present" in text
    assert "📝 赵敏 — excused" in text
    await chat.press(ADMIN_ID, "All present")  # nothing left to change: the message stays
    replies = await chat.press(ADMIN_ID, "Save")
    assert "Attendance saved" in text_of(replies)
    assert await statuses(training.id) == {
        w.case.id: AttendanceStatus.PRESENT,
        w.other_case.id: AttendanceStatus.EXCUSED,
        third.id: AttendanceStatus.PRESENT,
    }


async def test_all_present_keeps_a_late_check_in(chat: ChatHarness) -> None:
    w = await world(chat)
    training = await session(chat, [w.case])
    chat.clock.advance(minutes=20)  # 09:50, twenty minutes after the start
    code = chat.app.services.activities.checkin_code(training)
    await chat.send(CADRE, f"/start ci-{code}")
    await chat.send(MENTOR, "/attendance")
    replies = await chat.press(MENTOR, "作风建设专题培训")
    assert "⏰ 张伟 — 迟到" in text_of(replies)
    await chat.press(MENTOR, "全部出席")
    await chat.press(MENTOR, "确认保存")
    assert (await statuses(training.id))[w.case.id] == AttendanceStatus.LATE


async def test_attendance_refuses_other_sessions_and_forged_buttons(chat: ChatHarness) -> None:
    w = await world(chat)
    mine = await session(chat, [w.case], title="我的培训")
    theirs = await session(chat, [w.other_case], title="别人的培训")
    assert "您没有权限" in text_of(await chat.send(CADRE, "/attendance"))
    replies = await chat.send(MENTOR, "/attendance")
    labels = [b["text"] for row in replies[-1].reply_markup["inline_keyboard"] for b in row]
    assert labels == ["2026年3月2日 09:00 我的培训"]
    message = chat.last_with_buttons(MENTOR)
    replies = await chat.press_data(MENTOR, f"at:s:{theirs.id}", message.message_id)
    assert "找不到该培训场次" in text_of(replies)
    await chat.press(MENTOR, "我的培训")
    message = chat.last_with_buttons(MENTOR)
    replies = await chat.press_data(MENTOR, f"at:t:{w.other_case.id}", message.message_id)
    assert "按钮已失效" in text_of(replies)
    replies = await chat.press_data(MENTOR, "at:t:", message.message_id)
    assert "按钮已失效" in text_of(replies)
    assert await statuses(mine.id) == {w.case.id: None}
    assert await statuses(theirs.id) == {w.other_case.id: None}


async def test_attendance_bad_input_changes_nothing(chat: ChatHarness) -> None:
    w = await world(chat)
    training = await session(chat, [w.case])
    await chat.send(MENTOR, "/attendance")
    await chat.press(MENTOR, "作风建设专题培训")
    # Nothing marked yet: Save says so and the roster stays.
    save = chat.emu.callback(MENTOR, "at:ok:save", chat.last_with_buttons(MENTOR).message_id)
    await chat.deliver(save, MENTOR)
    assert chat.emu.calls("answerCallbackQuery")[-1].params["text"] == "请至少登记一人。"
    assert "请点击上方的按钮" in text_of(await chat.send(MENTOR, LONG_TEXT))
    assert "请点击上方的按钮" in text_of(await chat.send_photo(MENTOR, b"\x89PNG"))
    await chat.press(MENTOR, "张伟")
    assert "已取消" in text_of(await chat.send(MENTOR, "/cancel"))
    await chat.send(MENTOR, "/attendance")
    await chat.press(MENTOR, "作风建设专题培训")
    chat.clock.advance(minutes=31)
    assert "表单已超时" in text_of(await chat.press(MENTOR, "张伟"))
    assert await statuses(training.id) == {w.case.id: None}
    # The same Save delivered twice records once.
    await chat.send(MENTOR, "/attendance")
    await chat.press(MENTOR, "作风建设专题培训")
    await chat.press(MENTOR, "张伟")
    update = chat.emu.callback(MENTOR, "at:ok:save", chat.last_with_buttons(MENTOR).message_id)
    assert await chat.deliver(update, MENTOR)
    assert await chat.deliver(update, MENTOR) == []
    assert await statuses(training.id) == {w.case.id: AttendanceStatus.PRESENT}


async def test_no_session_to_mark(chat: ChatHarness) -> None:
    w = await world(chat)
    later = datetime(2026, 3, 9, 1, 0, tzinfo=UTC)
    await session(chat, [w.case], starts_at=later, ends_at=later.replace(hour=8))
    assert "最近没有可以登记考勤的场次" in text_of(await chat.send(MENTOR, "/attendance"))
    assert "最近没有可以登记考勤的场次" in text_of(await chat.send(OTHER_MENTOR, "/attendance"))


async def test_admin_menu_lists_attendance(chat: ChatHarness) -> None:
    assert "/attendance" in text_of(await chat.send(ADMIN_ID, "/help"))


async def test_saving_a_roster_again_fulfils_one_step_and_a_correction_gives_it_back(
    chat: ChatHarness,
) -> None:
    from models.enums import SessionKind
    from tests.casework import admin

    w = await world(chat)
    education = await chat.app.services.activities.schedule_session(
        SessionKind.EDUCATION,
        "党性教育第1讲",
        datetime(2026, 3, 2, 1, 0, tzinfo=UTC),
        datetime(2026, 3, 2, 4, 0, tzinfo=UTC),
        [w.case.id],
        by=await admin(chat),
    )
    for _ in range(3):  # the mentor saves the same roster three times
        await chat.send(MENTOR, "/attendance")
        await chat.press(MENTOR, "党性教育第1讲")
        await chat.press(MENTOR, "全部出席")
        await chat.press(MENTOR, "确认保存")
    done = await PlanStep.filter(case=w.case, kind=StepKind.EDUCATION, status=StepStatus.DONE)
    assert len(done) == 1  # one session, one monthly step
    await chat.send(MENTOR, "/attendance")
    await chat.press(MENTOR, "党性教育第1讲")
    for _ in range(2):  # present -> late -> absent
        await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "确认保存")
    assert (await statuses(education.id))[w.case.id] == AttendanceStatus.ABSENT
    assert not await PlanStep.filter(
        case=w.case, kind=StepKind.EDUCATION, status__in=(StepStatus.DONE, StepStatus.DONE_LATE)
    ).exists()
