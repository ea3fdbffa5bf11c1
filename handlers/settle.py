"""Settling a disputed talk record: the mentor (or a supervisor, an admin) says how.

Button data (a contract with the notification sender: keep the prefix):
    ts:<talk id>    under the "talk disputed" notice

    ts:<id> ─> NOTE ─text─> CONFIRM ─save─> settle_talk ─> saved (the cadre is told)
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from enum import IntEnum

from telegram import Update

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim
from bot.chat.context import AppContext
from bot.services import mentoring, policy
from bot.services.notices import SETTLE_PREFIX
from handlers.common import edit_or_send
from handlers.forms import END, Button, Form, Text, confirm, step
from handlers.pickers import ask_confirm, data_of, drop_buttons, query_of, tell, typed_text

NOTICE = claim(SETTLE_PREFIX, "talk_settle")
BUTTONS = claim("tsc", "talk_settle")
ACTION = "settle"
NOTE_LIMIT = 1000


class State(IntEnum):
    NOTE = 1
    CONFIRM = 2


@dataclass
class SettleDraft:
    talk_id: int = 0
    cadre: str = ""
    note: str = ""


async def on_settle(update: Update, context: AppContext, draft: SettleDraft) -> int | None:
    (talk_id,) = NOTICE.ids(data_of(update), 1)
    person = context.require_person()
    talk = await mentoring.talk_to_settle(person, policy.roles(ACTION), talk_id)
    draft.talk_id, draft.cadre = talk.id, talk.cadre
    await drop_buttons(query_of(update))
    await tell(update, context, context.t("talk-settle-ask", day=context.date(talk.held_on)))
    return State.NOTE


async def on_note(update: Update, context: AppContext, draft: SettleDraft) -> int | None:
    note = await typed_text(update, context, limit=NOTE_LIMIT)
    if note is None:
        return None
    draft.note = note
    summary = f"{context.t('talk-settle-confirm')}\n{html.escape(note)}"
    await ask_confirm(update, context, BUTTONS, summary)
    return State.CONFIRM


async def on_save(update: Update, context: AppContext, draft: SettleDraft) -> int:
    await context.services.activities.settle_talk(
        draft.talk_id, draft.note, by=context.require_person()
    )
    text = context.t("talk-settle-saved", cadre=draft.cadre)
    await edit_or_send(query_of(update), context, text)
    return END


FORM = Form(
    "talk_settle",
    action=ACTION,
    draft=SettleDraft,
    prefix=BUTTONS,
    entry=[Button(NOTICE.pattern(), on_settle)],
    steps={State.NOTE: step("text", Text(on_note)), State.CONFIRM: confirm(on_save)},
)


def register(app: RecallApplication) -> None:
    app.add_handler(FORM.handler(app))
