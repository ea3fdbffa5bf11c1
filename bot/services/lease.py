"""The lease: of several instances on one database, only the holder polls and runs jobs.

Each change of holder raises the lease's epoch. Work claimed under an epoch that is no
longer the lease's (an outbox row, a stored update) belongs to an instance that lost the
lease: the holder of the current epoch judges it, the old instance must not touch it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from bot import db
from models import Lease

ACTIVE = "active-instance"
log = logging.getLogger(__name__)


class StorageFault(RuntimeError):
    """A renewal failed because the database cannot work at all: serving ends at once (the
    runner stops serving on any failed renewal), and the next `acquire` stops the process."""


class StorageFailed(SystemExit):
    """The database cannot hold the lease at all (deleted, read-only, full, no tables).

    A SystemExit, so that the runner's "try again" and "stand by" loops do not catch it: the
    process stops, its clean-up runs, and the reason is its exit message (status 1). Raised
    only by a first `acquire` (the runner's own loop, in the main task), never by a renewal
    (a task of its own, whose SystemExit would tear the event loop down mid-way)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"recallbot stops: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class Claim:
    """Who claims work, under which lease epoch (None: no lease in use, a single process)."""

    holder: str
    epoch: int | None


@dataclass(frozen=True)
class Term:
    """One holder's hold on the lease: who, under which epoch, until when."""

    holder: str
    epoch: int
    expires_at: datetime


async def acquire(
    holder: str,
    now: datetime,
    ttl: timedelta,
    *,
    held: Term | None = None,
    steal: bool = False,
    name: str = ACTIVE,
) -> Term | None:
    """Renew `held`, or take the lease when it has expired (`steal`: whatever its state).

    One conditional UPDATE decides, so two instances racing for an expired lease cannot both
    win; a renewal fails once another holder has raised the epoch. A database that cannot
    work at all stops the process (`StorageFailed`); a passing fault (a lock) raises as is."""
    problem = db.file_problem()
    if problem is None:
        try:
            return await _acquire(holder, now, ttl, held, steal, name)
        except Exception as error:
            cause = db.storage_fault(error)
            if cause is None:
                raise
            problem = f"{cause} ({error})"
    if held is not None:
        log.critical("the lease cannot be renewed: %s", problem)
        raise StorageFault(problem)
    log.critical("recallbot stops: %s", problem)
    raise StorageFailed(problem)


async def _acquire(
    holder: str, now: datetime, ttl: timedelta, held: Term | None, steal: bool, name: str
) -> Term | None:
    expires = now + ttl
    if held is not None:
        renewed = await Lease.filter(name=name, holder=holder, epoch=held.epoch).update(
            expires_at=expires
        )
        return Term(holder, held.epoch, expires) if renewed else None
    # No transaction around these statements: a process paused between two of them must not
    # hold the lease row locked (that would stop every other instance from taking over).
    query = Lease.filter(name=name) if steal else Lease.filter(name=name, expires_at__lt=now)
    if await query.update(holder=holder, expires_at=expires, epoch=F("epoch") + 1):
        row = await Lease.get(name=name)
        if row.holder == holder and row.expires_at == expires:
            return Term(holder, row.epoch, expires)
        return None
    try:
        row = await Lease.create(name=name, holder=holder, expires_at=expires, epoch=1)
    except IntegrityError:
        return None
    return Term(holder, row.epoch, expires)


async def release(term: Term, now: datetime, name: str = ACTIVE) -> None:
    """Give the lease up at a clean stop, so a standby need not wait for it to expire.

    The row stays (it carries the epoch); it only expires now."""
    await Lease.filter(name=name, holder=term.holder, epoch=term.epoch).update(
        expires_at=now - timedelta(seconds=1)
    )


async def holds(term: Term, now: datetime, name: str = ACTIVE) -> bool:
    """True while `term` is still the lease's current, unexpired hold."""
    return await Lease.exists(name=name, holder=term.holder, epoch=term.epoch, expires_at__gte=now)


async def holder_of(now: datetime, name: str = ACTIVE) -> str | None:
    lease = await Lease.get_or_none(name=name, expires_at__gte=now)
    return lease.holder if lease else None


async def current_epoch(name: str = ACTIVE) -> int:
    lease = await Lease.get_or_none(name=name)
    return lease.epoch if lease else 0
