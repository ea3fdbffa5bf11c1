"""Where a step stands on its reminder ladder."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.services.dates import local_moment
from bot.services.plans import LadderStage
from models import PlanStep

REMINDER_HOUR = 9


def stage_moment(due_on: date, stage: LadderStage, zone: str) -> datetime:
    return local_moment(due_on + timedelta(days=stage.days), REMINDER_HOUR, zone)


def next_stage(
    due_on: date, ladder: tuple[LadderStage, ...], now: datetime, zone: str, start: int = 0
) -> tuple[int, datetime | None]:
    """The first stage from `start` still ahead of now, and when it fires (None: none left)."""
    for index in range(start, len(ladder)):
        moment = stage_moment(due_on, ladder[index], zone)
        if moment > now:
            return index, moment
    return len(ladder), None


def reset_step_reminders(
    step: PlanStep, ladder: tuple[LadderStage, ...], now: datetime, zone: str
) -> None:
    """Put a step whose due date changed back on its ladder (fields only; caller saves)."""
    step.reminder_stage, step.remind_at = next_stage(step.due_on, ladder, now, zone)
