"""/leave: an admin, or a supervisor in scope, records, ends early or corrects a cadre's leave.

    /leave [case] ─> CASE ─lv:c:<id>─> ACTION ─lv:n (new) or lv:f:<leave> (correct)─> KIND
    KIND ─lv:k:<kind>─> FROM ─date─> TO ─date─> REASON ─text─> EXTEND ─lv:x:y|n─> CONFIRM
    ACTION ─lv:e:<leave> (end early)─> LAST ─date─> CONFIRM ─lv:save─> the leave service

The dates are checked as soon as both are typed (the form stays on TO), and again on Save.
"""

from __future__ import annotations

from datetime import date
from enum import IntEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.chat.app import RecallApplication
from bot.chat.callbacks import pack
from bot.chat.context import AppContext
from bot.services import leaves as leave_rules
from bot.services.activities import clean_text
from bot.services.errors import DomainError
from bot.services.leaves import MAX_REASON, LeaveRequest
from handlers.choices import case_label, choose_case, draft_case, picked_case
from handlers.common import requires
from handlers.forms import Step, begin, expect, finish, form, step
from handlers.pickers import (
    CasePicker,
    ask_confirm,
    confirm_handlers,
    enum_choice,
    query_of,
    reply,
    tagged,
    tagged_int,
    typed_day,
)
from models import Case, Leave
from models.enums import LeaveKind, Role

PREFIX = "lv"
ROLES = (Role.SUPERVISOR, Role.ADMIN)
PICKER = CasePicker(PREFIX, ROLES, "leave-pick-case")


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


@requires(*ROLES)
async def cmd_leave(update: Update, context: AppContext) -> int:
    begin(context, "leave", expect="button")
    query = " ".join(context.args or [])
    return await choose_case(update, context, PICKER, State.CASE, _ask_action, query)


@requires(*ROLES)
async def on_case(update: Update, context: AppContext) -> int:
    return await _ask_action(update, context, await picked_case(update, context, PICKER))


async def _ask_action(update: Update, context: AppContext, case: Case) -> int:
    context.draft.update(case_id=case.id, cadre=case.cadre.name)
    expect(context, "button")
    recorded = await leave_rules.leaves_of(case.id)
    today = context.today()
    lines = [context.t("leave-title", case=case_label(case))]
    lines += [f"• {leave_line(context, leave)}" for leave in recorded] or [context.t("leave-none")]
    rows = [[(context.t("leave-new-button"), pack(PREFIX, "n"))]]
    for leave in recorded:
        start = context.date(leave.starts_on)
        buttons = [(context.t("leave-correct-button", start=start), pack(PREFIX, "f", leave.id))]
        if leave.ends_on > today and leave.ends_on > leave.starts_on:
            end = context.t("leave-end-button", start=start)
            buttons.append((end, pack(PREFIX, "e", leave.id)))
        rows.append(buttons)
    await reply(update, context, "\n".join(lines), rows)
    return State.ACTION


async def _draft_leave(context: AppContext, leave_id: int) -> Leave:
    """A leave of the draft's case (a forged id of another case is not found)."""
    case = await draft_case(context, *ROLES)
    leave = await Leave.get_or_none(id=leave_id, case_id=case.id)
    if leave is None:
        raise DomainError("leave-error-not-found")
    return leave


@requires(*ROLES)
async def on_new(update: Update, context: AppContext) -> int:
    await draft_case(context, *ROLES)
    context.draft.pop("leave_id", None)
    return await _ask_kind(update, context)


@requires(*ROLES)
async def on_correct(update: Update, context: AppContext) -> int:
    leave = await _draft_leave(context, tagged_int(query_of(update).data, PREFIX, "f"))
    context.draft["leave_id"] = leave.id
    return await _ask_kind(update, context)


async def _ask_kind(update: Update, context: AppContext) -> int:
    expect(context, "button")
    rows = [[(context.t(f"leave-kind-{k.value}"), pack(PREFIX, "k", k.value))] for k in LeaveKind]
    await reply(update, context, context.t("leave-ask-kind", name=context.draft["cadre"]), rows)
    return State.KIND


@requires(*ROLES)
async def on_kind(update: Update, context: AppContext) -> int:
    kind = enum_choice(LeaveKind, tagged(query_of(update).data, PREFIX, "k"))
    context.draft["kind"] = kind.value
    expect(context, "date")
    await reply(update, context, context.t("leave-ask-from", kind=context.t(f"leave-kind-{kind}")))
    return State.FROM


@requires(*ROLES)
async def on_from(update: Update, context: AppContext) -> int:
    day = await typed_day(update, context, toward="nearest")
    if day is None:
        return State.FROM
    context.draft["from"] = day.isoformat()
    await reply(update, context, context.t("leave-ask-to", start=context.date(day)))
    return State.TO


