"""Reminders and alerts one tap from their action, sessions with their own date and place,
and one batched message per reader (issue 10 points 3 and 10), through the real Application,
the real tick and sender, and the emulator."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.devtools.emulator.server import SentMessage
from models import AuditEvent, Notification, TrainingSession
from models.enums import NotificationStatus, Role, SessionKind
from tests.casework import CADRE, MENTOR, SUPERVISOR, World, admin, enrol, world
from tests.chat import ChatHarness, button_data, text_of
from tests.conftest import ADMIN_ID


def at(day: int, hour: int = 1, minute: int = 30) -> datetime:
    """A moment in March 2026, in UTC (01:30 UTC is 09:30 in Beijing)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


async def run_until(chat: ChatHarness, moment: datetime) -> None:
    """The clock moves on; the tick and the sender run as the scheduler would."""
    chat.clock.set(moment)
    await chat.app.reminders.tick()
    await chat.app.sender.drain()


def new_messages(chat: ChatHarness, uid: int, before: int) -> list[SentMessage]:
    return chat.emu.sent(uid)[before:]


def labels(message: SentMessage) -> str:
    markup = message.reply_markup or {}
    return " | ".join(b["text"] for row in markup.get("inline_keyboard", []) for b in row)


def label_of(message: SentMessage, *parts: str) -> str:
    markup = message.reply_markup or {}
    found = [b["text"] for row in markup.get("inline_keyboard", []) for b in row]
    return next(label for label in found if all(part in label for part in parts))


async def staffed(chat: ChatHarness, language: str = "zh-hans") -> World:
    w = await world(chat, language)
    await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长", language)
    await chat.app.sender.drain()  # what joining says
    return w


# Point 3: one tap from a reminder to its action -----------------------------------------


async def test_a_reflection_reminder_opens_the_report_form(chat: ChatHarness) -> None:
    w = await staffed(chat)
    await run_until(chat, at(13))  # the reflection is due on 16 March: 3 days before
    reminder = chat.last_with_buttons(CADRE)
    assert "思想汇报" in (reminder.text or "")
    assert "📝 提交思想汇报" in labels(reminder)
    # Forged, or for somebody else's management: refused, nothing opens.
    forged = await chat.press_data(CADRE, f"nrf:{w.other_case.id}", reminder.message_id)
    assert "按钮已失效" in text_of(forged)
    assert "按钮已失效" in text_of(await chat.press_data(CADRE, "nrf:x1", reminder.message_id))
    asked = text_of(await chat.press(CADRE, "提交思想汇报", reminder))
    assert "请发送思想汇报" in asked
    # The form is open: a text too short is refused with the form's own answer.
    assert "太短" in text_of(await chat.send(CADRE, "短"))


async def test_a_talk_reminder_opens_the_talk_form_on_that_case(chat: ChatHarness) -> None:
    w = await staffed(chat)
    await run_until(chat, at(9))  # the first talk is due today
    reminder = chat.last_with_buttons(MENTOR)
    assert "张伟" in (reminder.text or "") and "谈心谈话" in (reminder.text or "")
    assert "🗣 登记谈话" in labels(reminder)
    assert "🔍 查看" in labels(reminder)
    refused = await chat.press_data(MENTOR, f"ntk:{w.other_case.id}", reminder.message_id)
    assert "找不到" in text_of(refused)  # 赵敏 has another mentor
    assert "按钮已失效" in text_of(await chat.press_data(MENTOR, "ntk:", reminder.message_id))
    own = chat.emu.sent(CADRE)[-1].message_id
    assert "没有权限" in text_of(await chat.press_data(CADRE, f"ntk:{w.case.id}", own))
    asked = text_of(await chat.press(MENTOR, "登记谈话", reminder))
    assert "与 张伟 的谈话是哪一天" in asked
    assert "谈话地点" in text_of(await chat.press(MENTOR, "今天"))
    # 查看 opens the management view of that cadre.
    view = text_of(await chat.press(MENTOR, "查看", reminder))
    assert "张伟" in view


