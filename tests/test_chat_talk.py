"""The mentor's /talk form and /cases through the real Application."""

from __future__ import annotations

from datetime import date

from bot.clock import ManualClock
from bot.devtools.emulator import BotApiEmulator
from bot.wiring import build_application
from models import Notification, PlanStep, StoredFile, Talk
from models.enums import Role, StepKind, StepStatus
from tests.casework import (
    CADRE,
    LONG_TEXT,
    MENTOR,
    SUPERVISOR,
    enrol,
    open_case,
    world,
)
from tests.chat import ChatHarness, text_of
from tests.conftest import settings_for


async def test_talk_recorded_today(chat: ChatHarness) -> None:
    w = await world(chat)
    replies = await chat.send(MENTOR, "/talk")
    assert "请选择谈话对象" in text_of(replies)
    labels = [b["text"] for row in replies[-1].reply_markup["inline_keyboard"] for b in row]
    assert labels == ["张伟 · 青山县农业农村局"]  # not 赵敏, who has another mentor
    replies = await chat.press(MENTOR, "张伟")
    assert "与 张伟 的谈话是哪一天" in text_of(replies)
    replies = await chat.press(MENTOR, "今天")
    assert "谈话日期：2026年3月2日。谈话地点？" in text_of(replies)
    await chat.send(MENTOR, "局党组会议室")
    await chat.send(MENTOR, "谈了近期工作落实不力的原因，本人认识较深刻。")
    replies = await chat.press(MENTOR, "4")
    assert "商定的改进措施" in text_of(replies)
    replies = await chat.send(MENTOR, "每周书面汇报一次工作进展")
    text = text_of(replies)
    assert "对象：张伟" in text and "地点：局党组会议室" in text and "态度：4/5" in text
    replies = await chat.press(MENTOR, "确认保存")
    talk = await Talk.get(case=w.case)
    assert "谈话记录已保存（2026年3月2日），已请 张伟 确认" in text_of(replies)
    assert "逾期" not in text_of(replies)
    assert talk.held_on == date(2026, 3, 2) and talk.place == "局党组会议室"
    assert talk.attitude == 4 and talk.actions == "每周书面汇报一次工作进展"
    assert talk.mentor_id == w.mentor.id and not talk.late  # type: ignore[attr-defined]
    step = await PlanStep.filter(case=w.case, kind=StepKind.TALK).order_by("due_on").first()
    assert step is not None and step.status == StepStatus.DONE
    assert await Notification.exists(person=w.cadre, message="talk-confirm-request")


