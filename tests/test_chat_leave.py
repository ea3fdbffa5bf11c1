"""/leave through the real Application: record, end early, correct, bad input, both languages."""

from __future__ import annotations

from datetime import date, timedelta

from models import AuditEvent, Case, Leave, Notification, PlanStep
from models.enums import LeaveKind, Role, StepKind
from schedules import delivery
from tests.case_views import case_text
from tests.casework import CADRE, MENTOR, SUPERVISOR, admin, enrol, open_case, world
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID


def labels(chat: ChatHarness, uid: int) -> list[str]:
    markup = chat.last_with_buttons(uid).reply_markup or {}
    return [b["text"] for row in markup["inline_keyboard"] for b in row]


async def test_supervisor_records_a_sick_leave(chat: ChatHarness) -> None:
    w = await world(chat)
    await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长")
    assert "请选择要登记离岗的干部" in text_of(await chat.send(SUPERVISOR, "/leave"))
    text = text_of(await chat.press(SUPERVISOR, "张伟"))
    assert "张伟 · 青山县农业农村局 的离岗记录" in text and "暂无离岗记录" in text
    await chat.press(SUPERVISOR, "登记新的离岗")
    assert labels(chat, SUPERVISOR) == ["病假", "公务外出", "其他事假"]
    assert "请点击上方的按钮" in text_of(await chat.send(SUPERVISOR, "病假"))
    assert "病假：请发送离岗的第一天" in text_of(await chat.press(SUPERVISOR, "病假"))
    assert "请发送日期" in text_of(await chat.send(SUPERVISOR, "下周一"))
    assert "开始于 2026年3月8日" in text_of(await chat.send(SUPERVISOR, "2026-03-08"))
    # Bad ends: before the start, past the period; the form waits for another.
    text = text_of(await chat.send(SUPERVISOR, "2026-03-01"))
    assert "结束日期不能早于开始日期" in text
    text = text_of(await chat.send(SUPERVISOR, "2026年7月1日"))
    assert "离岗须在管理期内（2026年3月2日 至 2026年6月2日）" in text
    assert "请填写离岗事由" in text_of(await chat.send(SUPERVISOR, "2026-03-17"))
    assert "请发送文字" in text_of(await chat.send_voice(SUPERVISOR, b"OggS"))
    text = text_of(await chat.send(SUPERVISOR, "住院治疗"))
    assert "离岗共 10 天。管理期是否相应顺延？" in text
    text = text_of(await chat.press(SUPERVISOR, "顺延管理期 10 天"))
    assert "日期：2026年3月8日 至 2026年3月17日" in text and "顺延管理期：是" in text
    assert await Leave.all().count() == 0  # nothing before Save
    text = text_of(await chat.press(SUPERVISOR, "确认保存"))
    assert "✅ 已保存 张伟 的离岗：病假 2026年3月8日 至 2026年3月17日（10 天），" in text
    assert "管理期至 2026年6月12日" in text
    leave = await Leave.get(case=w.case)
    assert (leave.kind, leave.reason, leave.extends_period) == (LeaveKind.SICK, "住院治疗", True)
    case = await Case.get(id=w.case.id)
    assert case.period_end == date(2026, 6, 12)
    talk = await PlanStep.filter(case=case, kind=StepKind.TALK).order_by("due_on").first()
    assert talk is not None and talk.due_on == date(2026, 3, 19)  # 9 March + 10 days
    assert await AuditEvent.filter(action="leave-recorded", case=case).count() == 1
    # The cadre is told, in Chinese; /plan and /case show the leave.
    await delivery.run(chat.app)
    told = "\n".join(chat.texts(CADRE))
    assert "已为您登记离岗：病假，2026年3月8日 至 2026年3月17日" in told
    assert "管理期顺延至 2026年6月12日" in told
    plan = text_of(await chat.send(CADRE, "/plan"))
    assert "🏖 病假 2026年3月8日 至 2026年3月17日（10 天），管理期相应顺延" in plan
    text = await case_text(chat, SUPERVISOR, "张伟")
    assert "离岗：\n• 病假 2026年3月8日 至 2026年3月17日（10 天）" in text
    # An overlapping leave is refused when its dates are typed: a first day inside the other
    # leave, or a last day that runs into it.
    await chat.send(SUPERVISOR, "/leave 张伟")
    await chat.press(SUPERVISOR, "登记新的离岗")
    await chat.press(SUPERVISOR, "其他事假")
    text = text_of(await chat.send(SUPERVISOR, "2026-03-15"))
    assert "与已登记的离岗（2026年3月8日 至 2026年3月17日）重叠" in text
    assert "开始于 2026年3月5日" in text_of(await chat.send(SUPERVISOR, "2026-03-05"))
    text = text_of(await chat.send(SUPERVISOR, "2026-03-20"))
    assert "与已登记的离岗（2026年3月8日 至 2026年3月17日）重叠" in text
    assert "已取消" in text_of(await chat.send(SUPERVISOR, "/cancel"))
    assert await Leave.all().count() == 1


