"""A step is done when its record stands: a reflection sent back is "to revise", a disputed
talk is "disputed" until settled; a step done by a session carries its date and place; a
missed training asks the organiser, not the cadre, for a make-up session."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook

from bot.chat.notifications import render_text as render_notification
from bot.services.activities import ReflectionContent, TalkRecord
from bot.services.notices import notice_of
from models import AuditEvent, Notification, PlanStep, Talk
from models.enums import ReviewDecision, Role, StepKind, StepStatus, TalkConfirmation
from tests.case_views import case_text
from tests.casework import (
    CADRE,
    MENTOR,
    OTHER_MENTOR,
    REFLECTION,
    SUPERVISOR,
    World,
    enrol,
    session,
    world,
)
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID


def steps_sheet(document: bytes | None) -> list[tuple[object, ...]]:
    assert document is not None
    book = load_workbook(io.BytesIO(document), read_only=True)
    return list(book.worksheets[1].iter_rows(values_only=True))


async def sent_back(chat: ChatHarness, w: World) -> int:
    """On 14 March the cadre's first reflection (due 16 March) comes back for revision."""
    chat.clock.advance(days=12)
    content = ReflectionContent(text=REFLECTION)
    reflection = await chat.app.services.activities.submit_reflection(content, cadre=w.cadre)
    await chat.app.services.activities.review_reflection(
        reflection.id, ReviewDecision.REVISE, "请结合具体工作写。", reviewer=w.mentor
    )
    return reflection.id


async def test_a_reflection_sent_back_is_to_revise_until_resubmitted(chat: ChatHarness) -> None:
    w = await world(chat)
    await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长")
    reflection_id = await sent_back(chat, w)
    step = await PlanStep.filter(case=w.case, kind=StepKind.REFLECTION).order_by("due_on").first()
    assert step is not None and step.status == StepStatus.DONE  # the submission is kept
    plan = text_of(await chat.send(CADRE, "/plan"))
    assert "✏️ 2026年3月16日 思想汇报 — 待修改 · 请按意见修改后重新提交（/reflect）" in plan
    assert "进度：已完成 0/15 项" in plan  # not counted as done
    case = await case_text(chat, SUPERVISOR, f"{w.case.id}")
    assert "✏️ 2026年3月16日 思想汇报 — 待修改（2026年3月14日 完成）" in case
    chat.clock.advance(minutes=1)
    digest = text_of(await chat.send(SUPERVISOR, "/digest"))
    assert "✏️ 记录未落实的步骤（1）" in digest
    assert "• 张伟：思想汇报，2026年3月16日 · 待修改" in digest
    assert "张伟：完成 0/15" in digest
    export = (await chat.send(SUPERVISOR, "/export"))[-1]
    rows = steps_sheet(export.document)
    status = rows[0].index("状态")
    assert "待修改" in [row[status] for row in rows[1:]]
    # Resubmitted: the step stands again.
    revised = ReflectionContent(text=REFLECTION + "补充了具体事例。")
    await chat.app.services.activities.revise_reflection(reflection_id, revised, cadre=w.cadre)
    plan = text_of(await chat.send(CADRE, "/plan"))
    assert "✅ 2026年3月16日 思想汇报 — 已完成 · 2026年3月14日 完成" in plan


