"""A mentor arranges a coming talk and the cadre is told; both are reminded the day before;
recording the talk marks it held; the cadre's /plan shows the next one (issue 10 point 15,
branch plantalk3). Through the real Application, the real tick and sender, the emulator."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services.errors import DomainError
from bot.services.planned_talks import TalkPlan, check_day, schedule
from handlers.plantalk import BUTTONS, parse_time
from models import AuditEvent, Notification, PlannedTalk
from models.enums import NotificationStatus, Role
from models.planned_talk import PlannedTalkStatus
from tests.casework import CADRE, MENTOR, OTHER_MENTOR, SUPERVISOR, enrol, world
from tests.chat import ChatHarness, button_data, text_of


def at(day: int, hour: int = 1, minute: int = 30) -> datetime:
    """A moment in March 2026, in UTC (01:30 UTC is 09:30 in Beijing)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


async def run_until(chat: ChatHarness, moment: datetime) -> None:
    """The clock moves on; the tick and the sender run as the scheduler would."""
    chat.clock.set(moment)
    await chat.app.reminders.tick()
    await chat.app.sender.drain()


def since(chat: ChatHarness, uid: int, before: int) -> str:
    return "\n".join(chat.texts(uid)[before:])


async def test_a_mentor_arranges_a_talk_and_the_cadre_is_told(chat: ChatHarness) -> None:
    w = await world(chat)
    await chat.app.sender.drain()
    replies = await chat.send(MENTOR, "/plan_talk")
    assert "与哪位干部约定谈话" in text_of(replies)
    labels = [b["text"] for row in replies[-1].reply_markup["inline_keyboard"] for b in row]
    assert labels == ["张伟 · 青山县农业农村局"]  # not 赵敏, who has another mentor
    replies = await chat.press(MENTOR, "张伟")
    assert "与张伟约定谈话的日期" in text_of(replies)
    replies = await chat.send(MENTOR, "3月5日")
    assert "日期：2026年3月5日（周四）" in text_of(replies)
    replies = await chat.send(MENTOR, "下午")
    assert "请输入时间" in text_of(replies)
    replies = await chat.send(MENTOR, "14:30")
    assert "谈话地点" in text_of(replies)
    replies = await chat.send(MENTOR, "局党组会议室")
    text = text_of(replies)
    assert "干部：张伟" in text and "时间：2026年3月5日（周四） 14:30" in text
    assert "地点：局党组会议室" in text
    before = len(chat.emu.sent(CADRE))
    replies = await chat.press(MENTOR, "确认保存")
    assert "已与张伟约定谈话" in text_of(replies) and "已通知本人" in text_of(replies)
    talk = await PlannedTalk.get(case=w.case)
    assert talk.day == date(2026, 3, 5) and talk.place == "局党组会议室"
    assert talk.starts_at == at(5, 6, 30) and talk.status == PlannedTalkStatus.PLANNED
    assert talk.mentor_id == w.mentor.id
    assert await AuditEvent.exists(action="talk-planned", case_id=w.case.id)
    await chat.app.sender.drain()
    told = since(chat, CADRE, before)
    assert "李老师约您进行谈心谈话" in told
    assert "时间：2026年3月5日（周四）14:30" in told and "地点：局党组会议室" in told
    assert "我的管理计划" in str(chat.emu.sent(CADRE)[-1].reply_markup)
    # The cadre's question "下次谈话是什么时候？" is answered by /plan.
    plan = text_of(await chat.send(CADRE, "/plan"))
    assert "下次谈话：2026年3月5日（周四）14:30，局党组会议室" in plan

    # The eve: both are reminded on 4 March at the reminder hour, once.
    cadre_before, mentor_before = len(chat.emu.sent(CADRE)), len(chat.emu.sent(MENTOR))
    await run_until(chat, at(3))
    await run_until(chat, at(4, 0, 30))  # 08:30 in Beijing: not before the reminder hour
    assert "谈话提醒" not in since(chat, CADRE, cadre_before)
    await run_until(chat, at(4, 1, 30))
    assert "谈话提醒：明天与李老师谈心谈话" in since(chat, CADRE, cadre_before)
    mentor_eve = since(chat, MENTOR, mentor_before)
    assert "谈话提醒：明天与张伟谈心谈话" in mentor_eve
    assert "时间：2026年3月5日（周四）14:30" in mentor_eve
    eve_message = next(m for m in chat.emu.sent(MENTOR) if "谈话提醒" in (m.text or ""))
    assert button_data(eve_message, "登记谈话") == f"ntk:{w.case.id}"
    await run_until(chat, at(4, 6))
    await run_until(chat, at(5, 1))
    eves = await Notification.filter(message="plantalk-eve")
    assert sorted(n.person_id for n in eves) == sorted([w.cadre.id, w.mentor.id])  # type: ignore[attr-defined]
    assert all(n.status == NotificationStatus.SENT for n in eves)

    # The talk is held on the day and recorded: the planned talk is marked held.
    chat.clock.set(at(5, 8))
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "今天")
    await chat.send(MENTOR, "局党组会议室")
    await chat.send(MENTOR, "谈了近期工作落实不力的原因，本人认识较深刻。")
    await chat.press(MENTOR, "4")
    await chat.send(MENTOR, "每周书面汇报一次工作进展")
    await chat.press(MENTOR, "确认保存")
    await talk.refresh_from_db()
    assert talk.status == PlannedTalkStatus.HELD
    assert "下次谈话" not in text_of(await chat.send(CADRE, "/plan"))


