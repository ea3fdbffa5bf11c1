"""Replies for anything no flow took: unknown commands, stray text or files, old buttons.

A cadre's stray text may be a question for the mentor ("下次谈话是什么时候？"): it is offered
to be passed on (branch views2), `qa:s:1` passes the text kept in user_data, `qa:n:1` drops it.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim
from bot.chat.context import AppContext
from bot.services import mentoring
from handlers.choices import join_names
from handlers.common import answer, edit_or_send, requires
from handlers.pickers import data_of, excerpt, query_of
from models.enums import Role

QUESTION = claim("qa", "question")
KEPT = "question"  # user_data: the text offered to be passed on


async def on_unknown_command(update: Update, context: AppContext) -> None:
    await answer(update, context, context.t("unknown-command"))


async def on_stray_message(update: Update, context: AppContext) -> None:
    if context.person is None:
        await answer(update, context, context.t("start-no-invite"))
        return
    message = update.message
    text = (message.text or "").strip() if message is not None else ""
    if (
        text
        and Role.CADRE in context.roles
        and len(text) <= mentoring.QUESTION_LIMIT
        and context.user_data is not None
        and await mentoring.active_case_of(context.person) is not None
    ):
        context.user_data[KEPT] = text
        rows = [
            [
                (context.t("question-pass-button"), QUESTION.data("s", 1)),
                (context.t("question-keep-button"), QUESTION.data("n", 1)),
            ]
        ]
        shown = excerpt(text, 200)
        await answer(update, context, context.t("question-offer", question=shown), rows)
        return
    await answer(update, context, context.t("unexpected-text"))


@requires("plan")  # the cadre's own management
async def on_question(update: Update, context: AppContext) -> None:
    query = query_of(update)
    tag, _ = QUESTION.split(data_of(update))
    kept = context.user_data.pop(KEPT, None) if context.user_data is not None else None
    if tag not in ("s", "n") or not isinstance(kept, str):
        await answer(update, context, context.t("question-gone"))  # a new message: said each time
        return
    if tag == "n":
        await edit_or_send(query, context, context.t("question-kept"))
        return
    names = await mentoring.pass_question(context.require_person(), kept, context.clock.now())
    text = context.t("question-passed", mentors=join_names(context, names))
    await edit_or_send(query, context, text)


async def on_stray_button(update: Update, context: AppContext) -> None:
    await answer(update, context, context.t("error-stale-button"))


def register(app: RecallApplication) -> None:
    app.add_handler(MessageHandler(filters.COMMAND, on_unknown_command))
    app.add_handler(MessageHandler(filters.ALL, on_stray_message))
    app.add_handler(CallbackQueryHandler(on_question, pattern=QUESTION.pattern()))
    app.add_handler(CallbackQueryHandler(on_stray_button))
