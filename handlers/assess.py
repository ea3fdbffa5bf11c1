"""/assess: a mentor, supervisor or admin records a mid-period or final assessment.

    /assess ─> CASE ─as:c:<id>─> KIND ─as:k:mid|final─> GRADE ─as:g:<grade>─> COMMENTS ─text─>
    RECOMMENDATION ─text─> CONFIRM ─save─> record_assessment ─> saved
    (a final assessment before its window: an admin gives the reason first, in EARLY)

KIND offers only the assessments not recorded yet for the case; GRADE shows the readiness
summary above the grades.
"""

from __future__ import annotations

from enum import IntEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.chat.app import RecallApplication
from bot.chat.callbacks import pack
from bot.chat.context import AppContext
from bot.services import readiness
from bot.services.activities import assessment_kinds_left
from bot.services.errors import DomainError
from handlers.common import requires
from handlers.forms import begin, expect, finish, form, step
from handlers.pickers import (
    CasePicker,
    ask_confirm,
    confirm_handlers,
    enum_choice,
    excerpt,
    query_of,
    reply,
    tagged,
    typed_text,
)
from models import Case
from models.enums import AssessmentKind, Grade, Role, StepKind

PREFIX = "as"
ROLES = (Role.MENTOR, Role.SUPERVISOR, Role.ADMIN)
PICKER = CasePicker(PREFIX, ROLES, "assess-pick-case")


class State(IntEnum):
    CASE = 1
    KIND = 2
    GRADE = 3
    COMMENTS = 4
    RECOMMENDATION = 5
    CONFIRM = 6
    EARLY = 7


@requires(*ROLES)
async def cmd_assess(update: Update, context: AppContext) -> int | None:
    begin(context, "assess", expect="button")
    if not await PICKER.show(update, context):
        finish(context)
        return None
    return State.CASE


async def on_case(update: Update, context: AppContext) -> int:
    case = await PICKER.picked(update, context)
    kinds = await assessment_kinds_left(case.id)
    if not kinds:
        await reply(update, context, context.t("assess-all-done", name=case.cadre.name))
        return finish(context)
    context.draft.update(case_id=case.id, cadre=case.cadre.name)
    buttons = [
        [(context.t(f"assessment-kind-{k.value}"), pack(PREFIX, "k", k.value))] for k in kinds
    ]
    await reply(update, context, context.t("assess-ask-kind", name=case.cadre.name), buttons)
    return State.KIND


async def on_kind(update: Update, context: AppContext) -> int | None:
    kind = enum_choice(AssessmentKind, tagged(query_of(update).data, PREFIX, "k"))
    if kind not in await assessment_kinds_left(context.draft["case_id"]):
        raise DomainError("error-assessment-exists")
    context.draft["kind"] = kind.value
    if kind == AssessmentKind.FINAL:
        case = await context.services.cases.active_case(context.draft["case_id"])
        on = context.today()
        opens = await context.services.cases.opens_later(case, StepKind.ASSESSMENT_FINAL, on)
        if opens is not None:
            admin = Role.ADMIN in context.roles
            if not admin:
                text = context.t("error-window-not-open", opens=opens, admin="no")
                await reply(update, context, text)
                return finish(context)
            expect(context, "text")
            text = context.t("assess-ask-early-reason", opens=context.date(opens))
            await reply(update, context, text)
            return State.EARLY
    return await _ask_grade(update, context)


async def on_early_reason(update: Update, context: AppContext) -> int | None:
    reason = await typed_text(update, context)
    if reason is None:
        return None
    context.draft["early_reason"] = reason
    return await _ask_grade(update, context)


async def _ask_grade(update: Update, context: AppContext) -> int:
    # The assessor sees the cadre's whole period on one screen before choosing the grade.
    case = await Case.get(id=context.draft["case_id"])
    summary = await readiness.summary(case, context.today(), str(context.zone))
    lines = readiness.lines(summary, context.locale)
    text = "\n".join([context.t("readiness-title"), *lines, "", context.t("assess-ask-grade")])
    buttons = [[(context.t(f"grade-{g.value}"), pack(PREFIX, "g", g.value))] for g in Grade]
    await reply(update, context, text, buttons)
    return State.GRADE


async def on_grade(update: Update, context: AppContext) -> int:
    grade = enum_choice(Grade, tagged(query_of(update).data, PREFIX, "g"))
    context.draft["grade"] = grade.value
    expect(context, "text")
    await reply(
        update, context, context.t("assess-ask-comments", grade=context.t(f"grade-{grade.value}"))
    )
    return State.COMMENTS


async def on_comments(update: Update, context: AppContext) -> int | None:
    comments = await typed_text(update, context)
    if comments is None:
        return None
    context.draft["comments"] = comments
    await reply(update, context, context.t("assess-ask-recommendation"))
    return State.RECOMMENDATION


async def on_recommendation(update: Update, context: AppContext) -> int | None:
    recommendation = await typed_text(update, context)
    if recommendation is None:
        return None
    draft = context.draft
    draft["recommendation"] = recommendation
    text = context.t(
        "assess-confirm",
        name=draft["cadre"],
        kind=context.t(f"assessment-kind-{draft['kind']}"),
        grade=context.t(f"grade-{draft['grade']}"),
        comments=excerpt(draft["comments"]),
        recommendation=excerpt(recommendation),
    )
    if draft.get("early_reason"):
        text += "\n" + context.t("outcome-early-note", reason=excerpt(draft["early_reason"]))
    await ask_confirm(update, context, PREFIX, text)
    return State.CONFIRM


async def on_save(update: Update, context: AppContext) -> int:
    draft = context.draft
    assessment = await context.services.activities.record_assessment(
        draft["case_id"],
        AssessmentKind(draft["kind"]),
        Grade(draft["grade"]),
        assessor=context.require_person(),
        comments=draft["comments"],
        recommendation=draft["recommendation"],
        early_reason=draft.get("early_reason", ""),
    )
    text = context.t(
        "assess-saved",
        name=draft["cadre"],
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
    return finish(context)


def register(app: RecallApplication) -> None:
    text = filters.TEXT & ~filters.COMMAND
    app.add_handler(
        form(
            "assess",
            entry_points=[CommandHandler("assess", cmd_assess)],
            states={
                State.CASE: PICKER.handlers(on_case),
                State.KIND: [CallbackQueryHandler(step(on_kind), pattern=rf"^{PREFIX}:k:")],
                State.EARLY: [MessageHandler(text, step(on_early_reason))],
                State.GRADE: [CallbackQueryHandler(step(on_grade), pattern=rf"^{PREFIX}:g:")],
                State.COMMENTS: [MessageHandler(text, step(on_comments))],
                State.RECOMMENDATION: [MessageHandler(text, step(on_recommendation))],
                State.CONFIRM: confirm_handlers(PREFIX, on_save),
            },
        )
    )
