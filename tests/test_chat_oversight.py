"""/overdue, /case and /digest_settings through the real Application."""

import io
import re
from datetime import UTC, date, datetime

from bot.devtools.emulator.server import SentMessage
from bot.services.activities import ReflectionContent, TalkRecord
from models import AuditEvent, Person
from models.enums import (
    AssessmentKind,
    AttendanceStatus,
    DigestFrequency,
    Grade,
    Placement,
    Role,
    SessionKind,
)
from tests.case_views import open_parts
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID
from tests.oversight_world import (
    CADRE_ID,
    MENTOR_ID,
    OTHER_SUPERVISOR_ID,
    SUPERVISOR_ID,
    english_admin,
    enrol,
    open_case,
    snapshot,
    world,
)

SUP = SUPERVISOR_ID


def flat(messages: list[SentMessage]) -> str:
    """The text with runs of spaces (a table's alignment) made single."""
    return re.sub(r"[ ]+", " ", text_of(messages))


async def record_history(chat: ChatHarness, case_id: int) -> None:
    """A talk, a reflection, a session with attendance and a mid-period assessment."""
    services = chat.app.services
    mentor = await Person.get(name="李老师")
    supervisor = await Person.get(name="王部长")
    admin = await Person.get(telegram_id=ADMIN_ID)
    cadre = await Person.get(cases__id=case_id)
    record = TalkRecord(date(2026, 3, 12), "局会议室", "谈了作风问题，态度诚恳。" * 20, 4)
    await services.activities.record_talk(case_id, record, mentor=mentor)
    text = "我深刻反思了自己工作中存在的慢作为问题，今后一定改正。" * 2
    await services.activities.submit_reflection(ReflectionContent(text), cadre=cadre)
    start = datetime(2026, 3, 13, 1, 0, tzinfo=UTC)
    session = await services.activities.schedule_session(
        SessionKind.TRAINING, "作风建设培训班", start, start.replace(hour=4), [case_id], by=admin
    )
    await services.activities.record_attendance(
        session.id, {case_id: AttendanceStatus.LATE}, by=admin
    )
    await services.activities.record_assessment(
        case_id, AssessmentKind.MID, Grade.COMPETENT, assessor=supervisor
    )


async def test_overdue_steps_in_scope(chat: ChatHarness) -> None:
    mine, _other = await world(chat)
    assert "没有逾期事项" in text_of(await chat.send(SUP, "/overdue"))
    chat.clock.advance(days=10)  # 12 March
    mentor = await Person.get(name="李老师")
    record = TalkRecord(date(2026, 3, 11), "会议室", "谈话内容", 4)
    await chat.app.services.activities.record_talk(mine.id, record, mentor=mentor)
    text = text_of(await chat.send(SUP, "/overdue"))
    assert "<b>逾期事项</b>（截至 2026年3月12日，涉及 1 名干部）" in text
    assert "<b>张伟 · 青山县农业农村局</b>" in text
    assert "• 确认管理计划：应于 2026年3月5日 完成，已逾期 7 天；负责：召回干部 张伟" in text
    assert "谈心谈话" not in text  # done late, no longer overdue
    assert "陈静" not in text  # another supervisor's case
    text = text_of(await chat.send(OTHER_SUPERVISOR_ID, "/overdue"))
    assert "陈静" in text and "张伟" not in text
    assert "谈心谈话：应于 2026年3月9日 完成，已逾期 3 天；负责：帮带人 周老师" in text
    admin = text_of(await chat.send(ADMIN_ID, "/overdue"))
    assert "涉及 2 名干部" in admin and "张伟 · " in admin and "陈静 · " in admin


async def test_overdue_in_english_and_for_the_wrong_roles(chat: ChatHarness) -> None:
    await world(chat, language="en")
    await enrol(chat, CADRE_ID, Role.CADRE, "张伟")
    chat.clock.advance(days=4)  # 6 March
    text = text_of(await chat.send(SUP, "/overdue"))
    assert "<b>Overdue steps</b> (as of 6 Mar 2026, 1 cadre)" in text
    assert "• Acknowledge the plan: due 5 Mar 2026, 1 day overdue; responsible:" in text
    assert "not allowed" in text_of(await chat.send(MENTOR_ID, "/overdue"))
    assert "没有权限" in text_of(await chat.send(CADRE_ID, "/overdue"))
    chat.user(9999, "Stranger", "en")
    assert "not enrolled" in text_of(await chat.send(9999, "/overdue"))


