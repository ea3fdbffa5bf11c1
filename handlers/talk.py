"""/talk: a mentor records a heart-to-heart talk with one of their cadres.

    /talk ─> CASE ─tk:c:<id>─> DATE ─tk:d:today|yesterday or a typed date─> PLACE ─text─>
    SUMMARY ─text or voice─> ATTITUDE ─tk:a:1..5─> ACTIONS ─text─> CONFIRM ─save─> record_talk

A date in the future or before the recall is refused at DATE, so the mentor can retry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from telegram import Update
from telegram.ext import filters

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim
from bot.chat.context import AppContext
from bot.services.activities import TalkRecord, check_held_on
from handlers.forms import END, TEXT, Command, Form, Press, Text, confirm, step
from handlers.pickers import (
    CasePicker,
    ask_confirm,
    data_of,
    day_buttons,
    download,
    excerpt,
    file_of,
    parse_day,
    pressed_day,
    reply,
    typed_text,
)
from models import Case

BUTTONS = claim("tk", "talk")
PLACE_LIMIT = 200
ATTITUDES = range(1, 6)
PICKER = CasePicker(BUTTONS, "talk", "talk-pick-case")


class State(IntEnum):
    CASE = 1
    DATE = 2
    PLACE = 3
    SUMMARY = 4
    ATTITUDE = 5
    ACTIONS = 6
    CONFIRM = 7


@dataclass
class TalkDraft:
    case_id: int = 0
    cadre: str = ""
    recalled_on: date | None = None
    held_on: date | None = None
    place: str = ""
    summary: str = ""
    voice: str | None = None
    attitude: int = 0
    actions: str = ""


async def cmd_talk(update: Update, context: AppContext, draft: TalkDraft) -> int | None:
    return State.CASE if await PICKER.show(update, context) else None


async def on_case(update: Update, context: AppContext, draft: TalkDraft) -> int:
    case: Case = await PICKER.picked(update, context)
    draft.case_id, draft.cadre, draft.recalled_on = case.id, case.cadre.name, case.recalled_on
    text = context.t("talk-ask-date", name=case.cadre.name)
    await reply(update, context, text, day_buttons(context, BUTTONS))
    return State.DATE


async def _take_day(update: Update, context: AppContext, draft: TalkDraft, day: date) -> int:
    assert draft.recalled_on is not None
    check_held_on(day, draft.recalled_on, context.today())  # the service's rule, its today
    draft.held_on = day
    await reply(update, context, context.t("talk-ask-place", day=context.date(day)))
    return State.PLACE


async def on_day_button(update: Update, context: AppContext, draft: TalkDraft) -> int:
    return await _take_day(update, context, draft, pressed_day(update, context, BUTTONS))


async def on_day_text(update: Update, context: AppContext, draft: TalkDraft) -> int | None:
    message = update.effective_message
    day = parse_day(message.text or "", context) if message else None
    if day is None:
        await reply(update, context, context.t("form-expects-date"))
        return None
    return await _take_day(update, context, draft, day)


async def on_place(update: Update, context: AppContext, draft: TalkDraft) -> int | None:
    place = await typed_text(update, context, limit=PLACE_LIMIT)
    if place is None:
        return None
    draft.place = place
    await reply(update, context, context.t("talk-ask-summary"))
    return State.SUMMARY


async def on_summary(update: Update, context: AppContext, draft: TalkDraft) -> int | None:
    ref = file_of(update.effective_message)
    if ref is not None:
        draft.summary, draft.voice = "", ref.file_id
    else:
        summary = await typed_text(update, context)
        if summary is None:
            return None
        draft.summary, draft.voice = summary, None
    buttons = [[(str(n), BUTTONS.data("a", n)) for n in ATTITUDES]]
    await reply(update, context, context.t("talk-ask-attitude", name=draft.cadre), buttons)
    return State.ATTITUDE


async def on_attitude(update: Update, context: AppContext, draft: TalkDraft) -> int:
    draft.attitude = BUTTONS.choice(data_of(update), "a", ATTITUDES)
    await reply(update, context, context.t("talk-ask-actions"))
    return State.ACTIONS


async def on_actions(update: Update, context: AppContext, draft: TalkDraft) -> int | None:
    actions = await typed_text(update, context)
    if actions is None:
        return None
    draft.actions = actions
    assert draft.held_on is not None
    summary = excerpt(draft.summary) if not draft.voice else context.t("talk-summary-voice")
    text = context.t(
        "talk-confirm",
        name=draft.cadre,
        day=context.date(draft.held_on),
        place=draft.place,
        summary=summary,
        attitude=draft.attitude,
        actions=excerpt(actions),
    )
    await ask_confirm(update, context, BUTTONS, text)
    return State.CONFIRM


async def on_save(update: Update, context: AppContext, draft: TalkDraft) -> int:
    assert draft.held_on is not None
    record = TalkRecord(
        held_on=draft.held_on,
        place=draft.place,
        summary=draft.summary,
        attitude=draft.attitude,
        actions=draft.actions,
        voice_file_id=draft.voice,
        voice_data=await download(context, draft.voice) if draft.voice else None,
    )
    talk = await context.services.activities.record_talk(
        draft.case_id, record, mentor=context.require_person()
    )
    text = context.t("talk-saved", id=talk.id, name=draft.cadre, day=context.date(talk.held_on))
    if talk.late:
        text += "\n" + context.t("record-saved-late")
    if talk.entered_late:
        text += "\n" + context.t(
            "record-saved-entered-late", days=context.settings.late_entry_days
        )
    await reply(update, context, text)
    return END


FORM = Form(
    "talk",
    action="talk",
    draft=TalkDraft,
    prefix=BUTTONS,
    entry=[Command(("talk",), cmd_talk)],
    steps={
        State.CASE: step("button", *PICKER.answers(on_case)),
        State.DATE: step("date", Press("d", on_day_button), Text(on_day_text)),
        State.PLACE: step("text", Text(on_place)),
        State.SUMMARY: step("voice", Text(on_summary, TEXT | filters.VOICE)),
        State.ATTITUDE: step("button", Press("a", on_attitude)),
        State.ACTIONS: step("text", Text(on_actions)),
        State.CONFIRM: confirm(on_save),
    },
)


def register(app: RecallApplication) -> None:
    app.add_handler(FORM.handler(app))
