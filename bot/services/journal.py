"""Side effects that travel with every change: the audit trail and the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.services.notices import notice_of
from models import AuditEvent, Case, Notification, Person, PlanStep
from models.enums import NotificationStatus


async def audit(
    action: str,
    *,
    now: datetime,
    actor: Person | None = None,
    case: Case | None = None,
    **details: Any,
) -> None:
    await AuditEvent.create(action=action, actor=actor, case=case, details=details, created_at=now)


async def notify(
    person: Person,
    message: str,
    *,
    now: datetime,
    case: Case | None = None,
    plan_step: PlanStep | None = None,
    not_before: datetime | None = None,
    status: NotificationStatus | None = None,
    reason: str = "",
    **params: Any,
) -> bool:
    """Queue a notice (a message id of the catalogue) for a person; its key, made from its
    parameters, is written once: queueing it again changes nothing. A `status` other than
    pending records a notice that cannot go out, with the reason."""
    notice = notice_of(message)
    notice.check(params)
    key = notice.key_for(person.id, params)
    if await Notification.exists(key=key):
        return False
    if status is None:
        status = NotificationStatus.PENDING if person.reachable else NotificationStatus.PAUSED
    await Notification.create(
        key=key,
        person=person,
        case=case,
        step=plan_step,
        message=message,
        category=notice.category.value,
        params=params,
        status=status,
        last_error=reason,
        not_before=not_before or now,
        created_at=now,
    )
    return True
