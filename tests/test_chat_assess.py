"""/assess for mentors, supervisors and admins, through the real Application."""

from __future__ import annotations

from datetime import date

from models import Assessment, PlanStep
from models.enums import AssessmentKind, Grade, Role, StepKind, StepStatus
from tests.casework import CADRE, LONG_TEXT, MENTOR, SUPERVISOR, enrol, open_case, world
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID


async def test_mentor_records_a_mid_period_assessment(chat: ChatHarness) -> None:
    w = await world(chat)
    chat.clock.advance(days=43)  # 14 April: the mid-period assessment is due on 17 April
    replies = await chat.send(MENTOR, "/assess")
    assert "请选择考察对象" in text_of(replies)
    replies = await chat.press(MENTOR, "张伟")
    assert "张伟：请选择考察阶段" in text_of(replies)
    replies = await chat.press(MENTOR, "中期考察")
    labels = [b["text"] for row in replies[-1].reply_markup["inline_keyboard"] for b in row]
    assert labels == ["优秀", "称职", "基本称职", "不称职"]
    replies = await chat.press(MENTOR, "基本称职")
    assert "等次：基本称职。请填写考察意见" in text_of(replies)
    await chat.send(MENTOR, "态度有转变，工作主动性仍需提高。")
    replies = await chat.send(MENTOR, "继续跟踪，期满后回原单位")
    text = text_of(replies)
    assert "阶段：中期考察" in text and "等次：基本称职" in text
    assert "建议：继续跟踪，期满后回原单位" in text
    replies = await chat.press(MENTOR, "确认保存")
    assert "已登记 张伟 的中期考察：基本称职（2026年4月14日）" in text_of(replies)
    assessment = await Assessment.get(case=w.case)
    assert assessment.kind == AssessmentKind.MID
    assert assessment.grade == Grade.BASICALLY_COMPETENT
    assert assessment.comments == "态度有转变，工作主动性仍需提高。"
    assert assessment.recommendation == "继续跟踪，期满后回原单位"
    assert assessment.assessor_id == w.mentor.id  # type: ignore[attr-defined]
    step = await PlanStep.get(case=w.case, kind=StepKind.ASSESSMENT_MID)
    assert step.status == StepStatus.DONE and step.done_on == date(2026, 4, 14)
    # Only the final assessment is left to offer.
    await chat.send(MENTOR, "/assess")
    replies = await chat.press(MENTOR, "张伟")
    labels = [b["text"] for row in replies[-1].reply_markup["inline_keyboard"] for b in row]
    assert labels == ["期满考察"]


async def test_supervisor_records_the_final_assessment_in_english(chat: ChatHarness) -> None:
    w = await world(chat)
    await enrol(chat, SUPERVISOR, Role.SUPERVISOR, "王部长", "en")
    chat.clock.advance(days=95)  # 5 June: the final assessment was due on 2 June
    await chat.send(SUPERVISOR, "/assess")
    replies = await chat.press(SUPERVISOR, "赵敏")
    assert "赵敏: which assessment?" in text_of(replies)
    await chat.press(SUPERVISOR, "Final assessment")
    await chat.press(SUPERVISOR, "Competent (称职)")
    await chat.send(SUPERVISOR, "Meets the requirements of the post.")
    replies = await chat.send(SUPERVISOR, "Back to the original unit")
    assert "Grade: Competent (称职)" in text_of(replies)
    replies = await chat.press(SUPERVISOR, "Save")
    assert "Final assessment of 赵敏 recorded: Competent (称职) (5 Jun 2026)" in text_of(replies)
    assert "marked as done late" in text_of(replies)
    assessment = await Assessment.get(case=w.other_case)
    assert assessment.kind == AssessmentKind.FINAL and assessment.late


async def test_admin_sees_that_both_assessments_are_done(chat: ChatHarness) -> None:
    w = await world(chat)
    chat.clock.advance(days=92)
    activities = chat.app.services.activities
    for kind in AssessmentKind:
        await activities.record_assessment(w.case.id, kind, Grade.EXCELLENT, assessor=w.mentor)
    await chat.send(ADMIN_ID, "/assess")
    replies = await chat.press(ADMIN_ID, "张伟")
    assert "张伟 的中期考察和期满考察都已登记" in text_of(replies)
    assert "当前没有进行中的操作" in text_of(await chat.send(ADMIN_ID, "/cancel"))


