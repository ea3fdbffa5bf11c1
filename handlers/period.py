"""The end and the length of a period: /outcome (supervisor) and /close (admin) record the
outcome; /extend (admin) lengthens the period.

    /outcome, /close [case] ─┐         (admin, before the end) EARLY ─┐
    button under /case ──────┴─> CASE ─┴──────────────────────────────┴─> PLACEMENT
        ─> DISPOSITION ─> CONFIRM ─> closed

    /extend [case] ──────┐                ┌──────────────────────┐
    button under /case ──┴─> CASE ─> MONTHS ─> (more than 6) OVER ─┴─> REASON ─> CONFIRM ─> saved
"""

from __future__ import annotations

from enum import IntEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.chat.app import RecallApplication
from bot.chat.callbacks import is_id, pack, unpack
from bot.chat.context import AppContext
from bot.services import oversight
from bot.services.activities import clean_text
from bot.services.cases import MAX_MONTHS, MAX_OVERRIDE_MONTHS
from bot.services.dates import add_months
from bot.services.errors import DomainError
from handlers.choices import (
    CASE_ACTION,
    case_from_button,
    case_label,
    choose_case,
    draft_case,
    one_of,
    picked_case,
    step_name,
)
from handlers.common import answer, edit_or_send, requires
from handlers.forms import begin, expect, finish, form, step
from handlers.pickers import (
    CasePicker,
    ask_confirm,
    confirm_handlers,
    enum_choice,
    query_of,
    reply,
)
from models import Case
from models.enums import Disposition, Placement, Role, StepKind

OUTCOME_ROLES = (Role.SUPERVISOR, Role.ADMIN)
OUTCOME_PICKER = CasePicker("poc", OUTCOME_ROLES, "outcome-pick-case")
EXTEND_PICKER = CasePicker("pec", (Role.ADMIN,), "extend-pick-case")
REASON_LIMIT = 500
NO_DISPOSITION = "none"


class Outcome(IntEnum):
    CASE = 1
    PLACEMENT = 2
    DISPOSITION = 3
    CONFIRM = 4
    EARLY = 5


class Extend(IntEnum):
    CASE = 1
    MONTHS = 2
    OVER = 3
    REASON = 4
    CONFIRM = 5


# Outcome -----------------------------------------------------------------------------------


async def _start_outcome(
    update: Update, context: AppContext, query: str = "", case: Case | None = None
) -> int:
    begin(context, "outcome", expect="button")
    return await choose_case(
        update, context, OUTCOME_PICKER, Outcome.CASE, _check_window, query, case
    )


@requires(*OUTCOME_ROLES)
async def cmd_outcome(update: Update, context: AppContext) -> int:
    return await _start_outcome(update, context, " ".join(context.args or []))


@requires(*OUTCOME_ROLES)
async def on_outcome_from_case(update: Update, context: AppContext) -> int:
    case = await case_from_button(update, context, "outcome", *OUTCOME_ROLES)
    return await _start_outcome(update, context, case=case)


@requires(*OUTCOME_ROLES)
async def on_outcome_case(update: Update, context: AppContext) -> int:
    case = await picked_case(update, context, OUTCOME_PICKER)
    return await _check_window(update, context, case)


@step
@requires(*OUTCOME_ROLES)
async def on_outcome_case_text(update: Update, context: AppContext) -> int:
    assert update.message is not None and update.message.text is not None
    text = update.message.text
    return await choose_case(update, context, OUTCOME_PICKER, Outcome.CASE, _check_window, text)


async def _check_window(update: Update, context: AppContext, case: Case) -> int:
    """Before the decision's window only an admin may record the outcome, with a reason."""
    context.draft["case_id"] = case.id
    opens = await context.services.cases.opens_later(case, StepKind.DECISION, context.today())
    if opens is None:
        return await _ask_placement(update, context, case)
    if Role.ADMIN not in context.roles:
        await reply(update, context, context.t("error-window-not-open", opens=opens, admin="no"))
        return finish(context)
    expect(context, "text")
    text = context.t("outcome-ask-early-reason", case=case_label(case), opens=context.date(opens))
    await reply(update, context, text)
    return Outcome.EARLY


@step
@requires(Role.ADMIN)
async def on_early_reason(update: Update, context: AppContext) -> int:
    assert update.message is not None and update.message.text is not None
    reason = clean_text(update.message.text, required=True, limit=REASON_LIMIT)
    context.draft["early_reason"] = reason
    return await _ask_placement(update, context, await draft_case(context, Role.ADMIN))


