"""/session through the real Application: an admin schedules a session with its roster."""

from datetime import UTC, datetime

from models import Attendance, Notification, Person, TrainingSession
from models.enums import Placement, SessionKind
from tests.chat import ChatHarness, button_data, text_of
from tests.conftest import ADMIN_ID
from tests.oversight_world import LONG_TEXT, SUPERVISOR_ID, english_admin, snapshot, world


async def test_admin_schedules_a_training_for_a_cohort(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    kinds = await chat.send(ADMIN_ID, "/session")
    assert "安排哪一类活动" in text_of(kinds)
    assert "活动名称" in text_of(await chat.press(ADMIN_ID, "专题培训"))
    day = await chat.send(ADMIN_ID, "作风建设专题培训班")
    assert "今天是 2026年3月2日" in text_of(day)
    assert "2026年3月3日，几点开始" in text_of(await chat.press(ADMIN_ID, "明天"))
    assert "09:00 开始，持续多久" in text_of(await chat.press(ADMIN_ID, "09:00"))
    await chat.press(ADMIN_ID, "3 小时")
    roster = await chat.send(ADMIN_ID, "区委党校 301 教室")
    assert "已选 0 人" in text_of(roster)
    labels = str(roster[-1].reply_markup)
    assert "☐ 张伟" in labels and "＋ 整个批次：2026-03 县级批次" in labels
    roster = await chat.press(ADMIN_ID, "整个批次：2026-03 县级批次")
    assert "☑ 张伟" in str(roster[-1].reply_markup) and "☐ 陈静" in str(roster[-1].reply_markup)
    confirm = await chat.press(ADMIN_ID, "完成（已选 1 人）")
    text = text_of(confirm)
    assert "专题培训：作风建设专题培训班" in text and "时间：2026年3月3日 09:00–12:00" in text
    assert "参加人员（1 人）：张伟" in text
    saved = await chat.press(ADMIN_ID, "确认保存")
    assert "✅ 已安排专题培训：作风建设专题培训班" in text_of(saved)
    session = await TrainingSession.get(title="作风建设专题培训班")
    assert session.kind == SessionKind.TRAINING and session.place == "区委党校 301 教室"
    assert session.starts_at == datetime(2026, 3, 3, 1, 0, tzinfo=UTC)
    assert session.ends_at == datetime(2026, 3, 3, 4, 0, tzinfo=UTC)
    assert [a.case_id for a in await Attendance.filter(session=session)] == [mine.id]
    assert await Notification.filter(message="session-invitation").count() == 1


async def test_session_in_english_with_typed_times_and_toggles(chat: ChatHarness) -> None:
    mine, other = await world(chat)
    await english_admin(chat)
    await chat.send(ADMIN_ID, "/session")
    await chat.press(ADMIN_ID, "Party-spirit education")
    await chat.send(ADMIN_ID, "Study session on discipline")
    assert "what time does it start" in text_of(await chat.send(ADMIN_ID, "2026-03-10"))
    assert "Starting at 14:30" in text_of(await chat.send(ADMIN_ID, "14:30"))
    assert "Place?" in text_of(await chat.send(ADMIN_ID, "17:00"))
    await chat.press(ADMIN_ID, "Skip")
    await chat.press(ADMIN_ID, "张伟")
    await chat.press(ADMIN_ID, "陈静")
    roster = await chat.press(ADMIN_ID, "张伟")  # and off again
    assert "1 chosen" in text_of(roster)
    confirm = await chat.press(ADMIN_ID, "Done")
    assert "Time: 10 Mar 2026 14:30–17:00" in text_of(confirm)
    assert "Attending (1): 陈静" in text_of(confirm)
    warned = await chat.press(ADMIN_ID, "Save")  # no place: asked again (issue 10, point 6)
    assert "No place is given" in text_of(warned)
    assert await TrainingSession.all().count() == 0
    saved = await chat.press(ADMIN_ID, "save anyway")
    assert "Scheduled Party-spirit education" in text_of(saved)
    session = await TrainingSession.get(kind=SessionKind.EDUCATION)
    assert session.place == "" and session.starts_at == datetime(2026, 3, 10, 6, 30, tzinfo=UTC)
    assert [a.case_id for a in await Attendance.filter(session=session)] == [other.id]
    assert mine.id != other.id


async def test_bad_times_and_an_empty_roster(chat: ChatHarness) -> None:
    await world(chat)
    before = await snapshot()
    await chat.send(ADMIN_ID, "/session")
    await chat.press(ADMIN_ID, "专题培训")
    await chat.send(ADMIN_ID, "培训")
    assert "请发送日期" in text_of(await chat.send(ADMIN_ID, "周三"))
    await chat.press(ADMIN_ID, "今天")
    assert "请发送时间" in text_of(await chat.send(ADMIN_ID, "25:00"))
    await chat.send(ADMIN_ID, "09:00")
    assert "结束时间须晚于开始时间" in text_of(await chat.send(ADMIN_ID, "08:30"))
    await chat.send(ADMIN_ID, "11:00")
    await chat.press(ADMIN_ID, "跳过")
    assert "名单不能为空" in text_of(await chat.press(ADMIN_ID, "完成"))
    assert await snapshot() == before


async def test_forged_buttons_and_wrong_input(chat: ChatHarness) -> None:
    _, other = await world(chat)
    before = await snapshot()
    kinds = await chat.send(ADMIN_ID, "/session")
    assert "请点击上方的按钮" in text_of(await chat.send(ADMIN_ID, "专题培训"))
    assert "已失效" in text_of(await chat.press_data(ADMIN_ID, "ns:k:party", kinds[-1].message_id))
    await chat.press(ADMIN_ID, "专题培训")
    assert "请发送文字" in text_of(await chat.send_document(ADMIN_ID, "t.docx", b"PK"))
    assert "内容太长" in text_of(await chat.send(ADMIN_ID, LONG_TEXT))
    await chat.send(ADMIN_ID, "培训")
    message = chat.last_with_buttons(ADMIN_ID)
    assert "已失效" in text_of(await chat.press_data(ADMIN_ID, "ns:d:-30", message.message_id))
    await chat.press(ADMIN_ID, "今天")
    message = chat.last_with_buttons(ADMIN_ID)
    assert "已失效" in text_of(await chat.press_data(ADMIN_ID, "ns:t:0300", message.message_id))
    await chat.press(ADMIN_ID, "09:00")
    message = chat.last_with_buttons(ADMIN_ID)
    assert "已失效" in text_of(await chat.press_data(ADMIN_ID, "ns:l:6000", message.message_id))
    await chat.press(ADMIN_ID, "1 小时")
    await chat.press(ADMIN_ID, "跳过")
    message = chat.last_with_buttons(ADMIN_ID)
    for data in ("ns:r:999", "ns:g:9", "ns:r:x"):
        replies = await chat.press_data(ADMIN_ID, data, message.message_id)
        assert "已失效" in text_of(replies) or "找不到" in text_of(replies), data
    # Another form started meanwhile (asked first) ends this one: its buttons are stale.
    await chat.send(ADMIN_ID, "/close 陈静")
    await chat.press(ADMIN_ID, "放弃并开始新的")
    await chat.send(ADMIN_ID, "县委决定提前调任")  # before the end: an admin's reason
    await chat.press(ADMIN_ID, "回原单位")
    await chat.press(ADMIN_ID, "无")
    await chat.press(ADMIN_ID, "确认保存")
    before = await snapshot()
    replies = await chat.press_data(ADMIN_ID, f"ns:r:{other.id}", message.message_id)
    assert "已失效" in text_of(replies)
    assert await snapshot() == before


async def test_wrong_role_cancel_timeout_duplicate_and_no_cases(chat: ChatHarness) -> None:
    assert "没有管理期中的干部" in text_of(await chat.send(ADMIN_ID, "/session"))
    await world(chat)
    before = await snapshot()
    assert "没有权限" in text_of(await chat.send(SUPERVISOR_ID, "/session"))
    await chat.send(ADMIN_ID, "/session")
    await chat.press(ADMIN_ID, "专题培训")
    assert "已取消" in text_of(await chat.send(ADMIN_ID, "/cancel"))
    await chat.send(ADMIN_ID, "/session")
    await chat.press(ADMIN_ID, "专题培训")
    chat.clock.advance(hours=1)
    assert "超时" in text_of(await chat.send(ADMIN_ID, "培训"))
    assert await snapshot() == before
    await chat.send(ADMIN_ID, "/session")
    await chat.press(ADMIN_ID, "党性教育")
    await chat.send(ADMIN_ID, "党课")
    await chat.press(ADMIN_ID, "明天")
    await chat.press(ADMIN_ID, "14:00")
    await chat.press(ADMIN_ID, "2 小时")
    await chat.send(ADMIN_ID, "县委党校")  # a place: no warning to answer
    await chat.press(ADMIN_ID, "张伟")
    await chat.press(ADMIN_ID, "完成")
    confirm = chat.last_with_buttons(ADMIN_ID)
    update = chat.emu.callback(ADMIN_ID, button_data(confirm, "确认保存"), confirm.message_id)
    assert "已安排" in text_of(await chat.deliver(update, ADMIN_ID))
    assert await chat.deliver(update, ADMIN_ID) == []
    assert await TrainingSession.all().count() == 1


async def test_a_case_closed_meanwhile_cannot_join_the_roster(chat: ChatHarness) -> None:
    _, other = await world(chat)
    await chat.send(ADMIN_ID, "/session")
    await chat.press(ADMIN_ID, "专题培训")
    await chat.send(ADMIN_ID, "培训")
    await chat.press(ADMIN_ID, "今天")
    await chat.press(ADMIN_ID, "09:00")
    await chat.press(ADMIN_ID, "1 小时")
    await chat.press(ADMIN_ID, "跳过")
    admin = await Person.get(telegram_id=ADMIN_ID)
    await chat.app.services.cases.close(
        other.id, Placement.ORIGINAL_UNIT, by=admin, early_reason="调任"
    )
    before = await snapshot()
    assert "找不到这位干部的召回管理" in text_of(await chat.press(ADMIN_ID, "陈静"))
    assert await snapshot() == before
