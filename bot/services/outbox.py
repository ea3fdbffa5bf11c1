"""Delivery bookkeeping of the outbox, called by the sender around each Telegram call.

None of these functions talks to Telegram: the sender takes a batch, sends outside any
transaction, then records the result with one of the `mark_*` functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from bot.services.lease import ACTIVE, Claim
from bot.services.people import blocked_the_bot
from bot.services.working_time import SendWindow
from models import Lease, Notification, Person
from models.enums import NotificationStatus

MAX_ATTEMPTS = 5
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600


async def due_batch(now: datetime, limit: int = 50) -> list[Notification]:
    """Pending rows that may go out now, oldest first, with the person loaded."""
    return (
        await Notification.filter(status=NotificationStatus.PENDING, not_before__lte=now)
        .order_by("not_before", "id")
        .limit(limit)
        .select_related("person")
    )


async def claim(notifications: Sequence[Notification], by: Claim, now: datetime) -> bool:
    """Take pending rows for sending, all or none; False when another sender has one.

    The claim names the instance and its lease epoch, and is made only while that epoch is
    the lease's. On PostgreSQL the rows are locked with FOR UPDATE SKIP LOCKED, so two
    senders never wait for each other nor take the same row. The lease row itself is read,
    not locked: a paused instance must never hold up a takeover (it is stopped instead by
    its fence before it sends, and its claim is then undone or judged, see below). SQLite
    has one writer at a time: the conditional UPDATE is atomic there.
    """
    ids = [n.id for n in notifications]
    async with in_transaction() as connection:
        if by.epoch is not None:
            holds = Lease.filter(
                name=ACTIVE, holder=by.holder, epoch=by.epoch, expires_at__gte=now
            )
            if not await holds.exists():
                return False
        free = Notification.filter(id__in=ids, status=NotificationStatus.PENDING)
        if connection.capabilities.support_for_update:
            free = free.select_for_update(skip_locked=True)
        if len(await free.values_list("id", flat=True)) != len(ids):
            return False
        await Notification.filter(id__in=ids, status=NotificationStatus.PENDING).update(
            status=NotificationStatus.SENDING,
            claimed_by=by.holder,
            claim_epoch=by.epoch,
            claimed_at=now,
        )
    for n in notifications:
        n.status = NotificationStatus.SENDING
        n.claimed_by, n.claim_epoch, n.claimed_at = by.holder, by.epoch, now
    return True


def _mine(n: Notification) -> QuerySet[Notification]:
    """The row, as long as it is still under this sender's claim (or judged stale after it).

    An instance that lost the lease may still learn the fate of what it sent before; what
    was judged meanwhile ("uncertain") is corrected by whoever knows what happened."""
    query = Notification.filter(
        id=n.id,
        status__in=(
            NotificationStatus.PENDING,
            NotificationStatus.SENDING,
            NotificationStatus.UNCERTAIN,
        ),
    )
    query = (
        query.filter(claimed_by=n.claimed_by)
        if n.claimed_by
        else query.filter(claimed_by__isnull=True)
    )
    if n.claim_epoch is None:
        return query.filter(claim_epoch__isnull=True)
    return query.filter(claim_epoch=n.claim_epoch)


async def _record(n: Notification, **values: Any) -> bool:
    """Write the outcome of a claimed send; False when the claim is no longer this sender's."""
    values.setdefault("claimed_by", None)
    values.setdefault("claim_epoch", None)
    changed = await _mine(n).update(**values)
    for name, value in values.items():
        setattr(n, name, value)
    return bool(changed)


async def unclaim(n: Notification) -> bool:
    """Nothing was sent (the fence closed first): the row is pending again, for anybody."""
    return await _record(n, status=NotificationStatus.PENDING)


async def part_sent(n: Notification, parts: int) -> bool:
    """One more message of a several-part notice is out: a retry starts after it."""
    changed = await _mine(n).update(parts_sent=parts)
    n.parts_sent = parts
    return bool(changed)


async def judge_stale_claims(epoch: int, now: datetime) -> int:
    """Rows claimed under an older lease epoch: their sender lost the lease mid-send.

    Policy: such a send may have reached Telegram (like a timeout), so it is never sent again
    automatically: the row becomes "uncertain", visible in `recallbot outbox` and sent again
    only by `recallbot outbox --retry ID`. The old instance, if it is only paused, corrects
    the row when it learns what happened (sent, or not sent at all: pending again)."""
    return await Notification.filter(
        Q(claim_epoch__lt=epoch) | Q(claim_epoch__isnull=True), status=NotificationStatus.SENDING
    ).update(
        status=NotificationStatus.UNCERTAIN,
        last_error=f"claimed by an instance that lost the lease (judged {now.isoformat()})",
    )


