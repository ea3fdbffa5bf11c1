"""`tick`: statuses, reminder ladders and digests that are due, written to the outbox."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, cast

from bot.chat.context import AppContext
from bot.services import housekeeping
from bot.services.reminders import TickReport
from schedules.common import job_options

if TYPE_CHECKING:
    from bot.chat.app import RecallApplication

log = logging.getLogger(__name__)


async def run(app: RecallApplication) -> TickReport:
    now = app.services.clock.now()
    report = await app.reminders.tick(now)
    await housekeeping.prune(now)
    if report.notifications or report.digests:
        log.info("tick: %s", report)
    return report


async def job(context: AppContext) -> None:
    await run(cast("RecallApplication", context.application))


def register(app: RecallApplication) -> None:
    assert app.job_queue is not None
    interval = app.services.settings.tick_seconds
    app.job_queue.run_repeating(
        job, interval=interval, first=1, name="tick", job_kwargs=job_options("tick", interval)
    )