async def test_a_supervisor_reminds_the_person_responsible_once_a_day(chat: ChatHarness) -> None:
    w = await staffed(chat)
    await run_until(chat, at(12))  # the talk (due 9 March) is 3 days overdue
    alert = chat.last_with_buttons(SUPERVISOR)
    assert "谈心谈话" in (alert.text or "")
    nudge = label_of(alert, "提醒本人", "谈心谈话")
    before = len(chat.emu.sent(MENTOR))
    done = text_of(await chat.press(SUPERVISOR, nudge, alert))
    assert "已提醒本人（1 人）" in done
    await chat.app.sender.drain()
    told = new_messages(chat, MENTOR, before)
    assert len(told) == 1
    assert "王部长 提醒您：张伟的“谈心谈话”尚未完成（原定 2026年3月9日）" in (told[0].text or "")
    assert "🗣 登记谈话" in labels(told[0])
    # Once a day: a second press queues nothing; the next day it may again.
    again = text_of(await chat.press(SUPERVISOR, nudge, alert))
    assert "今天已经提醒过了" in again
    assert await Notification.filter(message="reminder-nudge").count() == 1
    assert await AuditEvent.filter(action="step-nudged").count() == 1
    # Not a supervisor, forged, or unknown: refused, nothing queued.
    data = button_data(alert, nudge)
    assert "没有权限" in text_of(await chat.press_data(MENTOR, data, alert.message_id))
    own = chat.emu.sent(CADRE)[-1].message_id
    assert "没有权限" in text_of(await chat.press_data(CADRE, data, own))
    assert "按钮已失效" in text_of(await chat.press_data(SUPERVISOR, "nud:1x", alert.message_id))
    unknown = await chat.press_data(SUPERVISOR, "nud:99999", alert.message_id)
    assert "找不到" in text_of(unknown)
    assert await Notification.filter(message="reminder-nudge").count() == 1
    chat.clock.set(at(13))
    assert "已提醒本人" in text_of(await chat.press_data(SUPERVISOR, data, alert.message_id))
    assert await Notification.filter(message="reminder-nudge").count() == 2
    assert w.case.id  # (the case the alert is about)


async def test_reminders_and_nudges_in_english(chat: ChatHarness) -> None:
    await staffed(chat, "en")
    await run_until(chat, at(9))
    assert "🗣 Record the talk" in labels(chat.last_with_buttons(MENTOR))
    await run_until(chat, at(12))
    alert = chat.last_with_buttons(SUPERVISOR)
    nudge = label_of(alert, "Remind them", "alk")
    assert "🔍 View" in labels(alert)
    assert "Reminder sent (1)" in text_of(await chat.press(SUPERVISOR, nudge, alert))
    assert "reminded today already" in text_of(await chat.press(SUPERVISOR, nudge, alert))
    await chat.app.sender.drain()
    assert "王部长 reminds you" in text_of(chat.emu.sent(MENTOR))
    await run_until(chat, at(13))
    report = chat.last_with_buttons(CADRE)
    assert "📝 Submit self-reflection report" in labels(report)
    asked = text_of(await chat.press(CADRE, "Submit self-reflection", report))
    assert "at least 30 characters" in asked


async def test_a_missed_training_says_who_acts_and_offers_the_plan(chat: ChatHarness) -> None:
    await staffed(chat)
    await run_until(chat, at(17, 1, 30))  # the training was due on 16 March: none was held
    reminder = await Notification.get(
        person__telegram_id=CADRE, message="reminder-session-overdue"
    )
    assert reminder.status == NotificationStatus.SENT
    shown = next(m for m in chat.emu.sent(CADRE) if "补训时间确定后会通知您" in (m.text or ""))
    training = next(p for p in (shown.text or "").split("\n\n") if "专题培训" in p)
    assert "请尽快完成并登记" not in training and "培训由组织方安排" in training
    assert "📋 我的管理计划" in labels(shown)
    plan = text_of(await chat.press(CADRE, "我的管理计划", shown))
    assert "培训出勤由组织方登记" in plan
    forged = await chat.press_data(CADRE, "npl:777", shown.message_id)
    assert "按钮已失效" in text_of(forged)


# A session's own date, time and place; the eve of a session -------------------------------


async def booked(chat: ChatHarness, w: World, starts: datetime, title: str) -> TrainingSession:
    return await chat.app.services.activities.schedule_session(
        SessionKind.TRAINING,
        title,
        starts,
        starts.replace(hour=starts.hour + 3),
        [w.case.id],
        by=await admin(chat),
        place="县委党校 201 教室",
    )


