"""Outbox rows made directly, for tests of delivery bookkeeping that choose their own keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.services.notices import notice_of
from models import Notification, Person
from models.enums import NotificationStatus


async def queued(person: Person, message: str, *, key: str, now: datetime, **params: Any) -> bool:
    """A row as notices.notify writes it, under a key the test picks."""
    if await Notification.exists(key=key):
        return False
    await Notification.create(
        key=key,
        person=person,
        message=message,
        category=notice_of(message).category.value,
        params=params,
        status=NotificationStatus.PENDING if person.reachable else NotificationStatus.PAUSED,
        not_before=now,
        created_at=now,
    )
    return True