async def test_admin_ends_early_and_corrects_in_english(chat: ChatHarness) -> None:
    w = await world(chat, "en")
    by = await admin(chat)
    services = chat.app.services
    from bot.services.leaves import LeaveRequest

    leave = await services.leaves.record(
        w.case.id,
        LeaveRequest(LeaveKind.OFFICIAL, date(2026, 3, 2), date(2026, 3, 11), "省里学习", True),
        by=by,
    )
    await chat.send(ADMIN_ID, "/lang")
    await chat.press(ADMIN_ID, "English")
    await chat.send(ADMIN_ID, "/leave 张伟")
    assert labels(chat, ADMIN_ID) == [
        "➕ Record a new leave",
        "✏️ Correct the leave from 2 Mar 2026",
        "⏹ End the leave from 2 Mar 2026 early",
    ]
    text = text_of(await chat.press(ADMIN_ID, "End the leave"))
    assert "Official business 2 Mar 2026 to 11 Mar 2026 (10 days)" in text
    assert "The actual last day" in text
    assert "the last day must be before 11 Mar 2026" in text_of(
        await chat.send(ADMIN_ID, "2026-03-11")
    )
    assert "The end cannot be before the start" in text_of(await chat.send(ADMIN_ID, "2026-03-01"))
    text = text_of(await chat.send(ADMIN_ID, "2026-03-05"))
    assert "now ending on 5 Mar 2026?" in text
    text = text_of(await chat.press(ADMIN_ID, "Save"))
    assert "2 Mar 2026 to 5 Mar 2026 (4 days), period extended accordingly" in text
    assert "The period ends on 6 Jun 2026" in text
    # Correct it: other leave, no extension.
    await chat.send(ADMIN_ID, "/leave 张伟")
    await chat.press(ADMIN_ID, "Correct the leave")
    await chat.press(ADMIN_ID, "Other leave")
    await chat.send(ADMIN_ID, "2026-03-03")
    await chat.send(ADMIN_ID, "2026-03-04")
    await chat.send(ADMIN_ID, "Family matters")
    await chat.press(ADMIN_ID, "Keep the period")
    text = text_of(await chat.press(ADMIN_ID, "Save"))
    assert "Other leave 3 Mar 2026 to 4 Mar 2026 (2 days)." in text
    assert "The period ends on 2 Jun 2026" in text
    leave = await Leave.get(id=leave.id)
    assert (leave.kind, leave.starts_on, leave.reason) == (
        LeaveKind.OTHER,
        date(2026, 3, 3),
        "Family matters",
    )
    assert await AuditEvent.filter(action="leave-corrected").count() == 2
    # The English cadre was told in English each time.
    await delivery.run(chat.app)
    told = "\n".join(chat.texts(CADRE))
    assert "Your leave is recorded: official business, 2 Mar 2026 to 11 Mar 2026." in told
    assert "Your leave is now: other leave, 3 Mar 2026 to 4 Mar 2026." in told


