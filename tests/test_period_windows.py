"""Which step a record fulfils: the earliest open one whose window has opened by its date.

Through the real Application and the emulator, as people use it: early and late records,
a record with no step left to fulfil, and the final steps that wait for their window.
"""

from __future__ import annotations

from datetime import date

from models import Assessment, Attendance, AuditEvent, PlanStep, Reflection, Talk
from models.enums import AssessmentKind, AttendanceStatus, Grade, StepKind, StepStatus
from tests.casework import CADRE, MENTOR, REFLECTION, World, admin, session, world
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID

SAVE = {"zh-hans": "确认保存", "en": "Save"}


async def reflect(chat: ChatHarness, language: str, text: str = REFLECTION) -> str:
    await chat.send(CADRE, "/reflect")
    await chat.send(CADRE, text)
    return text_of(await chat.press(CADRE, SAVE[language]))


async def steps_of(w: World, kind: StepKind) -> list[PlanStep]:
    return await PlanStep.filter(case=w.case, kind=kind, label="").order_by("due_on")


async def test_three_reflections_on_day_20_fulfil_only_the_overdue_one(chat: ChatHarness) -> None:
    w = await world(chat)
    chat.clock.advance(days=20)  # 22 March: the first report was due on 16 March
    for _ in range(3):
        assert "思想汇报已提交" in await reflect(chat, "zh-hans")
    first, second, third, *_ = await steps_of(w, StepKind.REFLECTION)
    assert first.status == StepStatus.DONE_LATE and first.done_on == date(2026, 3, 22)
    # The next ones, due in April and May, are still open: an early record is not them.
    assert second.status not in (StepStatus.DONE, StepStatus.DONE_LATE)
    assert third.status not in (StepStatus.DONE, StepStatus.DONE_LATE)
    kept = await Reflection.filter(case=w.case).order_by("id")
    assert len(kept) == 3  # every record is kept
    assert [r.step_id for r in kept] == [first.id, None, None]  # type: ignore[attr-defined]
    plan = text_of(await chat.send(CADRE, "/plan"))
    assert "已完成 1/15 项" in plan
    # The two that fulfil nothing are kept, and the plan shows them.
    assert "另有记录（已保存，不计入计划中的任何事项）" in plan
    assert plan.count("• 2026年3月22日 思想汇报") == 2


async def test_a_report_a_week_early_fulfils_its_own_step_only_in_english(
    chat: ChatHarness,
) -> None:
    w = await world(chat, "en")
    chat.clock.advance(days=14)  # 16 March: the first report is due today
    assert "Self-reflection report submitted" in await reflect(chat, "en")
    chat.clock.advance(days=23)  # 8 April: the second is due on 15 April (window: 7 days)
    assert "Self-reflection report submitted" in await reflect(chat, "en")
    chat.clock.advance(days=1)
    assert "Self-reflection report submitted" in await reflect(chat, "en")
    first, second, third, *_ = await steps_of(w, StepKind.REFLECTION)
    assert first.status == StepStatus.DONE and first.done_on == date(2026, 3, 16)
    assert second.status == StepStatus.DONE and second.done_on == date(2026, 4, 8)
    assert third.status not in (StepStatus.DONE, StepStatus.DONE_LATE)
    assert await Reflection.filter(case=w.case, step=None).count() == 1
    plan = text_of(await chat.send(CADRE, "/plan"))
    assert "Also on record (kept, counting for no step of the plan)" in plan
    assert "• 9 Apr 2026 Self-reflection report" in plan


async def test_a_second_talk_the_same_week_fulfils_nothing(chat: ChatHarness) -> None:
    w = await world(chat)
    mentor, activities = w.mentor, chat.app.services.activities
    from bot.services.activities import TalkRecord

    chat.clock.advance(days=1)
    early = TalkRecord(date(2026, 3, 3), "会议室", "第一次谈心谈话。", 4)
    again = TalkRecord(date(2026, 3, 3), "会议室", "同一周又谈了一次。", 4)
    one = await activities.record_talk(w.case.id, early, mentor=mentor)
    two = await activities.record_talk(w.case.id, again, mentor=mentor)
    first, second, *_ = await steps_of(w, StepKind.TALK)
    assert one.step_id == first.id and first.status == StepStatus.DONE  # type: ignore[attr-defined]
    assert two.step_id is None and second.status == StepStatus.PLANNED  # type: ignore[attr-defined]
    assert await Talk.filter(case=w.case).count() == 2


