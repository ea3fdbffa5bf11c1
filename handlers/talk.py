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
from bot.services import access, policy
from bot.services.activities import TALK_FIELDS, TalkRecord, check_held_on
from bot.services.errors import DomainError
from bot.services.notices import START_TALK_PREFIX, TALK_CORRECT_PREFIX
from handlers.forms import END, TEXT, Button, Command, Form, Press, Text, confirm, step
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
    query_of,
    reply,
    tell,
    typed_text,
)
from models import Case, Talk
from models.enums import CaseStatus

BUTTONS = claim("tk", "talk")
FROM_NOTICE = claim(START_TALK_PREFIX, "talk")  # notices2: 登记谈话 under a reminder
CORRECT_NOTICE = claim(TALK_CORRECT_PREFIX, "talk_correct")
FIX = claim("tfe", "talk_correct")
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
    scan: str | None = None  # notices2: a photo or scan of the paper record
    scan_kind: str | None = None
    scan_name: str | None = None


async def cmd_talk(update: Update, context: AppContext, draft: TalkDraft) -> int | None:
    return State.CASE if await PICKER.show(update, context) else None


async def on_case(update: Update, context: AppContext, draft: TalkDraft) -> int:
    case: Case = await PICKER.picked(update, context)
    draft.case_id, draft.cadre, draft.recalled_on = case.id, case.cadre.name, case.recalled_on
    text = context.t("talk-ask-date", name=case.cadre.name)
    await reply(update, context, text, day_buttons(context, BUTTONS, earliest=draft.recalled_on))
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
    await reply(update, context, context.t("talk-ask-summary-or-scan"))
    return State.SUMMARY


async def on_summary(update: Update, context: AppContext, draft: TalkDraft) -> int | None:
    message = update.effective_message
    ref = file_of(message)
    if ref is not None and ref.kind in ("photo", "document"):
        # notices2: a photo or scan of the paper record; its caption is the summary.
        caption = (message.caption or "").strip() if message is not None else ""
        draft.summary, draft.voice = caption, None
        draft.scan, draft.scan_kind, draft.scan_name = ref.file_id, ref.kind, ref.name
    elif ref is not None:
        draft.summary, draft.voice = "", ref.file_id
        draft.scan = draft.scan_kind = draft.scan_name = None
    else:
        summary = await typed_text(update, context)
        if summary is None:
            return None
        draft.summary, draft.voice = summary, None
        draft.scan = draft.scan_kind = draft.scan_name = None
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
    if draft.scan:
        summary = context.t(f"file-kind-{draft.scan_kind}") + (
            f" {draft.scan_name}" if draft.scan_name else ""
        )
        summary += f"\n{excerpt(draft.summary)}" if draft.summary else ""
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
        scan_file_id=draft.scan,
        scan_kind=draft.scan_kind,
        scan_name=draft.scan_name,
        scan_data=await download(context, draft.scan) if draft.scan else None,
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


async def on_talk_notice(update: Update, context: AppContext, draft: TalkDraft) -> int:
    """登记谈话 under a reminder or a nudge: the form opens on that case, at the date."""
    (case_id,) = FROM_NOTICE.ids(data_of(update), 1)
    case = await access.case_for(context.require_person(), case_id, *policy.roles("talk"))
    if case.status != CaseStatus.ACTIVE:
        raise DomainError("error-case-closed")
    await case.fetch_related("cadre")
    draft.case_id, draft.cadre, draft.recalled_on = case.id, case.cadre.name, case.recalled_on
    await query_of(update).answer()
    text = context.t("talk-ask-date", name=case.cadre.name)
    await tell(update, context, text, day_buttons(context, BUTTONS, earliest=draft.recalled_on))
    return State.DATE


