"""/waive and /reschedule: a supervisor or an admin changes one open step, with a reason.

/waive [case] ───────┐                             waive
/reschedule [case] ──┼─> CASE ─> STEP ─> REASON ───────────────> CONFIRM ─> saved
button under /case ──┘   (skipped if known)    └─ reschedule ─> DATE ─┘
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import IntEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.chat.app import RecallApplication
from bot.chat.callbacks import pack, unpack_ints
from bot.chat.context import AppContext
from bot.services import oversight
from bot.services.activities import clean_text
from bot.services.errors import DomainError
from handlers.choices import (
    CASE_ACTION,
    case_from_button,
    case_label,
    choose_case,
    draft_case,
    picked_case,
    step_name,
)
from handlers.common import answer, edit_or_send, requires
from handlers.forms import begin, expect, finish, form, step
from handlers.pickers import CasePicker, ask_confirm, confirm_handlers, query_of, reply, typed_day
from models import Case
from models.enums import Role

ROLES = (Role.SUPERVISOR, Role.ADMIN)
PICKER = CasePicker("stc", ROLES, "steps-pick-case")
REASON_LIMIT = 500
DATE_CHOICES = (7, 14, 30)
WAIVE, RESCHEDULE = "waive", "reschedule"


class State(IntEnum):
    CASE = 1
    STEP = 2
    REASON = 3
    DATE = 4
    CONFIRM = 5


async def _start(
    update: Update, context: AppContext, action: str, query: str = "", case: Case | None = None
) -> int:
    begin(context, "steps", expect="button")
    context.draft["action"] = action
    return await choose_case(update, context, PICKER, State.CASE, _ask_step, query, case)


@requires(*ROLES)
async def cmd_waive(update: Update, context: AppContext) -> int:
    return await _start(update, context, WAIVE, " ".join(context.args or []))


@requires(*ROLES)
async def cmd_reschedule(update: Update, context: AppContext) -> int:
    return await _start(update, context, RESCHEDULE, " ".join(context.args or []))


@requires(*ROLES)
async def on_waive_from_case(update: Update, context: AppContext) -> int:
    case = await case_from_button(update, context, WAIVE, *ROLES)
    return await _start(update, context, WAIVE, case=case)


@requires(*ROLES)
async def on_reschedule_from_case(update: Update, context: AppContext) -> int:
    case = await case_from_button(update, context, RESCHEDULE, *ROLES)
    return await _start(update, context, RESCHEDULE, case=case)


@requires(*ROLES)
async def on_case(update: Update, context: AppContext) -> int:
    return await _ask_step(update, context, await picked_case(update, context, PICKER))


@step
@requires(*ROLES)
async def on_case_text(update: Update, context: AppContext) -> int:
    assert update.message is not None and update.message.text is not None
    text = update.message.text
    return await choose_case(update, context, PICKER, State.CASE, _ask_step, text)


async def _ask_step(update: Update, context: AppContext, case: Case) -> int:
    steps = await oversight.open_steps(case)
    if not steps:
        await reply(update, context, context.t("steps-none-open", case=case_label(case)))
        return finish(context)
    context.draft["case_id"] = case.id
    expect(context, "button")
    today = context.today()
    rows = []
    for s in steps:
        late = f" · {context.t('step-status-overdue')}" if s.due_on < today else ""
        rows.append(
            [(f"{context.date(s.due_on)} {step_name(context, s)}{late}", pack("sts", s.id))]
        )
    action = context.draft["action"]
    await reply(
        update, context, context.t(f"steps-{action}-pick-step", case=case_label(case)), rows
    )
    return State.STEP


@step
@requires(*ROLES)
async def on_step(update: Update, context: AppContext) -> int:
    (step_id,) = unpack_ints(query_of(update).data, "sts", 1)
    chosen = await oversight.open_step_of(await draft_case(context, *ROLES), step_id)
    context.draft["step_id"] = chosen.id
    expect(context, "text")
    text = context.t(
        "steps-ask-reason", step=step_name(context, chosen), due=context.date(chosen.due_on)
    )
    await edit_or_send(query_of(update), context, text)
    return State.REASON


@step
@requires(*ROLES)
async def on_reason(update: Update, context: AppContext) -> int:
    assert update.message is not None and update.message.text is not None
    context.draft["reason"] = clean_text(update.message.text, required=True, limit=REASON_LIMIT)
    if context.draft["action"] == WAIVE:
        return await _confirm(update, context)
    expect(context, "date")
    today = context.today()
    rows = [
        [
            (
                context.t("steps-in-days", days=days, day=context.date(today + timedelta(days))),
                pack("std", days),
            )
        ]
        for days in DATE_CHOICES
    ]
    await answer(update, context, context.t("steps-ask-date"), rows)
    return State.DATE


@step
@requires(*ROLES)
async def on_date_button(update: Update, context: AppContext) -> int:
    (days,) = unpack_ints(query_of(update).data, "std", 1)
    if days not in DATE_CHOICES:
        raise DomainError("error-stale-button")
    return await _set_date(update, context, context.today() + timedelta(days=days))


@step
@requires(*ROLES)
async def on_date_text(update: Update, context: AppContext) -> int:
    day = await typed_day(update, context, toward="future")
    if day is None:
        return State.DATE
    return await _set_date(update, context, day)


async def _set_date(update: Update, context: AppContext, day: date) -> int:
    if day < context.today():
        raise DomainError("error-date-in-past")
    context.draft["due"] = day.isoformat()
    return await _confirm(update, context)


async def _confirm(update: Update, context: AppContext) -> int:
    case = await draft_case(context, *ROLES)
    chosen = await oversight.open_step_of(case, context.draft["step_id"])
    due = context.draft.get("due")
    summary = context.t(
        f"steps-{context.draft['action']}-confirm",
        case=case_label(case),
        step=step_name(context, chosen),
        due=context.date(chosen.due_on),
        new=context.date(date.fromisoformat(due)) if due else "",
        reason=context.draft["reason"],
    )
    await ask_confirm(update, context, "stk", summary)
    return State.CONFIRM


@requires(*ROLES)
async def on_save(update: Update, context: AppContext) -> int:
    person = context.require_person()
    case = await draft_case(context, *ROLES)
    chosen = await oversight.open_step_of(case, context.draft["step_id"])
    reason, old_due = context.draft["reason"], chosen.due_on
    if context.draft["action"] == WAIVE:
        await context.services.cases.waive_step(chosen.id, reason, by=person)
        text = context.t(
            "steps-waived", case=case_label(case), step=step_name(context, chosen), reason=reason
        )
    else:
        new = date.fromisoformat(context.draft["due"])
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
    return finish(context)


def register(app: RecallApplication) -> None:
    text = filters.TEXT & ~filters.COMMAND
    app.add_handler(
        form(
            "steps",
            entry_points=[
                CommandHandler("waive", cmd_waive),
                CommandHandler("reschedule", cmd_reschedule),
                CallbackQueryHandler(on_waive_from_case, pattern=rf"^{CASE_ACTION}:{WAIVE}:"),
                CallbackQueryHandler(
                    on_reschedule_from_case, pattern=rf"^{CASE_ACTION}:{RESCHEDULE}:"
                ),
            ],
            states={
                State.CASE: [*PICKER.handlers(on_case), MessageHandler(text, on_case_text)],
                State.STEP: [CallbackQueryHandler(on_step, pattern=r"^sts:")],
                State.REASON: [MessageHandler(text, on_reason)],
                State.DATE: [
                    CallbackQueryHandler(on_date_button, pattern=r"^std:"),
                    MessageHandler(text, on_date_text),
                ],
                State.CONFIRM: confirm_handlers("stk", on_save),
            },
        )
    )