async def test_attendance_fulfils_the_step_whose_window_has_opened(chat: ChatHarness) -> None:
    w = await world(chat)
    chat.clock.advance(days=3)
    one = await session(chat, [w.case])  # 2 March: training is planned within two weeks
    marks = {w.case.id: AttendanceStatus.PRESENT}
    await chat.app.services.activities.record_attendance(one.id, marks, by=await admin(chat))
    (training,) = await steps_of(w, StepKind.TRAINING)
    assert training.status == StepStatus.DONE
    line = await Attendance.get(session=one)
    assert line.step_id == training.id
    # A second training session has no training step left to fulfil: kept, fulfils nothing.
    two = await session(chat, [w.case], title="第二期专题培训")
    await chat.app.services.activities.record_attendance(two.id, marks, by=await admin(chat))
    assert (await Attendance.get(session=two)).step_id is None


async def test_a_final_assessment_on_day_one_is_refused(chat: ChatHarness) -> None:
    await world(chat)
    await chat.send(MENTOR, "/assess")
    await chat.press(MENTOR, "张伟")
    refused = text_of(await chat.press(MENTOR, "期满考察"))
    assert "现在还不能登记" in refused and "2026年5月26日" in refused
    assert "请联系管理员" in refused
    assert await Assessment.all().count() == 0
    # The form has ended: the next text is not taken as a grade.
    assert "当前没有进行中的操作" in text_of(await chat.send(MENTOR, "/cancel"))


async def test_a_final_assessment_on_day_one_is_refused_in_english(chat: ChatHarness) -> None:
    await world(chat, "en")
    await chat.send(MENTOR, "/assess")
    await chat.press(MENTOR, "张伟")
    refused = text_of(await chat.press(MENTOR, "Final assessment"))
    assert "This cannot be recorded yet: it opens on 26 May 2026" in refused
    assert "ask an admin" in refused
    assert await Assessment.all().count() == 0


async def test_an_admin_records_an_early_final_assessment_with_a_reason(
    chat: ChatHarness,
) -> None:
    w = await world(chat)
    chat.clock.advance(days=30)
    await chat.send(ADMIN_ID, "/assess")
    await chat.press(ADMIN_ID, "张伟")
    asked = text_of(await chat.press(ADMIN_ID, "期满考察"))
    assert "提前登记属于例外，请说明理由" in asked
    assert "请选择考察等次" in text_of(await chat.send(ADMIN_ID, "本人已调离，提前作出考察"))
    await chat.press(ADMIN_ID, "称职")
    await chat.send(ADMIN_ID, "表现良好。")
    confirm = text_of(await chat.send(ADMIN_ID, "回原单位"))
    assert "提前认定，理由：本人已调离，提前作出考察" in confirm
    await chat.press(ADMIN_ID, "确认保存")
    assessment = await Assessment.get(case=w.case)
    assert assessment.kind == AssessmentKind.FINAL and assessment.grade == Grade.COMPETENT
    step = await PlanStep.get(case=w.case, kind=StepKind.ASSESSMENT_FINAL)
    assert step.status == StepStatus.DONE and step.done_on == date(2026, 4, 1)
    exception = await AuditEvent.get(action="window-exception")
    assert exception.details["reason"] == "本人已调离，提前作出考察"


async def test_an_early_mid_assessment_is_kept_and_the_real_one_counts(
    chat: ChatHarness,
) -> None:
    w = await world(chat, "en")
    activities = chat.app.services.activities
    early = await activities.record_assessment(
        w.case.id, AssessmentKind.MID, Grade.COMPETENT, assessor=w.mentor
    )
    assert early.step_id is None  # type: ignore[attr-defined]
    chat.clock.advance(days=45)  # 16 April: the mid-period assessment is due on 17 April
    await chat.send(MENTOR, "/assess")
    await chat.press(MENTOR, "张伟")
    await chat.press(MENTOR, "Mid-period")
    await chat.press(MENTOR, "Excellent")
    await chat.send(MENTOR, "Clear progress.")
    await chat.send(MENTOR, "Keep following up")
    assert "recorded" in text_of(await chat.press(MENTOR, "Save"))
    step = await PlanStep.get(case=w.case, kind=StepKind.ASSESSMENT_MID)
    assert step.status == StepStatus.DONE and step.done_on == date(2026, 4, 16)
    assert await Assessment.filter(case=w.case, kind=AssessmentKind.MID).count() == 2
    # Now the mid assessment is done: another one is refused.
    await chat.send(MENTOR, "/assess")
    await chat.press(MENTOR, "张伟")
    labels = [
        b["text"]
        for row in chat.last_with_buttons(MENTOR).reply_markup["inline_keyboard"]
        for b in row
    ]
    assert labels == ["Final assessment"]
