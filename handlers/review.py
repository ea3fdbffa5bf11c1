"""/review: a mentor reads a submitted reflection, then accepts it or asks for a revision.

    /review ─> PICK ─rw:r:<id>─┐
    rv:<id> (from the "reflection to review" notice) ─┴─> DECIDE ─rw:d:accept──────> CONFIRM
                                                          DECIDE ─rw:d:revise─> COMMENT ─text─┘
    CONFIRM ─save─> review_reflection ─> saved

The reflection is shown as text, or its file is sent again by file_id.
"""

from __future__ import annotations

from enum import IntEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.chat.app import RecallApplication
from bot.chat.callbacks import pack, unpack_ints
from bot.chat.context import AppContext
from bot.services import mentoring
from bot.services.activities import MAX_TEXT
from handlers.common import answer, edit_or_send, requires, send_text
from handlers.forms import begin, expect, finish, form, step
from handlers.pickers import (
    FileRef,
    ask_confirm,
    confirm_handlers,
    drop_buttons,
    enum_choice,
    paged,
    query_of,
    reply,
    send_file,
    tagged,
    tagged_int,
    typed_text,
)
from models.enums import ReviewDecision, Role

PREFIX = "rw"
ROLES = (Role.MENTOR,)
CAPTION_LIMIT = 1024


class State(IntEnum):
    PICK = 1
    DECIDE = 2
    COMMENT = 3
    CONFIRM = 4


async def _pick_list(update: Update, context: AppContext, page: int = 0) -> bool:
    pending = await mentoring.pending_reviews(context.require_person(), ROLES)
    if not pending:
        return False
    items = [
        (
            context.t(
                "review-item",
                name=view.cadre,
                day=context.date(view.version.submitted_at),
                version=view.version.number,
            ),
            pack(PREFIX, "r", view.id),
        )
        for view in pending
    ]
    text = context.t("review-pick", count=len(pending))
    await reply(update, context, text, paged(items, page, PREFIX))
    return True


@requires(*ROLES)
async def cmd_review(update: Update, context: AppContext) -> int | None:
    begin(context, "review", expect="button")
    if not await _pick_list(update, context):
        finish(context)
        await answer(update, context, context.t("review-none"))
        return None
    return State.PICK


async def on_page(update: Update, context: AppContext) -> None:
    await _pick_list(update, context, tagged_int(query_of(update).data, PREFIX, "p"))


async def _reflection(context: AppContext, reflection_id: int) -> mentoring.ReflectionView:
    return await mentoring.reflection_to_review(context.require_person(), ROLES, reflection_id)


async def _open(update: Update, context: AppContext, view: mentoring.ReflectionView) -> int:
    """Show the reflection (text, or its file sent again) and ask for the decision."""
    version = view.version
    context.draft.update(reflection_id=view.id, cadre=view.cadre, version=version.number)
    await drop_buttons(query_of(update))
    assert update.effective_chat is not None
    chat_id = update.effective_chat.id
    header = context.t(
        "review-show",
        name=view.cadre,
        version=version.number,
        time=context.datetime(version.submitted_at),
    )
    body = context.t("review-text", text=version.text) if version.text else ""
    if version.file_id and version.file_kind:
        ref = FileRef(version.file_id, version.file_kind, version.file_name)
        caption = f"{header}\n{body}" if body else header
        if len(caption) > CAPTION_LIMIT:
            caption = header
            await send_text(context, chat_id, body)
        await send_file(context, chat_id, ref, caption)
    else:
        await send_text(context, chat_id, f"{header}\n\n{body}")
    expect(context, "button")
    buttons = [
        [
            (context.t("review-accept-button"), pack(PREFIX, "d", ReviewDecision.ACCEPT.value)),
            (context.t("review-revise-button"), pack(PREFIX, "d", ReviewDecision.REVISE.value)),
        ]
    ]
    await send_text(context, chat_id, context.t("review-decide"), buttons)
    return State.DECIDE


async def on_pick(update: Update, context: AppContext) -> int:
    reflection_id = tagged_int(query_of(update).data, PREFIX, "r")
    return await _open(update, context, await _reflection(context, reflection_id))


@requires(*ROLES)
async def on_review_notice(update: Update, context: AppContext) -> int:
    """The "review" button under the notice that a reflection waits for review."""
    (reflection_id,) = unpack_ints(query_of(update).data, "rv", 1)
    view = await _reflection(context, reflection_id)
    begin(context, "review", expect="button")
    return await _open(update, context, view)


async def on_decide(update: Update, context: AppContext) -> int:
    decision = enum_choice(ReviewDecision, tagged(query_of(update).data, PREFIX, "d"))
    context.draft.update(decision=decision.value, comment="")
    if decision == ReviewDecision.REVISE:
        expect(context, "text")
        await edit_or_send(query_of(update), context, context.t("review-ask-comment"))
        return State.COMMENT
    return await _confirm(update, context)


async def on_comment(update: Update, context: AppContext) -> int | None:
    comment = await typed_text(update, context, limit=MAX_TEXT)
    if comment is None:
        return None
    context.draft["comment"] = comment
    return await _confirm(update, context)


async def _confirm(update: Update, context: AppContext) -> int:
    draft = context.draft
    key = f"review-confirm-{draft['decision']}"
    text = context.t(key, name=draft["cadre"], version=draft["version"], comment=draft["comment"])
    await ask_confirm(update, context, PREFIX, text)
    return State.CONFIRM


async def on_save(update: Update, context: AppContext) -> int:
    draft = context.draft
    decision = ReviewDecision(draft["decision"])
    await context.services.activities.review_reflection(
        draft["reflection_id"], decision, draft["comment"], reviewer=context.require_person()
    )
    text = context.t(
        f"review-saved-{decision.value}", name=draft["cadre"], version=draft["version"]
    )
    await edit_or_send(query_of(update), context, text)
    return finish(context)


def register(app: RecallApplication) -> None:
    app.add_handler(
        form(
            "review",
            entry_points=[
                CommandHandler("review", cmd_review),
                CallbackQueryHandler(on_review_notice, pattern=r"^rv:"),
            ],
            states={
                State.PICK: [
                    CallbackQueryHandler(step(on_pick), pattern=rf"^{PREFIX}:r:"),
                    CallbackQueryHandler(step(on_page), pattern=rf"^{PREFIX}:p:"),
                ],
                State.DECIDE: [CallbackQueryHandler(step(on_decide), pattern=rf"^{PREFIX}:d:")],
                State.COMMENT: [MessageHandler(filters.TEXT & ~filters.COMMAND, step(on_comment))],
                State.CONFIRM: confirm_handlers(PREFIX, on_save),
            },
        )
    )
