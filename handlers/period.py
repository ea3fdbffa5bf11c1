"""The end and the length of a period: /outcome (supervisor) and /close (admin) record the
outcome; /extend (admin) lengthens the period.

    /outcome, /close [case] ─┐         (admin, before the end) EARLY ─┐
    button under /case ──────┴─> CASE ─┴──────────────────────────────┴─> PLACEMENT
        ─> DISPOSITION ─> CONFIRM ─> closed

    /extend [case] ──────┐                ┌──────────────────────┐
    button under /case ──┴─> CASE ─> MONTHS ─> (more than 6) OVER ─┴─> REASON ─> CONFIRM ─> saved
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from telegram import Update

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim, is_id
from bot.chat.context import AppContext
from bot.services import oversight, policy
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
    picked_case,
    step_name,
)
from handlers.common import answer, edit_or_send
from handlers.forms import END, Button, Command, Form, Press, Text, confirm, step
from handlers.pickers import CasePicker, ask_confirm, data_of, query_of, reply
from models import Case
from models.enums import Disposition, Placement, StepKind

OUTCOME = claim("po", "outcome")
EXTEND = claim("pe", "extend")
OUTCOME_PICKER = CasePicker(OUTCOME, "outcome", "outcome-pick-case")
EXTEND_PICKER = CasePicker(EXTEND, "extend", "extend-pick-case")
REASON_LIMIT = 500
NO_DISPOSITION = "none"
DISPOSITIONS = [NO_DISPOSITION, *(d.value for d in Disposition)]
# The buttons: none; changes of post; leaving the service. Resignation and retirement are not
# sanctions: they get their own row, apart from demotion and removal (docs/glossary.md).
DISPOSITION_ROWS = [[NO_DISPOSITION], ["promoted", "demoted", "removed"], ["resigned", "retired"]]


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


@dataclass
class OutcomeDraft:
    case_id: int = 0
    early_reason: str = ""  # an admin's reason to decide before the window opens
    placement: str = ""
    disposition: str = ""


@dataclass
class ExtendDraft:
    case_id: int = 0
    months: int = 0
    reason: str = ""


def _typed(update: Update) -> str:
    assert update.message is not None and update.message.text is not None
    return update.message.text


# Outcome -----------------------------------------------------------------------------------


async def cmd_outcome(update: Update, context: AppContext, draft: OutcomeDraft) -> int:
    query = " ".join(context.args or [])
    return await choose_case(
        update, context, draft, OUTCOME_PICKER, Outcome.CASE, _check_window, query
    )


async def on_outcome_from_case(update: Update, context: AppContext, draft: OutcomeDraft) -> int:
    case = await case_from_button(update, context, "outcome")
    return await _check_window(update, context, draft, case)


async def on_outcome_case(update: Update, context: AppContext, draft: OutcomeDraft) -> int:
    case = await picked_case(update, context, OUTCOME_PICKER)
    return await _check_window(update, context, draft, case)


async def on_outcome_case_text(update: Update, context: AppContext, draft: OutcomeDraft) -> int:
    return await choose_case(
        update, context, draft, OUTCOME_PICKER, Outcome.CASE, _check_window, _typed(update)
    )


async def _check_window(
    update: Update, context: AppContext, draft: OutcomeDraft, case: Case
) -> int:
    """Before the decision's window only an admin may record the outcome, with a reason."""
    draft.case_id = case.id
    opens = await context.services.cases.opens_later(case, StepKind.DECISION, context.today())
    if opens is None:
        return await _ask_placement(update, context, draft, case)
    if not policy.allows(context.roles, "record_early"):
        await reply(update, context, context.t("error-window-not-open", opens=opens, admin="no"))
        return END
    text = context.t("outcome-ask-early-reason", case=case_label(case), opens=context.date(opens))
    await reply(update, context, text)
    return Outcome.EARLY


