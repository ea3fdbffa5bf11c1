"""What every flow shares: access checks, replies, keyboards, long-text splitting."""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, TypeVar

from telegram import (
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ParseMode

from bot.chat.context import AppContext
from bot.chat.text import MESSAGE_LIMIT, split_message, utf16_len
from bot.services import policy

R = TypeVar("R")

# branch forms2: what a form's step asked, recorded so that the form can ask it again (a
# "change one field" on the confirm screen), and a muted replay of recorded answers.
Prompt = tuple[str, list[list[tuple[str, str]]]]
PROMPTS: contextvars.ContextVar[list[Prompt] | None] = contextvars.ContextVar(
    "prompts", default=None
)
MUTED: contextvars.ContextVar[bool] = contextvars.ContextVar("muted", default=False)


def _note(text: str, markup: InlineKeyboardMarkup | None) -> None:
    prompts = PROMPTS.get()
    if prompts is None:
        return
    rows = [
        [(b.text, str(b.callback_data)) for b in row if b.callback_data is not None]
        for row in (markup.inline_keyboard if markup is not None else ())
    ]
    prompts.append((text, rows))


Callback = Callable[[Update, AppContext], Coroutine[Any, Any, R]]
Buttons = Sequence[Sequence[tuple[str, str]]]


async def permitted(update: Update, context: AppContext, action: str) -> bool:
    """Enrolled and holding a role the policy gives the action; else say why not."""
    if context.person is None or not context.roles:
        await answer(update, context, context.t("error-not-enrolled"))
        return False
    if not policy.allows(context.roles, action):
        await answer(update, context, context.t("error-not-allowed"))
        return False
    return True


def requires(action: str) -> Callable[[Callback[R]], Callback[R | None]]:
    """Let the handler run only for an enrolled person whom the policy allows the action."""
    policy.roles(action)  # an action the table lacks fails at import

    def decorate(handler: Callback[R]) -> Callback[R | None]:
        @functools.wraps(handler)
        async def guarded(update: Update, context: AppContext) -> R | None:
            if not await permitted(update, context, action):
                return None
            return await handler(update, context)

        return guarded

    return decorate


def keyboard(rows: Buttons) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


async def send_text(
    context: AppContext,
    chat_id: int,
    text: str,
    buttons: Buttons | InlineKeyboardMarkup | None = None,
    **kwargs: Any,
) -> Message:
    """Send HTML text; buttons go on the last part."""
    markup = (
        keyboard(buttons)
        if buttons is not None and not isinstance(buttons, InlineKeyboardMarkup)
        else buttons
    )
    _note(text, markup)
    if MUTED.get():
        return Message(0, context.clock.now(), Chat(chat_id, Chat.PRIVATE), text=text)
    parts = split_message(text)
    message: Message | None = None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        message = await context.bot.send_message(
            chat_id,
            part,
            parse_mode=ParseMode.HTML,
            reply_markup=markup if last else None,
            **kwargs,
        )
    assert message is not None
    return message


async def answer(
    update: Update,
    context: AppContext,
    text: str,
    buttons: Buttons | InlineKeyboardMarkup | None = None,
) -> Message | None:
    """Reply in the chat the update came from; a button press is acknowledged first."""
    if update.callback_query is not None and not MUTED.get():
        await update.callback_query.answer()
    chat = update.effective_chat
    if chat is None:
        return None
    return await send_text(context, chat.id, text, buttons)


async def edit_or_send(
    query: CallbackQuery, context: AppContext, text: str, buttons: Buttons | None = None
) -> None:
    """Replace the message that holds the pressed button (its keyboard goes with it)."""
    markup = keyboard(buttons) if buttons is not None else None
    if MUTED.get():
        _note(text, markup)
        return
    await query.answer()
    if isinstance(query.message, Message) and utf16_len(text) <= MESSAGE_LIMIT:
        _note(text, markup)
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    elif query.message is not None:
        await send_text(context, query.message.chat.id, text, markup)
