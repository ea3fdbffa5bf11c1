"""The form definition: a typed draft, an action of the role table, steps and a button prefix.

Each form declares:
- its draft, a dataclass. It is kept in user_data["forms"][<form>] as JSON values (dates as
  ISO text), so it survives a restart, and every step gets it back as the dataclass;
- its action in bot/services/policy.py: the roles that may open the form and answer it;
- its steps: for each state, what it expects (the reply to input of the wrong kind says
  so) and the answers it takes, typed text or a button of its own prefix;
- its button prefix, claimed in bot.chat.callbacks.

One guard runs before every entry point and every step: the person is enrolled and holds a
role the policy gives the action; a step also ends the form when it has been idle longer
than FORM_TIMEOUT on the injected clock.

One form at a time: user_data["form"] names the chat's active form. Opening a form makes it
the active one and drops every other draft. `FormHandler`, a ConversationHandler, overrides
the public `check_update`: a form that is not the active one lets every update pass except
its own entry points. A form left open that way is inert: its next text goes to the form now
open, and it takes nothing more until it is opened again (re-entry starts it afresh). Its
stored state goes too (DatabasePersistence.forget_other_forms), so a restart forgets it.
python-telegram-bot has no public call that ends another handler's conversation; deciding
in `check_update` which form may answer needs none.
"""

from __future__ import annotations

import dataclasses
import types
import typing
import warnings
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Generic, TypeVar

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.ext.filters import BaseFilter
from telegram.warnings import PTBUserWarning

from bot.chat.app import RecallApplication
from bot.chat.callbacks import Prefix
from bot.chat.context import AppContext
from bot.chat.persistence import DatabasePersistence
from handlers.common import answer, edit_or_send, permitted

FORM_TIMEOUT = timedelta(minutes=30)
END = ConversationHandler.END
TEXT = filters.TEXT & ~filters.COMMAND
ACTIVE, FORMS = "form", "forms"
OK = "ok"  # the tag of the Save and Cancel buttons: <prefix>:ok:save|cancel

D = TypeVar("D")
Run = Callable[[Update, AppContext, D], Awaitable[object]]
Handlers = list[BaseHandler[Update, AppContext, Any]]
Callback = Callable[[Update, AppContext], Coroutine[Any, Any, object]]


@dataclass(frozen=True)
class Text(Generic[D]):
    """A typed answer (text by default; voice notes or files with another filter)."""

    run: Run[D]
    filter: BaseFilter = TEXT


@dataclass(frozen=True)
class Press(Generic[D]):
    """A button of the form's prefix: `<prefix>:<tag>:<value>` (any value, or `value`)."""

    tag: str
    run: Run[D]
    value: str | None = None


@dataclass(frozen=True)
class Command(Generic[D]):
    """An entry point by command; `action` when it is another action of the role table."""

    names: tuple[str, ...]
    run: Run[D]
    action: str | None = None


@dataclass(frozen=True)
class Button(Generic[D]):
    """An entry point by a button of another prefix (a notice's, or one under /case)."""

    pattern: str
    run: Run[D]
    action: str | None = None


@dataclass(frozen=True)
class Step(Generic[D]):
    expects: str  # text | button | date | number | voice | file | confirm
    answers: tuple[Text[D] | Press[D], ...]


def step(expects: str, *answers: Text[D] | Press[D]) -> Step[D]:
    return Step(expects, answers)


async def on_cancel_button(update: Update, context: AppContext, draft: object) -> int:
    assert update.callback_query is not None
    await edit_or_send(update.callback_query, context, context.t("form-cancelled"))
    return END


def confirm(on_save: Run[D]) -> Step[D]:
    """The last step: Save runs `on_save`, Cancel drops the draft."""
    return step("confirm", Press(OK, on_save, "save"), Press(OK, on_cancel_button, "cancel"))


def confirm_buttons(context: AppContext, prefix: Prefix) -> list[list[tuple[str, str]]]:
    return [
        [
            (context.t("form-save"), prefix.data(OK, "save")),
            (context.t("form-discard"), prefix.data(OK, "cancel")),
        ]
    ]


class FormHandler(ConversationHandler[AppContext]):
    """A form's conversation: only the chat's active form answers anything but its entry."""

    def __init__(self, application: RecallApplication, **kwargs: Any) -> None:
        # Forms are per user and chat on purpose: a button pressed on any message of the
        # form moves it on (button data is checked again), so PTB's per_message hint does
        # not apply.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
            super().__init__(persistent=True, allow_reentry=True, **kwargs)
        self.application = application

    def check_update(self, update: object) -> Any:
        found = super().check_update(update)
        if found is None or found[2] in self.entry_points:
            return found
        user = update.effective_user if isinstance(update, Update) else None
        data = self.application.user_data.get(user.id) if user is not None else None
        return found if data is not None and data.get(ACTIVE) == self.name else None


