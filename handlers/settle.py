"""Settling a disputed talk record: the mentor (or a supervisor, an admin) says how.

Button data (a contract with the notification sender: keep the prefix):
    ts:<talk id>    under the "talk disputed" notice

    ts:<id> ─> NOTE ─text─> CONFIRM ─save─> settle_talk ─> saved (the cadre is told)
"""

from __future__ import annotations

import html
from enum import IntEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.chat.app import RecallApplication
from bot.chat.callbacks import unpack_ints
from bot.chat.context import AppContext
from bot.services import mentoring
from handlers.common import edit_or_send, requires
from handlers.forms import begin, finish, form, step
from handlers.pickers import (
    ask_confirm,
    confirm_handlers,
    drop_buttons,
    query_of,
    tell,
    typed_text,
)
from models.enums import Role

PREFIX, CONFIRM = "ts", "tsc"
ROLES = (Role.MENTOR, Role.SUPERVISOR, Role.ADMIN)
NOTE_LIMIT = 1000


class State(IntEnum):
    NOTE = 1
    CONFIRM = 2


@requires(*ROLES)
async def on_settle(update: Update, context: AppContext) -> int | None:
    (talk_id,) = unpack_ints(query_of(update).data, PREFIX, 1)
    talk = await mentoring.talk_to_settle(context.require_person(), ROLES, talk_id)
    begin(context, "talk_settle", expect="text")
    context.draft.update(talk_id=talk.id, cadre=talk.cadre)
    await drop_buttons(query_of(update))
    await tell(update, context, context.t("talk-settle-ask", day=context.date(talk.held_on)))
    return State.NOTE


async def on_note(update: Update, context: AppContext) -> int | None:
    note = await typed_text(update, context, limit=NOTE_LIMIT)
    if note is None:
        return None
    context.draft["note"] = note
    summary = f"{context.t('talk-settle-confirm')}\n{html.escape(note)}"
    await ask_confirm(update, context, CONFIRM, summary)
    return State.CONFIRM


async def on_save(update: Update, context: AppContext) -> int:
    draft = context.draft
    await context.services.activities.settle_talk(
        draft["talk_id"], draft["note"], by=context.require_person()
    )
    text = context.t("talk-settle-saved", cadre=draft["cadre"])
    await edit_or_send(query_of(update), context, text)
    return finish(context)


def register(app: RecallApplication) -> None:
    app.add_handler(
        form(
            "talk_settle",
            entry_points=[CallbackQueryHandler(on_settle, pattern=rf"^{PREFIX}:")],
            states={
                State.NOTE: [MessageHandler(filters.TEXT & ~filters.COMMAND, step(on_note))],
                State.CONFIRM: confirm_handlers(CONFIRM, on_save),
            },
        )
    )
