"""Side effects that travel with every change: the audit trail and the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from models import AuditEvent, Case, Notification, Person
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
