"""What goes out now: due notices checked against the present, one message per person.

A notice may wait in the outbox for hours (quiet hours, a holiday, the reader's own
reminder hour, downtime). When it is about to be sent, it is judged again:
- it goes out only in working hours of the reader's zone as it is now;
- a reminder or alert about a step that is finished, waived, moved or closed meanwhile
  is dropped, and so is one that a later stage for the same reader has overtaken;
- no reader gets two messages about one step within an hour;
- day counts and progress figures are worked out for this moment in the reader's zone.
One reader's reminders and alerts due together go out as one message that lists them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.services.cases import progress
from bot.services.dates import local_date
from bot.services.digest import DIGEST_MESSAGE
from bot.services.ladder import reader_moment
from bot.services.leaves import paused_until
from bot.services.notices import (
    CASE_STATUS_ALERT,
    SESSION_EVE,
    SESSION_STEPS,
    Category,
    batch_of,
    notice_of,
)
from bot.services.working_time import SendWindow
from models import Attendance, Case, Notification, PlanStep, TrainingSession
from models.enums import OPEN_STEP_STATUSES, CaseStatus, NotificationStatus

SAME_STEP_GAP = timedelta(hours=1)
STEP_CATEGORIES = (Category.REMINDER.value, Category.ALERT.value)


@dataclass
class Outgoing:
    """One message to one reader: a notice, or several reminders listed together."""

    rows: list[Notification]
    params: list[dict[str, Any]] = field(default_factory=list)  # as rendered, per row

    @property
    def person_id(self) -> int:
        return self.rows[0].person_id


@dataclass
class Composed:
    ready: list[Outgoing] = field(default_factory=list)
    dropped: list[tuple[Notification, str]] = field(default_factory=list)
    deferred: list[tuple[Notification, datetime]] = field(default_factory=list)


async def compose(batch: list[Notification], now: datetime, window: SendWindow) -> Composed:
    """Judge a due batch (rows with their person loaded) as of `now`."""
    result = Composed()
    step_ids = {n.step_id for n in batch if n.step_id is not None}
    steps = {s.id: s for s in await PlanStep.filter(id__in=step_ids).select_related("case")}
    recent = await _recently_sent(batch, now)
    newest = await _newest_rows(batch)
    on_leave = await paused_until({s.case_id for s in steps.values()}, now, window.zone)
    kept: list[Notification] = []
    for n in batch:
        zone = window.zone_of(n.person.timezone)
        allowed = window.next_for(n.person.timezone, now)
        if allowed > now:
            result.deferred.append((n, allowed))
            continue
        if n.step_id is None:
            kept.append(n)
            continue
        step = steps.get(n.step_id)
        if step is not None and step.case_id in on_leave:
            # Queued before the cadre went on leave: it waits for the day after.
            result.deferred.append((n, window.next_for(n.person.timezone, on_leave[step.case_id])))
            continue
        reason = _stale(n, step)
        if not reason and newest[(n.person_id, n.step_id)] > n.id:
            reason = "overtaken by a later reminder"
        if reason:
            result.dropped.append((n, reason))
            continue
        own_hour = reader_moment(date.fromisoformat(n.params["stage_day"]), zone)
        last = recent.get((n.person_id, n.step_id))
        wait = max(own_hour, last + SAME_STEP_GAP if last else own_hour)
        if wait > now:
            result.deferred.append((n, window.next_for(n.person.timezone, wait)))
            continue
        kept.append(n)
    kept = await _drop_moved_sessions(kept, result)
    # One reader's rows of one batch (reminders and alerts with one digest; session notices)
    # go out as one message; each row is still recorded as delivered.
    joined: dict[tuple[int, str], Outgoing] = {}
    for n in kept:
        params = await _as_of(n, steps.get(n.step_id or 0), now, window)
        together = batch_of(n.message, n.category)
        if n.message == DIGEST_MESSAGE:
            taken = joined.get((n.person_id, together))
            if taken is not None and any(r.message == DIGEST_MESSAGE for r in taken.rows):
                together = ""  # a second digest (one missed while down) goes on its own
        if together:
            outgoing = joined.get((n.person_id, together))
            if outgoing is None:
                outgoing = joined[(n.person_id, together)] = Outgoing([])
                result.ready.append(outgoing)
            outgoing.rows.append(n)
            outgoing.params.append(params)
        else:
            result.ready.append(Outgoing([n], [params]))
    return result


async def _drop_moved_sessions(kept: list[Notification], result: Composed) -> list[Notification]:
    """A session's eve reminder whose session was moved or cancelled since is dropped."""
    eves = [n for n in kept if n.message == SESSION_EVE.kind]
    if not eves:
        return kept
    ids = {n.params["session_id"] for n in eves}
    starts = dict(await TrainingSession.filter(id__in=ids).values_list("id", "starts_at"))
    still = []
    for n in kept:
        if n.message == SESSION_EVE.kind:
            at = starts.get(n.params["session_id"])
            if at is None or at.isoformat() != n.params["starts_at"]:
                result.dropped.append((n, "session moved or cancelled meanwhile"))
                continue
        still.append(n)
    return still


