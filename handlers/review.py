"""/review: a mentor reads a submitted reflection, then accepts it or asks for a revision.

    /review ─> PICK ─rw:r:<id>─┐
    rv:<id> (from the "reflection to review" notice) ─┴─> DECIDE ─rw:d:accept──────> CONFIRM
                                                          DECIDE ─rw:d:revise─> COMMENT ─text─┘
    CONFIRM ─save─> review_reflection ─> saved

The reflection is shown as text, or its file is sent again by file_id.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from telegram import Update

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim
from bot.chat.context import AppContext
from bot.chat.text import utf16_len
from bot.services import mentoring, policy
from bot.services.activities import MAX_TEXT
from bot.services.notices import OPEN_REVIEW_PREFIX
from handlers.common import answer, edit_or_send, send_text
from handlers.forms import END, Button, Command, Form, Press, Text, confirm, step
from handlers.pickers import (
    FileRef,
    ask_confirm,
    data_of,
    drop_buttons,
    paged,
    query_of,
    reply,
    send_file,
    typed_text,
)
from models.enums import ReviewDecision

BUTTONS = claim("rw", "review")
NOTICE = claim(OPEN_REVIEW_PREFIX, "review")
ACTION = "review"
CAPTION_LIMIT = 1024


class State(IntEnum):
    PICK = 1
    DECIDE = 2
    COMMENT = 3
    CONFIRM = 4


@dataclass
class ReviewDraft:
    reflection_id: int = 0
    cadre: str = ""
    version: int = 0
    decision: str = ""
    comment: str = ""


async def _pick_list(update: Update, context: AppContext, page: int = 0) -> bool:
    pending = await mentoring.pending_reviews(context.require_person(), policy.roles(ACTION))
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
            BUTTONS.data("r", view.id),
        )
        for view in pending
    ]
    text = context.t("review-pick", count=len(pending))
    await reply(update, context, text, paged(items, page, BUTTONS))
    return True


async def cmd_review(update: Update, context: AppContext, draft: ReviewDraft) -> int | None:
    if not await _pick_list(update, context):
        await answer(update, context, context.t("review-none"))
        return None
    return State.PICK


async def on_page(update: Update, context: AppContext, draft: ReviewDraft) -> None:
    await _pick_list(update, context, BUTTONS.number(data_of(update), "p"))


async def _reflection(context: AppContext, reflection_id: int) -> mentoring.ReflectionView:
    person = context.require_person()
    return await mentoring.reflection_to_review(person, policy.roles(ACTION), reflection_id)


async def _open(
    update: Update, context: AppContext, draft: ReviewDraft, view: mentoring.ReflectionView
) -> int:
    """Show the reflection (text, or its file sent again) and ask for the decision."""
    version = view.version
    draft.reflection_id, draft.cadre, draft.version = view.id, view.cadre, version.number
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
        # Telegram counts UTF-16 code units: 500 emoji are 1,000 of them, not 500.
        if utf16_len(caption) > CAPTION_LIMIT:
            caption = header
            await send_text(context, chat_id, body)
        await send_file(context, chat_id, ref, caption)
    else:
        await send_text(context, chat_id, f"{header}\n\n{body}")
    buttons = [
        [
            (context.t("review-accept-button"), BUTTONS.data("d", ReviewDecision.ACCEPT.value)),
            (context.t("review-revise-button"), BUTTONS.data("d", ReviewDecision.REVISE.value)),
        ]
    ]
    await send_text(context, chat_id, context.t("review-decide"), buttons)
    return State.DECIDE


async def on_pick(update: Update, context: AppContext, draft: ReviewDraft) -> int:
    reflection_id = BUTTONS.number(data_of(update), "r")
    return await _open(update, context, draft, await _reflection(context, reflection_id))


async def on_review_notice(update: Update, context: AppContext, draft: ReviewDraft) -> int:
    """The "review" button under the notice that a reflection waits for review."""
    (reflection_id,) = NOTICE.ids(data_of(update), 1)
    return await _open(update, context, draft, await _reflection(context, reflection_id))


async def on_decide(update: Update, context: AppContext, draft: ReviewDraft) -> int:
    decision = BUTTONS.member(data_of(update), "d", ReviewDecision)
    draft.decision, draft.comment = decision.value, ""
    if decision == ReviewDecision.REVISE:
        await edit_or_send(query_of(update), context, context.t("review-ask-comment"))
        return State.COMMENT
    return await _confirm(update, context, draft)


async def on_comment(update: Update, context: AppContext, draft: ReviewDraft) -> int | None:
    comment = await typed_text(update, context, limit=MAX_TEXT)
    if comment is None:
        return None
    draft.comment = comment
    return await _confirm(update, context, draft)


async def _confirm(update: Update, context: AppContext, draft: ReviewDraft) -> int:
    key = f"review-confirm-{draft.decision}"
    text = context.t(key, name=draft.cadre, version=draft.version, comment=draft.comment)
    await ask_confirm(update, context, BUTTONS, text)
    return State.CONFIRM


async def on_save(update: Update, context: AppContext, draft: ReviewDraft) -> int:
    decision = ReviewDecision(draft.decision)
    await context.services.activities.review_reflection(
        draft.reflection_id, decision, draft.comment, reviewer=context.require_person()
    )
    text = context.t(f"review-saved-{decision.value}", name=draft.cadre, version=draft.version)
    await edit_or_send(query_of(update), context, text)
    return END


FORM = Form(
    "review",
    action=ACTION,
    draft=ReviewDraft,
    prefix=BUTTONS,
    entry=[Command(("review",), cmd_review), Button(NOTICE.pattern(), on_review_notice)],
    steps={
        State.PICK: step("button", Press("r", on_pick), Press("p", on_page)),
        State.DECIDE: step("button", Press("d", on_decide)),
        State.COMMENT: step("text", Text(on_comment)),
        State.CONFIRM: confirm(on_save),
    },
)


def register(app: RecallApplication) -> None:
    app.add_handler(FORM.handler(app))
