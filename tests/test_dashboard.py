"""The dashboard's figures: the overdue trend by week and the progress by cohort."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.services.dashboard import dashboard, overdue_trend
from models import Person
from models.enums import Role, StepStatus
from tests.chat import ChatHarness
from tests.oversight_world import open_case, world

TODAY = date(2026, 4, 15)  # a Wednesday


def test_overdue_trend_counts_each_week_at_its_end() -> None:
    steps = [
        (1, StepStatus.OVERDUE, date(2026, 3, 30), None),  # still open: overdue since 31 Mar
        (1, StepStatus.DONE_LATE, date(2026, 3, 23), date(2026, 4, 2)),  # late until 2 Apr
        (1, StepStatus.DONE, date(2026, 4, 6), date(2026, 4, 6)),  # on time: never overdue
        (2, StepStatus.WAIVED, date(2026, 3, 1), None),  # waived: left out
        (2, StepStatus.PLANNED, date(2026, 4, 14), None),  # overdue from today
        (2, StepStatus.DUE, date(2026, 4, 15), None),  # due today: not overdue yet
    ]
    weeks = overdue_trend(steps, TODAY, weeks=4)
    assert [w.start for w in weeks] == [
        date(2026, 3, 23),
        date(2026, 3, 30),
        date(2026, 4, 6),
        date(2026, 4, 13),
    ]
    # 29 Mar: the 23 Mar step. 5 Apr: the 30 Mar step (the other was done on 2 Apr).
    # 12 Apr: the 30 Mar step. Today: it and the 14 Apr step.
    assert [w.overdue for w in weeks] == [1, 1, 1, 2]


@given(
    due=st.lists(st.integers(min_value=-120, max_value=30), max_size=30),
    weeks=st.integers(min_value=1, max_value=20),
)
def test_open_steps_only_pile_up(due: list[int], weeks: int) -> None:
    """With nothing done, each week has at least as many overdue steps as the one before, and
    the last one counts exactly the steps overdue today."""
    steps = [(1, StepStatus.PLANNED, TODAY + timedelta(days=d), None) for d in due]
    counts = [w.overdue for w in overdue_trend(steps, TODAY, weeks)]
    assert counts == sorted(counts) and len(counts) == weeks
    assert counts[-1] == sum(1 for d in due if d < 0)


async def test_cohorts_and_rows_in_a_supervisors_scope(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    await open_case(chat, "刘洋", cohort="")
    chat.clock.advance(days=10)
    supervisor = await Person.get(name="王部长")
    board = await dashboard(supervisor, {Role.SUPERVISOR}, date(2026, 3, 12))
    assert [row.case.id for row in board.cases] == [mine.id, 3]
    assert [c.cohort for c in board.cohorts] == ["2026-03 县级批次", ""]  # no cohort last
    assert [c.cases for c in board.cohorts] == [1, 1]
    row = board.cases[0]
    assert row.state == "overdue" and row.days_overdue == 7
    assert row.progress.overdue == len(row.overdue) == 2
    assert len(board.weeks) == 12 and board.weeks[-1].start == date(2026, 3, 9)
    assert board.weeks[-1].overdue == 4  # two steps in each of the two cases
