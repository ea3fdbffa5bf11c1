"""Start the bot for real: open the database, take the lease, serve, stop cleanly on a signal.

Several instances may run on one PostgreSQL database: the one that holds the lease handles
updates (polling, or the webhook) and runs the jobs; the others stand by and take over when
it stops renewing. On SQLite only one instance is supported: a lock file next to the
database refuses a second start at once (bot/runner.py `single_instance`).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import signal
import socket
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from telegram.error import InvalidToken, NetworkError

from bot.chat.app import ALLOWED_UPDATES, RecallApplication, placeholder_name
from bot.chat.fence import Fence
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.db import close_db, init_db
from bot.services import lease
from bot.services.dates import local_date
from bot.services.registry import calendar_of
from bot.services.status import calendar_status, log_lines
from bot.web.server import Node, StoredUpdates, WebServer
from bot.wiring import build_application

log = logging.getLogger(__name__)


async def run(settings: Settings, *, webhook: bool = False) -> None:
    if not settings.bot_token.get_secret_value():
        raise SystemExit("BOT_TOKEN is not set (see .env.example)")
    if webhook and not (settings.webhook_url and settings.webhook_secret.get_secret_value()):
        raise SystemExit("--webhook needs WEBHOOK_URL and WEBHOOK_SECRET (see .env.example)")
    with single_instance(settings.database_url) as alone:
        await init_db(settings.database_url)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        instance = settings.instance_name or f"{socket.gethostname()}-{os.getpid()}"
        try:
            await run_instance(
                settings, SystemClock(), instance, stop, webhook=webhook, steal=alone
            )
        finally:
            await close_db()


@contextlib.contextmanager
def single_instance(database_url: str) -> Iterator[bool]:
    """On SQLite, hold `<database>.lock` for the life of the process, or exit at once.

    Several instances on one SQLite file are not supported (a paused one holding the write
    lock keeps the others from even taking the lease). The kernel drops the lock when the
    process dies, however it dies, so a restart after a crash need not wait for the lease:
    True then means "this is the only instance, take the lease whatever it says"."""
    if not database_url.startswith("sqlite://") or ":memory:" in database_url:
        yield False
        return
    path = Path(database_url.split("://", 1)[1].split("?", 1)[0] + ".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise SystemExit(
                f"another recallbot instance ({holder}) is running on this SQLite database "
                f"({path.with_suffix('')}); several instances need PostgreSQL "
                "(docs/deployment.md)"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()}\n")
        handle.flush()
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def warn_calendar_gaps(settings: Settings, clock: Clock) -> None:
    """Say at start-up which of this year and next the working-day calendar does not know."""
    today = local_date(clock.now(), settings.timezone)
    report = calendar_status(calendar_of(settings), settings.skip_holidays, today)
    for line in log_lines(report):
        log.warning(line)


async def run_instance(
    settings: Settings,
    clock: Clock,
    instance: str,
    stop: asyncio.Event,
    *,
    webhook: bool = False,
    steal: bool = False,
) -> None:
    """Stand by until this instance holds the lease; serve while it does; until `stop`."""
    ttl = timedelta(seconds=settings.lease_seconds)
    fence = Fence(instance)
    app = build_application(settings, clock, fence=fence)
    # Off the loop: the first look at the calendar takes a moment, the lease cannot wait.
    warning = asyncio.create_task(asyncio.to_thread(warn_calendar_gaps, settings, clock))
    node = Node(instance, "webhook" if webhook else "polling")
    web = _web_server(settings, app, node, webhook)
    if web is not None:
        await web.start()
    try:
        while not stop.is_set():
            started = fence.monotonic()
            try:
                term = await lease.acquire(instance, clock.now(), ttl, steal=steal)
            except Exception:
                log.exception("could not reach the database for the lease: trying again")
                term = None
            if term is None:
                log.info("standing by: another instance is active")
                await _sleep_unless(stop, ttl.total_seconds() / 3)
                continue
            steal = False
            fence.granted(term, started, ttl.total_seconds())
            node.role = "active"
            log.info("instance %s is active (lease epoch %s)", instance, term.epoch)
            await _serve_while_held(app, fence, clock, ttl, stop, web)
            node.role = "standby"
    finally:
        node.role = "standby"
        if fence.term is not None:
            with contextlib.suppress(Exception):
                await lease.release(fence.term, clock.now())
            fence.revoke()
        if web is not None:
            await web.stop()
        await warning


def _web_server(
    settings: Settings, app: RecallApplication, node: Node, webhook: bool
) -> WebServer | None:
    """Webhook mode: on WEBHOOK_LISTEN, with the webhook route. Polling: on WEB_LISTEN, if set."""
    if webhook:
        return WebServer(
            app,
            node,
            settings.webhook_listen,
            webhook_url=settings.webhook_url,
            webhook_secret=settings.webhook_secret.get_secret_value(),
        )
    if settings.web_listen:
        return WebServer(app, node, settings.web_listen)
    return None


async def _serve_while_held(
    app: RecallApplication,
    fence: Fence,
    clock: Clock,
    ttl: timedelta,
    stop: asyncio.Event,
    web: WebServer | None,
) -> None:
    done = asyncio.Event()
    keeper = asyncio.create_task(_keep_lease(fence, clock, ttl, stop, done))
    try:
        if web is not None and web.node.mode == "webhook":
            await serve_webhook(app, done, web.wake, fence.holder)
        else:
            await serve(app, done)
    except (InvalidToken, NetworkError):
        if not app.started:
            raise  # a token Telegram refuses, or no Telegram at all: `recallbot run` says so
        log.exception("serving failed: standing by")
    except Exception:
        log.exception("serving failed: standing by")
    finally:
        keeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await keeper
        if stop.is_set() and fence.term is not None:
            with contextlib.suppress(Exception):
                await lease.release(fence.term, clock.now())
        fence.revoke()


async def _keep_lease(
    fence: Fence, clock: Clock, ttl: timedelta, stop: asyncio.Event, done: asyncio.Event
) -> None:
    """Renew the lease; end serving on a stop or when the lease was lost (after a pause).

    Whatever goes wrong here (the database away for a moment) ends serving too: an instance
    that cannot renew must not go on as a second active one. The fence closes first, so
    nothing more reaches Telegram while serving winds down."""
    try:
        while not await _sleep_unless(stop, ttl.total_seconds() / 3):
            started = fence.monotonic()
            term = fence.term
            renewed = None
            if term is not None:
                renewed = await lease.acquire(fence.holder, clock.now(), ttl, held=term)
            if renewed is None:
                fence.revoke()
                log.warning("lease lost to another instance: standing by")
                break
            fence.granted(renewed, started, ttl.total_seconds())
    except Exception:
        fence.revoke()
        log.exception("could not renew the lease: standing by")
    finally:
        done.set()


async def _sleep_unless(event: asyncio.Event, seconds: float) -> bool:
    """Wait up to `seconds`; True if the event was set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), timeout=seconds)
    return event.is_set()


