"""/talk: a mentor records a heart-to-heart talk with one of their cadres.

    /talk ─> CASE ─tk:c:<id>─> DATE ─tk:d:today|yesterday or a typed date─> PLACE ─text─>
    SUMMARY ─text or voice─> ATTITUDE ─tk:a:1..5─> ACTIONS ─text─> CONFIRM ─save─> record_talk

A date in the future or before the recall is refused at DATE, so the mentor can retry.
"""

from __future__ import annotations

from datetime import date
from enum import IntEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.chat.app import RecallApplication
from bot.chat.callbacks import pack
from bot.chat.context import AppContext
from bot.services.activities import TalkRecord
from bot.services.errors import DomainError
from handlers.common import requires
from handlers.forms import begin, expect, finish, form, step
from handlers.pickers import (
    CasePicker,
    ask_confirm,
    confirm_handlers,
    day_buttons,
    day_refused,
    download,
    excerpt,
    file_of,
    parse_day,
    pressed_day,
    query_of,
    reply,
    tagged_int,
    typed_text,
)
from models.enums import Role

PREFIX = "tk"
PLACE_LIMIT = 200
ATTITUDES = range(1, 6)
PICKER = CasePicker(PREFIX, (Role.MENTOR,), "talk-pick-case")


class State(IntEnum):
    CASE = 1
    DATE = 2
    PLACE = 3
    SUMMARY = 4
    ATTITUDE = 5
    ACTIONS = 6
    CONFIRM = 7


@requires(Role.MENTOR)
async def cmd_talk(update: Update, context: AppContext) -> int | None:
    begin(context, "talk", expect="button")
    if not await PICKER.show(update, context):
        finish(context)
        return None
    return State.CASE


async def on_case(update: Update, context: AppContext) -> int:
    case = await PICKER.picked(update, context)
    context.draft.update(case_id=case.id, cadre=case.cadre.name, recalled_on=str(case.recalled_on))
    expect(context, "date")
    text = context.t("talk-ask-date", name=case.cadre.name)
    await reply(update, context, text, day_buttons(context, PREFIX))
    return State.DATE


async def _take_day(update: Update, context: AppContext, day: date | None) -> int | None:
    earliest = date.fromisoformat(context.draft["recalled_on"])
    if await day_refused(update, context, day, earliest):
        return None
    assert day is not None
    context.draft["held_on"] = day.isoformat()
    expect(context, "text")
    await reply(update, context, context.t("talk-ask-place", day=context.date(day)))
    return State.PLACE


async def on_day_button(update: Update, context: AppContext) -> int | None:
    return await _take_day(update, context, pressed_day(update, context, PREFIX))


async def on_day_text(update: Update, context: AppContext) -> int | None:
    message = update.effective_message
    return await _take_day(
        update, context, parse_day(message.text or "", context) if message else None
    )


async def on_place(update: Update, context: AppContext) -> int | None:
    place = await typed_text(update, context, limit=PLACE_LIMIT)
    if place is None:
        return None
    context.draft["place"] = place
    expect(context, "voice")
    await reply(update, context, context.t("talk-ask-summary"))
    return State.SUMMARY


async def on_summary(update: Update, context: AppContext) -> int | None:
    ref = file_of(update.effective_message)
    if ref is not None:
        context.draft.update(summary="", voice=ref.file_id)
    else:
        summary = await typed_text(update, context)
        if summary is None:
            return None
        context.draft.update(summary=summary, voice=None)
    expect(context, "button")
    buttons = [[(str(n), pack(PREFIX, "a", n)) for n in ATTITUDES]]
    await reply(
        update, context, context.t("talk-ask-attitude", name=context.draft["cadre"]), buttons
    )
    return State.ATTITUDE


async def on_attitude(update: Update, context: AppContext) -> int:
    attitude = tagged_int(query_of(update).data, PREFIX, "a")
    if attitude not in ATTITUDES:
        raise DomainError("error-stale-button")
    context.draft["attitude"] = attitude
    expect(context, "text")
    await reply(update, context, context.t("talk-ask-actions"))
    return State.ACTIONS


async def on_actions(update: Update, context: AppContext) -> int | None:
    actions = await typed_text(update, context)
    if actions is None:
        return None
    draft = context.draft
    draft["actions"] = actions
    summary = excerpt(draft["summary"]) if not draft["voice"] else context.t("talk-summary-voice")
    text = context.t(
        "talk-confirm",
        name=draft["cadre"],
        day=context.date(date.fromisoformat(draft["held_on"])),
        place=draft["place"],
        summary=summary,
        attitude=draft["attitude"],
        actions=excerpt(actions),
    )
    await ask_confirm(update, context, PREFIX, text)
    return State.CONFIRM


async def on_save(update: Update, context: AppContext) -> int:
    draft = context.draft
    record = TalkRecord(
        held_on=date.fromisoformat(draft["held_on"]),
        place=draft["place"],
        summary=draft["summary"],
        attitude=draft["attitude"],
        actions=draft["actions"],
        voice_file_id=draft["voice"],
        voice_data=await download(context, draft["voice"]) if draft["voice"] else None,
    )
    talk = await context.services.activities.record_talk(
        draft["case_id"], record, mentor=context.require_person()
    )
    text = context.t("talk-saved", id=talk.id, name=draft["cadre"], day=context.date(talk.held_on))
    if talk.late:
        text += "\n" + context.t("record-saved-late")
    if talk.entered_late:
        text += "\n" + context.t(
            "record-saved-entered-late", days=context.settings.late_entry_days
        )
    await reply(update, context, text)
    return finish(context)


def register(app: RecallApplication) -> None:
    text = filters.TEXT & ~filters.COMMAND
    app.add_handler(
        form(
            "talk",
            entry_points=[CommandHandler("talk", cmd_talk)],
            states={
                State.CASE: PICKER.handlers(on_case),
                State.DATE: [
                    CallbackQueryHandler(step(on_day_button), pattern=rf"^{PREFIX}:d:"),
                    MessageHandler(text, step(on_day_text)),
                ],
                State.PLACE: [MessageHandler(text, step(on_place))],
                State.SUMMARY: [MessageHandler(text | filters.VOICE, step(on_summary))],
                State.ATTITUDE: [
                    CallbackQueryHandler(step(on_attitude), pattern=rf"^{PREFIX}:a:")
                ],
                State.ACTIONS: [MessageHandler(text, step(on_actions))],
                State.CONFIRM: confirm_handlers(PREFIX, on_save),
            },
        )
    )