@requires(*ROLES)
async def on_to(update: Update, context: AppContext) -> int:
    start = date.fromisoformat(context.draft["from"])
    day = await typed_day(update, context, toward="future", around=start)
    if day is None:
        return State.TO
    # Refused dates keep the form here, to type another end (or /cancel).
    await context.services.leaves.check_dates(
        context.draft["case_id"], start, day, leave_id=context.draft.get("leave_id")
    )
    context.draft["to"] = day.isoformat()
    expect(context, "text")
    await reply(update, context, context.t("leave-ask-reason"))
    return State.REASON


@requires(*ROLES)
async def on_reason(update: Update, context: AppContext) -> int:
    assert update.message is not None and update.message.text is not None
    context.draft["reason"] = clean_text(update.message.text, required=True, limit=MAX_REASON)
    expect(context, "button")
    start, end = date.fromisoformat(context.draft["from"]), date.fromisoformat(context.draft["to"])
    days = (end - start).days + 1
    rows = [
        [(context.t("leave-extend-yes", days=days), pack(PREFIX, "x", "y"))],
        [(context.t("leave-extend-no"), pack(PREFIX, "x", "n"))],
    ]
    await reply(update, context, context.t("leave-ask-extend", days=days), rows)
    return State.EXTEND


@requires(*ROLES)
async def on_extend(update: Update, context: AppContext) -> int:
    choice = tagged(query_of(update).data, PREFIX, "x")
    if choice not in ("y", "n"):
        raise DomainError("error-stale-button")
    context.draft["extend"] = choice == "y"
    draft = context.draft
    summary = context.t(
        "leave-confirm",
        name=draft["cadre"],
        kind=context.t(f"leave-kind-{draft['kind']}"),
        start=context.date(date.fromisoformat(draft["from"])),
        end=context.date(date.fromisoformat(draft["to"])),
        reason=draft["reason"],
        extend=context.t("export-yes") if draft["extend"] else context.t("export-no"),
    )
    await ask_confirm(update, context, PREFIX, summary)
    return State.CONFIRM


@requires(*ROLES)
async def on_end(update: Update, context: AppContext) -> int:
    leave = await _draft_leave(context, tagged_int(query_of(update).data, PREFIX, "e"))
    context.draft["leave_id"], context.draft["end_early"] = leave.id, True
    expect(context, "date")
    await reply(update, context, context.t("leave-ask-last", line=leave_line(context, leave)))
    return State.LAST


@requires(*ROLES)
async def on_last(update: Update, context: AppContext) -> int:
    day = await typed_day(update, context, toward="nearest")
    if day is None:
        return State.LAST
    leave = await _draft_leave(context, context.draft["leave_id"])
    if day < leave.starts_on:
        raise DomainError("leave-error-end-before-start")
    if day >= leave.ends_on:
        raise DomainError("leave-error-not-earlier", end=leave.ends_on)
    context.draft["to"] = day.isoformat()
    text = context.t("leave-confirm-end", line=leave_line(context, leave), last=context.date(day))
    await ask_confirm(update, context, PREFIX, text)
    return State.CONFIRM


@requires(*ROLES)
async def on_save(update: Update, context: AppContext) -> int:
    draft, person = context.draft, context.require_person()
    service = context.services.leaves
    await draft_case(context, *ROLES)
    if draft.get("end_early"):
        leave = await service.end_early(
            draft["leave_id"], date.fromisoformat(draft["to"]), by=person
        )
    else:
        request = LeaveRequest(
            LeaveKind(draft["kind"]),
            date.fromisoformat(draft["from"]),
            date.fromisoformat(draft["to"]),
            draft["reason"],
            bool(draft["extend"]),
        )
        if draft.get("leave_id"):
            leave = await service.correct(draft["leave_id"], request, by=person)
        else:
            leave = await service.record(draft["case_id"], request, by=person)
    case = await Case.get(id=leave.case_id)
    text = context.t(
        "leave-saved",
        name=draft["cadre"],
        line=leave_line(context, leave),
        period_end=context.date(case.period_end),
    )
    await reply(update, context, text)
    return finish(context)


def register(app: RecallApplication) -> None:
    text = filters.TEXT & ~filters.COMMAND

    def button(handler: Step, tag: str) -> CallbackQueryHandler[AppContext, object]:
        return CallbackQueryHandler(step(handler), pattern=rf"^{PREFIX}:{tag}")

    app.add_handler(
        form(
            "leave",
            entry_points=[CommandHandler("leave", cmd_leave)],
            states={
                State.CASE: PICKER.handlers(on_case),
                State.ACTION: [
                    button(on_new, "n$"),
                    button(on_correct, "f:"),
                    button(on_end, "e:"),
                ],
                State.KIND: [button(on_kind, "k:")],
                State.FROM: [MessageHandler(text, step(on_from))],
                State.TO: [MessageHandler(text, step(on_to))],
                State.REASON: [MessageHandler(text, step(on_reason))],
                State.EXTEND: [button(on_extend, "x:")],
                State.LAST: [MessageHandler(text, step(on_last))],
                State.CONFIRM: confirm_handlers(PREFIX, on_save),
            },
        )
    )
