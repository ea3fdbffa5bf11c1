"""The lease: of several instances on one database, only the holder polls and runs jobs."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from models import Lease

ACTIVE = "active-instance"


async def acquire(holder: str, now: datetime, ttl: timedelta, name: str = ACTIVE) -> bool:
    """Take or renew the lease; True while this holder has it. One UPDATE decides, so two
    instances racing for an expired lease cannot both win."""
    taken = await Lease.filter(Q(name=name), Q(holder=holder) | Q(expires_at__lt=now)).update(
        holder=holder, expires_at=now + ttl
    )
    if taken:
        return True
    try:
        await Lease.create(name=name, holder=holder, expires_at=now + ttl)
    except IntegrityError:
        return False
    return True


async def release(holder: str, name: str = ACTIVE) -> None:
    """Give the lease up at a clean stop, so a standby need not wait for it to expire."""
    await Lease.filter(name=name, holder=holder).delete()


async def holder_of(now: datetime, name: str = ACTIVE) -> str | None:
    lease = await Lease.get_or_none(name=name, expires_at__gte=now)
    return lease.holder if lease else None
