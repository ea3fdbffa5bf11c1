"""What a person who joins finds waiting: one summary of what is open for them.

Reminders and alerts meant for someone who had not joined yet are recorded, not sent (their
ladder moves on); when they join, this one notice tells them where things stand.

It answers the person's joining, so it goes out even while the cadre is on leave (reminders do
not): it then says so, and until when, so that nobody takes the list for a call to act now.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.services import access
from bot.services.dates import local_date
from bot.services.leaves import on_leave
from bot.services.notices import notify
from models import Case, Person, PlanStep
from models.enums import OPEN_STEP_STATUSES, CaseStatus, Role

UPCOMING_DAYS = 14  # how far ahead a cadre's summary looks
MAX_ITEMS = 20


async def queue_join_summary(person: Person, role: Role, now: datetime, zone: str) -> bool:
    """Queue the summary for someone who just joined with `role` (nothing open: none)."""
    today = local_date(now, person.timezone or zone)
    cases = access.visible_cases(person, {role}).filter(status=CaseStatus.ACTIVE)
    case_ids = await cases.values_list("id", flat=True)
    steps = PlanStep.filter(case_id__in=case_ids, status__in=OPEN_STEP_STATUSES)
    if role == Role.CADRE:
        steps = steps.filter(responsible=Role.CADRE, due_on__lte=today + timedelta(UPCOMING_DAYS))
    else:
        steps = steps.filter(due_on__lt=today)
    found = await steps.order_by("due_on", "case_id", "seq").select_related("case__cadre")
    if not found:
        return False
    own = await Case.filter(id__in=case_ids, cadre_id=person.id, acknowledged_at=None).first()
    away = await on_leave({step.case_id for step in found}, today)

    def leave_end(case_id: int) -> str:
        return away[case_id].ends_on.isoformat() if case_id in away else ""

    items = [
        {
            "step_id": step.id,
            "case_id": step.case_id,
            "cadre": step.case.cadre.name,
            "step": str(step.kind),
            "label": step.label,
            "due": step.due_on.isoformat(),
            "leave_end": leave_end(step.case_id),
        }
        for step in found[:MAX_ITEMS]
    ]
    # A cadre has one active case: on leave, the summary's heading says so.
    mine = next((leave for leave in away.values() if role == Role.CADRE), None)
    return await notify(
        person,
        "join-summary",
        now=now,
        role=role.value,
        items=items,
        count=len(found),
        case_id=own.id if own else 0,
        acknowledge="yes" if own is not None and role == Role.CADRE else "no",
        leave_kind=str(mine.kind) if mine else "",
        leave_end=mine.ends_on.isoformat() if mine else "",
    )


MAX_ASSIGNED_ITEMS = 30  # cases listed in one "assigned to you" notice; the rest are counted
CHUNK = 500


async def tell_assigned(
    assignments: list[tuple[int, int, Role]],
    now: datetime,
    *,
    batch: str,
    by: Person | None = None,
) -> int:
    """Tell each enrolled mentor and supervisor about the active cases just assigned to them
    (case id, person id, role): one notice per person for the whole batch (an import lists
    its cases in one message). Those not enrolled yet hear of them when they join (the join
    summary); `by`, who made the assignments, is not told of them. Returns how many notices
    were queued."""
    if not assignments:
        return 0
    by_person: dict[int, dict[int, list[str]]] = {}
    for case_id, person_id, role in assignments:
        if role in (Role.MENTOR, Role.SUPERVISOR) and (by is None or person_id != by.id):
            by_person.setdefault(person_id, {}).setdefault(case_id, []).append(role.value)
    people = await Person.filter(id__in=list(by_person), telegram_id__not_isnull=True)
    if not people:
        return 0
    wanted = sorted({i for person in people for i in by_person[person.id]})
    cases: dict[int, Case] = {}
    for start in range(0, len(wanted), CHUNK):  # an import's cases: within SQL's limits
        found = Case.filter(id__in=wanted[start : start + CHUNK], status=CaseStatus.ACTIVE)
        cases |= {case.id: case for case in await found.select_related("cadre", "unit")}
    queued = 0
    for person in people:
        mine = [
            (cases[i], roles) for i, roles in sorted(by_person[person.id].items()) if i in cases
        ]
        if not mine:
            continue
        items = [
            {
                "case_id": case.id,
                "cadre": case.cadre.name,
                "unit": case.unit.name,
                "role": roles[0],
            }
            for case, roles in mine[:MAX_ASSIGNED_ITEMS]
        ]
        queued += await notify(
            person,
            "case-assigned",
            now=now,
            case=mine[0][0] if len(mine) == 1 else None,
            batch=batch,
            cases=items,
            count=len(mine),
            case_id=mine[0][0].id if len(mine) == 1 else 0,
        )
    return queued
