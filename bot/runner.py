"""Start the bot for real: open the database, poll Telegram, stop cleanly on a signal."""

from __future__ import annotations

import asyncio
import logging
import signal

from bot.app import build_application, serve
from bot.clock import SystemClock
from bot.config import Settings
from bot.db import close_db, init_db

log = logging.getLogger(__name__)


async def run(settings: Settings) -> None:
    if not settings.bot_token.get_secret_value():
        raise SystemExit("BOT_TOKEN is not set (see .env.example)")
    await init_db(settings.database_url)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        app = build_application(settings, SystemClock())
        log.info("recallbot is running; press Ctrl+C to stop")
        await serve(app, stop)
    finally:
        await close_db()