async def on_early_reason(update: Update, context: AppContext, draft: OutcomeDraft) -> int:
    draft.early_reason = clean_text(_typed(update), required=True, limit=REASON_LIMIT)
    case = await draft_case(context, draft.case_id, "record_early")
    return await _ask_placement(update, context, draft, case)


async def _ask_placement(
    update: Update, context: AppContext, draft: OutcomeDraft, case: Case
) -> int:
    draft.case_id = case.id
    rows = [[(context.t(f"placement-{p}"), OUTCOME.data("l", p.value))] for p in Placement]
    await reply(update, context, context.t("outcome-ask-placement", case=case_label(case)), rows)
    return Outcome.PLACEMENT


async def on_placement(update: Update, context: AppContext, draft: OutcomeDraft) -> int:
    draft.placement = OUTCOME.member(data_of(update), "l", Placement).value
    rows = [
        [(context.t(f"disposition-{d}"), OUTCOME.data("d", d)) for d in row]
        for row in DISPOSITION_ROWS
    ]
    await reply(update, context, context.t("outcome-ask-disposition"), rows)
    return Outcome.DISPOSITION


async def on_disposition(update: Update, context: AppContext, draft: OutcomeDraft) -> int:
    draft.disposition = value = OUTCOME.choice(data_of(update), "d", DISPOSITIONS)
    case = await draft_case(context, draft.case_id, "outcome")
    summary = context.t(
        "outcome-confirm",
        case=case_label(case),
        placement=context.t(f"placement-{draft.placement}"),
        disposition=context.t(f"disposition-{value}"),
        day=context.date(context.today()),
        open=len(await oversight.open_steps(case)),
    )
    if draft.early_reason:
        summary += "\n" + context.t("outcome-early-note", reason=draft.early_reason)
    await ask_confirm(update, context, OUTCOME, summary)
    return Outcome.CONFIRM


async def on_outcome_save(update: Update, context: AppContext, draft: OutcomeDraft) -> int:
    case = await draft_case(context, draft.case_id, "outcome")
    value = draft.disposition
    closed = await context.services.cases.close(
        case.id,
        Placement(draft.placement),
        None if value == NO_DISPOSITION else Disposition(value),
        by=context.require_person(),
        early_reason=draft.early_reason,
    )
    text = context.t(
        "outcome-saved",
        case=case_label(case),
        placement=context.t(f"placement-{closed.placement}"),
        disposition=context.t(f"disposition-{value}"),
        day=context.date(closed.closed_on or context.today()),
    )
    await edit_or_send(query_of(update), context, text)
    return END


# Extend ------------------------------------------------------------------------------------


async def cmd_extend(update: Update, context: AppContext, draft: ExtendDraft) -> int:
    query = " ".join(context.args or [])
    return await choose_case(
        update, context, draft, EXTEND_PICKER, Extend.CASE, _ask_months, query
    )


async def on_extend_from_case(update: Update, context: AppContext, draft: ExtendDraft) -> int:
    case = await case_from_button(update, context, "extend")
    return await _ask_months(update, context, draft, case)


async def on_extend_case(update: Update, context: AppContext, draft: ExtendDraft) -> int:
    case = await picked_case(update, context, EXTEND_PICKER)
    return await _ask_months(update, context, draft, case)


async def on_extend_case_text(update: Update, context: AppContext, draft: ExtendDraft) -> int:
    return await choose_case(
        update, context, draft, EXTEND_PICKER, Extend.CASE, _ask_months, _typed(update)
    )


async def _ask_months(update: Update, context: AppContext, draft: ExtendDraft, case: Case) -> int:
    draft.case_id = case.id
    choices = range(case.period_months + 1, MAX_MONTHS + 1)
    rows = [[(context.t("period-months", months=m), EXTEND.data("m", m)) for m in choices]]
    rows.append([(context.t("extend-more", months=MAX_MONTHS), EXTEND.data("m", "more"))])
    text = context.t(
        "extend-ask-months",
        case=case_label(case),
        months=case.period_months,
        end=context.date(case.period_end),
    )
    await reply(update, context, text, [row for row in rows if row])
    return Extend.MONTHS


