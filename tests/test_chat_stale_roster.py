"""Two people on one roster: a save never overwrites a mark made since the roster was shown,
and "All present" marks only the people not marked yet."""

from __future__ import annotations

from models import Attendance, AuditEvent, Notification
from models.enums import AttendanceStatus
from tests.casework import CADRE, MENTOR, open_case, session, world
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID

P, E, A = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT


async def statuses(session_id: int) -> dict[int, AttendanceStatus | None]:
    return {a.case_id: a.status for a in await Attendance.filter(session_id=session_id)}


async def open_roster(chat: ChatHarness, uid: int, title: str = "作风建设专题培训") -> None:
    await chat.send(uid, "/attendance")
    await chat.press(uid, title)


async def test_a_stale_roster_does_not_overwrite_excused(chat: ChatHarness) -> None:
    w = await world(chat)
    third = await open_case(chat, "刘洋", "李老师", unit="河西街道办事处")
    training = await session(chat, [w.case, third])
    await open_roster(chat, MENTOR)  # the mentor's screen: nobody marked yet
    mentor_roster = chat.last_with_buttons(MENTOR)
    await open_roster(chat, ADMIN_ID)
    for _ in range(4):  # present -> late -> absent -> excused
        await chat.press(ADMIN_ID, "张伟")
    assert "考勤已保存" in text_of(await chat.press(ADMIN_ID, "确认保存"))
    # The mentor, on the roster shown before, presses All present, then Save.
    await chat.press(MENTOR, "全部出席", mentor_roster)
    replies = await chat.press(MENTOR, "确认保存", mentor_roster)
    text = text_of(replies)
    assert "⚠️ 未保存：打开名单后，有 1 人的考勤已被他人登记" in text
    assert "• 张伟：现为“请假”（组织部小刘），您标记的“出席”未保存" in text
    assert "📝 张伟 — 请假" in text and "✅ 刘洋 — 出席" in text  # the roster as it stands
    assert await statuses(training.id) == {w.case.id: E, third.id: None}  # nothing saved
    # Save again: the mentor's other change goes in, the excused absence stays.
    replies = await chat.press(MENTOR, "确认保存")
    assert "考勤已保存" in text_of(replies) and "📝 张伟 — 请假" in text_of(replies)
    assert await statuses(training.id) == {w.case.id: E, third.id: P}
    marks = [e.details["after"] for e in await AuditEvent.filter(action="attendance-recorded")]
    assert marks == [{str(w.case.id): "excused"}, {str(third.id): "present"}]


async def test_all_present_keeps_an_explicit_absent(chat: ChatHarness) -> None:
    w = await world(chat)
    third = await open_case(chat, "刘洋", "李老师", unit="河西街道办事处")
    training = await session(chat, [w.case, third])
    await open_roster(chat, MENTOR)
    for _ in range(3):  # present -> late -> absent
        await chat.press(MENTOR, "张伟")
    text = text_of(await chat.press(MENTOR, "全部出席"))
    assert "❌ 张伟 — 缺席" in text and "✅ 刘洋 — 出席" in text
    await chat.press(MENTOR, "确认保存")
    assert await statuses(training.id) == {w.case.id: A, third.id: P}
    # Opened again, everybody is marked: All present has nothing to do.
    await open_roster(chat, MENTOR)
    await chat.press(MENTOR, "全部出席")
    assert chat.emu.calls("answerCallbackQuery")[-1].params["text"] == "没有需要改动的。"
    # Changing a mark shown on the roster is a decision, not a conflict.
    await chat.press(MENTOR, "张伟")  # absent -> excused
    assert "考勤已保存" in text_of(await chat.press(MENTOR, "确认保存"))
    assert await statuses(training.id) == {w.case.id: E, third.id: P}


async def test_a_check_in_meanwhile_wins_over_a_stale_absent_in_english(
    chat: ChatHarness,
) -> None:
    w = await world(chat, "en")
    training = await session(chat, [w.case])
    await open_roster(chat, MENTOR)
    code = chat.app.services.activities.checkin_code(training)
    await chat.send(CADRE, f"/start ci-{code}")  # the cadre checks in on time
    for _ in range(3):
        await chat.press(MENTOR, "张伟")
    text = text_of(await chat.press(MENTOR, "Save"))
    assert "Not saved: since you opened the roster, 1 line(s) were marked by someone else" in text
    assert '张伟: now "late" (checked in by the cadre); your "absent" was not saved' in text
    assert "⏰ 张伟 — late" in text
    assert await statuses(training.id) == {w.case.id: AttendanceStatus.LATE}
    # Nothing changed on the refreshed roster: Save says so and saves nothing.
    await chat.press(MENTOR, "Save")
    assert chat.emu.calls("answerCallbackQuery")[-1].params["text"] == "Nothing to change."
    assert not await Notification.exists(message="make-up-session-needed")
