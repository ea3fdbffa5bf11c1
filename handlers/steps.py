"""/waive and /reschedule: a supervisor or an admin changes one open step, with a reason.

/waive [case] ───────┐                             waive
/reschedule [case] ──┼─> CASE ─> STEP ─> REASON ───────────────> CONFIRM ─> saved
button under /case ──┘   (skipped if known)    └─ reschedule ─> DATE ─┘
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum

from telegram import Update

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim
from bot.chat.context import AppContext
from bot.services import guards, oversight
from bot.services.activities import clean_text
from bot.services.cases import check_new_due
from handlers.choices import (
    CASE_ACTION,
    case_from_button,
    case_label,
    choose_case,
    draft_case,
    picked_case,
    step_name,
)
from handlers.common import answer, edit_or_send
from handlers.forms import END, Button, Command, Form, Press, Text, confirm, step, warnings_text
from handlers.pickers import CasePicker, ask_confirm, data_of, grid, query_of, reply, typed_day
from models import Case

BUTTONS = claim("st", "steps")
WAIVE, RESCHEDULE = "waive", "reschedule"
PICKER = CasePicker(BUTTONS, WAIVE, "steps-pick-case")  # the table gives both the same roles
REASON_LIMIT = 500
DATE_CHOICES = (7, 14, 30)


class State(IntEnum):
    CASE = 1
    STEP = 2
    REASON = 3
    DATE = 4
    CONFIRM = 5


@dataclass
class StepDraft:
    action: str = WAIVE  # waive | reschedule
    case_id: int = 0
    step_id: int = 0
    reason: str = ""
    due: date | None = None  # the new due date of a rescheduled step


def _typed(update: Update) -> str:
    assert update.message is not None and update.message.text is not None
    return update.message.text


async def _start(
    update: Update,
    context: AppContext,
    draft: StepDraft,
    action: str,
    query: str = "",
    case: Case | None = None,
) -> int:
    draft.action = action
    return await choose_case(update, context, draft, PICKER, State.CASE, _ask_step, query, case)


async def cmd_waive(update: Update, context: AppContext, draft: StepDraft) -> int:
    return await _start(update, context, draft, WAIVE, " ".join(context.args or []))


async def cmd_reschedule(update: Update, context: AppContext, draft: StepDraft) -> int:
    return await _start(update, context, draft, RESCHEDULE, " ".join(context.args or []))


async def on_waive_from_case(update: Update, context: AppContext, draft: StepDraft) -> int:
    case = await case_from_button(update, context, WAIVE)
    return await _start(update, context, draft, WAIVE, case=case)


async def on_reschedule_from_case(update: Update, context: AppContext, draft: StepDraft) -> int:
    case = await case_from_button(update, context, RESCHEDULE)
    return await _start(update, context, draft, RESCHEDULE, case=case)


async def on_case(update: Update, context: AppContext, draft: StepDraft) -> int:
    return await _ask_step(update, context, draft, await picked_case(update, context, PICKER))


async def on_case_text(update: Update, context: AppContext, draft: StepDraft) -> int:
    return await choose_case(update, context, draft, PICKER, State.CASE, _ask_step, _typed(update))


async def _ask_step(
    update: Update, context: AppContext, draft: StepDraft, case: Case, page: int = 0
) -> int:
    steps = await oversight.open_steps(case)
    if not steps:
        await reply(update, context, context.t("steps-none-open", case=case_label(case)))
        return END
    draft.case_id = case.id
    today = context.today()
    items = []
    for s in steps:
        late = f" · {context.t('step-status-overdue')}" if s.due_on < today else ""
        label = f"{context.date(s.due_on)} {step_name(context, s)}{late}"
        items.append((label, BUTTONS.data("s", s.id)))
    text = context.t(f"steps-{draft.action}-pick-step", case=case_label(case))
    rows = grid(items, page, BUTTONS, "q")  # two a row, eight a page
    query = update.callback_query
    if query is not None and (query.data or "").startswith(BUTTONS.data("q")):
        await edit_or_send(query, context, text, rows)  # a page button: the same message
    else:
        await reply(update, context, text, rows)
    return State.STEP


async def on_step_page(update: Update, context: AppContext, draft: StepDraft) -> int:
    """Another page of the open steps, in place (a page that is gone shows the last one)."""
    page = BUTTONS.number(data_of(update), "q")
    case = await draft_case(context, draft.case_id, draft.action)
    await case.fetch_related("cadre", "unit")
    return await _ask_step(update, context, draft, case, page)


async def on_step(update: Update, context: AppContext, draft: StepDraft) -> int:
    step_id = BUTTONS.number(data_of(update), "s")
    case = await draft_case(context, draft.case_id, draft.action)
    chosen = await oversight.open_step_of(case, step_id)
    draft.step_id = chosen.id
    text = context.t(
        "steps-ask-reason", step=step_name(context, chosen), due=context.date(chosen.due_on)
    )
    await edit_or_send(query_of(update), context, text)
    return State.REASON


async def on_reason(update: Update, context: AppContext, draft: StepDraft) -> int:
    draft.reason = clean_text(_typed(update), required=True, limit=REASON_LIMIT)
    if draft.action == WAIVE:
        return await _confirm(update, context, draft)
    today = context.today()
    rows = [
        [
            (
                context.t("steps-in-days", days=days, day=context.date(today + timedelta(days))),
                BUTTONS.data("d", days),
            )
        ]
        for days in DATE_CHOICES
    ]
    await answer(update, context, context.t("steps-ask-date"), rows)
    return State.DATE


async def on_date_button(update: Update, context: AppContext, draft: StepDraft) -> int:
    days = BUTTONS.choice(data_of(update), "d", DATE_CHOICES)
    return await _set_date(update, context, draft, context.today() + timedelta(days=days))


async def on_date_text(update: Update, context: AppContext, draft: StepDraft) -> int:
    day = await typed_day(update, context, toward="future")
    if day is None:
        return State.DATE
    return await _set_date(update, context, draft, day)


async def _set_date(update: Update, context: AppContext, draft: StepDraft, day: date) -> int:
    check_new_due(day, context.today())  # the service's rule, its today
    draft.due = day
    return await _confirm(update, context, draft)


async def _confirm(update: Update, context: AppContext, draft: StepDraft) -> int:
    case = await draft_case(context, draft.case_id, draft.action)
    chosen = await oversight.open_step_of(case, draft.step_id)
    summary = context.t(
        f"steps-{draft.action}-confirm",
        case=case_label(case),
        step=step_name(context, chosen),
        due=context.date(chosen.due_on),
        new=context.date(draft.due) if draft.due else "",
        reason=draft.reason,
    )
    await ask_confirm(update, context, BUTTONS, summary)
    return State.CONFIRM


async def on_save(update: Update, context: AppContext, draft: StepDraft) -> int:
    person = context.require_person()
    case = await draft_case(context, draft.case_id, draft.action)
    chosen = await oversight.open_step_of(case, draft.step_id)
    reason, old_due = draft.reason, chosen.due_on
    if draft.action == WAIVE or draft.due is None:
        await context.services.cases.waive_step(chosen.id, reason, by=person)
        text = context.t(
            "steps-waived", case=case_label(case), step=step_name(context, chosen), reason=reason
        )
    else:
        new = draft.due
        moved = await context.services.cases.reschedule_step(chosen.id, new, reason, by=person)
        text = context.t(
            "steps-rescheduled",
            case=case_label(case),
            step=step_name(context, chosen),
            old=context.date(old_due),
            new=context.date(moved.due_on),
            reason=reason,
        )
        if moved.planned_on is not None:
            day, due = context.date(new), context.date(moved.due_on)
            text += "\n" + context.t("step-moved-note", day=day, due=due)
    await edit_or_send(query_of(update), context, text)
    return END


async def _warnings(context: AppContext, draft: StepDraft) -> list[str]:
    """The service's guard rail (a date past the period's end), asked again before saving."""
    if draft.action != RESCHEDULE or draft.due is None:
        return []
    return warnings_text(context, await guards.reschedule(draft.step_id, draft.due))


FORM = Form(
    "steps",
    action=WAIVE,
    draft=StepDraft,
    prefix=BUTTONS,
    entry=[
        Command((WAIVE,), cmd_waive),
        Command((RESCHEDULE,), cmd_reschedule, action=RESCHEDULE),
        Button(CASE_ACTION.pattern(WAIVE), on_waive_from_case),
        Button(CASE_ACTION.pattern(RESCHEDULE), on_reschedule_from_case, action=RESCHEDULE),
    ],
    steps={
        State.CASE: step("button", *PICKER.answers(on_case), Text(on_case_text)),
        State.STEP: step("button", Press("s", on_step), Press("q", on_step_page)),
        State.REASON: step("text", Text(on_reason)),
        State.DATE: step("date", Press("d", on_date_button), Text(on_date_text)),
        State.CONFIRM: confirm(on_save, _warnings),
    },
)


def register(app: RecallApplication) -> None:
    app.add_handler(FORM.handler(app))