async def _ask_placement(update: Update, context: AppContext, case: Case) -> int:
    context.draft["case_id"] = case.id
    expect(context, "button")
    rows = [[(context.t(f"placement-{p}"), pack("pop", p.value))] for p in Placement]
    await reply(update, context, context.t("outcome-ask-placement", case=case_label(case)), rows)
    return Outcome.PLACEMENT


@step
@requires(*OUTCOME_ROLES)
async def on_placement(update: Update, context: AppContext) -> int:
    (value,) = unpack(query_of(update).data, "pop", 1)
    context.draft["placement"] = enum_choice(Placement, value).value
    choices = [NO_DISPOSITION, *(d.value for d in Disposition)]
    rows = [[(context.t(f"disposition-{d}"), pack("pod", d))] for d in choices]
    await reply(update, context, context.t("outcome-ask-disposition"), rows)
    return Outcome.DISPOSITION


@step
@requires(*OUTCOME_ROLES)
async def on_disposition(update: Update, context: AppContext) -> int:
    (value,) = unpack(query_of(update).data, "pod", 1)
    context.draft["disposition"] = one_of(value, [NO_DISPOSITION, *(d.value for d in Disposition)])
    case = await draft_case(context, *OUTCOME_ROLES)
    summary = context.t(
        "outcome-confirm",
        case=case_label(case),
        placement=context.t(f"placement-{context.draft['placement']}"),
        disposition=context.t(f"disposition-{value}"),
        day=context.date(context.today()),
        open=len(await oversight.open_steps(case)),
    )
    if context.draft.get("early_reason"):
        summary += "\n" + context.t("outcome-early-note", reason=context.draft["early_reason"])
    await ask_confirm(update, context, "pok", summary)
    return Outcome.CONFIRM


@requires(*OUTCOME_ROLES)
async def on_outcome_save(update: Update, context: AppContext) -> int:
    case = await draft_case(context, *OUTCOME_ROLES)
    value = context.draft["disposition"]
    closed = await context.services.cases.close(
        case.id,
        Placement(context.draft["placement"]),
        None if value == NO_DISPOSITION else Disposition(value),
        by=context.require_person(),
        early_reason=context.draft.get("early_reason", ""),
    )
    text = context.t(
        "outcome-saved",
        case=case_label(case),
        placement=context.t(f"placement-{closed.placement}"),
        disposition=context.t(f"disposition-{value}"),
        day=context.date(closed.closed_on or context.today()),
    )
    await edit_or_send(query_of(update), context, text)
    return finish(context)


# Extend ------------------------------------------------------------------------------------


async def _start_extend(
    update: Update, context: AppContext, query: str = "", case: Case | None = None
) -> int:
    begin(context, "extend", expect="button")
    return await choose_case(update, context, EXTEND_PICKER, Extend.CASE, _ask_months, query, case)


@requires(Role.ADMIN)
async def cmd_extend(update: Update, context: AppContext) -> int:
    return await _start_extend(update, context, " ".join(context.args or []))


@requires(Role.ADMIN)
async def on_extend_from_case(update: Update, context: AppContext) -> int:
    case = await case_from_button(update, context, "extend", Role.ADMIN)
    return await _start_extend(update, context, case=case)


@requires(Role.ADMIN)
async def on_extend_case(update: Update, context: AppContext) -> int:
    return await _ask_months(update, context, await picked_case(update, context, EXTEND_PICKER))


@step
@requires(Role.ADMIN)
async def on_extend_case_text(update: Update, context: AppContext) -> int:
    assert update.message is not None and update.message.text is not None
    text = update.message.text
    return await choose_case(update, context, EXTEND_PICKER, Extend.CASE, _ask_months, text)


async def _ask_months(update: Update, context: AppContext, case: Case) -> int:
    context.draft["case_id"] = case.id
    expect(context, "button")
    choices = range(case.period_months + 1, MAX_MONTHS + 1)
    rows = [[(context.t("period-months", months=m), pack("pem", m)) for m in choices]]
    rows.append([(context.t("extend-more", months=MAX_MONTHS), pack("pem", "more"))])
    text = context.t(
        "extend-ask-months",
        case=case_label(case),
        months=case.period_months,
        end=context.date(case.period_end),
    )
    await reply(update, context, text, [row for row in rows if row])
    return Extend.MONTHS


@step
@requires(Role.ADMIN)
async def on_months(update: Update, context: AppContext) -> int:
    (value,) = unpack(query_of(update).data, "pem", 1)
    case = await draft_case(context, Role.ADMIN)
    if value == "more":
        expect(context, "number")
        await reply(update, context, context.t("extend-ask-over", months=MAX_MONTHS))
        return Extend.OVER
    if not is_id(value) or not case.period_months < int(value) <= MAX_MONTHS:
        raise DomainError("error-stale-button")
    return await _ask_reason(update, context, int(value))


