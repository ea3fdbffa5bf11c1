from datetime import date

import pytest

from bot.clock import ManualClock
from bot.services.cases import CaseService
from bot.services.errors import DomainError
from models import AuditEvent, Case, CaseAssignment, PlanStep
from models.enums import Placement, Role, StepKind
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


async def test_extending_after_a_reschedule_adds_no_copy_of_the_moved_step(
    db: None, clock: ManualClock
) -> None:
    from models import Person, RoleGrant

    service = CaseService(clock)
    case = await service.open(new_case())
    admin = await Person.create(name="管理员", created_at=clock.now())
    await RoleGrant.create(person=admin, role=Role.ADMIN)
    talk = (
        await PlanStep.filter(case=case, kind=StepKind.TALK).order_by("due_on").offset(1).first()
    )
    assert talk is not None and talk.due_on == date(2026, 4, 8)
    await service.reschedule_step(talk.id, date(2026, 4, 10), "谈话人出差", by=admin)
    await service.extend(case.id, 5, by=admin, reason="整改未完成")
    talks = [
        s.due_on for s in await PlanStep.filter(case=case, kind=StepKind.TALK).order_by("due_on")
    ]
    assert date(2026, 4, 8) not in talks and date(2026, 4, 10) in talks
    assert talks == sorted(set(talks))
    assert talks[-1] > date(2026, 6, 2)  # the longer period brings new talks


async def test_only_an_admin_may_extend_past_six_months(db: None, clock: ManualClock) -> None:
    from models import Person, RoleGrant

    service = CaseService(clock)
    case = await service.open(new_case())
    supervisor = await Person.get(name="王部长")
    with pytest.raises(DomainError) as refused:
        await service.extend(case.id, 7, by=supervisor, reason="特殊情况", override=True)
    assert refused.value.key == "error-not-allowed"
    admin = await Person.create(name="管理员", created_at=clock.now())
    await RoleGrant.create(person=admin, role=Role.ADMIN)
    with pytest.raises(DomainError) as no_reason:
        await service.extend(case.id, 7, by=admin, override=True)
    assert no_reason.value.key == "error-override-reason-required"
    await service.extend(case.id, 7, by=admin, reason="特殊情况", override=True)
    assert (await Case.get(id=case.id)).period_months == 7


async def test_case_decisions_are_checked_against_the_deciders_scope(
    db: None, clock: ManualClock
) -> None:
    """A supervisor of another case, or a mentor, may not waive, close or extend this one."""
    from models import Person

    service = CaseService(clock)
    case = await service.open(new_case())
    await service.open(new_case(cadre_name="赵敏", supervisors=["孙部长"], mentors=["陈老师"]))
    step = await PlanStep.filter(case=case).first()
    assert step is not None
    for name in ("孙部长", "陈老师"):
        someone = await Person.get(name=name)
        with pytest.raises(DomainError):
            await service.waive_step(step.id, "理由", by=someone)
        with pytest.raises(DomainError):
            await service.close(case.id, Placement.ORIGINAL_UNIT, by=someone)
        with pytest.raises(DomainError):
            await service.extend(case.id, 4, by=someone, reason="理由")
    assert (await Case.get(id=case.id)).status == "active"
    assert (await PlanStep.get(id=step.id)).status != "waived"


async def test_a_case_cannot_be_recalled_in_the_future(db: None, clock: ManualClock) -> None:
    with pytest.raises(DomainError) as err:
        await CaseService(clock).open(new_case(recalled_on=date(2026, 3, 3)))
    assert err.value.key == "error-date-in-future"
    assert await Case.all().count() == 0