class Form(Generic[D]):
    def __init__(
        self,
        name: str,
        *,
        action: str,
        draft: type[D],
        prefix: Prefix,
        entry: list[Command[D] | Button[D]],
        steps: Mapping[int, Step[D]],
    ) -> None:
        self.name, self.action, self.draft, self.prefix = name, action, draft, prefix
        self.entry, self.steps = entry, steps

    # The draft in user_data ---------------------------------------------------------------

    def saved(self, user_data: dict[str, Any] | None) -> D | None:
        """The draft kept for this form, as its dataclass (None when the form is not open)."""
        meta = _meta(user_data, self.name)
        return None if meta is None else _load(self.draft, meta["draft"])

    def _open(self, context: AppContext, draft: D, state: object) -> None:
        assert context.user_data is not None
        context.user_data[ACTIVE] = self.name
        context.user_data[FORMS] = {self.name: {}}
        self._keep(context, draft, state)

    def _keep(self, context: AppContext, draft: D, state: object) -> None:
        meta = _meta(context.user_data, self.name)
        if meta is None:
            return
        meta.update(draft=_dump(draft), touched=context.clock.now().isoformat())
        if isinstance(state, int) and state != END:
            meta["state"] = int(state)

    def _close(self, context: AppContext) -> None:
        data = context.user_data
        if data is not None and data.get(ACTIVE) == self.name:
            data.pop(ACTIVE, None)
            data.pop(FORMS, None)

    # The guard ----------------------------------------------------------------------------

    def _entry(self, run: Run[D], action: str | None) -> Callback:
        async def entry(update: Update, context: AppContext) -> object:
            if not await permitted(update, context, action or self.action):
                return None
            draft = self.draft()
            result = await run(update, context, draft)
            if result == END:
                self._close(context)
            elif result is not None:
                self._open(context, draft, result)
                persistence = context.application.persistence
                chat, user = update.effective_chat, update.effective_user
                if isinstance(persistence, DatabasePersistence) and chat and user:
                    await persistence.forget_other_forms((chat.id, user.id), self.name)
            return result

        return entry

    def _step(self, run: Run[D]) -> Callback:
        async def guarded(update: Update, context: AppContext) -> object:
            if not await permitted(update, context, self.action):
                return None
            meta = _meta(context.user_data, self.name)
            now = context.clock.now()
            if meta is None or now - datetime.fromisoformat(meta["touched"]) > FORM_TIMEOUT:
                self._close(context)
                await answer(update, context, context.t("form-expired"))
                return END
            draft = _load(self.draft, meta["draft"])
            result: object = None
            try:
                result = await run(update, context, draft)
                return result
            finally:
                if result == END:
                    self._close(context)
                else:
                    self._keep(context, draft, result)

        return guarded

    async def _cancel(self, update: Update, context: AppContext) -> int:
        self._close(context)
        await answer(update, context, context.t("form-cancelled"))
        return END

    async def _wrong_input(self, update: Update, context: AppContext) -> None:
        """Input of the wrong kind (a file for text, text for a button...): say so, stay put."""
        meta = _meta(context.user_data, self.name) or {}
        shown = self.steps.get(meta.get("state", -1))
        kind = shown.expects if shown is not None else "text"
        await answer(update, context, context.t(f"form-expects-{kind}"))

    # The handler --------------------------------------------------------------------------

    def _answer(self, each: Text[D] | Press[D]) -> BaseHandler[Update, AppContext, Any]:
        if isinstance(each, Text):
            return MessageHandler(each.filter, self._step(each.run))
        return CallbackQueryHandler(
            self._step(each.run), pattern=self.prefix.pattern(each.tag, each.value)
        )

    def handler(self, app: RecallApplication) -> FormHandler:
        entry: Handlers = []
        for each in self.entry:
            run = self._entry(each.run, each.action)
            if isinstance(each, Command):
                entry.append(CommandHandler(list(each.names), run))
            else:
                entry.append(CallbackQueryHandler(run, pattern=each.pattern))
        states = {
            state: [self._answer(each) for each in shown.answers]
            for state, shown in self.steps.items()
        }
        return FormHandler(
            app,
            entry_points=entry,
            states=states,
            fallbacks=[
                CommandHandler("cancel", self._cancel),
                MessageHandler(~filters.COMMAND, self._wrong_input),
            ],
            name=self.name,
        )


def _meta(user_data: dict[str, Any] | None, name: str) -> dict[str, Any] | None:
    if not user_data or user_data.get(ACTIVE) != name:
        return None
    meta: dict[str, Any] | None = user_data.get(FORMS, {}).get(name)
    return meta


# Drafts as JSON -----------------------------------------------------------------------------


def _json(value: Any) -> Any:
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    return value


def _dump(draft: Any) -> dict[str, Any]:
    return {f.name: _json(getattr(draft, f.name)) for f in dataclasses.fields(draft)}


def _kinds(hint: Any) -> set[Any]:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return set(typing.get_args(hint))
    return {hint}


def _load(cls: type[D], data: Mapping[str, Any]) -> D:
    """The dataclass again; ISO text goes back to dates and moments as the fields say."""
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name not in data:
            continue
        value, kinds = data[f.name], _kinds(hints[f.name])
        if isinstance(value, str) and value:
            if datetime in kinds:
                value = datetime.fromisoformat(value)
            elif date in kinds:
                value = date.fromisoformat(value)
        values[f.name] = value
    return cls(**values)