async def test_a_second_talk_is_arranged_knowing_the_first(chat: ChatHarness) -> None:
    w = await world(chat)
    plan = TalkPlan(date(2026, 3, 9), None, "局党组会议室")
    await schedule(w.case.id, plan, by=w.mentor, now=chat.clock.now())
    await chat.send(MENTOR, "/plan_talk")
    replies = await chat.press(MENTOR, "张伟")
    assert "下次谈话：2026年3月9日（周一），局党组会议室" in text_of(replies)
    assert "与张伟约定谈话的日期" in text_of(replies)


async def test_a_talk_arranged_in_english_in_the_cadres_zone(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    w.cadre.timezone = "Europe/London"
    await w.cadre.save(update_fields=["timezone"])
    await chat.app.sender.drain()
    await chat.send(MENTOR, "/plan_talk")
    replies = await chat.press(MENTOR, "张伟")
    assert "On which day will you talk with 张伟?" in text_of(replies)
    replies = await chat.send(MENTOR, "2026-03-01")
    assert "cannot be arranged in the past" in text_of(replies)
    replies = await chat.send(MENTOR, "2026-07-01")
    assert "after the end of the recall" in text_of(replies)
    replies = await chat.send(MENTOR, "someday")
    assert "Please send a date" in text_of(replies)
    replies = await chat.press(MENTOR, "Today")
    assert "Day: Mon 2 Mar 2026" in text_of(replies)
    replies = await chat.send(MENTOR, "9:00")  # 09:30 now in Beijing: already past
    assert "cannot be arranged in the past" in text_of(replies)
    replies = await chat.send(MENTOR, "8pm")
    assert "When: Mon 2 Mar 2026 20:00" in text_of(replies)
    await chat.send(MENTOR, "Bureau office")
    before = len(chat.emu.sent(CADRE))
    replies = await chat.press(MENTOR, "Save")
    assert "Talk with 张伟 arranged: Mon 2 Mar 2026 20:00, Bureau office" in text_of(replies)
    await run_until(chat, at(2, 1, 45))
    assert since(chat, CADRE, before) == ""  # 01:45 in London: it waits for the morning
    await run_until(chat, at(2, 8, 0))
    told = since(chat, CADRE, before)
    assert "李老师 has arranged a heart-to-heart talk with you" in told
    assert "When: Mon 2 Mar 2026 12:00" in told  # 20:00 in Beijing is 12:00 in London
    assert "Where: Bureau office" in told
    assert "Next talk: Mon 2 Mar 2026 12:00, Bureau office" in text_of(
        await chat.send(CADRE, "/plan")
    )
    # Arranged for today: no eve reminder.
    await run_until(chat, at(3))
    assert not await Notification.exists(message__startswith="plantalk-eve")


async def test_a_talk_without_a_time_in_english(chat: ChatHarness) -> None:
    await world(chat, "en")
    await chat.app.sender.drain()
    await chat.send(MENTOR, "/plan_talk")
    await chat.press(MENTOR, "张伟")
    await chat.send(MENTOR, "10 March")
    replies = await chat.press(MENTOR, "No set time")
    assert "When: Tue 10 Mar 2026" in text_of(replies)
    await chat.send(MENTOR, "Bureau office")
    before = len(chat.emu.sent(CADRE))
    await chat.press(MENTOR, "Save")
    await chat.app.sender.drain()
    assert "When: Tue 10 Mar 2026\n" in since(chat, CADRE, before)
    await run_until(chat, at(9, 1, 30))
    eve = since(chat, CADRE, before)
    assert "⏰ Talk tomorrow: with 李老师" in eve and "When: Tue 10 Mar 2026" in eve


async def test_only_a_mentor_arranges_a_talk_and_only_with_their_own_cadre(
    chat: ChatHarness,
) -> None:
    w = await world(chat)
    await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长")
    assert "没有权限" in text_of(await chat.send(CADRE, "/plan_talk"))
    assert "没有权限" in text_of(await chat.send(SUPERVISOR, "/plan_talk"))
    # Another mentor's cadre, by forged button data.
    replies = await chat.send(MENTOR, "/plan_talk")
    forged = BUTTONS.data("c", w.other_case.id)
    replies = await chat.press_data(MENTOR, forged, replies[-1].message_id)
    assert "找不到这位干部的召回管理" in text_of(replies)
    # The other mentor cannot press this mentor's button for 张伟 either.
    replies = await chat.send(OTHER_MENTOR, "/plan_talk")
    replies = await chat.press_data(
        OTHER_MENTOR, BUTTONS.data("c", w.case.id), replies[-1].message_id
    )
    assert "找不到这位干部的召回管理" in text_of(replies)
    # A file instead of a place is refused with a clear answer.
    await chat.send(MENTOR, "/plan_talk")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "明天")
    await chat.press(MENTOR, "暂不定时间")
    replies = await chat.send_photo(MENTOR, b"\x89PNG")
    assert "请发送文字" in text_of(replies)
    assert await PlannedTalk.all().count() == 0


