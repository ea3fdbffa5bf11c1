"""Start the bot for real: open the database, take the lease, poll, stop cleanly on a signal.

Several instances may run on one database (PostgreSQL): the one that holds the lease polls
Telegram and runs the jobs; the others wait and take over when it stops renewing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
from datetime import timedelta

from bot.app import build_application, serve
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.db import close_db, init_db
from bot.services import lease
from bot.services.calendar_cn import WorkCalendar
from bot.services.dates import local_date
from bot.services.status import calendar_status, log_lines

log = logging.getLogger(__name__)


async def run(settings: Settings) -> None:
    if not settings.bot_token.get_secret_value():
        raise SystemExit("BOT_TOKEN is not set (see .env.example)")
    clock = SystemClock()
    await init_db(settings.database_url)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    instance = settings.instance_name or f"{socket.gethostname()}-{os.getpid()}"
    try:
        await run_instance(settings, clock, instance, stop)
    finally:
        await close_db()


def warn_calendar_gaps(settings: Settings, clock: Clock) -> None:
    """Say at start-up which of this year and next the working-day calendar does not know."""
    today = local_date(clock.now(), settings.timezone)
    report = calendar_status(WorkCalendar.from_settings(settings), settings.skip_holidays, today)
    for line in log_lines(report):
        log.warning(line)


async def run_instance(
    settings: Settings, clock: Clock, instance: str, stop: asyncio.Event
) -> None:
    """Stand by until this instance holds the lease; serve while it does; until `stop`."""
    ttl = timedelta(seconds=settings.lease_seconds)
    while not stop.is_set():
        try:
            active = await lease.acquire(instance, clock.now(), ttl)
        except Exception:
            log.exception("could not reach the database for the lease: trying again")
            active = False
        if not active:
            log.info("standing by: another instance is active")
            await _sleep_unless(stop, ttl.total_seconds() / 3)
            continue
        log.info("instance %s is active; press Ctrl+C to stop", instance)
        done = asyncio.Event()
        keeper = asyncio.create_task(_keep_lease(instance, clock, ttl, stop, done))
        # Off the loop: the first look at the calendar takes a moment, the lease cannot wait.
        warning = asyncio.create_task(asyncio.to_thread(warn_calendar_gaps, settings, clock))
        try:
            await serve(build_application(settings, clock), done)
        finally:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
            await warning
    await lease.release(instance)


async def _keep_lease(
    instance: str, clock: Clock, ttl: timedelta, stop: asyncio.Event, done: asyncio.Event
) -> None:
    """Renew the lease; end serving on a stop or when the lease was lost (after downtime).

    Whatever goes wrong here (the database away for a moment) ends serving too: an instance
    that cannot renew must not go on as a second active one."""
    try:
        while not await _sleep_unless(stop, ttl.total_seconds() / 3):
            if not await lease.acquire(instance, clock.now(), ttl):
                log.warning("lease lost to another instance: standing by")
                break
    except Exception:
        log.exception("could not renew the lease: standing by")
    finally:
        done.set()


async def _sleep_unless(event: asyncio.Event, seconds: float) -> bool:
    """Wait up to `seconds`; True if the event was set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), timeout=seconds)
    return event.is_set()
