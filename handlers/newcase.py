"""/newcase: an admin opens a case; the plan is generated and invite links are a button away.

NAME ─> UNIT ─> POSITION ─> RANK ─> PRINCIPAL ─> CATEGORY ─> REASON ─> COHORT
     ─> RECALLED ─> MONTHS ─> MENTORS ─> SUPERVISORS ─> CONFIRM ─> saved (+ invite buttons)
(POSITION, COHORT, MENTORS and SUPERVISORS can be skipped with a button)
"""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.chat.app import RecallApplication
from bot.chat.callbacks import pack, unpack, unpack_ints
from bot.chat.context import AppContext
from bot.services import catalog, oversight
from bot.services.activities import clean_text
from bot.services.cases import MAX_MONTHS, MIN_MONTHS, NewCase
from bot.services.errors import DomainError
from handlers.choices import case_label, join_names, one_of, parse_names, step_name
from handlers.common import requires
from handlers.forms import Step, begin, expect, finish, form, step
from handlers.invite import invite_buttons
from handlers.pickers import (
    ask_confirm,
    confirm_handlers,
    enum_choice,
    query_of,
    reply,
    typed_day,
)
from models.enums import Rank, Role


class State(IntEnum):
    NAME = 1
    UNIT = 2
    POSITION = 3
    RANK = 4
    PRINCIPAL = 5
    CATEGORY = 6
    REASON = 7
    COHORT = 8
    RECALLED = 9
    MONTHS = 10
    MENTORS = 11
    SUPERVISORS = 12
    CONFIRM = 13


# Typed answers: the draft field, its length limit, and whether a "skip" button is offered.
TEXT_FIELDS = {
    State.NAME: ("name", 100, False),
    State.UNIT: ("unit", 200, False),
    State.POSITION: ("position", 200, True),
    State.COHORT: ("cohort", 100, True),
    State.MENTORS: ("mentors", 500, True),
    State.SUPERVISORS: ("supervisors", 500, True),
}
MAX_COHORT_BUTTONS = 6


@requires(Role.ADMIN)
async def cmd_newcase(update: Update, context: AppContext) -> int:
    begin(context, "newcase", expect="text")
    return await _ask(update, context, State.NAME)


async def _ask(update: Update, context: AppContext, state: State) -> int:
    """Put the question of a step (buttons where a choice is made)."""
    if state == State.CONFIRM:
        return await _confirm(update, context)
    t = context.t
    rows: list[list[tuple[str, str]]] = []
    if state in TEXT_FIELDS:
        expect(context, "text")
        if state == State.COHORT:
            cohorts = (await oversight.active_cohorts())[:MAX_COHORT_BUTTONS]
            context.draft["cohorts"] = cohorts
            rows += [[(label, pack("nch", i))] for i, label in enumerate(cohorts)]
        if TEXT_FIELDS[state][2]:
            rows.append([(t("form-skip"), pack("ncs", state.value))])
    elif state == State.RANK:
        rows = [[(t(f"rank-{r}"), pack("ncr", r.value))] for r in Rank]
    elif state == State.PRINCIPAL:
        rows = [[(t("export-yes"), pack("ncp", 1)), (t("export-no"), pack("ncp", 0))]]
    elif state == State.CATEGORY:
        rows = [[(t(f"category-{c}"), pack("ncg", c))] for c in catalog.categories()]
    elif state == State.REASON:
        codes = catalog.reasons_by_category()[context.draft["category"]]
        rows = [[(t(f"reason-{code}"), pack("ncn", code))] for code in codes]
    elif state == State.RECALLED:
        expect(context, "date")
        rows = [[(t("day-today"), pack("ncd", "today"))]]
    elif state == State.MONTHS:
        rows = [
            [
                (t("period-months", months=m), pack("ncm", m))
                for m in range(MIN_MONTHS, MAX_MONTHS + 1)
            ]
        ]
    if state not in TEXT_FIELDS and state != State.RECALLED:
        expect(context, "button")
    await reply(update, context, t(f"newcase-ask-{state.name.lower()}"), rows or None)
    return state


def _text_step(state: State) -> Step:
    """A step that takes typed text into its draft field, then asks the next question."""
    field, limit, _ = TEXT_FIELDS[state]

    @step
    @requires(Role.ADMIN)
    async def on_text(update: Update, context: AppContext) -> int:
        assert update.message is not None and update.message.text is not None
        text = update.message.text
        if field in ("mentors", "supervisors"):
            context.draft[field] = parse_names(clean_text(text, required=True, limit=limit))
        else:
            context.draft[field] = clean_text(text, required=True, limit=limit)
        return await _ask(update, context, State(state + 1))

    return on_text


@step
@requires(Role.ADMIN)
async def on_skip(update: Update, context: AppContext) -> int:
    (value,) = unpack_ints(query_of(update).data, "ncs", 1)
    if value not in TEXT_FIELDS or not TEXT_FIELDS[State(value)][2]:
        raise DomainError("error-stale-button")
    field = TEXT_FIELDS[State(value)][0]
    context.draft[field] = [] if field in ("mentors", "supervisors") else ""
    return await _ask(update, context, State(value + 1))


@step
@requires(Role.ADMIN)
async def on_cohort_button(update: Update, context: AppContext) -> int:
    (index,) = unpack_ints(query_of(update).data, "nch", 1)
    cohorts = context.draft.get("cohorts", [])
    if not 0 <= index < len(cohorts):
        raise DomainError("error-stale-button")
    context.draft["cohort"] = cohorts[index]
    return await _ask(update, context, State.RECALLED)


