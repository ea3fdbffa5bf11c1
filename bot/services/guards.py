"""Guard rails on the dates and places admins type (issue 10, point 6).

Each rule says what looks wrong as warnings (a message id and its parameters); the chat
shows them on the confirmation screen and asks a second time before saving. The services
still accept such data (a paper record entered late, an import of a closed cohort): a
warning is a question to the person typing, not a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.services.dates import add_months
from models import Case, PlanStep

FAR_AHEAD = timedelta(days=366)  # a session or a due date further ahead is probably a typo


@dataclass(frozen=True)
class Warning:
    key: str
    params: dict[str, Any] = field(default_factory=dict)


def case_dates(recalled_on: date, months: int, today: date) -> list[Warning]:
    """A recall so old that its whole management period is over already."""
    end = add_months(recalled_on, months)
    if end < today:
        return [Warning("warn-recall-period-over", {"end": end})]
    return []


def session(starts_at: datetime, place: str, now: datetime) -> list[Warning]:
    """A session that has already started, far ahead, or with no place to go to."""
    found = []
    if starts_at < now:
        found.append(Warning("warn-session-in-past", {"start": starts_at}))
    elif starts_at - now > FAR_AHEAD:
        found.append(Warning("warn-session-far-ahead", {"start": starts_at}))
    if not place.strip():
        found.append(Warning("warn-session-no-place"))
    return found


async def reschedule(step_id: int, due_on: date) -> list[Warning]:
    """A step moved past its case's period end (the plan would outlast the period)."""
    step = await PlanStep.get_or_none(id=step_id)
    case = await Case.get_or_none(id=step.case_id) if step is not None else None
    if case is not None and due_on > case.period_end:
        return [Warning("warn-due-after-period-end", {"end": case.period_end})]
    return []
