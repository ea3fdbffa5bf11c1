"""Side effects that travel with every change: the audit trail and the outbox."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
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
    subject: Person | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    **details: Any,
) -> AuditEvent:
    """Record a write: who (actor, or the command line when None), what (action, the person
    and case it concerns), when, and what it changed (before -> after)."""
    if subject is not None:
        details.update(person=subject.id, person_name=subject.name)
    if before is not None:
        details["before"] = before
    if after is not None:
        details["after"] = after
    return await AuditEvent.create(
        action=action, actor=actor, case=case, details=plain(details), created_at=now
    )


def plain(value: Any) -> Any:
    """A JSON value: enums by their value, dates and times in ISO form."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


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