@step
@requires(Role.ADMIN)
async def on_rank(update: Update, context: AppContext) -> int:
    (value,) = unpack(query_of(update).data, "ncr", 1)
    context.draft["rank"] = enum_choice(Rank, value).value
    return await _ask(update, context, State.PRINCIPAL)


@step
@requires(Role.ADMIN)
async def on_principal(update: Update, context: AppContext) -> int:
    (value,) = unpack_ints(query_of(update).data, "ncp", 1)
    context.draft["principal"] = bool(one_of(value, [0, 1]))
    return await _ask(update, context, State.CATEGORY)


@step
@requires(Role.ADMIN)
async def on_category(update: Update, context: AppContext) -> int:
    (value,) = unpack(query_of(update).data, "ncg", 1)
    context.draft["category"] = one_of(value, catalog.categories())
    return await _ask(update, context, State.REASON)


@step
@requires(Role.ADMIN)
async def on_reason(update: Update, context: AppContext) -> int:
    (value,) = unpack(query_of(update).data, "ncn", 1)
    context.draft["reason"] = one_of(
        value, catalog.reasons_by_category()[context.draft["category"]]
    )
    return await _ask(update, context, State.COHORT)


@step
@requires(Role.ADMIN)
async def on_recalled_today(update: Update, context: AppContext) -> int:
    (value,) = unpack(query_of(update).data, "ncd", 1)
    one_of(value, ["today"])
    return await _set_recalled(update, context, context.today())


@step
@requires(Role.ADMIN)
async def on_recalled_text(update: Update, context: AppContext) -> int:
    day = await typed_day(update, context)
    if day is None:
        return State.RECALLED
    return await _set_recalled(update, context, day)


async def _set_recalled(update: Update, context: AppContext, day: date) -> int:
    if day > context.today():
        raise DomainError("error-date-in-future")
    context.draft["recalled_on"] = day.isoformat()
    return await _ask(update, context, State.MONTHS)


@step
@requires(Role.ADMIN)
async def on_months(update: Update, context: AppContext) -> int:
    (value,) = unpack_ints(query_of(update).data, "ncm", 1)
    context.draft["months"] = one_of(value, range(MIN_MONTHS, MAX_MONTHS + 1))
    return await _ask(update, context, State.MENTORS)


def _new_case(context: AppContext) -> NewCase:
    d = context.draft
    return NewCase(
        cadre_name=d["name"],
        unit=d["unit"],
        position=d["position"],
        rank=Rank(d["rank"]),
        principal=d["principal"],
        reason=d["reason"],
        cohort=d["cohort"],
        recalled_on=date.fromisoformat(d["recalled_on"]),
        period_months=d["months"],
        mentors=d["mentors"],
        supervisors=d["supervisors"],
    )


def _summary(context: AppContext, data: NewCase) -> str:
    t = context.t
    return t(
        "newcase-summary",
        name=data.cadre_name,
        unit=data.unit,
        position=data.position or "—",
        rank=t(f"rank-{data.rank}"),
        principal=t("export-yes") if data.principal else t("export-no"),
        category=t(f"category-{catalog.category_of(data.reason)}"),
        reason=t(f"reason-{data.reason}"),
        cohort=data.cohort or "—",
        recalled=context.date(data.recalled_on),
        months=data.period_months,
        mentors=join_names(context, data.mentors),
        supervisors=join_names(context, data.supervisors),
    )


async def _confirm(update: Update, context: AppContext) -> int:
    summary = context.t("newcase-confirm") + "\n" + _summary(context, _new_case(context))
    await ask_confirm(update, context, "nck", summary)
    return State.CONFIRM


@requires(Role.ADMIN)
async def on_save(update: Update, context: AppContext) -> int:
    data = _new_case(context)
    case = await context.services.cases.open(data, by=context.require_person())
    await case.fetch_related("cadre", "unit")
    lines = [context.t("newcase-saved", case=case_label(case), end=context.date(case.period_end))]
    for line in await oversight.plan_summary(case):
        name = step_name(context, line)
        lines.append(
            context.t(
                "newcase-plan-line",
                step=name,
                count=line.count,
                first=context.date(line.first_due),
            )
        )
    lines.append(context.t("newcase-invite-hint"))
    buttons = await invite_buttons(context, case)
    await reply(update, context, "\n".join(lines), buttons)
    return finish(context)


def register(app: RecallApplication) -> None:
    text = filters.TEXT & ~filters.COMMAND
    states: dict[object, list[BaseHandler[Update, AppContext, Any]]] = {
        state: [MessageHandler(text, _text_step(state))] for state in TEXT_FIELDS
    }
    for state in (State.POSITION, State.COHORT, State.MENTORS, State.SUPERVISORS):
        states[state].append(CallbackQueryHandler(on_skip, pattern=r"^ncs:"))
    states[State.COHORT].append(CallbackQueryHandler(on_cohort_button, pattern=r"^nch:"))
    states[State.RANK] = [CallbackQueryHandler(on_rank, pattern=r"^ncr:")]
    states[State.PRINCIPAL] = [CallbackQueryHandler(on_principal, pattern=r"^ncp:")]
    states[State.CATEGORY] = [CallbackQueryHandler(on_category, pattern=r"^ncg:")]
    states[State.REASON] = [CallbackQueryHandler(on_reason, pattern=r"^ncn:")]
    states[State.RECALLED] = [
        CallbackQueryHandler(on_recalled_today, pattern=r"^ncd:"),
        MessageHandler(text, on_recalled_text),
    ]
    states[State.MONTHS] = [CallbackQueryHandler(on_months, pattern=r"^ncm:")]
    states[State.CONFIRM] = confirm_handlers("nck", on_save)
    app.add_handler(form("newcase", [CommandHandler("newcase", cmd_newcase)], states))
