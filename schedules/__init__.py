"""Time-driven jobs; each is a few lines that call a service with clock.now()."""

from __future__ import annotations

from typing import TYPE_CHECKING

from schedules import delivery, tick

if TYPE_CHECKING:
    from bot.chat.app import RecallApplication

JOBS = [tick, delivery]


def register(app: RecallApplication) -> None:
    """Add the named jobs to the application's JobQueue (they run once the app starts)."""
    for job in JOBS:
        job.register(app)
