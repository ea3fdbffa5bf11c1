"""Extending a period on or after its last day, through the real Application."""

from __future__ import annotations

from datetime import date

from models import Assessment, Case, PlanStep
from models.enums import AssessmentKind, Grade, StepKind, StepStatus
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID
from tests.oversight_world import english_admin, world

OPEN = (StepStatus.PLANNED, StepStatus.DUE, StepStatus.OVERDUE)


async def extend(chat: ChatHarness, case_id: int, months: str, reason: str, save: str) -> str:
    await chat.send(ADMIN_ID, f"/extend {case_id}")
    await chat.press(ADMIN_ID, months)
    await chat.send(ADMIN_ID, reason)
    return text_of(await chat.press(ADMIN_ID, save))


async def test_extending_on_the_last_day_moves_the_steps_due_that_day(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    chat.clock.advance(days=92)  # 2 June, the last day: final summary and assessment due
    saved = await extend(chat, mine.id, "4 个月", "整改尚未到位", "确认保存")
    assert "期满考察：2026年6月2日 → 2026年7月2日" in saved
    final = await PlanStep.get(case_id=mine.id, kind=StepKind.ASSESSMENT_FINAL)
    summary = await PlanStep.get(case_id=mine.id, kind=StepKind.REFLECTION, label="final_summary")
    decision = await PlanStep.get(case_id=mine.id, kind=StepKind.DECISION)
    assert final.due_on == summary.due_on == date(2026, 7, 2)
    assert decision.due_on == date(2026, 7, 16)
    assert (await Case.get(id=mine.id)).period_end == date(2026, 7, 2)


async def test_extending_after_a_final_assessment_opens_a_new_one_in_english(
    chat: ChatHarness,
) -> None:
    mine, _ = await world(chat)
    await english_admin(chat)
    chat.clock.advance(days=95)  # 5 June: the period ended on 2 June, overdue steps remain
    supervisor_view = chat.app.services.activities
    from models import Person

    supervisor = await Person.get(name="王部长")
    old = await supervisor_view.record_assessment(
        mine.id, AssessmentKind.FINAL, Grade.BASICALLY_COMPETENT, assessor=supervisor
    )
    done_final = await PlanStep.get(case_id=mine.id, kind=StepKind.ASSESSMENT_FINAL)
    assert done_final.status == StepStatus.DONE_LATE
    overdue = await PlanStep.filter(case_id=mine.id, status__in=OPEN, due_on__lt=date(2026, 6, 5))
    overdue_end = [s for s in overdue if s.anchor == "end"]
    assert overdue_end, "the final summary is overdue"
    saved = await extend(chat, mine.id, "5 months", "Rectification not finished", "Save")
    assert "extended" in saved.lower()
    finals = await PlanStep.filter(case_id=mine.id, kind=StepKind.ASSESSMENT_FINAL).order_by(
        "due_on"
    )
    assert [(s.status, s.due_on) for s in finals] == [
        (StepStatus.DONE_LATE, date(2026, 6, 2)),  # the old record keeps its step
        (StepStatus.PLANNED, date(2026, 8, 2)),
    ]
    for step in overdue_end:
        moved = await PlanStep.get(id=step.id)
        assert moved.due_on == step.due_on + (date(2026, 8, 2) - date(2026, 6, 2))
    # Every done step keeps its record; the old assessment stays, a new one can be made.
    assert (await Assessment.get(id=old.id)).step_id == done_final.id  # type: ignore[attr-defined]
    await chat.send(ADMIN_ID, "/assess")
    await chat.press(ADMIN_ID, "张伟")
    labels = [
        b["text"]
        for row in chat.last_with_buttons(ADMIN_ID).reply_markup["inline_keyboard"]
        for b in row
    ]
    assert "Final assessment" in labels