FORM = Form(
    "talk",
    action="talk",
    draft=TalkDraft,
    prefix=BUTTONS,
    entry=[Command(("talk",), cmd_talk), Button(FROM_NOTICE.pattern(), on_talk_notice)],
    steps={
        State.CASE: step("button", *PICKER.answers(on_case)),
        State.DATE: step("date", Press("d", on_day_button), Text(on_day_text)),
        State.PLACE: step("text", Text(on_place)),
        State.SUMMARY: step(
            "record", Text(on_summary, TEXT | filters.VOICE | filters.PHOTO | filters.Document.ALL)
        ),
        State.ATTITUDE: step("button", Press("a", on_attitude)),
        State.ACTIONS: step("text", Text(on_actions)),
        State.CONFIRM: confirm(on_save),
    },
)


# notices2: the mentor corrects a saved talk record (issue 10 point 7b) ------------------
#
#   tfx:<talk id> (under the dispute notice) ─> FIELD ─tfe:f:place|summary|actions─> VALUE
#   ─text─> CONFIRM ─save─> correct_talk ─> the cadre is asked to confirm again


class Fix(IntEnum):
    FIELD = 1
    VALUE = 2
    CONFIRM = 3


@dataclass
class FixDraft:
    talk_id: int = 0
    cadre: str = ""
    field: str = ""
    before: str = ""
    value: str = ""


async def _talk_of(context: AppContext, talk_id: int) -> Talk:
    """A talk record this mentor made, on a case they still have."""
    person = context.require_person()
    talk = await Talk.get_or_none(id=talk_id).prefetch_related("case__cadre")
    if talk is None or talk.mentor_id != person.id:
        raise DomainError("error-case-not-found")
    await access.case_for(person, talk.case_id, *policy.roles("correct_talk"))
    return talk


async def on_correct(update: Update, context: AppContext, draft: FixDraft) -> int:
    (talk_id,) = CORRECT_NOTICE.ids(data_of(update), 1)
    talk = await _talk_of(context, talk_id)
    draft.talk_id, draft.cadre = talk.id, talk.case.cadre.name
    await query_of(update).answer()
    buttons = [[(context.t(f"talk-field-{name}"), FIX.data("f", name)) for name in TALK_FIELDS]]
    text = context.t("talk-correct-ask-field", name=draft.cadre, day=context.date(talk.held_on))
    await tell(update, context, text, buttons)
    return Fix.FIELD


async def on_field(update: Update, context: AppContext, draft: FixDraft) -> int:
    draft.field = FIX.choice(data_of(update), "f", list(TALK_FIELDS))
    talk = await _talk_of(context, draft.talk_id)
    draft.before = getattr(talk, draft.field)
    text = context.t(
        "talk-correct-ask-value",
        field=context.t(f"talk-field-{draft.field}"),
        before=excerpt(draft.before) or "—",
    )
    await reply(update, context, text)
    return Fix.VALUE


async def on_value(update: Update, context: AppContext, draft: FixDraft) -> int | None:
    value = await typed_text(update, context, limit=TALK_FIELDS[draft.field])
    if value is None:
        return None
    draft.value = value
    text = context.t(
        "talk-correct-confirm",
        field=context.t(f"talk-field-{draft.field}"),
        before=excerpt(draft.before) or "—",
        after=excerpt(value),
        name=draft.cadre,
    )
    await ask_confirm(update, context, FIX, text)
    return Fix.CONFIRM


async def on_fix_save(update: Update, context: AppContext, draft: FixDraft) -> int:
    await context.services.activities.correct_talk(
        draft.talk_id, {draft.field: draft.value}, by=context.require_person()
    )
    await reply(update, context, context.t("talk-correct-saved", name=draft.cadre))
    return END


FIX_FORM = Form(
    "talk_correct",
    action="correct_talk",
    draft=FixDraft,
    prefix=FIX,
    entry=[Button(CORRECT_NOTICE.pattern(), on_correct)],
    steps={
        Fix.FIELD: step("button", Press("f", on_field)),
        Fix.VALUE: step("text", Text(on_value)),
        Fix.CONFIRM: confirm(on_fix_save),
    },
)


def register(app: RecallApplication) -> None:
    app.add_handler(FORM.handler(app))
    app.add_handler(FIX_FORM.handler(app))