async def test_a_session_reminder_gives_its_own_date_and_the_eve(chat: ChatHarness) -> None:
    w = await staffed(chat)
    await booked(chat, w, at(12, 1, 0), "作风建设专题培训（一）")  # Thursday 09:00
    await booked(chat, w, at(15, 6, 0), "作风建设专题培训（二）")  # Sunday 14:00
    await chat.app.sender.drain()
    before = len(chat.emu.sent(CADRE))
    await run_until(chat, at(11, 0, 30))  # 08:30: not before the reminder hour
    assert not any("培训提醒" in t for t in chat.texts(CADRE)[before:])
    await run_until(chat, at(11, 1, 30))
    eve = text_of(new_messages(chat, CADRE, before))
    assert "培训提醒：请按时参加专题培训“作风建设专题培训（一）”" in eve
    assert "时间：2026年3月12日（周四）09:00" in eve and "地点：县委党校 201 教室" in eve
    # The step reminder on 13 March names the coming session, not the step's due date.
    before = len(chat.emu.sent(CADRE))
    await run_until(chat, at(13))
    told = text_of(new_messages(chat, CADRE, before))
    assert "您的“专题培训”已安排场次：作风建设专题培训（二）" in told
    assert "时间：2026年3月15日（周日）14:00" in told
    assert "2026年3月16日" not in told.split("专题培训”已安排场次")[1].split("\n\n")[0]
    # The second is on a Sunday: it is reminded on Friday, in the same message, once,
    # however often the tick runs.
    assert "培训提醒：请按时参加专题培训“作风建设专题培训（二）”" in told
    await run_until(chat, at(13, 2))
    await run_until(chat, at(14, 2))
    eves = await Notification.filter(person=w.cadre, message="reminder-session-tomorrow")
    assert len(eves) == 2, eves
    assert all(n.status == NotificationStatus.SENT for n in eves), [
        (n.status, n.last_error, n.not_before) for n in eves
    ]


async def test_the_eve_of_a_session_in_english(chat: ChatHarness) -> None:
    w = await staffed(chat, "en")
    await booked(chat, w, at(12, 1, 0), "Work style training")
    await run_until(chat, at(11))
    eve = text_of(chat.emu.sent(CADRE))
    assert "⏰ Coming up: " in eve and ", Work style training" in eve
    assert "When: Thu 12 Mar 2026 09:00" in eve


# Point 10: one message, not five -------------------------------------------------------


async def test_invitations_queued_together_go_out_as_one_message(chat: ChatHarness) -> None:
    w = await staffed(chat)
    before = len(chat.emu.sent(CADRE))
    for day in (20, 23, 26):
        await booked(chat, w, at(day, 1, 0), f"专题培训 3月{day}日")
    await chat.app.sender.drain()
    told = new_messages(chat, CADRE, before)
    assert len(told) == 1
    text = told[0].text or ""
    assert text.startswith("📅 您有 3 项培训安排：")
    assert all(f"专题培训 3月{day}日" in text for day in (20, 23, 26))
    invitations = await Notification.filter(message="session-invitation", person=w.cadre)
    assert len(invitations) == 3
    assert all(n.status == NotificationStatus.SENT for n in invitations)
    assert len({n.telegram_message_id for n in invitations}) == 1


async def test_alerts_and_the_digest_of_one_minute_are_one_message(chat: ChatHarness) -> None:
    await staffed(chat, "en")
    before = len(chat.emu.sent(SUPERVISOR))
    await run_until(chat, at(16))  # Monday: the weekly digest, and overdue alerts
    told = [m for m in new_messages(chat, SUPERVISOR, before) if m.text]
    assert len(told) == 1, [m.text for m in told]
    rows = await Notification.filter(person__telegram_id=SUPERVISOR, status="sent")
    assert {"digest"} < {n.message for n in rows}
    assert len({n.telegram_message_id for n in rows}) == 1


# Point 15: moving or cancelling a session tells the people invited ------------------------


