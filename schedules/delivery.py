"""`send`: drains the outbox through Telegram."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, cast

from bot.chat.context import AppContext
from bot.chat.sender import DrainReport
from schedules.common import job_options

if TYPE_CHECKING:
    from bot.chat.app import RecallApplication

log = logging.getLogger(__name__)


async def run(app: RecallApplication) -> DrainReport:
    report = await app.sender.drain()
    if report.sent or report.failed or report.retried:
        log.info("send: %s", report)
    return report


async def job(context: AppContext) -> None:
    await run(cast("RecallApplication", context.application))


def register(app: RecallApplication) -> None:
    assert app.job_queue is not None
    interval = app.services.settings.send_seconds
    app.job_queue.run_repeating(
        job, interval=interval, first=1, name="send", job_kwargs=job_options("send", interval)
    )
