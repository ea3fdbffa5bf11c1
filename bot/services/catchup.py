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
