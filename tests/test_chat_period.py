"""/outcome, /close and /extend through the real Application."""

from datetime import date

from models import AuditEvent, Case, PlanStep
from models.enums import CaseStatus, Disposition, Placement, StepKind, StepStatus
from tests.case_views import case_text
from tests.chat import ChatHarness, button_data, text_of
from tests.conftest import ADMIN_ID
from tests.oversight_world import (
    LONG_TEXT,
    MENTOR_ID,
    OTHER_SUPERVISOR_ID,
    SUPERVISOR_ID,
    english_admin,
    snapshot,
    world,
)

SUP = SUPERVISOR_ID


async def test_supervisor_records_the_outcome(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    chat.clock.advance(days=92)  # 2 June: the period has ended
    await chat.send(SUP, "/outcome")
    placement = await chat.press(SUP, "张伟")
    assert "去向" in text_of(placement)
    disposition = await chat.press(SUP, "回原单位")
    assert "人事变动" in text_of(disposition) and "处理" not in text_of(disposition)
    # Resignation and retirement are not sanctions: a row of their own, not beside 降职/免职.
    rows = [[b["text"] for b in row] for row in disposition[-1].reply_markup["inline_keyboard"]]
    assert ["提拔重用", "降职", "免职"] in rows and ["辞职", "退休"] in rows
    confirm = await chat.press(SUP, "提拔重用")
    assert "请确认办结" in text_of(confirm)
    assert "办结日期：2026年6月2日" in text_of(confirm)
    assert "尚未完成的 15 项计划事项将标记为免除" in text_of(confirm)
    saved = await chat.press(SUP, "确认保存")
    assert "✅ 召回管理已办结：张伟" in text_of(saved) and "提拔重用" in text_of(saved)
    case = await Case.get(id=mine.id)
    assert case.status == CaseStatus.CLOSED and case.closed_on == date(2026, 6, 2)
    assert case.placement == Placement.ORIGINAL_UNIT and case.disposition == Disposition.PROMOTED
    assert not await PlanStep.filter(case_id=mine.id, status=StepStatus.PLANNED).exists()
    decision = await PlanStep.get(case_id=mine.id, kind=StepKind.DECISION)
    assert decision.status == StepStatus.DONE
    view = await case_text(chat, SUP, f"{mine.id}")
    assert "已于 2026年6月2日 办结；回原单位；提拔重用" in view


async def test_admin_closes_a_case_in_english(chat: ChatHarness) -> None:
    _, other = await world(chat)
    await english_admin(chat)
    chat.clock.advance(days=93)  # 3 June: the period ended yesterday
    placement = await chat.send(ADMIN_ID, "/close 陈静")
    assert "Placement" in text_of(placement)
    await chat.press(ADMIN_ID, "another post")
    confirm = await chat.press(ADMIN_ID, "none")
    assert "Please confirm the outcome" in text_of(confirm)
    saved = await chat.press(ADMIN_ID, "Save")
    assert "Recall concluded: 陈静" in text_of(saved)
    case = await Case.get(id=other.id)
    assert case.placement == Placement.OTHER_UNIT and case.disposition is None


async def test_an_outcome_before_the_end_is_an_admins_exception_with_a_reason(
    chat: ChatHarness,
) -> None:
    mine, other = await world(chat)
    chat.clock.advance(days=30)
    # A supervisor cannot record the outcome a month into the period ...
    refused = text_of(await chat.send(SUP, f"/outcome {mine.id}"))
    assert "自 2026年6月2日 起方可登记" in refused and "请联系管理员" in refused
    assert "去向" not in refused
    # ... an admin can, giving the reason, which the confirmation and the audit keep.
    await english_admin(chat)
    asked = text_of(await chat.send(ADMIN_ID, f"/close {other.id}"))
    assert "normally recorded after the period ends (from 2 Jun 2026)" in asked
    assert "Placement" in text_of(await chat.send(ADMIN_ID, "Removed from post by the county"))
    await chat.press(ADMIN_ID, "another post")
    confirm = text_of(await chat.press(ADMIN_ID, "removed from post"))
    assert "Recorded early. Reason: Removed from post by the county" in confirm
    assert "Recall concluded" in text_of(await chat.press(ADMIN_ID, "Save"))
    case = await Case.get(id=other.id)
    assert case.status == CaseStatus.CLOSED and case.closed_on == date(2026, 4, 1)
    decision = await PlanStep.get(case_id=other.id, kind=StepKind.DECISION)
    assert decision.status == StepStatus.DONE and decision.done_on == date(2026, 4, 1)
    exception = await AuditEvent.get(action="window-exception")
    assert exception.details["reason"] == "Removed from post by the county"
    assert exception.details["opens"] == "2026-06-02"
    assert (await Case.get(id=mine.id)).status == CaseStatus.ACTIVE


async def test_outcome_from_the_case_view(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    chat.clock.advance(days=92)
    await chat.send(SUP, f"/case {mine.id}")
    assert "去向" in text_of(await chat.press(SUP, "登记办结结果"))
    await chat.press(SUP, "交流任职")
    await chat.press(SUP, "免职")
    await chat.press(SUP, "确认保存")
    case = await Case.get(id=mine.id)
    assert case.disposition == Disposition.REMOVED


async def test_admin_extends_a_period(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    months = await chat.send(ADMIN_ID, "/extend 张伟")
    assert "目前管理期 3 个月，至 2026年6月2日" in text_of(months)
    labels = str(months[-1].reply_markup)
    assert "4 个月" in labels and "6 个月" in labels and "3 个月" not in labels
    assert "请填写理由" in text_of(await chat.press(ADMIN_ID, "5 个月"))
    confirm = await chat.send(ADMIN_ID, "整改任务尚未完成")
    assert "管理期：3 → 5 个月，至 2026年8月2日" in text_of(confirm)
    saved = await chat.press(ADMIN_ID, "确认保存")
    text = text_of(saved)
    assert "✅ 已延长" in text
    # The new end, 2 August 2026, is a Sunday: the final assessment is due the next Monday.
    assert "期满考察：2026年6月2日 → 2026年8月3日" in text
    assert "新增 谈心谈话" in text
    case = await Case.get(id=mine.id)
    assert case.period_months == 5 and case.period_end == date(2026, 8, 2)
    event = await AuditEvent.get(action="case-extended")
    assert event.details["reason"] == "整改任务尚未完成" and event.details["override"] is False


async def test_extension_past_six_months_needs_a_reason_in_english(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    await english_admin(chat)
    await chat.send(ADMIN_ID, f"/extend {mine.id}")
    ask = await chat.press(ADMIN_ID, "More than 6 months")
    assert "Send the new total number of months" in text_of(ask)
    before = await snapshot()
    assert "Please send a number" in text_of(await chat.send(ADMIN_ID, "eight"))
    assert "from 7 to 24" in text_of(await chat.send(ADMIN_ID, "30"))
    assert await snapshot() == before
    assert "special reason" in text_of(await chat.send(ADMIN_ID, "8"))
    confirm = await chat.send(ADMIN_ID, "Provincial inspection pending")
    assert "Past 6 months" in text_of(confirm)
    await chat.press(ADMIN_ID, "Save")
    case = await Case.get(id=mine.id)
    assert case.period_months == 8
    event = await AuditEvent.get(action="case-extended")
    assert event.details["override"] is True


async def test_wrong_roles_are_refused(chat: ChatHarness) -> None:
    await world(chat)
    before = await snapshot()
    assert "没有权限" in text_of(await chat.send(SUP, "/extend"))
    assert "没有权限" in text_of(await chat.send(MENTOR_ID, "/outcome"))
    assert "没有权限" in text_of(await chat.send(MENTOR_ID, "/close"))
    assert await snapshot() == before


async def test_another_supervisors_case_is_out_of_reach(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    other = OTHER_SUPERVISOR_ID
    before = await snapshot()
    assert "没有找到" in text_of(await chat.send(other, "/outcome 张伟"))
    picker = await chat.send(other, "/outcome")
    replies = await chat.press_data(other, f"po:c:{mine.id}", picker[-1].message_id)
    assert "找不到这位干部的召回管理" in text_of(replies)
    replies = await chat.press_data(other, f"cva:outcome:{mine.id}", picker[-1].message_id)
    assert "找不到这位干部的召回管理" in text_of(replies)
    assert await snapshot() == before


async def test_forged_buttons_change_nothing(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    chat.clock.advance(days=92)
    before = await snapshot()
    await chat.send(SUP, f"/outcome {mine.id}")
    message = chat.last_with_buttons(SUP)
    assert "已失效" in text_of(await chat.press_data(SUP, "po:l:heaven", message.message_id))
    await chat.press(SUP, "回原单位")
    assert "已失效" in text_of(await chat.press_data(SUP, "po:d:exiled", message.message_id))
    await chat.send(ADMIN_ID, f"/extend {mine.id}")
    message = chat.last_with_buttons(ADMIN_ID)
    for data in ("pe:m:3", "pe:m:7", "pe:m:x", "pe:m:4:4"):
        assert "已失效" in text_of(await chat.press_data(ADMIN_ID, data, message.message_id))
    # The supervisor's extend button is not offered, and forging it does not help.
    replies = await chat.press_data(SUP, f"cva:extend:{mine.id}", message.message_id)
    assert "没有权限" in text_of(replies) or "已失效" in text_of(replies)
    assert await snapshot() == before


async def test_cancel_timeout_and_wrong_input(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    chat.clock.advance(days=92)
    before = await snapshot()
    await chat.send(SUP, f"/outcome {mine.id}")
    assert "请点击上方的按钮" in text_of(await chat.send(SUP, "回原单位"))
    await chat.press(SUP, "回原单位")
    assert "已取消" in text_of(await chat.send(SUP, "/cancel"))
    await chat.send(ADMIN_ID, f"/extend {mine.id}")
    await chat.press(ADMIN_ID, "4 个月")
    assert "请发送文字" in text_of(await chat.send_photo(ADMIN_ID, b"\x89PNG"))
    assert "内容太长" in text_of(await chat.send(ADMIN_ID, LONG_TEXT))
    chat.clock.advance(minutes=31)
    assert "超时" in text_of(await chat.send(ADMIN_ID, "整改未完成"))
    await chat.send(SUP, f"/outcome {mine.id}")
    await chat.press(SUP, "回原单位")
    await chat.press(SUP, "无")
    assert "已取消" in text_of(await chat.press(SUP, "取消"))
    assert await snapshot() == before


async def test_a_duplicate_update_closes_once(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    chat.clock.advance(days=92)
    await chat.send(SUP, f"/outcome {mine.id}")
    await chat.press(SUP, "回原单位")
    await chat.press(SUP, "无")
    confirm = chat.last_with_buttons(SUP)
    update = chat.emu.callback(SUP, button_data(confirm, "确认保存"), confirm.message_id)
    assert "已办结" in text_of(await chat.deliver(update, SUP))
    assert await chat.deliver(update, SUP) == []
    assert await AuditEvent.filter(action="case-closed").count() == 1
    # A closed case is no longer offered.
    assert "没有找到" in text_of(await chat.send(SUP, f"/outcome {mine.id}"))