async def _next_session(step: PlanStep, now: datetime) -> TrainingSession | None:
    """The session of a step's kind coming up on the roster of the step's case."""
    line = (
        await Attendance.filter(
            case_id=step.case_id,
            status__isnull=True,
            session__kind=str(step.kind),
            session__starts_at__gt=now,
        )
        .order_by("session__starts_at")
        .select_related("session")
        .first()
    )
    return line.session if line is not None else None


async def _newest_rows(batch: list[Notification]) -> dict[tuple[int, int | None], int]:
    """The newest row (not dropped) about each step of the batch, per reader: the tick
    writes a later stage after an earlier one, so it says what is true now."""
    step_ids = {n.step_id for n in batch if n.step_id is not None}
    newest: dict[tuple[int, int | None], int] = defaultdict(int)
    if not step_ids:
        return newest
    rows = (
        await Notification.filter(step_id__in=step_ids, person_id__in={n.person_id for n in batch})
        .exclude(status=NotificationStatus.DROPPED)
        .values_list("person_id", "step_id", "id")
    )
    for person_id, step_id, row_id in rows:
        newest[(person_id, step_id)] = max(newest[(person_id, step_id)], row_id)
    return newest


def _stale(n: Notification, step: PlanStep | None) -> str:
    """Why a reminder about a step no longer holds ("" if it does)."""
    if step is None:
        return "step removed"
    if step.status not in OPEN_STEP_STATUSES:
        return f"step {step.status} meanwhile"
    if step.case.status != CaseStatus.ACTIVE:
        return "case closed meanwhile"
    if step.due_on.isoformat() != n.params.get("due"):
        return "step rescheduled meanwhile"
    return ""


async def _recently_sent(batch: list[Notification], now: datetime) -> dict[tuple[int, int], Any]:
    """When each reader of the batch was last sent something about each of its steps."""
    step_ids = {n.step_id for n in batch if n.step_id is not None}
    if not step_ids:
        return {}
    rows = await Notification.filter(
        step_id__in=step_ids,
        person_id__in={n.person_id for n in batch},
        status=NotificationStatus.SENT,
        sent_at__gt=now - SAME_STEP_GAP,
    ).values_list("person_id", "step_id", "sent_at")
    last: dict[tuple[int, int], Any] = defaultdict(lambda: None)
    for person_id, step_id, sent_at in rows:
        key = (person_id, step_id)
        if last[key] is None or sent_at > last[key]:
            last[key] = sent_at
    return dict(last)


async def _as_of(
    n: Notification, step: PlanStep | None, now: datetime, window: SendWindow
) -> dict[str, Any]:
    """The row's parameters, with its day count and figures true at this moment."""
    params = dict(n.params)
    today = local_date(now, window.zone_of(n.person.timezone))
    if "items" in params:
        # A summary lists what is still open when it is sent.
        still_open = set(
            await PlanStep.filter(
                id__in=[item["step_id"] for item in params["items"]],
                status__in=OPEN_STEP_STATUSES,
            ).values_list("id", flat=True)
        )
        params["items"] = [
            {**item, "days_signed": (today - date.fromisoformat(item["due"])).days}
            for item in params["items"]
            if item["step_id"] in still_open
        ]
    if n.message == "join-summary" and params.get("role") == "cadre":
        params["sessions"] = await _coming_sessions(n.person_id, now)
    if step is None or n.step_id is None:
        return params
    params["days_signed"] = (today - step.due_on).days
    params["days"] = abs(params["days_signed"])
    if params.get("own") == "yes" and str(step.kind) in SESSION_STEPS:
        # The cadre's session step with a session booked: its date, time and place.
        session = await _next_session(step, now)
        if session is not None:
            params.update(
                session_title=session.title,
                session_at=session.starts_at.isoformat(),
                session_place=session.place,
            )
    if notice_of(n.message) is CASE_STATUS_ALERT:
        counts = await progress(await Case.get(id=step.case_id), today)
        params.update(
            done=counts.done, open=counts.open, overdue=counts.overdue, total=counts.total
        )
    return params


async def _coming_sessions(cadre_id: int, now: datetime) -> list[dict[str, Any]]:
    """The sessions a cadre who has just joined is on the roster of (notices2): listed in
    the summary they get, rather than as one invitation each."""
    lines = (
        await Attendance.filter(
            case__cadre_id=cadre_id,
            case__status=CaseStatus.ACTIVE,
            status__isnull=True,
            session__starts_at__gt=now,
        )
        .order_by("session__starts_at")
        .select_related("session")
        .limit(10)
    )
    return [
        {
            "kind": str(line.session.kind),
            "title": line.session.title,
            "starts_at": line.session.starts_at.isoformat(),
            "place": line.session.place,
        }
        for line in lines
    ]