# The rules -----------------------------------------------------------------------------------


@given(st.integers(0, 23), st.integers(0, 59))
def test_a_typed_time_reads_back(hour: int, minute: int) -> None:
    assert parse_time(f"{hour}:{minute:02d}") == time(hour, minute)
    assert parse_time(f"{hour}：{minute:02d}") == time(hour, minute)
    assert parse_time(f"{hour}点{minute}分") == time(hour, minute)


@given(st.text(max_size=8).filter(lambda s: not any(c.isdigit() for c in s)))
def test_a_text_without_digits_is_no_time(text: str) -> None:
    assert parse_time(text) is None


def test_times_people_type() -> None:
    assert parse_time("14点") == time(14, 0)
    assert parse_time("2:30pm") == time(14, 30)
    assert parse_time("12am") == time(0, 0)
    assert parse_time("25:00") is None and parse_time("13pm") is None


@given(st.dates(date(2026, 1, 1), date(2026, 12, 31)), st.integers(-400, 400))
def test_a_planned_day_is_today_or_later(today: date, offset: int) -> None:
    day = today + timedelta(days=offset)
    if offset < 0:
        with pytest.raises(DomainError):
            check_day(day, today)
    else:
        check_day(day, today)


async def test_the_button_under_a_mentors_case_view_opens_the_form(chat: ChatHarness) -> None:
    w = await world(chat)
    await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长")
    replies = await chat.send(SUPERVISOR, "/case 张伟")
    assert "约定谈话" not in str(replies[-1].reply_markup)  # a supervisor arranges none
    replies = await chat.send(MENTOR, "/case 张伟")
    assert button_data(replies[-1], "约定谈话") == BUTTONS.data("o", w.case.id)
    replies = await chat.press(MENTOR, "约定谈话")
    assert "与张伟约定谈话的日期" in text_of(replies)
    await chat.press(MENTOR, "后天")
    await chat.send(MENTOR, "9点")
    await chat.send(MENTOR, "局党组会议室")
    await chat.press(MENTOR, "确认保存")
    talk = await PlannedTalk.get(case=w.case)
    assert talk.day == date(2026, 3, 4) and talk.starts_at == at(4, 1, 0)
    # Forged: the button for another mentor's cadre changes nothing.
    last = chat.emu.sent(MENTOR)[-1].message_id
    replies = await chat.press_data(MENTOR, BUTTONS.data("o", w.other_case.id), last)
    assert "找不到这位干部的召回管理" in text_of(replies)
    assert await PlannedTalk.all().count() == 1