async def test_late_talk_with_typed_date_and_voice_in_english(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    chat.clock.advance(days=10)  # 12 March: the first talk was due on 9 March
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    replies = await chat.send(MENTOR, "2026-03-20")
    assert "The date cannot be later than today" in text_of(replies)
    replies = await chat.send(MENTOR, "2026-02-20")
    assert "The date cannot be before the recall date" in text_of(replies)
    replies = await chat.send(MENTOR, "next Tuesday")
    assert "That is not a date I can read" in text_of(replies)
    replies = await chat.send(MENTOR, "2026/3/11")
    assert "Date: 11 Mar 2026. Where was the talk?" in text_of(replies)
    await chat.send(MENTOR, "Bureau office")
    # (A photo here is a scan of a paper record now: tests/test_chat_talk_record.py.)
    await chat.send_voice(MENTOR, b"OggS summary")
    replies = await chat.send(MENTOR, "five")
    assert "Please choose with the buttons" in text_of(replies)
    await chat.press(MENTOR, "2")
    replies = await chat.send(MENTOR, "Report every Friday")
    assert "Summary: 🎤 voice note" in text_of(replies) and "Attitude: 2/5" in text_of(replies)
    replies = await chat.press(MENTOR, "Save")
    assert "Talk saved" in text_of(replies)
    assert "Later than the planned date: marked as done late" in text_of(replies)
    talk = await Talk.get(case=w.case)
    assert talk.late and talk.held_on == date(2026, 3, 11)
    assert talk.summary == "" and talk.voice_file_id and talk.voice_file_id.startswith("EMU")
    kept = await StoredFile.get(telegram_file_id=talk.voice_file_id)
    assert kept.content == b"OggS summary" and kept.owner == f"talk-{talk.id}"
    step = await PlanStep.get(id=talk.step_id)  # type: ignore[attr-defined]
    assert step.status == StepStatus.DONE_LATE


async def test_talk_refuses_other_cases_and_forged_buttons(chat: ChatHarness) -> None:
    w = await world(chat)
    assert "您没有权限" in text_of(await chat.send(CADRE, "/talk"))
    await chat.send(MENTOR, "/talk")
    message = chat.last_with_buttons(MENTOR)
    replies = await chat.press_data(MENTOR, f"tk:c:{w.other_case.id}", message.message_id)
    assert "找不到这位干部的召回管理" in text_of(replies)
    replies = await chat.press_data(MENTOR, "tk:c:abc", message.message_id)
    assert "按钮已失效" in text_of(replies)
    await chat.press(MENTOR, "张伟")
    message = chat.last_with_buttons(MENTOR)
    labels = [b["text"] for row in message.reply_markup["inline_keyboard"] for b in row]
    assert labels == ["今天"]  # recalled today: no day before the recall is offered
    replies = await chat.press_data(MENTOR, "tk:d:yesterday", message.message_id)
    assert "日期不能早于召回日期" in text_of(replies)
    for forged in ("tk:d:2026031", "tk:d:20260231", "tk:d:99999999", "tk:d:²"):
        assert "按钮已失效" in text_of(await chat.press_data(MENTOR, forged, message.message_id))
    replies = await chat.press_data(MENTOR, "tk:d:20260301", message.message_id)
    assert "日期不能早于召回日期" in text_of(replies)
    replies = await chat.press_data(MENTOR, "tk:d:tomorrow", message.message_id)
    assert "按钮已失效" in text_of(replies)
    await chat.press(MENTOR, "今天")
    await chat.send(MENTOR, "会议室")
    await chat.send(MENTOR, "摘要")
    message = chat.last_with_buttons(MENTOR)
    replies = await chat.press_data(MENTOR, "tk:a:9", message.message_id)
    assert "按钮已失效" in text_of(replies)
    assert await Talk.all().count() == 0


async def test_talk_bad_input_changes_nothing(chat: ChatHarness) -> None:
    await world(chat)
    await chat.send(MENTOR, "/talk")
    assert "请点击上方的按钮" in text_of(await chat.send(MENTOR, "张伟"))
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "今天")
    replies = await chat.send(MENTOR, LONG_TEXT)
    assert "最多 200 字" in text_of(replies)
    replies = await chat.send_document(MENTOR, "place.pdf", b"%PDF")
    assert "请发送文字" in text_of(replies)
    await chat.send(MENTOR, "会议室")
    replies = await chat.send(MENTOR, LONG_TEXT)
    assert "最多 4,000 字" in text_of(replies)
    replies = await chat.send(MENTOR, "/cancel")
    assert "已取消" in text_of(replies)
    # A form left idle for more than 30 minutes expires.
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    chat.clock.advance(minutes=31)
    assert "表单已超时" in text_of(await chat.press(MENTOR, "今天"))
    assert "当前没有进行中的操作" in text_of(await chat.send(MENTOR, "/cancel"))
    assert await Talk.all().count() == 0


async def test_talk_saved_once_when_save_arrives_twice(chat: ChatHarness) -> None:
    await world(chat)
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "今天")
    await chat.send(MENTOR, "会议室")
    await chat.send(MENTOR, "摘要")
    await chat.press(MENTOR, "3")
    await chat.send(MENTOR, "措施")
    message = chat.last_with_buttons(MENTOR)
    update = chat.emu.callback(MENTOR, "tk:ok:save", message.message_id)
    assert await chat.deliver(update, MENTOR)
    assert await chat.deliver(update, MENTOR) == []
    replies = await chat.press_data(MENTOR, "tk:ok:save", message.message_id)
    assert "按钮已失效" in text_of(replies)
    assert await Talk.all().count() == 1


async def test_mentor_without_cases(chat: ChatHarness) -> None:
    await enrol(chat, 2100, Role.MENTOR, "新老师")
    assert "没有可以操作的管理期中干部" in text_of(await chat.send(2100, "/talk"))
    assert "您目前没有负责的召回干部" in text_of(await chat.send(2100, "/cases"))