async def mark_sent(n: Notification, telegram_message_id: int | None, now: datetime) -> None:
    await _record(
        n,
        status=NotificationStatus.SENT,
        telegram_message_id=telegram_message_id,
        attempts=n.attempts + 1,
        sent_at=now,
        last_error="",
    )


def backoff(attempts: int) -> timedelta:
    """Wait after the n-th failed attempt: 30 s, 1 min, 2 min, ... at most an hour."""
    seconds = BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, BACKOFF_MAX_SECONDS))


async def mark_retry(
    n: Notification, now: datetime, delay_seconds: float | None = None, error: str = ""
) -> bool:
    """A failure worth retrying (network, 5xx); True if it will be retried."""
    attempts = n.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        await _record(
            n,
            status=NotificationStatus.FAILED,
            attempts=attempts,
            last_error=f"gave up after {attempts} attempts: {error}",
        )
        return False
    await _record(
        n,
        status=NotificationStatus.PENDING,
        attempts=attempts,
        not_before=now + max(backoff(attempts), timedelta(seconds=delay_seconds or 0)),
        last_error=error,
    )
    return True


async def mark_throttled(n: Notification, now: datetime, seconds: float, error: str) -> None:
    """429: Telegram asks to wait. That is no failure: no attempt is counted, however often."""
    await _record(
        n,
        status=NotificationStatus.PENDING,
        not_before=now + timedelta(seconds=seconds),
        last_error=error,
    )


async def mark_dropped(n: Notification, reason: str) -> None:
    """Not sent on purpose, and why (the step was done meanwhile, a later one overtook it)."""
    await _record(n, status=NotificationStatus.DROPPED, last_error=reason)


async def defer(n: Notification, until: datetime) -> None:
    """Not yet: the reader's working hours or reminder hour come later."""
    await _mine(n).update(not_before=until)
    n.not_before = until


async def mark_failed(n: Notification, now: datetime, error: str) -> None:
    """A permanent failure (400: bad request): recorded, never retried."""
    await _record(n, status=NotificationStatus.FAILED, attempts=n.attempts + 1, last_error=error)


async def mark_withheld(n: Notification, now: datetime, reason: str) -> None:
    """Not sent at all: the recipient may no longer see what it is about."""
    await _record(n, status=NotificationStatus.DROPPED, last_error=f"withheld: {reason}")


async def mark_uncertain(n: Notification, now: datetime, error: str) -> None:
    """A timeout: the message may have been sent, so it is recorded and not sent again."""
    await _record(
        n, status=NotificationStatus.UNCERTAIN, attempts=n.attempts + 1, last_error=error
    )


async def mark_blocked(n: Notification, now: datetime, window: SendWindow | None = None) -> bool:
    """403: the person blocked the bot; their messages wait. True if newly unreachable (their
    supervisors are told then, see people.blocked_the_bot)."""
    async with in_transaction():
        newly = await blocked_the_bot(
            await Person.get(id=n.person_id), now, window or SendWindow()
        )
        await _record(
            n,
            status=NotificationStatus.PAUSED,
            attempts=n.attempts + 1,
            last_error="blocked by the user",
        )
    return newly


async def requeue(ids: Iterable[int], now: datetime) -> int:
    """Send failed or uncertain rows again (an operator's decision, e.g. after a fix)."""
    return await Notification.filter(
        id__in=list(ids), status__in=(NotificationStatus.FAILED, NotificationStatus.UNCERTAIN)
    ).update(
        status=NotificationStatus.PENDING,
        attempts=0,
        parts_sent=0,
        not_before=now,
        last_error="",
        claimed_by=None,
        claim_epoch=None,
    )


async def list_outbox(
    statuses: Iterable[NotificationStatus] | None = None, limit: int = 100
) -> list[Notification]:
    """The newest rows (of the given statuses), for `recallbot outbox`."""
    query = Notification.all()
    if statuses is not None:
        query = query.filter(status__in=list(statuses))
    return await query.order_by("-id").limit(limit).select_related("person")


async def outbox_counts() -> dict[str, int]:
    """Rows per status (every status present, zero included)."""
    counts = {status.value: 0 for status in NotificationStatus}
    rows = await Notification.annotate(n=Count("id")).group_by("status").values_list("status", "n")
    for status, n in rows:
        counts[str(status)] = n
    return counts
