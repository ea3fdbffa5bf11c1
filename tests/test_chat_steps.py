"""/waive and /reschedule through the real Application: a supervisor changes one step."""

from datetime import date

from models import AuditEvent, PlanStep
from models.enums import Role, StepKind, StepStatus
from tests.chat import ChatHarness, button_data, text_of
from tests.conftest import ADMIN_ID
from tests.oversight_world import (
    CADRE_ID,
    LONG_TEXT,
    MENTOR_ID,
    OTHER_SUPERVISOR_ID,
    SUPERVISOR_ID,
    enrol,
    snapshot,
    world,
)

SUP = SUPERVISOR_ID


async def first_talk(case_id: int) -> PlanStep:
    return await PlanStep.filter(case_id=case_id, kind=StepKind.TALK).order_by("due_on").first()


async def to_reason(chat: ChatHarness, command: str = "/waive") -> None:
    """Open the form and choose 张伟's first talk."""
    await chat.send(SUP, command)
    await chat.press(SUP, "张伟")
    await chat.press(SUP, "谈心谈话")


async def test_supervisor_waives_an_overdue_step(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    chat.clock.advance(days=10)  # 12 March: the first talk (due 9 March) is overdue
    picker = await chat.send(SUP, "/waive")
    assert "张伟" in text_of(picker) or "张伟" in str(picker[-1].reply_markup)
    assert "陈静" not in str(picker[-1].reply_markup)  # another supervisor's case
    steps = await chat.press(SUP, "张伟")
    assert "请选择要免除的事项" in text_of(steps)
    assert "2026年3月9日 谈心谈话 · 已逾期" in str(steps[-1].reply_markup)
    ask = await chat.press(SUP, "3月9日 谈心谈话")
    assert "请填写理由" in text_of(ask)
    confirm = await chat.send(SUP, "本人住院治疗 <两周>")
    assert "请确认免除" in text_of(confirm)
    assert "&lt;两周&gt;" in text_of(confirm)  # user text is escaped for HTML
    saved = await chat.press(SUP, "确认保存")
    assert "✅ 已免除" in text_of(saved) and "谈心谈话" in text_of(saved)
    step = await first_talk(mine.id)
    assert step.status == StepStatus.WAIVED and step.note == "本人住院治疗 <两周>"
    event = await AuditEvent.get(action="step-waived").prefetch_related("actor")
    assert event.actor is not None and event.actor.name == "王部长"
    assert event.details["reason"] == "本人住院治疗 <两周>"


async def test_reschedule_in_english_with_a_typed_case_and_date(chat: ChatHarness) -> None:
    mine, _ = await world(chat, language="en")
    talk = await first_talk(mine.id)
    steps = await chat.send(SUP, "/reschedule 张")
    assert "Which step do you reschedule?" in text_of(steps)
    await chat.press(SUP, "Heart-to-heart talk")
    ask_date = await chat.send(SUP, "Mentor on leave until April")
    assert "new due date" in text_of(ask_date)
    assert "in 7 days (9 Mar 2026)" in str(ask_date[-1].reply_markup)
    confirm = await chat.send(SUP, "2026-04-20")
    assert "New date: 20 Apr 2026" in text_of(confirm)
    saved = await chat.press(SUP, "Save")
    assert "Rescheduled" in text_of(saved) and "from 9 Mar 2026 to 20 Apr 2026" in text_of(saved)
    step = await PlanStep.get(id=talk.id)
    assert step.due_on == date(2026, 4, 20) and step.status == StepStatus.PLANNED
    assert step.note == "Mentor on leave until April"
    assert await AuditEvent.filter(action="step-rescheduled").count() == 1


async def test_reschedule_refuses_past_and_unreadable_dates(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    talk = await first_talk(mine.id)
    await to_reason(chat, "/reschedule")
    await chat.send(SUP, "帮带人出差")
    before = await snapshot()
    assert "不能早于今天" in text_of(await chat.send(SUP, "2026-03-01"))
    assert "请发送日期" in text_of(await chat.send(SUP, "下周一"))
    assert await snapshot() == before
    await chat.press(SUP, "7 天后")
    await chat.press(SUP, "确认保存")
    assert (await PlanStep.get(id=talk.id)).due_on == date(2026, 3, 9)  # today + 7


async def test_waive_from_the_case_view(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    view = await chat.send(SUP, f"/case {mine.id}")
    assert "免除事项" in str(view[-1].reply_markup)
    steps = await chat.press(SUP, "免除事项")
    assert "请选择要免除的事项" in text_of(steps)
    await chat.press(SUP, "确认管理计划")
    await chat.send(SUP, "已当面确认")
    await chat.press(SUP, "确认保存")
    ack = await PlanStep.get(case_id=mine.id, kind=StepKind.ACKNOWLEDGE)
    assert ack.status == StepStatus.WAIVED


async def test_admin_may_waive_any_case(chat: ChatHarness) -> None:
    _, other = await world(chat)
    await chat.send(ADMIN_ID, f"/waive {other.id}")
    await chat.press(ADMIN_ID, "谈心谈话")
    await chat.send(ADMIN_ID, "原因")
    await chat.press(ADMIN_ID, "确认保存")
    assert (await first_talk(other.id)).status == StepStatus.WAIVED


async def test_wrong_roles_are_refused(chat: ChatHarness) -> None:
    await world(chat)
    await enrol(chat, CADRE_ID, Role.CADRE, "张伟")
    before = await snapshot()
    assert "没有权限" in text_of(await chat.send(MENTOR_ID, "/waive"))
    assert "没有权限" in text_of(await chat.send(CADRE_ID, "/reschedule"))
    chat.user(9999, "Stranger", "en")
    assert "not enrolled" in text_of(await chat.send(9999, "/waive"))
    assert await snapshot() == before


async def test_another_supervisors_case_is_out_of_reach(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    other = OTHER_SUPERVISOR_ID
    before = await snapshot()
    assert "没有找到" in text_of(await chat.send(other, f"/waive {mine.id}"))
    assert "没有找到" in text_of(await chat.send(other, "/waive 张伟"))
    # Forged buttons naming 张伟's case or one of its steps.
    picker = await chat.send(other, "/waive")
    replies = await chat.press_data(other, f"st:c:{mine.id}", picker[-1].message_id)
    assert "找不到这位干部的召回管理" in text_of(replies)
    replies = await chat.press_data(other, f"cva:waive:{mine.id}", picker[-1].message_id)
    assert "找不到这位干部的召回管理" in text_of(replies)
    await chat.press(other, "陈静")
    step = await first_talk(mine.id)
    replies = await chat.press_data(
        other, f"st:s:{step.id}", chat.last_with_buttons(other).message_id
    )
    assert "找不到该计划事项" in text_of(replies)
    assert await snapshot() == before


async def test_forged_and_stale_buttons_change_nothing(chat: ChatHarness) -> None:
    await world(chat)
    await chat.send(SUP, "/waive")
    await chat.press(SUP, "张伟")
    message = chat.last_with_buttons(SUP)
    talk_button = button_data(message, "谈心谈话")
    before = await snapshot()
    for data in ("st:s:abc", "st:s:1:2", "st:s:999999", "st:d:5", "st:ok:maybe"):
        replies = await chat.press_data(SUP, data, message.message_id)
        assert "已失效" in text_of(replies) or "找不到" in text_of(replies), data
    await chat.press(SUP, "谈心谈话")
    await chat.send(SUP, "理由")
    confirm = chat.last_with_buttons(SUP)
    # A button of an earlier step, pressed again at the confirmation.
    replies = await chat.press_data(SUP, talk_button, confirm.message_id)
    assert "已失效" in text_of(replies)
    assert await snapshot() == before


async def test_cancel_half_way_and_at_the_confirmation(chat: ChatHarness) -> None:
    await world(chat)
    before = await snapshot()
    await to_reason(chat)
    assert "已取消" in text_of(await chat.send(SUP, "/cancel"))
    assert "我没有看懂" in text_of(await chat.send(SUP, "本人住院"))  # the form is over
    await to_reason(chat)
    await chat.send(SUP, "本人住院")
    assert "已取消" in text_of(await chat.press(SUP, "取消"))
    assert await snapshot() == before


async def test_a_form_that_timed_out_saves_nothing(chat: ChatHarness) -> None:
    await world(chat)
    before = await snapshot()
    await to_reason(chat)
    chat.clock.advance(minutes=31)
    assert "超时" in text_of(await chat.send(SUP, "本人住院"))
    assert await snapshot() == before


async def test_wrong_kinds_of_input(chat: ChatHarness) -> None:
    await world(chat)
    before = await snapshot()
    await chat.send(SUP, "/waive")
    await chat.press(SUP, "张伟")
    assert "请点击上方的按钮" in text_of(await chat.send(SUP, "谈心谈话"))
    await chat.press(SUP, "谈心谈话")
    replies = await chat.send_document(SUP, "reason.pdf", b"%PDF-1.4")
    assert "请发送文字" in text_of(replies)
    replies = await chat.send(SUP, LONG_TEXT)
    assert "内容太长（10,000 字），最多 500 字" in text_of(replies)
    assert "请确认免除" in text_of(await chat.send(SUP, "短一点的理由"))
    assert await snapshot() == before


async def test_a_duplicate_update_saves_once(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    await to_reason(chat)
    await chat.send(SUP, "本人住院")
    confirm = chat.last_with_buttons(SUP)
    update = chat.emu.callback(SUP, button_data(confirm, "确认保存"), confirm.message_id)
    first = await chat.deliver(update, SUP)
    again = await chat.deliver(update, SUP)
    assert "已免除" in text_of(first) and again == []
    assert await AuditEvent.filter(action="step-waived").count() == 1
    assert (await first_talk(mine.id)).status == StepStatus.WAIVED
