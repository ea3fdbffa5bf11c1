"""/assess: a mentor, supervisor or admin records a mid-period or final assessment.

    /assess ─> CASE ─as:c:<id>─> KIND ─as:k:mid|final─> GRADE ─as:g:<grade>─> COMMENTS ─text─>
    RECOMMENDATION ─text─> CONFIRM ─save─> record_assessment ─> saved
    (a final assessment before its window: an admin gives the reason first, in EARLY)

KIND offers only the assessments not recorded yet for the case; GRADE shows the readiness
summary above the grades.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from telegram import Update

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim
from bot.chat.context import AppContext
from bot.services import policy, readiness
from bot.services.activities import assessment_kinds_left
from bot.services.errors import DomainError
from handlers.forms import END, Command, Form, Press, Text, confirm, step
from handlers.pickers import (
    CasePicker,
    ask_confirm,
    data_of,
    excerpt,
    reply,
    typed_text,
)
from models import Case
from models.enums import AssessmentKind, Grade, StepKind

BUTTONS = claim("as", "assess")
PICKER = CasePicker(BUTTONS, "assess", "assess-pick-case")


class State(IntEnum):
    CASE = 1
    KIND = 2
    GRADE = 3
    COMMENTS = 4
    RECOMMENDATION = 5
    CONFIRM = 6
    EARLY = 7


@dataclass
class AssessDraft:
    case_id: int = 0
    cadre: str = ""
    kind: str = ""
    early_reason: str = ""
    grade: str = ""
    comments: str = ""
    recommendation: str = ""


async def cmd_assess(update: Update, context: AppContext, draft: AssessDraft) -> int | None:
    return State.CASE if await PICKER.show(update, context) else None


async def on_case(update: Update, context: AppContext, draft: AssessDraft) -> int:
    case = await PICKER.picked(update, context)
    kinds = await assessment_kinds_left(case.id)
    if not kinds:
        await reply(update, context, context.t("assess-all-done", name=case.cadre.name))
        return END
    draft.case_id, draft.cadre = case.id, case.cadre.name
    buttons = [
        [(context.t(f"assessment-kind-{k.value}"), BUTTONS.data("k", k.value))] for k in kinds
    ]
    await reply(update, context, context.t("assess-ask-kind", name=case.cadre.name), buttons)
    return State.KIND


async def on_kind(update: Update, context: AppContext, draft: AssessDraft) -> int | None:
    kind = BUTTONS.member(data_of(update), "k", AssessmentKind)
    if kind not in await assessment_kinds_left(draft.case_id):
        raise DomainError("error-assessment-exists")
    draft.kind = kind.value
    if kind == AssessmentKind.FINAL:
        cases = context.services.cases
        case = await cases.active_case(draft.case_id)
        opens = await cases.opens_later(case, StepKind.ASSESSMENT_FINAL, context.today())
        if opens is not None:
            if not policy.allows(context.roles, "record_early"):
                text = context.t("error-window-not-open", opens=opens, admin="no")
                await reply(update, context, text)
                return END
            text = context.t("assess-ask-early-reason", opens=context.date(opens))
            await reply(update, context, text)
            return State.EARLY
    return await _ask_grade(update, context, draft)


async def on_early_reason(update: Update, context: AppContext, draft: AssessDraft) -> int | None:
    reason = await typed_text(update, context)
    if reason is None:
        return None
    draft.early_reason = reason
    return await _ask_grade(update, context, draft)


async def _ask_grade(update: Update, context: AppContext, draft: AssessDraft) -> int:
    # The assessor sees the cadre's whole period on one screen before choosing the grade.
    case = await Case.get(id=draft.case_id)
    summary = await readiness.summary(case, context.today(), str(context.zone))
    lines = readiness.lines(summary, context.locale)
    text = "\n".join([context.t("readiness-title"), *lines, "", context.t("assess-ask-grade")])
    buttons = [[(context.t(f"grade-{g.value}"), BUTTONS.data("g", g.value))] for g in Grade]
    await reply(update, context, text, buttons)
    return State.GRADE


async def on_grade(update: Update, context: AppContext, draft: AssessDraft) -> int:
    grade = BUTTONS.member(data_of(update), "g", Grade)
    draft.grade = grade.value
    text = context.t("assess-ask-comments", grade=context.t(f"grade-{grade.value}"))
    await reply(update, context, text)
    return State.COMMENTS


async def on_comments(update: Update, context: AppContext, draft: AssessDraft) -> int | None:
    comments = await typed_text(update, context)
    if comments is None:
        return None
    draft.comments = comments
    await reply(update, context, context.t("assess-ask-recommendation"))
    return State.RECOMMENDATION


async def on_recommendation(update: Update, context: AppContext, draft: AssessDraft) -> int | None:
    recommendation = await typed_text(update, context)
    if recommendation is None:
        return None
    draft.recommendation = recommendation
    text = context.t(
        "assess-confirm",
        name=draft.cadre,
        kind=context.t(f"assessment-kind-{draft.kind}"),
        grade=context.t(f"grade-{draft.grade}"),
        comments=excerpt(draft.comments),
        recommendation=excerpt(recommendation),
    )
    if draft.early_reason:
        text += "\n" + context.t("outcome-early-note", reason=excerpt(draft.early_reason))
    await ask_confirm(update, context, BUTTONS, text)
    return State.CONFIRM


async def on_save(update: Update, context: AppContext, draft: AssessDraft) -> int:
    assessment = await context.services.activities.record_assessment(
        draft.case_id,
        AssessmentKind(draft.kind),
        Grade(draft.grade),
        assessor=context.require_person(),
        comments=draft.comments,
        recommendation=draft.recommendation,
        early_reason=draft.early_reason,
    )
    text = context.t(
        "assess-saved",
        name=draft.cadre,
        kind=context.t(f"assessment-kind-{assessment.kind.value}"),
        grade=context.t(f"grade-{assessment.grade.value}"),
        day=context.date(assessment.assessed_on),
    )
    if assessment.late:
        text += "\n" + context.t("record-saved-late")
    if assessment.entered_late:
        text += "\n" + context.t(
            "record-saved-entered-late", days=context.settings.late_entry_days
        )
    await reply(update, context, text)
    return END


FORM = Form(
    "assess",
    action="assess",
    draft=AssessDraft,
    prefix=BUTTONS,
    entry=[Command(("assess",), cmd_assess)],
    steps={
        State.CASE: step("button", *PICKER.answers(on_case)),
        State.KIND: step("button", Press("k", on_kind)),
        State.EARLY: step("text", Text(on_early_reason)),
        State.GRADE: step("button", Press("g", on_grade)),
        State.COMMENTS: step("text", Text(on_comments)),
        State.RECOMMENDATION: step("text", Text(on_recommendation)),
        State.CONFIRM: confirm(on_save),
    },
)


def register(app: RecallApplication) -> None:
    app.add_handler(FORM.handler(app))