async def test_to_revise_in_english(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    await sent_back(chat, w)
    plan = text_of(await chat.send(CADRE, "/plan"))
    assert (
        "✏️ 16 Mar 2026 Self-reflection report — to revise · revise it and send it again (/reflect)"
        in plan
    )


async def disputed_talk(chat: ChatHarness, w: World) -> Talk:
    chat.clock.advance(days=7)  # 9 March, the first talk's due day
    record = TalkRecord(date(2026, 3, 9), "局会议室", "谈了工作作风问题", 4, "每周汇报")
    talk = await chat.app.services.activities.record_talk(w.case.id, record, mentor=w.mentor)
    await chat.app.services.activities.confirm_talk(
        talk.id, cadre=w.cadre, agree=False, comment="地点不对"
    )
    return talk


async def test_a_disputed_talk_is_disputed_until_the_mentor_settles_it(
    chat: ChatHarness,
) -> None:
    w = await world(chat)
    talk = await disputed_talk(chat, w)
    plan = text_of(await chat.send(CADRE, "/plan"))
    assert "⚖️ 2026年3月9日 谈心谈话 — 有异议 · 异议待帮带人处理" in plan
    # The notice to the mentor, through the real sender, has the button to settle it.
    await chat.app.sender.drain()
    notice = chat.emu.sent(MENTOR)[-1]
    assert "对 2026年3月9日 的谈话记录" in (notice.text or "")
    assert "维持原记录" in str(notice.reply_markup) and "修改记录" in str(notice.reply_markup)
    cadre_message = chat.emu.sent(CADRE)[-1].message_id
    assert "没有权限" in text_of(await chat.press_data(CADRE, f"ts:{talk.id}", cadre_message))
    ask = text_of(await chat.press(MENTOR, "维持原记录", notice))
    assert "请说明 2026年3月9日 谈话记录的异议是如何处理的" in ask
    confirm = text_of(await chat.send(MENTOR, "已与本人当面核实，地点已更正为 <局长办公室>。"))
    assert "&lt;局长办公室&gt;" in confirm
    saved = text_of(await chat.press(MENTOR, "确认保存"))
    assert "已记录异议处理结果，已通知 张伟" in saved
    stored = await Talk.get(id=talk.id)
    assert stored.confirmation == TalkConfirmation.SETTLED
    assert stored.settlement == "已与本人当面核实，地点已更正为 <局长办公室>。"
    assert stored.settled_at == chat.clock.now()
    assert await AuditEvent.exists(action="talk-settled", actor=w.mentor)
    await chat.app.sender.drain()
    assert "您对 2026年3月9日 谈话记录提出的异议已由 李老师 处理" in text_of(chat.emu.sent(CADRE))
    plan = text_of(await chat.send(CADRE, "/plan"))
    assert "✅ 2026年3月9日 谈心谈话 — 已完成" in plan
    # Settled once: the button again, or a forged one, changes nothing.
    again = await chat.press_data(MENTOR, f"ts:{talk.id}", notice.message_id)
    assert "这条谈话记录没有待处理的异议" in text_of(again)
    assert "按钮已失效" in text_of(await chat.press_data(MENTOR, "ts:abc", notice.message_id))


async def test_settling_refuses_other_cases_and_bad_input_in_english(chat: ChatHarness) -> None:
    w = await world(chat)
    talk = await disputed_talk(chat, w)
    await chat.send(MENTOR, "/lang")
    await chat.press(MENTOR, "English")
    message = (await chat.send(MENTOR, "/help"))[-1]
    elsewhere = (await chat.send(OTHER_MENTOR, "/help"))[-1]
    other = await chat.press_data(OTHER_MENTOR, f"ts:{talk.id}", elsewhere.message_id)
    assert "找不到这位干部的召回管理" in text_of(other)  # 陈老师 mentors another case
    await chat.press_data(MENTOR, f"ts:{talk.id}", message.message_id)
    assert "Please send text" in text_of(await chat.send_photo(MENTOR, b"\x89PNG"))
    assert "1,000" in text_of(await chat.send(MENTOR, "长" * 1200))
    assert "Cancelled" in text_of(await chat.send(MENTOR, "/cancel"))
    assert (await Talk.get(id=talk.id)).confirmation == TalkConfirmation.DISPUTED
    case = await case_text(chat, ADMIN_ID, f"{w.case.id}")
    assert "⚖️ 2026年3月9日 谈心谈话 — 有异议" in case


async def test_a_session_step_carries_the_date_and_place(chat: ChatHarness) -> None:
    w = await world(chat)
    await session(chat, [w.case])  # 2 March 09:00 at 县委党校
    await chat.send(MENTOR, "/attendance")
    await chat.press(MENTOR, "作风建设专题培训")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "确认保存")
    plan = text_of(await chat.send(CADRE, "/plan"))
    assert "专题培训 — 已完成 · 2026年3月2日 完成（2026年3月2日 09:00 · 县委党校）" in plan
    case = await case_text(chat, ADMIN_ID, f"{w.case.id}")
    assert "专题培训 — 已完成（2026年3月2日 完成）（2026年3月2日 09:00 · 县委党校）" in case
    export = (await chat.send(ADMIN_ID, "/export"))[-1]
    rows = steps_sheet(export.document)
    column = rows[0].index("场次")
    assert "2026-03-02 09:00 · 县委党校 · 作风建设专题培训" in [row[column] for row in rows[1:]]


async def test_a_session_step_carries_the_date_and_place_in_english(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    await session(chat, [w.case])  # 2 March 09:00 at 县委党校
    await chat.send(MENTOR, "/attendance")
    await chat.press(MENTOR, "作风建设专题培训")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "Save")
    plan = text_of(await chat.send(CADRE, "/plan"))
    assert "Special training — done · done 2 Mar 2026 (2 Mar 2026 09:00 · 县委党校)" in plan


async def test_a_missed_training_asks_the_organiser_not_the_cadre(chat: ChatHarness) -> None:
    w = await world(chat)
    await session(chat, [w.case])  # scheduled by the admin
    await chat.send(MENTOR, "/attendance")
    await chat.press(MENTOR, "作风建设专题培训")
    for _ in range(3):  # present -> late -> absent
        await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "确认保存")
    await chat.app.sender.drain()
    asked = text_of(chat.emu.sent(ADMIN_ID))
    assert "📌 需要补训：张伟 缺席了 2026年3月2日 09:00 的“作风建设专题培训”" in asked
    assert "请安排补训场次（/session），本人无法自行登记" in asked
    assert not await Notification.exists(person=w.cadre, message="make-up-session-needed")
    # One day after the training's due date (16 March), the cadre's reminder says who acts.
    chat.clock.set(datetime(2026, 3, 17, 1, 30, tzinfo=UTC))
    await chat.app.reminders.tick()
    reminder = await Notification.get(person=w.cadre, message="reminder-session-overdue")
    text = render_notification(reminder.message, reminder.params, "zh-CN", "Asia/Shanghai")
    assert "您的“专题培训”" in text and "补训时间确定后会通知您" in text
    assert "请尽快完成并登记" not in text
    english = render_notification(reminder.message, reminder.params, "en", "Asia/Shanghai")
    assert "The organisers schedule the sessions" in english


def test_the_settle_button_is_under_the_dispute_notice() -> None:
    rows = notice_of("talk-disputed").rows({"talk_id": 7})
    assert rows == [[("btn-talk-correct", "tfx:7"), ("btn-talk-keep", "ts:7")]]
