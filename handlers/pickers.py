"""Pieces the forms share: pick one of my cases, pick a day, check text, confirm, files.

Button data: a picker of the form with prefix `tk` sends `tk:c:<case id>` for a case and
`tk:p:<page>` to turn the page; day buttons send `tk:d:today|yesterday`; confirmation
`tk:ok:save|cancel` (handlers.forms).
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import BaseHandler

from bot.chat.callbacks import Prefix, stale
from bot.chat.context import AppContext
from bot.i18n import format_short_day
from bot.services import access, dates, mentoring, policy
from bot.services.activities import MAX_TEXT, clean_text
from bot.services.dates import Toward
from bot.services.errors import DomainError
from handlers.common import MUTED, Buttons, answer, edit_or_send, send_text
from handlers.forms import Press, Run, confirm_buttons, step_accepts_files
from models import Case
from models.enums import CaseStatus, Role

PAGE_SIZE = 8
Handlers = list[BaseHandler[Update, AppContext, Any]]


log = logging.getLogger(__name__)


def query_of(update: Update) -> CallbackQuery:
    assert update.callback_query is not None
    return update.callback_query


def data_of(update: Update) -> str | None:
    """The pressed button's data."""
    return query_of(update).data


async def reply(
    update: Update, context: AppContext, text: str, buttons: Buttons | None = None
) -> None:
    """Edit the message whose button was pressed, or answer a typed message."""
    if update.callback_query is not None:
        await edit_or_send(update.callback_query, context, text, buttons)
    else:
        await answer(update, context, text, buttons)


async def tell(
    update: Update, context: AppContext, text: str, buttons: Buttons | None = None
) -> None:
    """Send a new message to the chat (a pressed button has been answered already)."""
    assert update.effective_chat is not None
    await send_text(context, update.effective_chat.id, text, buttons)


async def drop_buttons(query: CallbackQuery) -> None:
    """Take the keyboard off a message whose question has been answered."""
    if MUTED.get():  # a replayed answer (handlers.forms): its message is long gone
        return
    await query.answer()
    with contextlib.suppress(BadRequest):  # no keyboard left, or the message is too old
        await query.edit_message_reply_markup(None)


def paged(
    items: Sequence[tuple[str, str]], page: int, prefix: Prefix
) -> list[list[tuple[str, str]]]:
    """One button a row, PAGE_SIZE a page, with ◀ ▶ sending `<prefix>:p:<page>`."""
    last = max(0, (len(items) - 1) // PAGE_SIZE)
    page = min(max(page, 0), last)
    rows = [[item] for item in items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]]
    nav = []
    if page > 0:
        nav.append(("◀", prefix.data("p", page - 1)))
    if page < last:
        nav.append(("▶", prefix.data("p", page + 1)))
    return [*rows, nav] if nav else rows


