"""Replies for anything no flow took: unknown commands, stray text or files, old buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.chat.app import RecallApplication
from bot.chat.context import AppContext
from handlers.common import answer


async def on_unknown_command(update: Update, context: AppContext) -> None:
    await answer(update, context, context.t("unknown-command"))


async def on_stray_message(update: Update, context: AppContext) -> None:
    key = "unexpected-text" if context.person is not None else "start-no-invite"
    await answer(update, context, context.t(key))


async def on_stray_button(update: Update, context: AppContext) -> None:
    await answer(update, context, context.t("error-stale-button"))


def register(app: RecallApplication) -> None:
    app.add_handler(MessageHandler(filters.COMMAND, on_unknown_command))
    app.add_handler(MessageHandler(filters.ALL, on_stray_message))
    app.add_handler(CallbackQueryHandler(on_stray_button))
