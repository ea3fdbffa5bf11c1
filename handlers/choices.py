"""What the supervisor and admin forms add to handlers.pickers: finding a case by a typed
number or name, the buttons under /case that open a form, labels of cases and steps."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from telegram import Update

from bot import i18n
from bot.chat.callbacks import Prefix, claim
from bot.chat.context import AppContext
from bot.services import oversight, policy
from bot.services.activities import clean_text
from bot.services.errors import DomainError
from bot.services.standing import SessionMark
from handlers.forms import END
from handlers.pickers import CasePicker, data_of, reply
from models import Case, PlanStep
from models.enums import StepStatus

# Buttons under /case that open a form on that case: "cva:<action>:<case id>".
CASE_ACTION = claim("cva", "case actions")
MAX_MATCHES = 20


def case_label(case: Case) -> str:
    """ "张伟 · 青山县农业农村局" (cadre and unit prefetched): people, not ids (glossary)."""
    return f"{case.cadre.name} · {case.unit.name}"


class StepLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def label(self) -> str: ...


# One icon per status, wherever steps are listed (/plan, /case).
STEP_ICONS = {
    StepStatus.PLANNED: "⬜",
    StepStatus.DUE: "🟡",
    StepStatus.OVERDUE: "🔴",
    StepStatus.DONE: "✅",
    StepStatus.DONE_LATE: "☑️",
    StepStatus.WAIVED: "➖",
    StepStatus.REVISION: "✏️",
    StepStatus.DISPUTED: "⚖️",
}


def step_name(context: AppContext, step: StepLike | PlanStep) -> str:
    """The step's kind and label in the reader's language (plain text: pass it as a param)."""
    return i18n.step_name(context.locale, step.kind, step.label)


def session_note(context: AppContext, mark: SessionMark) -> str:
    """Where and when the session that fulfilled a step took place."""
    place = mark.place or mark.title
    return context.t("step-session", when=context.datetime(mark.starts_at), place=place)


def join_names(context: AppContext, names: list[str]) -> str:
    """Names as a list in the reader's language ("—" for none)."""
    return i18n.join_names(names, context.locale) or "—"


def parse_names(text: str) -> list[str]:
    """Names separated by commas or 、 (each at most 100 characters)."""
    return [clean_text(name, limit=100) for name in i18n.split_names(text)]


async def find_case(
    update: Update, context: AppContext, picker: CasePicker, query: str
) -> Case | None:
    """The one active case in scope that a typed number or name names; with several
    matches, buttons to choose among them (in the picker's format) and None."""
    person = context.require_person()
    cases = await oversight.find_cases(
        person, context.roles, query, *picker.roles, active_only=True
    )
    if len(cases) == 1:
        return cases[0]
    if not cases:
        raise DomainError("pick-case-no-match", query=query.strip()[:50])
    rows = [[(case_label(c), picker.prefix.data("c", c.id))] for c in cases[:MAX_MATCHES]]
    await reply(update, context, context.t("pick-case-matches", count=len(cases)), rows)
    return None


CaseStep = Callable[[Update, AppContext, Any, Case], Awaitable[int]]


async def choose_case(
    update: Update,
    context: AppContext,
    draft: Any,
    picker: CasePicker,
    choosing: int,
    then: CaseStep,
    query: str = "",
    case: Case | None = None,
) -> int:
    """Go on with the case if it is known, else with the one a typed number or name names;
    with no query, or several matches, ask with buttons and stay in the `choosing` state."""
    if case is None and not query.strip():
        return choosing if await picker.show(update, context) else END
    case = case or await find_case(update, context, picker, query)
    return choosing if case is None else await then(update, context, draft, case)


async def picked_case(update: Update, context: AppContext, picker: CasePicker) -> Case:
    """The case pressed in the picker, checked again against the caller's oversight scope."""
    case = await picker.picked(update, context)
    return await draft_case(context, case.id, picker.action)


async def case_from_button(update: Update, context: AppContext, action: str) -> Case:
    """The case of a button under /case for this action, checked against the caller's scope."""
    case_id = CASE_ACTION.number(data_of(update), action)
    person = context.require_person()
    roles = policy.roles(action)
    return await oversight.active_case_in_scope(person, context.roles, case_id, *roles)


async def draft_case(context: AppContext, case_id: int, action: str) -> Case:
    """The draft's case, checked again: still in the caller's scope and still active."""
    person = context.require_person()
    roles = policy.roles(action)
    return await oversight.active_case_in_scope(person, context.roles, case_id, *roles)


async def ask_close_name(
    update: Update, context: AppContext, buttons: Prefix, typed: str, close: list[str], role: str
) -> None:
    """A typed name one step from known people: which of them, or a new person (x:0)."""
    t = context.t
    rows = [
        [(t("newcase-name-is", name=c), buttons.data("x", i + 1))] for i, c in enumerate(close)
    ]
    rows.append([(t("newcase-name-new", name=typed), buttons.data("x", 0))])
    await reply(update, context, t("newcase-name-close", name=typed, role=t(f"role-{role}")), rows)