@step
@requires(Role.ADMIN)
async def on_over_months(update: Update, context: AppContext) -> int:
    assert update.message is not None and update.message.text is not None
    text = update.message.text.strip()
    if not is_id(text):
        await answer(update, context, context.t("form-expects-number"))
        return Extend.OVER
    if not MAX_MONTHS < int(text) <= MAX_OVERRIDE_MONTHS:
        raise DomainError("extend-over-range", low=MAX_MONTHS + 1, high=MAX_OVERRIDE_MONTHS)
    return await _ask_reason(update, context, int(text))


async def _ask_reason(update: Update, context: AppContext, months: int) -> int:
    context.draft["months"] = months
    expect(context, "text")
    key = "extend-ask-override-reason" if months > MAX_MONTHS else "extend-ask-reason"
    await reply(update, context, context.t(key, months=months))
    return Extend.REASON


@step
@requires(Role.ADMIN)
async def on_extend_reason(update: Update, context: AppContext) -> int:
    assert update.message is not None and update.message.text is not None
    context.draft["reason"] = clean_text(update.message.text, required=True, limit=REASON_LIMIT)
    case = await draft_case(context, Role.ADMIN)
    months = context.draft["months"]
    summary = context.t(
        "extend-confirm",
        case=case_label(case),
        old=case.period_months,
        months=months,
        end=context.date(add_months(case.recalled_on, months)),
        reason=context.draft["reason"],
    )
    if months > MAX_MONTHS:
        summary += "\n" + context.t("extend-override-note")
    await ask_confirm(update, context, "pek", summary)
    return Extend.CONFIRM


@requires(Role.ADMIN)
async def on_extend_save(update: Update, context: AppContext) -> int:
    case = await draft_case(context, Role.ADMIN)
    months, reason = context.draft["months"], context.draft["reason"]
    before = await oversight.due_dates(case.id)
    extended = await context.services.cases.extend(
        case.id, months, by=context.require_person(), reason=reason, override=months > MAX_MONTHS
    )
    lines = [
        context.t(
            "extend-saved",
            case=case_label(case),
            old=case.period_months,
            months=extended.period_months,
            end=context.date(extended.period_end),
        )
    ]
    for change in await oversight.changed_steps(case.id, before):
        name, new = step_name(context, change.step), context.date(change.step.due_on)
        if change.old is None:
            lines.append(context.t("extend-step-added", step=name, new=new))
        else:
            lines.append(
                context.t("extend-step-moved", step=name, old=context.date(change.old), new=new)
            )
    await edit_or_send(query_of(update), context, "\n".join(lines))
    return finish(context)


def register(app: RecallApplication) -> None:
    text = filters.TEXT & ~filters.COMMAND
    app.add_handler(
        form(
            "outcome",
            entry_points=[
                CommandHandler(["outcome", "close"], cmd_outcome),
                CallbackQueryHandler(on_outcome_from_case, pattern=rf"^{CASE_ACTION}:outcome:"),
            ],
            states={
                Outcome.CASE: [
                    *OUTCOME_PICKER.handlers(on_outcome_case),
                    MessageHandler(text, on_outcome_case_text),
                ],
                Outcome.PLACEMENT: [CallbackQueryHandler(on_placement, pattern=r"^pop:")],
                Outcome.DISPOSITION: [CallbackQueryHandler(on_disposition, pattern=r"^pod:")],
                Outcome.EARLY: [MessageHandler(text, on_early_reason)],
                Outcome.CONFIRM: confirm_handlers("pok", on_outcome_save),
            },
        )
    )
    app.add_handler(
        form(
            "extend",
            entry_points=[
                CommandHandler("extend", cmd_extend),
                CallbackQueryHandler(on_extend_from_case, pattern=rf"^{CASE_ACTION}:extend:"),
            ],
            states={
                Extend.CASE: [
                    *EXTEND_PICKER.handlers(on_extend_case),
                    MessageHandler(text, on_extend_case_text),
                ],
                Extend.MONTHS: [CallbackQueryHandler(on_months, pattern=r"^pem:")],
                Extend.OVER: [MessageHandler(text, on_over_months)],
                Extend.REASON: [MessageHandler(text, on_extend_reason)],
                Extend.CONFIRM: confirm_handlers("pek", on_extend_save),
            },
        )
    )