async def test_leave_refuses_other_people_and_forged_buttons(chat: ChatHarness) -> None:
    w = await world(chat)
    from bot.services.leaves import LeaveRequest

    other_leave = await chat.app.services.leaves.record(
        w.other_case.id,
        LeaveRequest(LeaveKind.SICK, date(2026, 3, 10), date(2026, 3, 12), "病"),
        by=await admin(chat),
    )
    assert "您没有权限" in text_of(await chat.send(MENTOR, "/leave"))
    assert "您没有权限" in text_of(await chat.send(CADRE, "/leave"))
    await enrol(chat, 4002, Role.SUPERVISOR, "外单位督导")
    assert "没有" in text_of(await chat.send(4002, "/leave"))  # no case in scope
    await chat.send(ADMIN_ID, "/leave 张伟")
    message = chat.last_with_buttons(ADMIN_ID)
    for data, answer in (
        (f"lv:f:{other_leave.id}", "找不到这条离岗记录"),  # a leave of another case
        (f"lv:e:{other_leave.id}", "找不到这条离岗记录"),
        ("lv:f:x", "按钮已失效"),
    ):
        replies = await chat.press_data(ADMIN_ID, data, message.message_id)
        assert answer in text_of(replies), data
    await chat.press(ADMIN_ID, "登记新的离岗")
    message = chat.last_with_buttons(ADMIN_ID)
    replies = await chat.press_data(ADMIN_ID, "lv:k:holiday", message.message_id)
    assert "按钮已失效" in text_of(replies)
    assert await Leave.all().count() == 1


async def test_a_reminder_queued_before_the_leave_waits_until_after_it(
    chat: ChatHarness,
) -> None:
    """The tick queued a reminder this morning; the cadre goes on leave before it is sent."""
    from datetime import UTC, datetime, time
    from zoneinfo import ZoneInfo

    from bot.services.leaves import LeaveRequest
    from schedules import tick

    def at(day: date) -> datetime:
        moment = datetime.combine(day, time(9, 30), tzinfo=ZoneInfo("Asia/Shanghai"))
        return moment.astimezone(UTC)

    w = await world(chat)
    await delivery.run(chat.app)  # the welcome summaries of those who joined
    chat.clock.set(at(date(2026, 3, 6)))  # the acknowledgement (due 5 March) is overdue
    await tick.run(chat.app)
    assert await Notification.filter(case=w.case, person=w.cadre, status="pending").exists()
    await chat.app.services.leaves.record(
        w.case.id,
        LeaveRequest(LeaveKind.SICK, date(2026, 3, 6), date(2026, 3, 10), "急病住院"),
        by=await admin(chat),
    )
    before = len(chat.texts(CADRE))
    await delivery.run(chat.app)
    told = chat.texts(CADRE)[before:]
    assert any("已为您登记离岗" in text for text in told)
    assert not any("确认管理计划" in text for text in told), told
    chat.clock.set(at(date(2026, 3, 11)))
    await tick.run(chat.app)
    await delivery.run(chat.app)
    assert any("确认管理计划" in text for text in chat.texts(CADRE)[before:])