# /cases --------------------------------------------------------------------------------------


async def test_cases_show_progress_and_overdue(chat: ChatHarness) -> None:
    w = await world(chat)
    await open_case(chat, "刘洋", "李老师", unit="河西街道办事处", recalled_on=date(2026, 2, 1))
    await chat.app.services.cases.acknowledge(w.case, w.cadre)
    text = text_of(await chat.send(MENTOR, "/cases"))
    assert "我负责的召回干部</b>（2 名）" in text
    assert "🟢 张伟 · 青山县农业农村局" in text
    assert "进度 1/15，逾期 0 项，2026年6月2日 期满" in text
    assert "🔴" in text and "刘洋 · 河西街道办事处" in text
    assert "本人尚未确认管理计划" in text
    assert "赵敏" not in text


async def test_cases_in_english_and_for_mentors_only(chat: ChatHarness) -> None:
    await world(chat, "en")
    text = text_of(await chat.send(MENTOR, "/cases"))
    assert "The recalls I follow" in text
    assert "progress 0/15, 0 overdue, period ends 2 Jun 2026" in text
    await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长", "en")
    assert "not allowed" in text_of(await chat.send(SUPERVISOR, "/cases"))
    assert "not allowed" in text_of(await chat.send(CADRE, "/cases"))


async def test_a_restart_continues_the_form(
    chat: ChatHarness, emulator: BotApiEmulator, clock: ManualClock
) -> None:
    """Another instance (or a restart) takes over half way through: the form goes on."""
    w = await world(chat)
    await chat.send(MENTOR, "/talk")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "今天")
    restarted = build_application(settings_for(emulator), clock)
    async with restarted:
        chat.app = restarted
        replies = await chat.send(MENTOR, "会议室")
        assert "谈话内容摘要" in text_of(replies)
        await chat.send(MENTOR, "摘要")
        await chat.press(MENTOR, "5")
        await chat.send(MENTOR, "措施")
        await chat.press(MENTOR, "确认保存")
    talk = await Talk.get(case=w.case)
    assert talk.place == "会议室" and talk.attitude == 5


async def test_the_day_picker_offers_the_last_seven_days(chat: ChatHarness) -> None:
    w = await world(chat)
    chat.clock.advance(days=10, hours=14, minutes=20)  # Thursday 12 March, 23:50 in Beijing
    await chat.send(MENTOR, "/talk")
    replies = await chat.press(MENTOR, "张伟")
    rows = [[b["text"] for b in row] for row in replies[-1].reply_markup["inline_keyboard"]]
    week = [["今天", "昨天"], ["周二 3/10", "周一 3/9", "周日 3/8"], ["周六 3/7", "周五 3/6"]]
    assert rows == week
    chat.clock.advance(minutes=20)  # pressed after midnight: still the day the button showed
    replies = await chat.press(MENTOR, "周一 3/9")
    assert "谈话日期：2026年3月9日。谈话地点？" in text_of(replies)
    await chat.send(MENTOR, "局党组会议室")
    await chat.send(MENTOR, "谈了工作落实的情况。")
    await chat.press(MENTOR, "4")
    await chat.send(MENTOR, "每周汇报")
    await chat.press(MENTOR, "确认保存")
    talk = await Talk.get(case=w.case)
    assert talk.held_on == date(2026, 3, 9)


async def test_the_day_picker_in_english_stops_at_the_recall(chat: ChatHarness) -> None:
    await world(chat, "en")
    chat.clock.advance(days=3)  # Thursday 5 March, the recall on Monday 2 March
    await chat.send(MENTOR, "/talk")
    replies = await chat.press(MENTOR, "张伟")
    rows = [[b["text"] for b in row] for row in replies[-1].reply_markup["inline_keyboard"]]
    assert rows == [["Today", "Yesterday"], ["Tue 3 Mar", "Mon 2 Mar"]]
    assert "e.g. 5 Mar, 3/5, yesterday" in text_of(replies)
    replies = await chat.press(MENTOR, "Mon 2 Mar")
    assert "Date: 2 Mar 2026. Where was the talk?" in text_of(replies)
