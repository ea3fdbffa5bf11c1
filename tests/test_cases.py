from datetime import date

import pytest

from bot.clock import ManualClock
from bot.services.cases import CaseService
from bot.services.errors import DomainError
from models import AuditEvent, Case, CaseAssignment, PlanStep
from models.enums import Role, StepKind
from tests.casework import new_case


async def test_open_case_generates_plan_and_audit(db: None, clock: ManualClock) -> None:
    case = await CaseService(clock).open(new_case())
    assert case.period_end == date(2026, 6, 2)
    assert case.category == "discipline"
    kinds = [s.kind for s in await PlanStep.filter(case=case)]
    assert kinds[0] == StepKind.ACKNOWLEDGE
    assert kinds.count(StepKind.TALK) == 3
    assert await CaseAssignment.filter(case=case, role=Role.MENTOR).count() == 1
    assert await AuditEvent.filter(case=case, action="case-opened").exists()


@pytest.mark.parametrize("months", [2, 7])
async def test_period_outside_three_to_six_months_is_refused(
    db: None, clock: ManualClock, months: int
) -> None:
    with pytest.raises(DomainError) as err:
        await CaseService(clock).open(new_case(period_months=months))
    assert err.value.key == "error-period-out-of-range"
    assert await Case.all().count() == 0