async def test_an_admin_moves_a_session_and_the_roster_is_told(chat: ChatHarness) -> None:
    w = await staffed(chat)
    session = await booked(chat, w, at(20, 1, 0), "作风建设专题培训")
    await run_until(chat, at(11))  # its eve reminder is queued for 19 March
    old_eve = await Notification.get(message="reminder-session-tomorrow")
    before = len(chat.emu.sent(CADRE))
    assert "没有权限" in text_of(await chat.send(MENTOR, "/sessions"))
    listed = text_of(await chat.send(ADMIN_ID, "/sessions"))
    assert "即将举行的培训（1 场）" in listed
    asked = text_of(await chat.press(ADMIN_ID, "作风建设专题培训"))
    assert "原定 2026年3月20日 09:00" in asked
    assert "日期" in text_of(await chat.send(ADMIN_ID, "下周八"))
    assert "不能早于今天" in text_of(await chat.send(ADMIN_ID, "2026-03-01"))
    await chat.send(ADMIN_ID, "3月24日")
    assert "09:30" in text_of(await chat.send(ADMIN_ID, "九点"))
    confirm = text_of(await chat.send(ADMIN_ID, "14:00"))
    assert "改到 2026年3月24日 14:00，并通知名单上的 1 人" in confirm
    assert "已通知 1 人" in text_of(await chat.press(ADMIN_ID, "确认保存"))
    moved = await TrainingSession.get(id=session.id)
    assert moved.starts_at == at(24, 6, 0) and moved.ends_at == at(24, 9, 0)
    assert await AuditEvent.exists(action="session-moved")
    await chat.app.sender.drain()
    told = text_of(new_messages(chat, CADRE, before))
    assert "培训安排有变" in told and "原定：2026年3月20日（周五）09:00" in told
    assert "现改为：2026年3月24日（周二）14:00" in told
    # Its eve reminder follows the new date: the old one is dropped, the new one sent.
    await run_until(chat, at(19))
    await old_eve.refresh_from_db()
    assert old_eve.status == NotificationStatus.DROPPED and "moved" in old_eve.last_error
    await run_until(chat, at(23))
    eve = await Notification.get(message="reminder-session-tomorrow", status="sent")
    assert eve.params["starts_at"] == at(24, 6, 0).isoformat()


async def test_an_admin_cancels_a_session_in_english(chat: ChatHarness) -> None:
    w = await staffed(chat, "en")
    await chat.send(ADMIN_ID, "/lang")
    await chat.press(ADMIN_ID, "English")
    session = await booked(chat, w, at(20, 1, 0), "Work style training")
    await chat.app.sender.drain()
    await chat.send(ADMIN_ID, "/sessions")
    listed = chat.last_with_buttons(ADMIN_ID)
    stale = await chat.press_data(ADMIN_ID, "sc:x:99999", listed.message_id)
    assert "This button is no longer valid" in text_of(stale)
    confirm = text_of(await chat.press(ADMIN_ID, "Cancel", listed))
    assert "is cancelled; the 1 people on its roster are told" in confirm
    assert "cancelled; 1 people told" in text_of(await chat.press(ADMIN_ID, "Save"))
    assert not await TrainingSession.exists(id=session.id)
    await chat.app.sender.drain()
    assert "❌" in text_of(chat.emu.sent(CADRE)) and "is cancelled" in text_of(
        chat.emu.sent(CADRE)
    )
    assert await AuditEvent.exists(action="session-cancelled")


async def test_a_cadre_who_joins_late_gets_his_sessions_in_one_message(
    chat: ChatHarness,
) -> None:
    from tests.casework import open_case

    case = await open_case(chat, "刘洋", "李老师")
    admin_person = await admin(chat)
    for day in (10, 12, 16, 19, 23):
        await chat.app.services.activities.schedule_session(
            SessionKind.EDUCATION if day % 2 else SessionKind.TRAINING,
            f"第{day}日专题课",
            at(day, 1, 0),
            at(day, 4, 0),
            [case.id],
            by=admin_person,
            place="县委党校",
        )
    invitations = await Notification.filter(message="session-invitation")
    assert len(invitations) == 5
    assert all(n.status == NotificationStatus.DROPPED for n in invitations)
    await enrol(chat, 3005, Role.CADRE, "刘洋", "zh-hans", case_id=case.id)
    await chat.app.sender.drain()
    told = [m.text or "" for m in chat.emu.sent(3005)]
    summaries = [t for t in told if "您的培训安排（5 场）" in t]
    assert len(summaries) == 1 and not any(t.startswith("📅 请参加") for t in told)
    assert "2026年3月10日（周二）09:00 专题培训“第10日专题课”，县委党校" in summaries[0]
    assert "第23日专题课" in summaries[0]