async def test_case_view_shows_the_whole_timeline(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    chat.clock.advance(days=15)  # 17 March
    await record_history(chat, mine.id)
    replies = await chat.send(SUP, f"/case {mine.id}")
    summary = text_of(replies)
    # A summary of a few lines (issue 10 point 10), the rest behind buttons.
    assert summary.count("\n") < 10
    assert "<b>张伟</b> · 青山县农业农村局" in summary and "#1" not in summary
    assert "乡科级 · 召回原因：工作纪律与作风 / 不作为" in summary
    assert "下一项：🔴 确认管理计划，2026年3月5日" in summary
    buttons = str(replies[-1].reply_markup)
    text = await open_parts(chat, SUP)
    assert "帮带人：李老师；督导：王部长" in text
    assert "☑️ 2026年3月9日 谈心谈话 — 逾期完成（2026年3月12日 完成）" in text
    assert "🔴 2026年3月5日 确认管理计划 — 已逾期" in text
    # Held after its due date (9 March) and entered five days later: two facts, both shown.
    late = "（逾期完成）（补录：事后超过 3 天登记）"
    assert f"• 2026年3月12日 · 李老师 · 态度 4/5 · 待本人确认{late}" in text
    assert "…" in text  # a long talk summary is shortened
    assert "• 2026年3月17日 09:30 · 共 1 稿 · 待审阅（逾期完成）" in text
    assert "• 2026年3月13日 09:00 专题培训“作风建设培训班” · 迟到" in text
    assert "• 2026年3月17日 中期考察 · 称职 · 王部长" in text
    assert "• 2026年3月17日 09:30 李老师：登记谈心谈话" in text
    assert "登记考察结果请用 /assess" in text
    assert "免除事项" in buttons and "登记办结结果" in buttons and "延长管理期" not in buttons


async def test_case_search_choices_and_scope(chat: ChatHarness) -> None:
    mine, other = await world(chat)
    await open_case(chat, "张伟华", mentors=["周老师"])
    choose = await chat.send(SUP, "/case 张伟")
    assert "找到 2 位干部" in text_of(choose)
    view = await chat.press(SUP, "张伟华")
    assert "<b>张伟华</b> · " in text_of(view)
    assert "<b>张伟</b> · " in text_of(await chat.send(SUP, "/case #1"))
    usage = await chat.send(SUP, "/case")
    assert "请选择干部" in text_of(usage) and "共 2 名" in text_of(usage)
    # 陈静's case belongs to another supervisor.
    assert "没有找到" in text_of(await chat.send(SUP, f"/case {other.id}"))
    assert "没有找到" in text_of(await chat.send(SUP, "/case 陈静"))
    forged = await chat.press_data(SUP, f"cv:c:{other.id}", usage[-1].message_id)
    assert "找不到这位干部的召回管理" in text_of(forged)
    assert "已失效" in text_of(await chat.press_data(SUP, "cv:c:abc", usage[-1].message_id))
    # A mentor sees their own cases, without the supervisor's buttons.
    view = await chat.send(MENTOR_ID, "/case 张伟")
    assert "找到 2 位干部" not in text_of(view) and "<b>张伟</b> · " in text_of(view)
    assert "免除事项" not in str(view[-1].reply_markup)
    assert "/assess" not in await open_parts(chat, MENTOR_ID)
    assert "没有找到" in text_of(await chat.send(MENTOR_ID, f"/case {other.id}"))
    # A cadre has /plan, not /case.
    await enrol(chat, CADRE_ID, Role.CADRE, "张伟")
    assert "没有权限" in text_of(await chat.send(CADRE_ID, f"/case {mine.id}"))
    # The admin sees every case and may extend it.
    admin = await chat.send(ADMIN_ID, f"/case {other.id}")
    assert "延长管理期" in str(admin[-1].reply_markup)
    assert mine.id == 1


async def test_case_view_in_english_and_a_closed_case(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    await english_admin(chat)
    admin = await Person.get(telegram_id=ADMIN_ID)
    await chat.app.services.cases.close(
        mine.id, Placement.OTHER_UNIT, by=admin, early_reason="调任"
    )
    replies = await chat.send(ADMIN_ID, "/case 张伟")
    # Nothing left to change: the parts to read, and the dossier to take.
    labels = [b["text"] for row in replies[-1].reply_markup["inline_keyboard"] for b in row]
    assert labels[-1] == "📄 Dossier (PDF)" and "Plan steps (15)" in labels[0]
    assert not any("Waive" in label or "Extend" in label for label in labels)
    text = await open_parts(chat, ADMIN_ID)
    assert "<b>张伟</b> · 青山县农业农村局" in text and "section level" in text
    assert "Status: concluded on 2 Mar 2026; reassigned to another post" in text
    assert "➖ 5 Mar 2026 Acknowledge the plan — waived" in text
    assert "case-closed" not in text


async def test_a_long_case_view_is_split(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    admin = await Person.get(telegram_id=ADMIN_ID)
    now = chat.clock.now()
    for n in range(150):
        await AuditEvent.create(
            action="step-rescheduled", actor=admin, case=mine, details={"n": n}, created_at=now
        )
    replies = await chat.send(SUP, f"/case {mine.id}")
    assert len(replies) == 1 and "调整事项日期" not in text_of(replies)  # one short summary
    # The history is paged, 12 lines a page, each page in place of the last.
    history = await chat.press(SUP, "操作记录（151）")
    assert len(history) == 1 and history[0].message_id == replies[0].message_id
    assert text_of(history).count("调整事项日期") == 12 and "第 1/13 页" in text_of(history)
    await chat.press(SUP, "返回概要", history[0])
    text = await open_parts(chat, SUP)
    assert text.count("调整事项日期") == 150  # every page once
    assert all(len(m.text or "") <= 4096 for m in chat.emu.sent(SUP))
    # A page that is no longer there (an old button): answered with the last page, clearly.
    stale = await chat.press_data(SUP, f"cvp:h:{mine.id}:40", replies[0].message_id)
    assert "这一页已不存在" in text_of(stale)
    assert "已失效" in text_of(await chat.press_data(SUP, "cvp:h:1:x", replies[0].message_id))
    assert "已失效" in text_of(await chat.press_data(SUP, "cvp:z:1:0", replies[0].message_id))


async def test_digest_settings(chat: ChatHarness) -> None:
    await world(chat)
    settings = await chat.send(SUP, "/digest_settings")
    assert "摘要频率：目前为“每周”" in text_of(settings)
    assert "已设为“每天”" in text_of(await chat.press(SUP, "每天"))
    assert (await Person.get(telegram_id=SUP)).digest == DigestFrequency.DAILY
    before = await snapshot()
    forged = await chat.press_data(SUP, "dg:f:hourly", settings[-1].message_id)
    assert "已失效" in text_of(forged)
    assert (await Person.get(telegram_id=SUP)).digest == DigestFrequency.DAILY
    assert "没有权限" in text_of(await chat.send(MENTOR_ID, "/digest_settings"))
    assert "没有权限" in text_of(
        await chat.press_data(MENTOR_ID, "dg:f:off", settings[-1].message_id)
    )
    assert (await Person.get(name="李老师")).digest == DigestFrequency.WEEKLY
    assert await snapshot() == before


async def test_digest_settings_in_english_and_a_duplicate_update(chat: ChatHarness) -> None:
    await world(chat, language="en")
    settings = await chat.send(SUP, "/digest_settings")
    assert 'Digest frequency: now "Weekly"' in text_of(settings)
    message = settings[-1]
    update = chat.emu.callback(SUP, "dg:f:off", message.message_id)
    assert 'set to "Off"' in text_of(await chat.deliver(update, SUP))
    assert await chat.deliver(update, SUP) == []
    assert (await Person.get(telegram_id=SUP)).digest == DigestFrequency.OFF
    update = chat.emu.message(SUP, "/overdue", now=chat.clock.now())
    assert await chat.deliver(update, SUP)
    assert await chat.deliver(update, SUP) == []


async def test_digest_now_with_its_chart(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    chat.clock.advance(days=15)  # 17 March
    await record_history(chat, mine.id)
    replies = await chat.send(SUP, "/digest")
    photo, text = replies[0], text_of(replies[1:])
    assert photo.photo is not None and photo.photo.startswith(b"\x89PNG")
    assert "当前摘要 · 王部长" in text
    assert "张伟：" in text and "陈静" not in text and "#1" not in text
    supervisor = await Person.get(telegram_id=SUP)
    assert supervisor.last_digest_at is None  # the schedule is left alone
    assert "没有权限" in text_of(await chat.send(MENTOR_ID, "/digest"))
    # An admin's digest is the programme's (perf2; tests/test_chat_programme_digest.py).
    assert "全局摘要" in text_of(await chat.send(ADMIN_ID, "/digest"))


async def test_digest_in_english_without_cases(chat: ChatHarness) -> None:
    await enrol(chat, 3003, Role.SUPERVISOR, "Supervisor Ma", "en")
    replies = await chat.send(3003, "/digest")
    assert [m.photo for m in replies] == [None]
    assert "Supervisor Ma" in text_of(replies)
    await open_case(chat, "张<伟>", supervisors=["Supervisor Ma"])
    replies = await chat.send(3003, "/digest")
    assert replies[0].photo is not None
    assert "• 张&lt;伟&gt;: " in text_of(replies[1:])  # names are escaped for HTML


async def test_stats_in_scope_and_by_cohort(chat: ChatHarness) -> None:
    await world(chat)
    await open_case(chat, "刘洋", reason="assessment_low", supervisors=["赵部长"], principal=True)
    admin = flat(await chat.send(ADMIN_ID, "/stats"))
    assert admin.startswith("<pre>") and admin.endswith("</pre>")
    assert "工作纪律与作风 2" in admin and "考核评价 1" in admin
    assert "2026-03 镇级批次" in admin
    # A supervisor's figures cover the cases in their scope only.
    mine = flat(await chat.send(SUP, "/stats"))
    assert "工作纪律与作风 1" in mine and "考核评价" not in mine and "镇级批次" not in mine
    cohort = flat(await chat.send(ADMIN_ID, "/stats 2026-03 镇级批次"))
    assert "工作纪律与作风 1" in cohort and "考核评价" not in cohort
    assert "没有权限" in text_of(await chat.send(MENTOR_ID, "/stats"))


async def test_stats_in_english(chat: ChatHarness) -> None:
    await world(chat, language="en")
    text = flat(await chat.send(SUP, "/stats"))
    assert "work discipline and style 1" in text and "section level" in text
    assert "not allowed" in text_of(await chat.send(MENTOR_ID, "/stats"))


def workbook(message: SentMessage) -> dict[str, list[tuple[object, ...]]]:
    from openpyxl import load_workbook

    assert message.document is not None and message.filename is not None
    assert message.filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(message.document), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


async def test_export_as_a_workbook_in_scope(chat: ChatHarness) -> None:
    await world(chat)
    replies = await chat.send(ADMIN_ID, "/export")
    assert "数据导出（截至 2026年3月2日）" in text_of(replies)
    assert replies[-1].filename == "召回管理台账_2026-03-02.xlsx"
    sheets = workbook(replies[-1])
    cadres = [row[1] for row in sheets["召回管理"][1:]]
    assert cadres == ["张伟", "陈静"]
    replies = await chat.send(SUP, "/export")
    sheets = workbook(replies[-1])
    assert [row[1] for row in sheets["召回管理"][1:]] == ["张伟"]
    assert {row[1] for row in sheets["计划事项"][1:]} == {"张伟"}
    assert "没有权限" in text_of(await chat.send(MENTOR_ID, "/export"))


async def test_export_in_english(chat: ChatHarness) -> None:
    await world(chat, language="en")
    replies = await chat.send(OTHER_SUPERVISOR_ID, "/export")
    assert "Data export (as of 2 Mar 2026)" in text_of(replies)
    assert replies[-1].filename == "recall-register_2026-03-02.xlsx"
    sheets = workbook(replies[-1])
    assert [row[1] for row in sheets["Recalls"][1:]] == ["陈静"]
