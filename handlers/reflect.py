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

from enum import IntEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.chat.app import RecallApplication
from bot.chat.callbacks import is_id, pack, unpack_ints
from bot.chat.context import AppContext
from bot.services import mentoring
from bot.services.activities import (
    MAX_TEXT,
    MIN_REFLECTION_CHARS,
    ReflectionContent,
    reflection_text,
)
from bot.services.errors import DomainError
from handlers.common import answer, edit_or_send, requires
from handlers.forms import begin, finish, form, step
from handlers.pickers import (
    ask_confirm,
    confirm_handlers,
    download,
    drop_buttons,
    excerpt,
    file_of,
    query_of,
    tagged,
    tell,
    typed_text,
)
from models.enums import Role

PREFIX = "rf"
NEW = "new"
FILES = filters.VOICE | filters.PHOTO | filters.Document.ALL


class State(IntEnum):
    CHOOSE = 1
    CONTENT = 2
    CONFIRM = 3


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


def _start(context: AppContext, view: mentoring.ReflectionView | None) -> str:
    begin(context, "reflect", expect="file")
    context.draft["revise"] = view.id if view is not None else None
    return _asked_for(context, view)


@requires(Role.CADRE)
async def cmd_reflect(update: Update, context: AppContext) -> int | None:
    person = context.require_person()
    if await mentoring.active_case_of(person) is None:
        await answer(update, context, context.t("error-no-active-case"))
        return None
    sent_back = await mentoring.awaiting_revision(person)
    if not sent_back:
        await answer(update, context, _start(context, None))
        return State.CONTENT
    begin(context, "reflect", expect="button")
    lines = [context.t("reflect-choose", count=len(sent_back))]
    buttons = [[(context.t("reflect-new-button"), pack(PREFIX, "r", NEW))]]
    for view in sent_back:
        day = context.date(view.version.submitted_at)
        lines.append(context.t("reflect-sent-back-line", day=day, comment=view.comment))
        buttons.append([(context.t("reflect-revise-button", day=day), pack(PREFIX, "r", view.id))])
    await answer(update, context, "\n".join(lines), buttons)
    return State.CHOOSE


async def on_choice(update: Update, context: AppContext) -> int:
    value = tagged(query_of(update).data, PREFIX, "r")
    view = None
    if value != NEW:
        if not is_id(value):
            raise DomainError("error-stale-button")
        view = await mentoring.revision_request(context.require_person(), int(value))
    await edit_or_send(query_of(update), context, _start(context, view))
    return State.CONTENT


@requires(Role.CADRE)
async def on_revise_notice(update: Update, context: AppContext) -> int:
    """The "revise" button under the notice that a reviewer asked for changes."""
    (reflection_id,) = unpack_ints(query_of(update).data, "rr", 1)
    view = await mentoring.revision_request(context.require_person(), reflection_id)
    await drop_buttons(query_of(update))
    await tell(update, context, _start(context, view))
    return State.CONTENT


async def on_content(update: Update, context: AppContext) -> int | None:
    message = update.effective_message
    ref = file_of(message)
    if ref is None:
        text = await typed_text(update, context, limit=MAX_TEXT)
        if text is None:
            return None
        text = reflection_text(text)  # too short: the error handler says so; the step stays
        context.draft.update(text=text, file_id=None, file_kind=None, file_name=None)
        shown = excerpt(text)
    else:
        caption = (message.caption or "").strip() if message is not None else ""
        context.draft.update(
            text=caption, file_id=ref.file_id, file_kind=ref.kind, file_name=ref.name
        )
        shown = context.t(f"file-kind-{ref.kind}") + (f" {ref.name}" if ref.name else "")
        if caption:
            shown += f"\n{excerpt(caption)}"
    key = "reflect-confirm-revision" if context.draft["revise"] else "reflect-confirm-new"
    await ask_confirm(update, context, PREFIX, context.t(key, content=shown))
    return State.CONFIRM


async def on_save(update: Update, context: AppContext) -> int:
    draft, person = context.draft, context.require_person()
    data = await download(context, draft["file_id"]) if draft["file_id"] else None
    content = ReflectionContent(
        draft["text"], draft["file_id"], draft["file_kind"], draft["file_name"], data
    )
    activities = context.services.activities
    if draft["revise"]:
        version = await activities.revise_reflection(draft["revise"], content, cadre=person)
        number, late = version.number, False
    else:
        reflection = await activities.submit_reflection(content, cadre=person)
        number, late = 1, reflection.late
    text = context.t("reflect-saved", version=number)
    if late:
        text += "\n" + context.t("reflect-saved-late")
    await edit_or_send(query_of(update), context, text)
    return finish(context)


def register(app: RecallApplication) -> None:
    text = filters.TEXT & ~filters.COMMAND
    app.add_handler(
        form(
            "reflect",
            entry_points=[
                CommandHandler("reflect", cmd_reflect),
                CallbackQueryHandler(on_revise_notice, pattern=r"^rr:"),
            ],
            states={
                State.CHOOSE: [CallbackQueryHandler(step(on_choice), pattern=rf"^{PREFIX}:r:")],
                State.CONTENT: [MessageHandler(text | FILES, step(on_content))],
                State.CONFIRM: confirm_handlers(PREFIX, on_save),
            },
        )
    )
