"""Delivery bookkeeping of the outbox, called by the sender around each Telegram call.

None of these functions talks to Telegram: the sender takes a batch, sends outside any
transaction, then records the result with one of the `mark_*` functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from tortoise.functions import Count
from tortoise.transactions import in_transaction

from bot.services.calendar_cn import SendWindow
from bot.services.journal import notify
from bot.services.people import mark_unreachable
from models import AuditEvent, Case, CaseAssignment, Notification, Person, RoleGrant
from models.enums import CaseStatus, NotificationStatus, Role

MAX_ATTEMPTS = 5
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600
UNREACHABLE_MESSAGE = "alert-person-unreachable"


async def due_batch(now: datetime, limit: int = 50) -> list[Notification]:
    """Pending rows that may go out now, oldest first, with the person loaded."""
    return (
        await Notification.filter(status=NotificationStatus.PENDING, not_before__lte=now)
        .order_by("not_before", "id")
        .limit(limit)
        .select_related("person")
    )


async def mark_sent(n: Notification, telegram_message_id: int | None, now: datetime) -> None:
    n.status = NotificationStatus.SENT
    n.telegram_message_id = telegram_message_id
    n.attempts += 1
    n.sent_at = now
    n.last_error = ""
    await n.save(
        update_fields=["status", "telegram_message_id", "attempts", "sent_at", "last_error"]
    )


def backoff(attempts: int) -> timedelta:
    """Wait after the n-th failed attempt: 30 s, 1 min, 2 min, ... at most an hour."""
    seconds = BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, BACKOFF_MAX_SECONDS))


async def mark_retry(
    n: Notification, now: datetime, delay_seconds: float | None = None, error: str = ""
) -> bool:
    """A failure worth retrying (network, 5xx, 429); True if it will be retried."""
    n.attempts += 1
    if n.attempts >= MAX_ATTEMPTS:
        n.status = NotificationStatus.FAILED
        n.last_error = f"gave up after {n.attempts} attempts: {error}"
    else:
        # Telegram's retry_after (429) wins when it asks for longer than the backoff.
        wait = max(backoff(n.attempts), timedelta(seconds=delay_seconds or 0))
        n.not_before = now + wait
        n.last_error = error
    await n.save(update_fields=["status", "attempts", "not_before", "last_error"])
    return n.status == NotificationStatus.PENDING


async def mark_dropped(n: Notification, reason: str) -> None:
    """Not sent on purpose, and why (the step was done meanwhile, a later one overtook it)."""
    n.status = NotificationStatus.DROPPED
    n.last_error = reason
    await n.save(update_fields=["status", "last_error"])


async def defer(n: Notification, until: datetime) -> None:
    """Not yet: the reader's working hours or reminder hour come later."""
    n.not_before = until
    await n.save(update_fields=["not_before"])


async def mark_failed(n: Notification, now: datetime, error: str) -> None:
    """A permanent failure (400: bad request): recorded, never retried."""
    n.attempts += 1
    n.status = NotificationStatus.FAILED
    n.last_error = error
    await n.save(update_fields=["status", "attempts", "last_error"])


async def mark_uncertain(n: Notification, now: datetime, error: str) -> None:
    """A timeout: the message may have been sent, so it is recorded and not sent again."""
    n.attempts += 1
    n.status = NotificationStatus.UNCERTAIN
    n.last_error = error
    await n.save(update_fields=["status", "attempts", "last_error"])


async def mark_blocked(n: Notification, now: datetime, window: SendWindow | None = None) -> bool:
    """403: the person blocked the bot. Pause their messages and tell their supervisors once.

    True if the person was newly marked unreachable.
    """
    window = window or SendWindow()
    async with in_transaction():
        person = await Person.get(id=n.person_id)
        newly = await mark_unreachable(person, now)
        n.attempts += 1
        n.status = NotificationStatus.PAUSED
        n.last_error = "blocked by the user"
        await n.save(update_fields=["status", "attempts", "last_error"])
        if newly:
            # Each episode (blocked, back, blocked again) is told about once.
            epoch = await AuditEvent.filter(action="person-unreachable", actor=person).count()
            for supervisor in await supervisors_of(person):
                await notify(
                    supervisor,
                    UNREACHABLE_MESSAGE,
                    now=now,
                    not_before=window.next_for(supervisor.timezone, now),
                    name=person.name,
                    person_id=person.id,
                    epoch=epoch,
                )
    return newly


async def supervisors_of(person: Person) -> list[Person]:
    """The supervisors of the active cases a person is the cadre or mentor of (else admins)."""
    mentored = CaseAssignment.filter(
        person_id=person.id, role=Role.MENTOR, case__status=CaseStatus.ACTIVE
    ).values_list("case_id", flat=True)
    own = Case.filter(cadre_id=person.id, status=CaseStatus.ACTIVE).values_list("id", flat=True)
    case_ids = set(await mentored) | set(await own)
    supervisor_ids = set(
        await CaseAssignment.filter(case_id__in=case_ids, role=Role.SUPERVISOR).values_list(
            "person_id", flat=True
        )
    )
    if not supervisor_ids:
        supervisor_ids = set(
            await RoleGrant.filter(role=Role.ADMIN).values_list("person_id", flat=True)
        )
    supervisor_ids.discard(person.id)
    return await Person.filter(
        id__in=supervisor_ids, telegram_id__not_isnull=True, reachable=True
    ).order_by("id")


async def requeue(ids: Iterable[int], now: datetime) -> int:
    """Send failed or uncertain rows again (an operator's decision, e.g. after a fix)."""
    return await Notification.filter(
        id__in=list(ids), status__in=(NotificationStatus.FAILED, NotificationStatus.UNCERTAIN)
    ).update(status=NotificationStatus.PENDING, attempts=0, not_before=now, last_error="")


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