def grid(
    items: Sequence[tuple[str, str]],
    page: int,
    prefix: Prefix,
    tag: str = "p",
    *,
    columns: int = 2,
    size: int = 8,
) -> list[list[tuple[str, str]]]:
    """`columns` buttons a row, `size` a page, with ◀ ▶ sending `<prefix>:<tag>:<page>` (a
    page past the end shows the last one): no column of 18 buttons. (Branch views2.)"""
    last = max(0, (len(items) - 1) // size)
    page = min(max(page, 0), last)
    shown = list(items[page * size : (page + 1) * size])
    rows = [shown[i : i + columns] for i in range(0, len(shown), columns)]
    nav = []
    if page > 0:
        nav.append(("◀", prefix.data(tag, page - 1)))
    if page < last:
        nav.append(("▶", prefix.data(tag, page + 1)))
    return [*rows, nav] if nav else rows


# Pick one of my cases ------------------------------------------------------------------------


@dataclass(frozen=True)
class CasePicker:
    """Buttons of the active cases the caller may act on with a role the action allows."""

    prefix: Prefix
    action: str
    prompt: str

    @property
    def roles(self) -> tuple[Role, ...]:
        return tuple(policy.roles(self.action))

    async def show(self, update: Update, context: AppContext, page: int = 0) -> bool:
        """Ask for a case; False (and a message saying so) when there is none to pick."""
        person = context.require_person()
        cases = await mentoring.cases_in_scope(person, self.roles, context.today())
        if not cases:
            await reply(update, context, context.t("pick-no-cases"))
            return False
        items = [(f"{c.cadre} · {c.unit}", self.prefix.data("c", c.id)) for c in cases]
        await reply(update, context, context.t(self.prompt), paged(items, page, self.prefix))
        return True

    async def on_page(self, update: Update, context: AppContext, draft: object) -> None:
        await self.show(update, context, self.prefix.number(data_of(update), "p"))

    async def picked(self, update: Update, context: AppContext) -> Case:
        """The pressed case, checked again against the caller's rights."""
        case_id = self.prefix.number(data_of(update), "c")
        case = await access.case_for(context.require_person(), case_id, *self.roles)
        if case.status != CaseStatus.ACTIVE:
            raise DomainError("error-case-closed")
        await case.fetch_related("cadre")
        return case

    def answers(self, on_pick: Run[Any]) -> tuple[Press[Any], Press[Any]]:
        return Press("c", on_pick), Press("p", self.on_page)


# Days -----------------------------------------------------------------------------------------


def parse_day(
    text: str, context: AppContext, *, toward: Toward = "past", around: date | None = None
) -> date | None:
    """A typed date as people write it (dates.parse_day: 3月5日, 3/5, 昨天, "5 Mar", ...); a
    day without a year is placed `toward` the past, the future or the nearest, from `around`
    (default: the reader's today)."""
    return dates.parse_day(text, around or context.today(), context.locale, toward=toward)


async def typed_day(
    update: Update, context: AppContext, *, toward: Toward = "past", around: date | None = None
) -> date | None:
    """The date a message spells, or None after asking for one again (the form stays put)."""
    message = update.effective_message
    text = message.text or "" if message is not None else ""
    day = parse_day(text, context, toward=toward, around=around)
    if day is None:
        await answer(update, context, context.t("form-expects-date"))
    return day


NAMED_DAYS = ("today", "yesterday")  # 今天, 昨天: the presser's, on whatever day it is pressed
PICKED_DAYS = 7  # today and the six days before it


def day_buttons(context: AppContext, prefix: Prefix, *, earliest: date | None = None) -> Buttons:
    """The last seven days in the reader's zone, none before `earliest` (a recall date); the
    days before yesterday carry their date, so a picker pressed later gives the day it showed."""
    today = context.today()
    buttons = []
    for back in range(PICKED_DAYS):
        day = today - timedelta(days=back)
        if earliest is not None and day < earliest:
            break
        if back < len(NAMED_DAYS):
            name = NAMED_DAYS[back]
            buttons.append((context.t(f"day-{name}"), prefix.data("d", name)))
        else:
            buttons.append(
                (format_short_day(day, context.locale), prefix.data("d", f"{day:%Y%m%d}"))
            )
    return [row for row in (buttons[:2], buttons[2:5], buttons[5:]) if row]


def pressed_day(update: Update, context: AppContext, prefix: Prefix) -> date:
    """The day a picker's button names (今天 and 昨天: in the presser's zone, today)."""
    value = prefix.value(data_of(update), "d")
    if value in NAMED_DAYS:
        return context.today() - timedelta(days=NAMED_DAYS.index(value))
    if re.fullmatch(r"\d{8}", value):
        with contextlib.suppress(ValueError):  # 20260231: no such day
            return date.fromisoformat(value)
    raise stale()


# Text ---------------------------------------------------------------------------------------


async def typed_text(update: Update, context: AppContext, *, limit: int = MAX_TEXT) -> str | None:
    """The message's text, or None after saying it is empty or too long."""
    message = update.effective_message
    try:
        text = (message.text or "") if message is not None else ""
        return clean_text(text, required=True, limit=limit)
    except DomainError as error:
        text = context.t(error.key, **error.params)
        if error.key == "error-text-too-long" and step_accepts_files(context.user_data):
            text += "\n" + context.t("form-send-as-file")
        await answer(update, context, text)
        return None


def excerpt(text: str, size: int = 300) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


# Files --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileRef:
    file_id: str
    kind: str  # voice | photo | document
    name: str | None = None


def file_of(message: Message | None) -> FileRef | None:
    """The voice note, photo (largest size) or document a message carries."""
    if message is None:
        return None
    if message.voice is not None:
        return FileRef(message.voice.file_id, "voice")
    if message.photo:
        return FileRef(message.photo[-1].file_id, "photo")
    if message.document is not None:
        return FileRef(message.document.file_id, "document", message.document.file_name)
    return None


async def download(context: AppContext, file_id: str) -> bytes | None:
    """The file's bytes, to keep a copy with the record; None if Telegram will not hand it
    out (bots may download at most 20 MB), and the record keeps the file id only."""
    try:
        file = await context.bot.get_file(file_id)
        return bytes(await file.download_as_bytearray())
    except TelegramError as error:
        log.warning("could not keep a copy of file %s: %s", file_id, error)
        return None


async def send_file(context: AppContext, chat_id: int, ref: FileRef, caption: str) -> None:
    """Send a stored file again by its Telegram file_id."""
    bot, mode = context.bot, ParseMode.HTML
    if ref.kind == "voice":
        await bot.send_voice(chat_id, ref.file_id, caption=caption, parse_mode=mode)
    elif ref.kind == "photo":
        await bot.send_photo(chat_id, ref.file_id, caption=caption, parse_mode=mode)
    else:
        await bot.send_document(chat_id, ref.file_id, caption=caption, parse_mode=mode)


# Confirmation ------------------------------------------------------------------------------


async def ask_confirm(update: Update, context: AppContext, prefix: Prefix, summary: str) -> None:
    await reply(update, context, summary, confirm_buttons(context, prefix, fix=True))
