"""/status: what an admin should know about the running bot (the working-day calendar)."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import CommandHandler

from bot.chat.app import RecallApplication
from bot.chat.context import AppContext
from bot.services.status import calendar_status, render_status
from handlers.common import answer, requires
from models.enums import Role


@requires(Role.ADMIN)
async def cmd_status(update: Update, context: AppContext) -> None:
    settings = context.settings
    report = calendar_status(context.services.calendar, settings.skip_holidays, context.today())
    await answer(update, context, html.escape(render_status(report, context.locale)))


def register(app: RecallApplication) -> None:
    app.add_handler(CommandHandler("status", cmd_status))
