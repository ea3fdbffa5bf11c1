"""/leave: an admin, or a supervisor in scope, records, ends early or corrects a cadre's leave.

    /leave [case] ─> CASE ─lv:c:<id>─> ACTION ─lv:n:new or lv:f:<leave> (correct)─> KIND
    KIND ─lv:k:<kind>─> FROM ─date─> TO ─date─> REASON ─text─> EXTEND ─lv:x:y|n─> CONFIRM
    ACTION ─lv:e:<leave> (end early)─> LAST ─date─> CONFIRM ─lv:save─> the leave service

Each date is checked as soon as it is typed (the form stays on FROM or TO), and again on Save.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from telegram import Update

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim
from bot.chat.context import AppContext
from bot.services import leaves as leave_rules
from bot.services.activities import clean_text
from bot.services.errors import DomainError
from bot.services.leaves import MAX_REASON, LeaveRequest
from handlers.choices import case_label, choose_case, draft_case, picked_case
from handlers.forms import END, Command, Form, Press, Text, confirm, step
from handlers.pickers import CasePicker, ask_confirm, data_of, reply, typed_day
from models import Case, Leave
from models.enums import LeaveKind

BUTTONS = claim("lv", "leave")
ACTION = "leave"
PICKER = CasePicker(BUTTONS, ACTION, "leave-pick-case")


class State(IntEnum):
    CASE = 1
    ACTION = 2
    KIND = 3
    FROM = 4
    TO = 5
    REASON = 6
    EXTEND = 7
    LAST = 8
    CONFIRM = 9


@dataclass
class LeaveDraft:
    case_id: int = 0
    cadre: str = ""
    leave_id: int | None = None  # the leave corrected or ended early
    end_early: bool = False
    kind: str = ""
    start: date | None = None
    end: date | None = None
    reason: str = ""
    extend: bool = False


def leave_line(context: AppContext, leave: Leave) -> str:
    """One leave as people read it (used by /plan and /case too)."""
    return context.t(
        "leave-line",
        kind=context.t(f"leave-kind-{leave.kind}"),
        start=context.date(leave.starts_on),
        end=context.date(leave.ends_on),
        days=leave_rules.length(leave),
        extended=context.t("leave-line-extended") if leave.extends_period else "",
    )


async def cmd_leave(update: Update, context: AppContext, draft: LeaveDraft) -> int:
    query = " ".join(context.args or [])
    return await choose_case(update, context, draft, PICKER, State.CASE, _ask_action, query)


async def on_case(update: Update, context: AppContext, draft: LeaveDraft) -> int:
    case = await picked_case(update, context, PICKER)
    return await _ask_action(update, context, draft, case)


async def _ask_action(update: Update, context: AppContext, draft: LeaveDraft, case: Case) -> int:
    draft.case_id, draft.cadre = case.id, case.cadre.name
    recorded = await leave_rules.leaves_of(case.id)
    today = context.today()
    lines = [context.t("leave-title", case=case_label(case))]
    lines += [f"• {leave_line(context, leave)}" for leave in recorded] or [context.t("leave-none")]
    rows = [[(context.t("leave-new-button"), BUTTONS.data("n", "new"))]]
    for leave in recorded:
        start = context.date(leave.starts_on)
        label = context.t("leave-correct-button", start=start)
        buttons = [(label, BUTTONS.data("f", leave.id))]
        if leave.ends_on > today and leave.ends_on > leave.starts_on:
            end = context.t("leave-end-button", start=start)
            buttons.append((end, BUTTONS.data("e", leave.id)))
        rows.append(buttons)
    await reply(update, context, "\n".join(lines), rows)
    return State.ACTION


async def _draft_leave(context: AppContext, draft: LeaveDraft, leave_id: int) -> Leave:
    """A leave of the draft's case (a forged id of another case is not found)."""
    case = await draft_case(context, draft.case_id, ACTION)
    leave = await Leave.get_or_none(id=leave_id, case_id=case.id)
    if leave is None:
        raise DomainError("leave-error-not-found")
    return leave


async def on_new(update: Update, context: AppContext, draft: LeaveDraft) -> int:
    await draft_case(context, draft.case_id, ACTION)
    draft.leave_id = None
    return await _ask_kind(update, context, draft)


async def on_correct(update: Update, context: AppContext, draft: LeaveDraft) -> int:
    leave = await _draft_leave(context, draft, BUTTONS.number(data_of(update), "f"))
    draft.leave_id = leave.id
    return await _ask_kind(update, context, draft)


async def _ask_kind(update: Update, context: AppContext, draft: LeaveDraft) -> int:
    rows = [[(context.t(f"leave-kind-{k.value}"), BUTTONS.data("k", k.value))] for k in LeaveKind]
    await reply(update, context, context.t("leave-ask-kind", name=draft.cadre), rows)
    return State.KIND


async def on_kind(update: Update, context: AppContext, draft: LeaveDraft) -> int:
    kind = BUTTONS.member(data_of(update), "k", LeaveKind)
    draft.kind = kind.value
    await reply(update, context, context.t("leave-ask-from", kind=context.t(f"leave-kind-{kind}")))
    return State.FROM


