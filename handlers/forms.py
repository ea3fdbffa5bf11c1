"""What every multi-step form shares: a draft, /cancel, a timeout on the injected clock."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.chat.context import AppContext
from handlers.common import answer

FORM_TIMEOUT = timedelta(minutes=30)
END = ConversationHandler.END
Step = Callable[[Update, AppContext], Coroutine[Any, Any, object]]


def begin(context: AppContext, form: str, expect: str = "text") -> dict[str, Any]:
    """Start a fresh draft for a form; another form left open in this chat ends here."""
    _end_other_forms(context, form)
    context.draft.clear()
    context.draft.update(form=form, expect=expect, touched=context.clock.now().isoformat())
    return context.draft


def _end_other_forms(context: AppContext, keep: str) -> None:
    # All forms share one draft: a form abandoned without /cancel would otherwise keep its
    # state and take the next text meant for the new form. PTB has no public call for this.
    if context._chat_id is None or context._user_id is None:
        return
    key = (context._chat_id, context._user_id)
    for handler in context.application.handlers.get(0, []):
        if isinstance(handler, ConversationHandler) and handler.name != keep:
            handler._update_state(END, key)


def expect(context: AppContext, kind: str) -> None:
    """Say what the next answer should be (used to explain wrong input)."""
    context.draft["expect"] = kind


def finish(context: AppContext) -> int:
    context.draft.clear()
    return END


def step(handler: Step) -> Step:
    """Run a form step unless the form has been idle longer than the timeout."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: AppContext) -> object:
        touched = context.draft.get("touched")
        now = context.clock.now()
        if touched is None or now - datetime.fromisoformat(touched) > FORM_TIMEOUT:
            context.draft.clear()
            await answer(update, context, context.t("form-expired"))
            return END
        context.draft["touched"] = now.isoformat()
        return await handler(update, context)

    return guarded


async def cmd_cancel(update: Update, context: AppContext) -> int:
    context.draft.clear()
    await answer(update, context, context.t("form-cancelled"))
    return END


async def on_wrong_input(update: Update, context: AppContext) -> None:
    """Input of the wrong kind (a file for text, text for a button...): say so, stay put."""
    kind = context.draft.get("expect", "text")
    await answer(update, context, context.t(f"form-expects-{kind}"))


def form(
    name: str,
    entry_points: list[BaseHandler[Update, AppContext, Any]],
    states: dict[object, list[BaseHandler[Update, AppContext, Any]]],
) -> ConversationHandler[AppContext]:
    """A persistent form with /cancel and a reply for input of the wrong kind."""
    # Forms are per user and chat on purpose: a button pressed on any message of the form
    # moves it on (button data is checked again), so PTB's per_message hint does not apply.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        return ConversationHandler(
            entry_points=entry_points,
            states=states,
            fallbacks=[
                CommandHandler("cancel", cmd_cancel),
                MessageHandler(~filters.COMMAND, on_wrong_input),
            ],
            name=name,
            persistent=True,
            allow_reentry=True,
        )
