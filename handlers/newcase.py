"""/newcase: an admin opens a case; the plan is generated and invite links are a button away.

NAME ─> UNIT ─> POSITION ─> RANK ─> PRINCIPAL ─> CATEGORY ─> REASON ─> COHORT
     ─> RECALLED ─> MONTHS ─> MENTORS ─> SUPERVISORS ─> CONFIRM ─> saved (+ invite buttons)
(POSITION, COHORT, MENTORS and SUPERVISORS can be skipped with a button)
A mentor's or supervisor's name that means nobody yet goes to NAMES first: the close matches
(nc:x:1..) or a confirmed new person (nc:x:0), one name at a time; then the flow goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum

from telegram import Update

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim, stale
from bot.chat.context import AppContext
from bot.services import catalog, guards, oversight, people
from bot.services.activities import clean_text
from bot.services.cases import MAX_MONTHS, MIN_MONTHS, NewCase, check_recalled_on
from handlers.choices import ask_close_name, case_label, join_names, parse_names, step_name
from handlers.forms import (
    END,
    Command,
    Form,
    Press,
    Run,
    Step,
    Text,
    confirm,
    step,
    warnings_text,
)
from handlers.invite import invite_buttons
from handlers.pickers import ask_confirm, data_of, reply, typed_day
from models.enums import Rank, Role

BUTTONS = claim("nc", "newcase")


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
    NAMES = 14


@dataclass
class NewCaseDraft:
    name: str = ""
    unit: str = ""
    position: str = ""
    rank: str = ""
    principal: bool = False
    category: str = ""
    reason: str = ""
    cohort: str = ""
    recalled_on: date | None = None
    months: int = 0
    mentors: list[str] = field(default_factory=list)
    supervisors: list[str] = field(default_factory=list)
    cohorts: list[str] = field(default_factory=list)  # as the cohort buttons list them
    asking: list[list[str]] = field(default_factory=list)  # [field, typed name, *close names]


# Typed answers: the draft field, its length limit, and whether a "skip" button is offered.
TEXT_FIELDS = {
    State.NAME: ("name", 100, False),
    State.UNIT: ("unit", 200, False),
    State.POSITION: ("position", 200, True),
    State.COHORT: ("cohort", 100, True),
    State.MENTORS: ("mentors", 500, True),
    State.SUPERVISORS: ("supervisors", 500, True),
}
NAME_LISTS = ("mentors", "supervisors")
MAX_COHORT_BUTTONS = 6


async def cmd_newcase(update: Update, context: AppContext, draft: NewCaseDraft) -> int:
    return await _ask(update, context, draft, State.NAME)


async def _ask(update: Update, context: AppContext, draft: NewCaseDraft, state: State) -> int:
    """Put the question of a step (buttons where a choice is made)."""
    if state == State.CONFIRM:
        return await _confirm(update, context, draft)
    t = context.t
    rows: list[list[tuple[str, str]]] = []
    if state in TEXT_FIELDS:
        if state == State.COHORT:
            draft.cohorts = (await oversight.active_cohorts())[:MAX_COHORT_BUTTONS]
            rows += [[(label, BUTTONS.data("h", i))] for i, label in enumerate(draft.cohorts)]
        if TEXT_FIELDS[state][2]:
            rows.append([(t("form-skip"), BUTTONS.data("s", state.value))])
    elif state == State.RANK:
        rows = [[(t(f"rank-{r}"), BUTTONS.data("r", r.value))] for r in Rank]
    elif state == State.PRINCIPAL:
        rows = [[(t("export-yes"), BUTTONS.data("p", 1)), (t("export-no"), BUTTONS.data("p", 0))]]
    elif state == State.CATEGORY:
        rows = [[(t(f"category-{c}"), BUTTONS.data("g", c))] for c in catalog.categories()]
    elif state == State.REASON:
        codes = catalog.reasons_by_category()[draft.category]
        rows = [[(t(f"reason-{code}"), BUTTONS.data("n", code))] for code in codes]
    elif state == State.RECALLED:
        rows = [[(t("day-today"), BUTTONS.data("d", "today"))]]
    elif state == State.MONTHS:
        months = range(MIN_MONTHS, MAX_MONTHS + 1)
        rows = [[(t("period-months", months=m), BUTTONS.data("m", m)) for m in months]]
    await reply(update, context, t(f"newcase-ask-{state.name.lower()}"), rows or None)
    return state


def _text_step(state: State) -> Run[NewCaseDraft]:
    """A step that takes typed text into its draft field, then asks the next question."""
    name, limit, _ = TEXT_FIELDS[state]

    async def on_text(update: Update, context: AppContext, draft: NewCaseDraft) -> int:
        assert update.message is not None and update.message.text is not None
        text = clean_text(update.message.text, required=True, limit=limit)
        setattr(draft, name, parse_names(text) if name in NAME_LISTS else text)
        if name in NAME_LISTS:
            draft.asking = await _unknown_names(draft, name)
            if draft.asking:
                return await _ask_name(update, context, draft)
        return await _ask(update, context, draft, State(state + 1))

    return on_text


NAME_ROLES = {"mentors": Role.MENTOR, "supervisors": Role.SUPERVISOR}


async def _unknown_names(draft: NewCaseDraft, name_list: str) -> list[list[str]]:
    """The typed names that mean nobody yet, each with the people's names that look alike."""
    asking = []
    for typed in getattr(draft, name_list):
        close = await people.close_names(typed, NAME_ROLES[name_list])
        if close:
            asking.append([name_list, typed, *close])
    return asking