async def test_who_joins_during_a_leave_gets_the_summary_that_says_so(chat: ChatHarness) -> None:
    """Joining is answered even during a leave; the summary says the cadre is away and until
    when; the reminders wait until the day after it."""
    from datetime import UTC, datetime, time
    from zoneinfo import ZoneInfo

    from bot.services.leaves import LeaveRequest
    from schedules import tick

    def at(day: date, hour: int = 9) -> datetime:
        moment = datetime.combine(day, time(hour, 30), tzinfo=ZoneInfo("Asia/Shanghai"))
        return moment.astimezone(UTC)

    case = await open_case(chat, "张伟", "李老师")
    chat.clock.set(at(date(2026, 3, 6)))  # the acknowledgement (due 5 March) is overdue
    await chat.app.services.leaves.record(
        case.id,
        LeaveRequest(LeaveKind.SICK, date(2026, 3, 6), date(2026, 3, 12), "住院治疗"),
        by=await admin(chat),
    )
    await enrol(chat, CADRE, Role.CADRE, "张伟", case_id=case.id)
    await enrol(chat, MENTOR, Role.MENTOR, "李老师", "en")
    await delivery.run(chat.app)
    (own,) = [t for t in chat.texts(CADRE) if "📋 欢迎" in t]
    assert own.startswith("🏖 您目前离岗（病假，至 2026年3月12日）：离岗期间不发送事项提醒")
    assert "• 确认管理计划，2026年3月5日（已逾期 1 天）" in own
    assert "确认" in str(chat.last_with_buttons(CADRE).reply_markup)  # acknowledging still works
    (scope,) = [t for t in chat.texts(MENTOR) if "📋 Welcome" in t]
    assert "Acknowledge the plan, 5 Mar 2026 (overdue by 1 day; on leave until 12 Mar 2026" in (
        scope
    )
    # Nothing else while the leave lasts, though the ladder had stages due.
    seen = {uid: len(chat.texts(uid)) for uid in (CADRE, MENTOR)}
    day = date(2026, 3, 6)
    while day <= date(2026, 3, 12):
        for hour in (9, 15):
            chat.clock.set(at(day, hour))
            await tick.run(chat.app)
            await delivery.run(chat.app)
        day += timedelta(days=1)
    assert {uid: len(chat.texts(uid)) for uid in seen} == seen
    chat.clock.set(at(date(2026, 3, 13)))
    await tick.run(chat.app)
    await delivery.run(chat.app)
    assert any("确认管理计划" in t for t in chat.texts(CADRE)[seen[CADRE] :])


async def test_bad_dates_in_english_are_refused_as_they_are_typed(chat: ChatHarness) -> None:
    """Each date is judged when it is typed: a first day outside the period or inside another
    leave is refused at once (not only at the last day), and nothing is saved."""
    from bot.services.leaves import LeaveRequest

    w = await world(chat)
    await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长", "en")
    await chat.app.services.leaves.record(
        w.case.id,
        LeaveRequest(LeaveKind.SICK, date(2026, 3, 8), date(2026, 3, 10), "Flu"),
        by=await admin(chat),
    )
    theirs = await open_case(chat, "刘洋", "陈老师", supervisor="赵部长")
    await chat.send(SUPERVISOR, "/leave 张伟")
    await chat.press(SUPERVISOR, "Record a new leave")
    await chat.press(SUPERVISOR, "Other leave")
    outside = "A leave must lie inside the period (2 Mar 2026 to 2 Jun 2026)"
    overlap = "It overlaps the leave already recorded (8 Mar 2026 to 10 Mar 2026)"
    for typed, answer in (
        ("2026-03-01", outside),  # before the recall
        ("2026-06-03", outside),  # after the period
        ("2026-03-09", overlap),  # inside the other leave
        ("2026-03-05", "From 5 Mar 2026. The last day (included)?"),
        ("2026-03-04", "The end cannot be before the start"),
        ("2026-03-08", overlap),  # runs into the other leave
        ("2026-06-20", outside),
        ("2026-03-07", "The reason?"),
    ):
        assert answer in text_of(await chat.send(SUPERVISOR, typed)), typed
    assert "Cancelled" in text_of(await chat.send(SUPERVISOR, "/cancel"))
    assert await Leave.all().count() == 1
    # Another supervisor's case, by name or by number: not found, as if it were not there.
    for query in ("刘洋", str(theirs.id)):
        text = text_of(await chat.send(SUPERVISOR, f"/leave {query}"))
        assert f'No cadre in a management period matches "{query}"' in text
        await chat.send(SUPERVISOR, "/cancel")
    await chat.send(SUPERVISOR, "/leave")
    assert labels(chat, SUPERVISOR) == ["张伟 · 青山县农业农村局", "赵敏 · 白石镇人民政府"]
    message = chat.last_with_buttons(SUPERVISOR)
    replies = await chat.press_data(SUPERVISOR, f"lv:c:{theirs.id}", message.message_id)
    assert "Recall not found, or you may not see it" in text_of(replies)
    assert await Leave.all().count() == 1
