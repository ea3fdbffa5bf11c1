"""Where a step stands on its reminder ladder."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.services.dates import local_moment
from bot.services.plans import LadderStage
from models import PlanStep
from models.enums import StepKind

REMINDER_HOUR = 9
# Where a day's reminder hour comes first (UTC+14): a step's stage fires then, and each
# reader's copy waits for the hour in their own zone.
EARLIEST_ZONE = "Etc/GMT-14"
# Steps that keep alerting after the last stage until done: a case without an outcome.
REPEAT_EVERY_DAYS = {StepKind.DECISION: 7}


def stage_day(due_on: date, stage: LadderStage, extra_days: int = 0) -> date:
    return due_on + timedelta(days=stage.days + extra_days)


def stage_moment(due_on: date, stage: LadderStage, zone: str, extra_days: int = 0) -> datetime:
    """09:00 local on the stage's day, in UTC: SQLite compares stored datetimes as text."""
    day = stage_day(due_on, stage, extra_days)
    return local_moment(day, REMINDER_HOUR, zone).astimezone(UTC)


def reader_moment(day: date, zone: str) -> datetime:
    """When a reminder of a day reaches a reader in `zone`: the reminder hour there (UTC)."""
    return local_moment(day, REMINDER_HOUR, zone).astimezone(UTC)


def stage_at(
    due_on: date,
    ladder: tuple[LadderStage, ...],
    index: int,
    zone: str,
    repeat_days: int | None = None,
) -> datetime | None:
    """When stage `index` fires; past the ladder, repeat n of its last stage (None: no more)."""
    if index < len(ladder):
        return stage_moment(due_on, ladder[index], zone)
    if not repeat_days or not ladder:
        return None
    repeat = index - len(ladder) + 1
    return stage_moment(due_on, ladder[-1], zone, repeat_days * repeat)


def next_stage(
    due_on: date,
    ladder: tuple[LadderStage, ...],
    now: datetime,
    zone: str,
    start: int = 0,
    repeat_days: int | None = None,
) -> tuple[int, datetime | None]:
    """The first stage from `start` still ahead of now, and when it fires (None: none left)."""
    for index in range(start, len(ladder)):
        moment = stage_moment(due_on, ladder[index], zone)
        if moment > now:
            return index, moment
    if not repeat_days or not ladder:
        return max(start, len(ladder)), None
    last = stage_moment(due_on, ladder[-1], zone)
    index = max(start, len(ladder) + max(0, (now - last) // timedelta(days=repeat_days)))
    while (repeat := stage_at(due_on, ladder, index, zone, repeat_days)) and repeat <= now:
        index += 1
    return index, repeat


def step_reminders(
    due_on: date, kind: StepKind, ladder: tuple[LadderStage, ...], now: datetime
) -> tuple[int, datetime | None]:
    """Where a step due on `due_on` starts on its ladder: its stage and when it fires."""
    return next_stage(
        due_on, ladder, now, EARLIEST_ZONE, repeat_days=REPEAT_EVERY_DAYS.get(StepKind(kind))
    )


def reset_step_reminders(step: PlanStep, ladder: tuple[LadderStage, ...], now: datetime) -> None:
    """Put a step whose due date changed back on its ladder (fields only; caller saves)."""
    step.reminder_stage, step.remind_at = step_reminders(step.due_on, step.kind, ladder, now)