async def _ask_name(update: Update, context: AppContext, draft: NewCaseDraft) -> int:
    name_list, typed, *close = draft.asking[0]
    await ask_close_name(update, context, BUTTONS, typed, close, NAME_ROLES[name_list].value)
    return State.NAMES


async def on_name_choice(update: Update, context: AppContext, draft: NewCaseDraft) -> int:
    """A close match instead of the typed name, or the typed name as a new person."""
    if not draft.asking:
        raise stale()
    name_list, typed, *close = draft.asking[0]
    choice = BUTTONS.choice(data_of(update), "x", range(len(close) + 1))
    if choice:
        names: list[str] = getattr(draft, name_list)
        chosen = close[choice - 1]
        setattr(draft, name_list, list(dict.fromkeys(chosen if n == typed else n for n in names)))
    draft.asking = draft.asking[1:]
    if draft.asking:
        return await _ask_name(update, context, draft)
    after = State.SUPERVISORS if name_list == "mentors" else State.CONFIRM
    return await _ask(update, context, draft, after)


async def on_skip(update: Update, context: AppContext, draft: NewCaseDraft) -> int:
    value = BUTTONS.choice(data_of(update), "s", [s for s, f in TEXT_FIELDS.items() if f[2]])
    name = TEXT_FIELDS[value][0]
    setattr(draft, name, [] if name in NAME_LISTS else "")
    return await _ask(update, context, draft, State(value + 1))


async def on_cohort_button(update: Update, context: AppContext, draft: NewCaseDraft) -> int:
    draft.cohort = draft.cohorts[BUTTONS.choice(data_of(update), "h", range(len(draft.cohorts)))]
    return await _ask(update, context, draft, State.RECALLED)


async def on_rank(update: Update, context: AppContext, draft: NewCaseDraft) -> int:
    draft.rank = BUTTONS.member(data_of(update), "r", Rank).value
    return await _ask(update, context, draft, State.PRINCIPAL)


async def on_principal(update: Update, context: AppContext, draft: NewCaseDraft) -> int:
    draft.principal = bool(BUTTONS.choice(data_of(update), "p", [0, 1]))
    return await _ask(update, context, draft, State.CATEGORY)


async def on_category(update: Update, context: AppContext, draft: NewCaseDraft) -> int:
    draft.category = BUTTONS.choice(data_of(update), "g", catalog.categories())
    return await _ask(update, context, draft, State.REASON)