async def test_assess_refuses_other_cases_and_forged_buttons(chat: ChatHarness) -> None:
    w = await world(chat)
    assert "您没有权限" in text_of(await chat.send(CADRE, "/assess"))
    await chat.send(MENTOR, "/assess")
    message = chat.last_with_buttons(MENTOR)
    replies = await chat.press_data(MENTOR, f"as:c:{w.other_case.id}", message.message_id)
    assert "找不到这位干部的召回管理" in text_of(replies)
    await chat.press(MENTOR, "张伟")
    message = chat.last_with_buttons(MENTOR)
    replies = await chat.press_data(MENTOR, "as:k:bogus", message.message_id)
    assert "按钮已失效" in text_of(replies)
    await chat.press(MENTOR, "中期考察")
    message = chat.last_with_buttons(MENTOR)
    replies = await chat.press_data(MENTOR, "as:g:perfect", message.message_id)
    assert "按钮已失效" in text_of(replies)
    assert await Assessment.all().count() == 0


async def test_assessment_recorded_meanwhile_is_refused(chat: ChatHarness) -> None:
    """Someone else records the mid assessment while this form is open."""
    w = await world(chat)
    chat.clock.advance(days=43)
    await chat.send(MENTOR, "/assess")
    await chat.press(MENTOR, "张伟")
    message = chat.last_with_buttons(MENTOR)
    await chat.app.services.activities.record_assessment(
        w.case.id, AssessmentKind.MID, Grade.COMPETENT, assessor=w.mentor
    )
    replies = await chat.press_data(MENTOR, "as:k:mid", message.message_id)
    assert "该阶段的考察已经登记过了" in text_of(replies)
    assert await Assessment.all().count() == 1


async def test_assess_bad_input_changes_nothing(chat: ChatHarness) -> None:
    w = await world(chat)
    await chat.send(MENTOR, "/assess")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "中期考察")
    assert "请点击上方的按钮" in text_of(await chat.send(MENTOR, "优秀"))
    await chat.press(MENTOR, "优秀")
    assert "请发送文字" in text_of(await chat.send_voice(MENTOR, b"OggS"))
    assert "最多 4,000 字" in text_of(await chat.send(MENTOR, LONG_TEXT))
    await chat.send(MENTOR, "意见")
    assert "已取消" in text_of(await chat.send(MENTOR, "/cancel"))
    await chat.send(MENTOR, "/assess")
    await chat.press(MENTOR, "张伟")
    chat.clock.advance(minutes=31)
    assert "表单已超时" in text_of(await chat.press(MENTOR, "中期考察"))
    assert await Assessment.all().count() == 0
    # The same Save delivered twice records once.
    await chat.send(MENTOR, "/assess")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "中期考察")
    await chat.press(MENTOR, "称职")
    await chat.send(MENTOR, "意见")
    await chat.send(MENTOR, "建议")
    update = chat.emu.callback(MENTOR, "as:ok:save", chat.last_with_buttons(MENTOR).message_id)
    await chat.deliver(update, MENTOR)
    assert await chat.deliver(update, MENTOR) == []
    assert await Assessment.filter(case=w.case).count() == 1


async def test_case_buttons_come_in_pages(chat: ChatHarness) -> None:
    await world(chat)
    for n in range(9):
        await open_case(chat, f"干部{n}", "李老师", unit=f"单位{n}")
    replies = await chat.send(ADMIN_ID, "/assess")
    labels = [b["text"] for row in replies[-1].reply_markup["inline_keyboard"] for b in row]
    assert len(labels) == 9 and labels[0] == "张伟 · 青山县农业农村局" and labels[-1] == "▶"
    replies = await chat.press(ADMIN_ID, "▶")
    labels = [b["text"] for row in replies[-1].reply_markup["inline_keyboard"] for b in row]
    assert labels == ["干部6 · 单位6", "干部7 · 单位7", "干部8 · 单位8", "◀"]
    message = chat.last_with_buttons(ADMIN_ID)
    replies = await chat.press_data(ADMIN_ID, "as:p:x", message.message_id)
    assert "按钮已失效" in text_of(replies)
    replies = await chat.press(ADMIN_ID, "干部7")
    assert "干部7：请选择考察阶段" in text_of(replies)
