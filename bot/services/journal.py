"""Side effects that travel with every change: the audit trail and the outbox."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from models import AuditEvent, Case, Notification, Person
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
    key: str,
    now: datetime,
    case: Case | None = None,
    not_before: datetime | None = None,
    **params: Any,
) -> bool:
    """Queue a message for a person; a key that exists already queues nothing."""
    if await Notification.exists(key=key):
        return False
    status = NotificationStatus.PENDING if person.reachable else NotificationStatus.PAUSED
    await Notification.create(
        key=key,
        person=person,
        case=case,
        message=message,
        params=params,
        status=status,
        not_before=not_before or now,
        created_at=now,
    )
    return True
