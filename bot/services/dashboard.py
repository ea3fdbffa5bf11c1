"""The supervisor's dashboard (the Mini App): every case in scope at a glance, and trends.

Scope, progress and overdue steps come from the same functions as the chat's /overdue and
/case, so the dashboard and the chat always agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from tortoise.expressions import Subquery

from bot.services import oversight
from bot.services.cases import Progress
from bot.services.leaves import on_leave
from bot.services.oversight import OVERSIGHT_ROLES, OverdueStep
from models import Case, Leave, Person, PlanStep
from models.enums import OPEN_STEP_STATUSES, CaseStatus, Role, StepStatus

TREND_WEEKS = 12
DONE_STATUSES = (StepStatus.DONE, StepStatus.DONE_LATE)


@dataclass
class CaseRow:
    case: Case
    progress: Progress
    overdue: list[OverdueStep] = field(default_factory=list)
    leave: Leave | None = None  # the leave the cadre is on today

    @property
    def days_overdue(self) -> int:
        """How late the latest of its overdue steps is (0: nothing overdue)."""
        return max((item.days for item in self.overdue), default=0)

    @property
    def state(self) -> str:
        """closed, overdue (active with overdue steps) or on_track."""
        if self.case.status == CaseStatus.CLOSED:
            return "closed"
        return "overdue" if self.overdue else "on_track"


@dataclass
class CohortProgress:
    cohort: str
    cases: int
    done: int
    total: int
    overdue: int


@dataclass
class WeekCount:
    start: date  # a Monday
    overdue: int  # steps overdue at the end of that week (today, for this week)


@dataclass
class Dashboard:
    today: date
    cases: list[CaseRow]
    cohorts: list[CohortProgress]
    weeks: list[WeekCount]


async def dashboard(
    person: Person, roles: set[Role] | frozenset[Role], today: date, weeks: int = TREND_WEEKS
) -> Dashboard:
    """The cases a supervisor (or an admin) sees in the chat, with their progress today."""
    cases_in_scope = oversight.scope(person, roles, *OVERSIGHT_ROLES)
    cases = await cases_in_scope.prefetch_related("cadre", "unit").order_by("id")
    steps = await PlanStep.filter(case_id__in=Subquery(cases_in_scope.values("id"))).values_list(
        "case_id", "status", "due_on", "done_on"
    )
    by_case: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for case_id, status, due_on, _done_on in steps:
        by_case[int(case_id)].append((str(status), due_on))
    late = {group.case.id: group.steps for group in await oversight.overdue(person, roles, today)}
    away = await on_leave([c.id for c in cases if c.status == CaseStatus.ACTIVE], today)
    rows = [
        CaseRow(c, Progress.of(by_case[c.id], today), late.get(c.id, []), away.get(c.id))
        for c in cases
    ]
    return Dashboard(today, rows, cohort_progress(rows), overdue_trend(steps, today, weeks))


def cohort_progress(rows: list[CaseRow]) -> list[CohortProgress]:
    """Done and total steps summed per cohort, in cohort order (no cohort last)."""
    cohorts: dict[str, CohortProgress] = {}
    for row in rows:
        entry = cohorts.setdefault(row.case.cohort, CohortProgress(row.case.cohort, 0, 0, 0, 0))
        entry.cases += 1
        entry.done += row.progress.done
        entry.total += row.progress.total
        entry.overdue += row.progress.overdue
    return sorted(cohorts.values(), key=lambda c: (c.cohort == "", c.cohort))


def overdue_trend(
    steps: Sequence[tuple[int, str, date, date | None]], today: date, weeks: int = TREND_WEEKS
) -> list[WeekCount]:
    """Steps overdue at the end of each of the last `weeks` weeks (Monday to Sunday), the
    current week as of today. A step done later counts as overdue until its record's date;
    a waived one is left out (when it was waived is not kept)."""
    monday = today - timedelta(days=today.weekday())
    counts = []
    for back in range(weeks - 1, -1, -1):
        start = monday - timedelta(weeks=back)
        end = min(start + timedelta(days=6), today)
        overdue = sum(
            1
            for _case, status, due_on, done_on in steps
            if due_on < end
            and (
                status in OPEN_STEP_STATUSES
                or (status in DONE_STATUSES and done_on is not None and done_on > end)
            )
        )
        counts.append(WeekCount(start, overdue))
    return counts
