"""/reflect: a cadre submits a reflection, or revises one that a reviewer sent back.

/reflect ─(reflections sent back?)─> CHOOSE ─rf:r:new | rf:r:<id>─┐
   │ (none)                                                       │
   └────────────────────────────> CONTENT <─ rr:<id> (from the ───┘
                                  │            revision notice)
          text (≥ MIN_REFLECTION_CHARS), voice note, photo or document
                                  v
                               CONFIRM ─save─> submit_reflection | revise_reflection
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from telegram import Update
from telegram.ext import filters

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim, is_id, stale
from bot.chat.context import AppContext
from bot.services import mentoring
from bot.services.activities import (
    MAX_TEXT,
    MIN_REFLECTION_CHARS,
    ReflectionContent,
    reflection_text,
)
from bot.services.notices import REVISE_PREFIX, START_REFLECT_PREFIX
from bot.services.texts import short_file_name
from handlers.common import answer, edit_or_send
from handlers.forms import END, TEXT, Button, Command, Form, Press, Text, confirm, step
from handlers.pickers import (
    ask_confirm,
    data_of,
    download,
    drop_buttons,
    excerpt,
    file_of,
    query_of,
    tell,
    typed_text,
)

BUTTONS = claim("rf", "reflect")
NOTICE = claim(REVISE_PREFIX, "reflect")
FROM_REMINDER = claim(START_REFLECT_PREFIX, "reflect")
NEW = "new"
FILES = filters.VOICE | filters.PHOTO | filters.Document.ALL


class State(IntEnum):
    CHOOSE = 1
    CONTENT = 2
    CONFIRM = 3


@dataclass
class ReflectDraft:
    revise: int | None = None  # the reflection sent back that this revises
    text: str = ""
    file_id: str | None = None
    file_kind: str | None = None
    file_name: str | None = None


def _asked_for(context: AppContext, view: mentoring.ReflectionView | None) -> str:
    if view is None:
        return context.t("reflect-ask-content", minimum=MIN_REFLECTION_CHARS)
    return context.t(
        "reflect-ask-revision",
        day=context.date(view.version.submitted_at),
        version=view.version.number,
        comment=view.comment,
        minimum=MIN_REFLECTION_CHARS,
    )


def _start(context: AppContext, draft: ReflectDraft, view: mentoring.ReflectionView | None) -> str:
    draft.revise = view.id if view is not None else None
    return _asked_for(context, view)


async def cmd_reflect(update: Update, context: AppContext, draft: ReflectDraft) -> int | None:
    person = context.require_person()
    if await mentoring.active_case_of(person) is None:
        await answer(update, context, context.t("error-no-active-case"))
        return None
    sent_back = await mentoring.awaiting_revision(person)
    if not sent_back:
        await answer(update, context, _start(context, draft, None))
        return State.CONTENT
    lines = [context.t("reflect-choose", count=len(sent_back))]
    buttons = [[(context.t("reflect-new-button"), BUTTONS.data("r", NEW))]]
    for view in sent_back:
        day = context.date(view.version.submitted_at)
        lines.append(context.t("reflect-sent-back-line", day=day, comment=view.comment))
        buttons.append([(context.t("reflect-revise-button", day=day), BUTTONS.data("r", view.id))])
    await answer(update, context, "\n".join(lines), buttons)
    return State.CHOOSE


async def on_choice(update: Update, context: AppContext, draft: ReflectDraft) -> int:
    value = BUTTONS.value(data_of(update), "r")
    view = None
    if value != NEW:
        if not is_id(value):
            raise stale()
        view = await mentoring.revision_request(context.require_person(), int(value))
    await edit_or_send(query_of(update), context, _start(context, draft, view))
    return State.CONTENT


async def on_revise_notice(update: Update, context: AppContext, draft: ReflectDraft) -> int:
    """The "revise" button under the notice that a reviewer asked for changes."""
    (reflection_id,) = NOTICE.ids(data_of(update), 1)
    view = await mentoring.revision_request(context.require_person(), reflection_id)
    await drop_buttons(query_of(update))
    await tell(update, context, _start(context, draft, view))
    return State.CONTENT


async def on_reflect_reminder(
    update: Update, context: AppContext, draft: ReflectDraft
) -> int | None:
    """提交思想汇报 under a reminder (notices2): /reflect, for the case it names."""
    (case_id,) = FROM_REMINDER.ids(data_of(update), 1)
    case = await mentoring.active_case_of(context.require_person())
    if case is None or case.id != case_id:
        raise stale()
    await query_of(update).answer()
    return await cmd_reflect(update, context, draft)


async def on_content(update: Update, context: AppContext, draft: ReflectDraft) -> int | None:
    message = update.effective_message
    ref = file_of(message)
    if ref is None:
        text = await typed_text(update, context, limit=MAX_TEXT)
        if text is None:
            return None
        text = reflection_text(text)  # too short: the error handler says so; the step stays
        draft.text, draft.file_id, draft.file_kind, draft.file_name = text, None, None, None
        shown = excerpt(text)
    else:
        caption = (message.caption or "").strip() if message is not None else ""
        draft.text, draft.file_id, draft.file_kind = caption, ref.file_id, ref.kind
        draft.file_name = short_file_name(ref.name)  # Telegram allows longer than we keep
        shown = context.t(f"file-kind-{ref.kind}") + (f" {ref.name}" if ref.name else "")
        if caption:
            shown += f"\n{excerpt(caption)}"
    key = "reflect-confirm-revision" if draft.revise else "reflect-confirm-new"
    await ask_confirm(update, context, BUTTONS, context.t(key, content=shown))
    return State.CONFIRM


async def on_save(update: Update, context: AppContext, draft: ReflectDraft) -> int:
    person = context.require_person()
    data = await download(context, draft.file_id) if draft.file_id else None
    content = ReflectionContent(draft.text, draft.file_id, draft.file_kind, draft.file_name, data)
    activities = context.services.activities
    if draft.revise:
        version = await activities.revise_reflection(draft.revise, content, cadre=person)
        number, late = version.number, False
    else:
        reflection = await activities.submit_reflection(content, cadre=person)
        number, late = 1, reflection.late
    text = context.t("reflect-saved", version=number)
    if late:
        text += "\n" + context.t("reflect-saved-late")
    await edit_or_send(query_of(update), context, text)
    return END


FORM = Form(
    "reflect",
    action="reflect",
    draft=ReflectDraft,
    prefix=BUTTONS,
    entry=[
        Command(("reflect",), cmd_reflect),
        Button(NOTICE.pattern(), on_revise_notice),
        Button(FROM_REMINDER.pattern(), on_reflect_reminder),  # notices2
    ],
    steps={
        State.CHOOSE: step("button", Press("r", on_choice)),
        State.CONTENT: step("file", Text(on_content, TEXT | FILES)),
        State.CONFIRM: confirm(on_save),
    },
)


def register(app: RecallApplication) -> None:
    app.add_handler(FORM.handler(app))