async def ensure_first_admins(app: RecallApplication) -> None:
    """The admins named in ADMIN_TELEGRAM_IDS exist (named when they first write)."""
    for telegram_id in app.services.settings.admin_telegram_ids:
        await app.services.people.ensure_admin(telegram_id, name=placeholder_name(telegram_id))


async def serve(app: RecallApplication, stop: asyncio.Event, *, poll_timeout: int = 10) -> None:
    """Run the bot with long polling until `stop` is set (the database is already open).

    Starting to poll removes any webhook (python-telegram-bot calls deleteWebhook first)."""
    async with app:
        await ensure_first_admins(app)
        await app.start()
        app.started = True
        assert app.updater is not None
        try:
            replayed = await app.replay_stored()
            if replayed:
                log.info("handled %s stored updates another instance had not", replayed)
            await app.updater.start_polling(
                poll_interval=0.0, timeout=poll_timeout, drop_pending_updates=False
            )
            await stop.wait()
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()


async def serve_webhook(
    app: RecallApplication, stop: asyncio.Event, wake: asyncio.Event, instance: str
) -> None:
    """Run the bot on webhook updates until `stop`: set the webhook, handle the stored ones."""
    settings = app.services.settings
    async with app:
        await ensure_first_admins(app)
        await app.start()
        app.started = True
        worker = asyncio.create_task(StoredUpdates(app, wake, instance).run())
        try:
            await app.bot.set_webhook(
                settings.webhook_url,
                secret_token=settings.webhook_secret.get_secret_value(),
                allowed_updates=ALLOWED_UPDATES,
            )
            log.info("webhook set: %s", settings.webhook_url)
            await stop.wait()
        finally:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker
            if app.running:
                await app.stop()
