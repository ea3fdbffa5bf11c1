"""An admin sends a cohort file (.csv or .xlsx) to the bot: it is imported all or nothing.

The same importer as `recallbot import` checks every row first; the answer is one message:
what was imported, or the first problems with their row numbers and "nothing was changed".
An import that takes longer than PROGRESS_AFTER shows a progress message first, edited in
place and at the end replaced by the answer.

Registered after every form in group 0, and passing while a form is active, so that a
document sent inside a form (a report during /reflect) still goes to the form. A document
from someone who may not import is answered as before (the catch-all's words), except a
spreadsheet, which is refused in words that say why.
"""

from __future__ import annotations

import asyncio
import html
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import MessageHandler, filters

from bot.chat.app import RecallApplication
from bot.chat.context import AppContext
from bot.chat.text import MESSAGE_LIMIT, utf16_len
from bot.services import policy
from bot.services.errors import DomainError
from bot.services.importer import ImportRejected, ImportResult, describe_issue
from handlers.common import answer
from handlers.forms import ACTIVE
from models.enums import Role

SUFFIXES = (".csv", ".xlsx")
MAX_BYTES = 5 * 1024 * 1024  # a cohort of thousands of rows is well under 1 MB
SHOWN_ISSUES = 20  # the rest is counted, so that the answer stays one message
PROGRESS_AFTER = timedelta(seconds=1)


class UploadHandler(MessageHandler[AppContext, None]):
    """Documents in a private chat where no form is active."""

    def __init__(self, application: RecallApplication) -> None:
        super().__init__(filters.Document.ALL & filters.ChatType.PRIVATE, on_document)
        self.application = application

    def check_update(self, update: object) -> Any:
        found = super().check_update(update)
        if not found or not isinstance(update, Update) or update.effective_user is None:
            return found
        data = self.application.user_data.get(update.effective_user.id)
        return None if data is not None and data.get(ACTIVE) else found


class ProgressMessage:
    """The importer's progress hook: after PROGRESS_AFTER, one message edited in place."""

    def __init__(self, update: Update, context: AppContext) -> None:
        self.update = update
        self.context = context
        self.started: datetime = context.clock.now()
        self.latest = (0, 0)
        self.message: Message | None = None
        self.task: asyncio.Task[None] | None = None

    def __call__(self, done: int, total: int) -> None:
        self.latest = (done, total)
        if done >= total or self.context.clock.now() - self.started < PROGRESS_AFTER:
            return
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._show())

    async def _show(self) -> None:
        done, total = self.latest
        text = self.context.t("upload-progress", done=done, total=total)
        try:
            if self.message is None:
                self.message = await answer(self.update, self.context, text)
            else:
                await self.message.edit_text(text, parse_mode=ParseMode.HTML)
        except TelegramError:
            pass  # progress is a courtesy: the answer comes anyway

    async def finish(self, text: str) -> None:
        """The answer: in place of the progress message when there is one."""
        if self.task is not None:
            await self.task
        if self.message is not None and utf16_len(text) <= MESSAGE_LIMIT:
            try:
                await self.message.edit_text(text, parse_mode=ParseMode.HTML)
                return
            except TelegramError:
                pass
        await answer(self.update, self.context, text)


def rejection_text(context: AppContext, error: ImportRejected) -> str:
    """The heading (nothing was changed) and the first problems, people's text escaped."""
    locale = context.locale
    lines = [context.t("import-rejected", count=error.total)]
    shown = error.issues[:SHOWN_ISSUES]
    lines += [html.escape(describe_issue(issue, locale)) for issue in shown]
    if error.total > len(shown):
        lines.append(context.t("import-more-issues", count=error.total - len(shown)))
    return "\n".join(lines)


def result_text(context: AppContext, result: ImportResult) -> str:
    return context.t(
        "upload-done",
        added=result.added,
        opened=result.added - result.closed,
        closed=result.closed,
        present=result.present,
    )


def refusal(enrolled: bool, roles: frozenset[Role], name: str, size: int | None) -> str | None:
    """Why this document is not imported (a message id), or None to import it: enrolled
    people only, then the policy's "import", then the file's type and size."""
    spreadsheet = Path(name).suffix.lower() in SUFFIXES
    if not enrolled:
        return "start-no-invite"
    if not policy.allows(roles, "import"):
        # A stray file is answered as the catch-all answers it; a cohort file says why not.
        return "upload-not-allowed" if spreadsheet else "unexpected-text"
    if not spreadsheet:
        return "upload-wrong-type"
    if size is not None and size > MAX_BYTES:
        return "upload-too-large"
    return None


async def on_document(update: Update, context: AppContext) -> None:
    message = update.message
    document = message.document if message is not None else None
    if document is None:
        return
    name = document.file_name or ""
    enrolled = context.person is not None
    limit = MAX_BYTES // (1024 * 1024)
    key = refusal(enrolled, context.roles, name, document.file_size)
    if key is not None:
        await answer(update, context, context.t(key, name=name or "?", limit=limit))
        return
    try:
        data = bytes(await (await document.get_file()).download_as_bytearray())
    except TelegramError:
        await answer(update, context, context.t("upload-download-failed"))
        return
    if refusal(enrolled, context.roles, name, len(data)) is not None:
        await answer(update, context, context.t("upload-too-large", limit=limit))
        return
    progress = ProgressMessage(update, context)
    try:
        result = await context.services.importer.import_bytes(
            name, data, by=context.person, progress=progress
        )
    except ImportRejected as error:
        await progress.finish(rejection_text(context, error))
        return
    except DomainError as error:
        await progress.finish(context.t(error.key, **error.params))
        return
    await progress.finish(result_text(context, result))


def register(app: RecallApplication) -> None:
    app.add_handler(UploadHandler(app))