async def on_from(update: Update, context: AppContext, draft: LeaveDraft) -> int:
    day = await typed_day(update, context, toward="nearest")
    if day is None:
        return State.FROM
    # A first day outside the period or inside another leave is refused here, not at the end.
    await context.services.leaves.check_dates(draft.case_id, day, day, leave_id=draft.leave_id)
    draft.start = day
    await reply(update, context, context.t("leave-ask-to", start=context.date(day)))
    return State.TO


async def on_to(update: Update, context: AppContext, draft: LeaveDraft) -> int:
    if draft.start is None:
        return State.TO
    day = await typed_day(update, context, toward="future", around=draft.start)
    if day is None:
        return State.TO
    # Refused dates keep the form here, to type another end (or /cancel).
    await context.services.leaves.check_dates(
        draft.case_id, draft.start, day, leave_id=draft.leave_id
    )
    draft.end = day
    await reply(update, context, context.t("leave-ask-reason"))
    return State.REASON


async def on_reason(update: Update, context: AppContext, draft: LeaveDraft) -> int:
    assert update.message is not None and update.message.text is not None
    assert draft.start is not None and draft.end is not None
    draft.reason = clean_text(update.message.text, required=True, limit=MAX_REASON)
    days = (draft.end - draft.start).days + 1
    rows = [
        [(context.t("leave-extend-yes", days=days), BUTTONS.data("x", "y"))],
        [(context.t("leave-extend-no"), BUTTONS.data("x", "n"))],
    ]
    await reply(update, context, context.t("leave-ask-extend", days=days), rows)
    return State.EXTEND


async def on_extend(update: Update, context: AppContext, draft: LeaveDraft) -> int:
    assert draft.start is not None and draft.end is not None
    draft.extend = BUTTONS.choice(data_of(update), "x", ("y", "n")) == "y"
    summary = context.t(
        "leave-confirm",
        name=draft.cadre,
        kind=context.t(f"leave-kind-{draft.kind}"),
        start=context.date(draft.start),
        end=context.date(draft.end),
        reason=draft.reason,
        extend=context.t("export-yes") if draft.extend else context.t("export-no"),
    )
    await ask_confirm(update, context, BUTTONS, summary)
    return State.CONFIRM


async def on_end(update: Update, context: AppContext, draft: LeaveDraft) -> int:
    leave = await _draft_leave(context, draft, BUTTONS.number(data_of(update), "e"))
    draft.leave_id, draft.end_early = leave.id, True
    await reply(update, context, context.t("leave-ask-last", line=leave_line(context, leave)))
    return State.LAST


async def on_last(update: Update, context: AppContext, draft: LeaveDraft) -> int:
    day = await typed_day(update, context, toward="nearest")
    if day is None or draft.leave_id is None:
        return State.LAST
    leave = await _draft_leave(context, draft, draft.leave_id)
    if day < leave.starts_on:
        raise DomainError("leave-error-end-before-start")
    if day >= leave.ends_on:
        raise DomainError("leave-error-not-earlier", end=leave.ends_on)
    draft.end = day
    text = context.t("leave-confirm-end", line=leave_line(context, leave), last=context.date(day))
    await ask_confirm(update, context, BUTTONS, text)
    return State.CONFIRM


async def on_save(update: Update, context: AppContext, draft: LeaveDraft) -> int:
    person = context.require_person()
    service = context.services.leaves
    await draft_case(context, draft.case_id, ACTION)
    assert draft.end is not None
    if draft.end_early and draft.leave_id is not None:
        leave = await service.end_early(draft.leave_id, draft.end, by=person)
    else:
        assert draft.start is not None
        request = LeaveRequest(
            LeaveKind(draft.kind), draft.start, draft.end, draft.reason, draft.extend
        )
        if draft.leave_id:
            leave = await service.correct(draft.leave_id, request, by=person)
        else:
            leave = await service.record(draft.case_id, request, by=person)
    case = await Case.get(id=leave.case_id)
    text = context.t(
        "leave-saved",
        name=draft.cadre,
        line=leave_line(context, leave),
        period_end=context.date(case.period_end),
    )
    await reply(update, context, text)
    return END


FORM = Form(
    "leave",
    action=ACTION,
    draft=LeaveDraft,
    prefix=BUTTONS,
    entry=[Command(("leave",), cmd_leave)],
    steps={
        State.CASE: step("button", *PICKER.answers(on_case)),
        State.ACTION: step(
            "button", Press("n", on_new), Press("f", on_correct), Press("e", on_end)
        ),
        State.KIND: step("button", Press("k", on_kind)),
        State.FROM: step("date", Text(on_from)),
        State.TO: step("date", Text(on_to)),
        State.REASON: step("text", Text(on_reason)),
        State.EXTEND: step("button", Press("x", on_extend)),
        State.LAST: step("date", Text(on_last)),
        State.CONFIRM: confirm(on_save),
    },
)


def register(app: RecallApplication) -> None:
    app.add_handler(FORM.handler(app))