async def on_reason(update: Update, context: AppContext, draft: NewCaseDraft) -> int:
    codes: list[str] = list(catalog.reasons_by_category().get(draft.category, []))
    draft.reason = BUTTONS.choice(data_of(update), "n", codes)
    return await _ask(update, context, draft, State.COHORT)


async def on_recalled_today(update: Update, context: AppContext, draft: NewCaseDraft) -> int:
    BUTTONS.choice(data_of(update), "d", ["today"])
    return await _set_recalled(update, context, draft, context.today())


async def on_recalled_text(update: Update, context: AppContext, draft: NewCaseDraft) -> int:
    day = await typed_day(update, context)
    if day is None:
        return State.RECALLED
    return await _set_recalled(update, context, draft, day)


async def _set_recalled(
    update: Update, context: AppContext, draft: NewCaseDraft, day: date
) -> int:
    check_recalled_on(day, context.today())  # the service's rule, its today
    draft.recalled_on = day
    return await _ask(update, context, draft, State.MONTHS)


async def on_months(update: Update, context: AppContext, draft: NewCaseDraft) -> int:
    draft.months = BUTTONS.choice(data_of(update), "m", range(MIN_MONTHS, MAX_MONTHS + 1))
    return await _ask(update, context, draft, State.MENTORS)


def _new_case(draft: NewCaseDraft) -> NewCase:
    if draft.recalled_on is None:
        raise stale()
    return NewCase(
        cadre_name=draft.name,
        unit=draft.unit,
        position=draft.position,
        rank=Rank(draft.rank),
        principal=draft.principal,
        reason=draft.reason,
        cohort=draft.cohort,
        recalled_on=draft.recalled_on,
        period_months=draft.months,
        mentors=draft.mentors,
        supervisors=draft.supervisors,
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


async def _confirm(update: Update, context: AppContext, draft: NewCaseDraft) -> int:
    summary = context.t("newcase-confirm") + "\n" + _summary(context, _new_case(draft))
    new = [
        name
        for name_list in NAME_LISTS
        for name in getattr(draft, name_list)
        if await people.namesake_for_quietly(name, NAME_ROLES[name_list]) is None
    ]
    if new:
        summary += "\n" + context.t("newcase-new-people", names=join_names(context, new))
    await ask_confirm(update, context, BUTTONS, summary)
    return State.CONFIRM


async def on_save(update: Update, context: AppContext, draft: NewCaseDraft) -> int:
    data = _new_case(draft)
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
    return END


async def _warnings(context: AppContext, draft: NewCaseDraft) -> list[str]:
    """The service's guard rail on the recall date, asked again before saving."""
    if draft.recalled_on is None:
        return []
    found = guards.case_dates(draft.recalled_on, draft.months, context.today())
    return warnings_text(context, found)


def _steps() -> dict[int, Step[NewCaseDraft]]:
    skip, cohort = Press("s", on_skip), Press("h", on_cohort_button)
    steps: dict[int, Step[NewCaseDraft]] = {}
    for state, (_, _, skippable) in TEXT_FIELDS.items():
        buttons = [skip] if skippable else []
        buttons += [cohort] if state == State.COHORT else []
        steps[state] = step("text", Text(_text_step(state)), *buttons)
    return steps | {
        State.RANK: step("button", Press("r", on_rank)),
        State.PRINCIPAL: step("button", Press("p", on_principal)),
        State.CATEGORY: step("button", Press("g", on_category)),
        State.REASON: step("button", Press("n", on_reason)),
        State.RECALLED: step("date", Press("d", on_recalled_today), Text(on_recalled_text)),
        State.MONTHS: step("button", Press("m", on_months)),
        State.CONFIRM: confirm(on_save, _warnings),
        State.NAMES: step("button", Press("x", on_name_choice)),
    }


FORM = Form(
    "newcase",
    action="newcase",
    draft=NewCaseDraft,
    prefix=BUTTONS,
    entry=[Command(("newcase",), cmd_newcase)],
    steps=_steps(),
)


def register(app: RecallApplication) -> None:
    app.add_handler(FORM.handler(app))
