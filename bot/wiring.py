"""The composition root: the application with its services, handlers and jobs, put together once.

Entry points (bot.runner, the demo, tests) call `build_application`; nothing below this
module imports it, so the chat layer, the handlers and the jobs never import each other
in a circle.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, TypeHandler

import handlers
import schedules
from bot.chat.app import (
    DEDUPE_GROUP,
    IDENTIFY_GROUP,
    PerPersonUpdates,
    RecallApplication,
    StoringQueue,
    drop_repeated_update,
    identify,
    on_error,
)
from bot.chat.context import AppContext
from bot.chat.fence import Fence, FencedRequest
from bot.chat.persistence import DatabasePersistence
from bot.chat.sender import Sender
from bot.clock import Clock
from bot.config import Settings
from bot.services.registry import Services


def build_application(
    settings: Settings,
    clock: Clock,
    *,
    services: Services | None = None,
    fence: Fence | None = None,
) -> RecallApplication:
    """The bot; with a `fence`, nothing reaches Telegram unless this instance holds the lease."""
    fence = fence or Fence.unfenced()
    timeout = settings.http_timeout_seconds
    app = (
        ApplicationBuilder()
        .application_class(RecallApplication)
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .context_types(ContextTypes(context=AppContext))
        .persistence(DatabasePersistence(fence.generation))
        .concurrent_updates(PerPersonUpdates())
        .update_queue(StoringQueue(fence, clock))
        .request(FencedRequest(fence, read_timeout=timeout, write_timeout=timeout))
        .get_updates_request(FencedRequest(fence, connection_pool_size=1))
        .build()
    )
    assert isinstance(app, RecallApplication)
    app.fence = fence
    app.services = services or Services.build(clock, settings)
    app.reminders = app.services.reminders
    app.sender = Sender(
        app.bot,
        app.services,
        fence=fence,
        rate_per_second=settings.send_rate_per_second,
        per_chat_interval=settings.send_per_chat_seconds,
    )
    app.add_handler(TypeHandler(Update, drop_repeated_update), group=DEDUPE_GROUP)
    app.add_handler(TypeHandler(Update, identify), group=IDENTIFY_GROUP)
    handlers.register(app)
    schedules.register(app)
    app.add_error_handler(on_error)
    return app