async def on_months(update: Update, context: AppContext, draft: ExtendDraft) -> int:
    case = await draft_case(context, draft.case_id, "extend")
    choices = ["more", *range(case.period_months + 1, MAX_MONTHS + 1)]
    value = EXTEND.choice(data_of(update), "m", choices)
    if value == "more":
        await reply(update, context, context.t("extend-ask-over", months=MAX_MONTHS))
        return Extend.OVER
    assert isinstance(value, int)
    return await _ask_reason(update, context, draft, value)


async def on_over_months(update: Update, context: AppContext, draft: ExtendDraft) -> int:
    text = _typed(update).strip()
    if not is_id(text):
        await answer(update, context, context.t("form-expects-number"))
        return Extend.OVER
    if not MAX_MONTHS < int(text) <= MAX_OVERRIDE_MONTHS:
        raise DomainError("extend-over-range", low=MAX_MONTHS + 1, high=MAX_OVERRIDE_MONTHS)
    return await _ask_reason(update, context, draft, int(text))


async def _ask_reason(update: Update, context: AppContext, draft: ExtendDraft, months: int) -> int:
    draft.months = months
    key = "extend-ask-override-reason" if months > MAX_MONTHS else "extend-ask-reason"
    await reply(update, context, context.t(key, months=months))
    return Extend.REASON


async def on_extend_reason(update: Update, context: AppContext, draft: ExtendDraft) -> int:
    draft.reason = clean_text(_typed(update), required=True, limit=REASON_LIMIT)
    case = await draft_case(context, draft.case_id, "extend")
    summary = context.t(
        "extend-confirm",
        case=case_label(case),
        old=case.period_months,
        months=draft.months,
        end=context.date(add_months(case.recalled_on, draft.months)),
        reason=draft.reason,
    )
    if draft.months > MAX_MONTHS:
        summary += "\n" + context.t("extend-override-note")
    await ask_confirm(update, context, EXTEND, summary)
    return Extend.CONFIRM


async def on_extend_save(update: Update, context: AppContext, draft: ExtendDraft) -> int:
    case = await draft_case(context, draft.case_id, "extend")
    months, reason = draft.months, draft.reason
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
    return END


OUTCOME_FORM = Form(
    "outcome",
    action="outcome",
    draft=OutcomeDraft,
    prefix=OUTCOME,
    entry=[
        Command(("outcome",), cmd_outcome),
        Command(("close",), cmd_outcome, action="close"),
        Button(CASE_ACTION.pattern("outcome"), on_outcome_from_case),
    ],
    steps={
        Outcome.CASE: step(
            "button", *OUTCOME_PICKER.answers(on_outcome_case), Text(on_outcome_case_text)
        ),
        Outcome.PLACEMENT: step("button", Press("l", on_placement)),
        Outcome.DISPOSITION: step("button", Press("d", on_disposition)),
        Outcome.EARLY: step("text", Text(on_early_reason)),
        Outcome.CONFIRM: confirm(on_outcome_save),
    },
)
EXTEND_FORM = Form(
    "extend",
    action="extend",
    draft=ExtendDraft,
    prefix=EXTEND,
    entry=[
        Command(("extend",), cmd_extend),
        Button(CASE_ACTION.pattern("extend"), on_extend_from_case),
    ],
    steps={
        Extend.CASE: step(
            "button", *EXTEND_PICKER.answers(on_extend_case), Text(on_extend_case_text)
        ),
        Extend.MONTHS: step("button", Press("m", on_months)),
        Extend.OVER: step("number", Text(on_over_months)),
        Extend.REASON: step("text", Text(on_extend_reason)),
        Extend.CONFIRM: confirm(on_extend_save),
    },
)


def register(app: RecallApplication) -> None:
    app.add_handler(OUTCOME_FORM.handler(app))
    app.add_handler(EXTEND_FORM.handler(app))
