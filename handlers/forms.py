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

Nothing typed is lost (issue 10, point 2):
- opening a form while another one has answers asks first: [continue the current form]
  (`<its prefix>:fm:stay`) or [discard it and start the new one] (`<new prefix>:fm:new`, an
  entry point of the new form that replays the update that opened it);
- a text sent after the timeout is kept: [continue with it] (`fm:keep`) feeds it to the step
  where the form stopped, [discard] (`fm:drop`) ends the form;
- a text Telegram's client split in two (the first part exactly at MESSAGE_LIMIT), or a
  second text right after the first into a step that takes one long text (a file step), is
  joined: the step where the first part went takes both parts again;
- a text too long for a step that takes files says to send it as a file.

Saving is idempotent (issue 11): each draft gets an id when its form opens; Save runs inside
`drafts.saving(form, id)`, and the services that write the record remember the id in the
same transaction, so a second press of the same draft's Save answers "already saved".
"""

from __future__ import annotations

import dataclasses
import re
import secrets
import types
import typing
import warnings
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Generic, TypeVar

from telegram import Message, Update
from telegram.error import TelegramError
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
from bot.chat.callbacks import Prefix, pack
from bot.chat.context import AppContext
from bot.chat.persistence import DatabasePersistence
from bot.services import drafts, guards
from bot.services.errors import DomainError
from handlers.common import MUTED, PROMPTS, Prompt, answer, edit_or_send, permitted

FORM_TIMEOUT = timedelta(minutes=30)
END = ConversationHandler.END
TEXT = filters.TEXT & ~filters.COMMAND
ACTIVE, FORMS = "form", "forms"
OK = "ok"  # the tag of the Save and Cancel buttons: <prefix>:ok:save|cancel
FM = "fm"  # the tag of the form's own buttons: <prefix>:fm:stay|new|keep|drop
SWITCH = "form_switch"  # user_data: the update that would open another form, kept while asked
TELEGRAM_SPLIT = 4096  # a client splits a longer text into messages of this many characters
SPLIT_WINDOW = timedelta(seconds=3)  # the second part of a split text comes this soon
LONG_STEPS = ("file",)  # steps that take one long text (or a file instead)

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
    save: bool = False  # the form's Save: runs once per draft


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


Warn = Callable[[AppContext, D], Awaitable[list[str]]]


def confirm(on_save: Run[D], warn: Warn[D] | None = None) -> Step[D]:
    """The last step: Save runs `on_save`, Cancel drops the draft. With `warn` (a service's
    guard rail, rendered), Save first shows what looks wrong and asks again: [save anyway]
    (`<prefix>:ok:sure`) saves, [cancel] drops the draft."""
    if warn is None:
        return step(
            "confirm",
            Press(OK, on_save, "save", save=True),
            Press(OK, on_cancel_button, "cancel"),
        )

    async def save_or_warn(update: Update, context: AppContext, draft: D) -> object:
        found = await warn(context, draft)
        if not found or update.callback_query is None:
            return await on_save(update, context, draft)
        prefix = data_prefix(update.callback_query.data)
        lines = [f"⚠️ {line}" for line in found] + [context.t("form-warn-ask")]
        rows = [
            [(context.t("form-warn-save"), pack(prefix, OK, "sure"))],
            [(context.t("form-discard"), pack(prefix, OK, "cancel"))],
        ]
        await edit_or_send(update.callback_query, context, "\n".join(lines), rows)
        return None

    return step(
        "confirm",
        Press(OK, save_or_warn, "save", save=True),
        Press(OK, on_save, "sure", save=True),
        Press(OK, on_cancel_button, "cancel"),
    )


def warnings_text(context: AppContext, found: list[guards.Warning]) -> list[str]:
    """A service's warnings in the reader's language, dates in the reader's zone."""

    def shown(value: object) -> object:
        if isinstance(value, datetime):
            return context.datetime(value)
        return context.date(value) if isinstance(value, date) else value

    return [context.t(w.key, **{k: shown(v) for k, v in w.params.items()}) for w in found]


def data_prefix(data: str | None) -> str:
    return (data or "").partition(":")[0]


def confirm_buttons(
    context: AppContext, prefix: Prefix, *, fix: bool = False
) -> list[list[tuple[str, str]]]:
    """Save and Cancel; with `fix` (a confirm screen), [back] and [change one item] too."""
    rows = [
        [
            (context.t("form-save"), prefix.data(OK, "save")),
            (context.t("form-discard"), prefix.data(OK, "cancel")),
        ]
    ]
    if fix:
        rows.append(
            [
                (context.t("form-back"), prefix.data(FM, "back")),
                (context.t("form-change-one"), prefix.data(FM, "edit")),
            ]
        )
    return rows


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
        FORMS_BY_NAME[name] = self

    # The draft in user_data ---------------------------------------------------------------

    def saved(self, user_data: dict[str, Any] | None) -> D | None:
        """The draft kept for this form, as its dataclass (None when the form is not open)."""
        meta = _meta(user_data, self.name)
        return None if meta is None else _load(self.draft, meta["draft"])

    def _open(self, context: AppContext, draft: D, state: object) -> None:
        assert context.user_data is not None
        context.user_data[ACTIVE] = self.name
        context.user_data[FORMS] = {self.name: {"id": secrets.token_urlsafe(12)}}
        context.user_data.pop(SWITCH, None)
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
            if await self._ask_before_switching(update, context):
                return None
            draft = self.draft()
            prompts: list[Prompt] = []
            noted = PROMPTS.set(prompts)
            try:
                result = await run(update, context, draft)
            finally:
                PROMPTS.reset(noted)
            if result == END:
                self._close(context)
            elif result is not None:
                self._open(context, draft, result)
                meta = _meta(context.user_data, self.name)
                if meta is not None and isinstance(result, int):
                    self._record(meta, None, result, update, prompts)
                persistence = context.application.persistence
                chat, user = update.effective_chat, update.effective_user
                if isinstance(persistence, DatabasePersistence) and chat and user:
                    await persistence.forget_other_forms((chat.id, user.id), self.name)
            return result

        return entry

    def _step(self, run: Run[D], *, text: bool = False, save: bool = False) -> Callback:
        async def guarded(update: Update, context: AppContext) -> object:
            if not await permitted(update, context, self.action):
                return None
            meta = _meta(context.user_data, self.name)
            now = context.clock.now()
            if meta is not None and text:
                joined = await self._join_split(update, context, meta)
                if joined is not None:
                    return joined
            if meta is None or now - datetime.fromisoformat(meta["touched"]) > FORM_TIMEOUT:
                if meta is not None and text and update.message is not None:
                    # A text, voice note or file the step takes: kept, offered back.
                    await self._offer_late_text(update, context, meta)
                    return None
                self._close(context)
                await answer(update, context, context.t("form-expired"))
                return END
            if save and meta.get("id") and await drafts.saved(meta["id"]):
                self._close(context)
                await answer(update, context, context.t("form-already-saved"))
                return END
            before = {"state": meta.get("state"), "draft": dict(meta["draft"])}
            result = await self._run(update, context, meta, run, save=save)
            if text and result != END:
                self._note_split(update, context, before)
            return result

        return guarded

    async def _run(
        self,
        update: Update,
        context: AppContext,
        meta: dict[str, Any],
        run: Run[D],
        *,
        save: bool = False,
    ) -> object:
        """Run a step on the kept draft, keep what it changed (or close the form). While a
        field is being changed from the confirm screen, the step runs muted and the answers
        recorded for the steps after it are replayed, back to the confirm screen."""
        draft = _load(self.draft, meta["draft"])
        before = meta.get("state")
        fixing = bool(meta.get("fixing")) and not save
        result: object = None
        prompts: list[Prompt] = []
        noted, muted = PROMPTS.set(prompts), MUTED.set(fixing)
        try:
            if save and meta.get("id"):
                with drafts.saving(self.name, meta["id"]):
                    result = await run(update, context, draft)
            else:
                result = await run(update, context, draft)
            if isinstance(result, int) and result not in (END, before):
                self._record(meta, before, result, update, prompts)
                if fixing:
                    result = await self._replay(context, meta, draft, result, prompts)
            return result
        except DomainError as error:
            if error.key != "error-text-too-long" or not self._takes_files(meta.get("state")):
                raise
            hint = context.t(error.key, **error.params) + "\n" + context.t("form-send-as-file")
            await answer(update, context, hint)
            return None
        finally:
            PROMPTS.reset(noted)
            MUTED.reset(muted)
            if result == END:
                self._close(context)
            else:
                if isinstance(result, int):
                    meta["filled"] = True
                self._keep(context, draft, result)
            if fixing and prompts:
                await _show(update, context, prompts[-1])

    def _record(
        self,
        meta: dict[str, Any],
        answered: object,
        asked: int,
        update: Update,
        prompts: list[Prompt],
    ) -> None:
        """The form moved on: the answer to the step it left, the question of the one it
        entered, and the path of steps taken (a step taken again cuts the path there)."""
        if isinstance(answered, int):
            meta.setdefault("answers", {})[str(answered)] = update.to_dict()
        if prompts:
            text, rows = prompts[-1]
            meta.setdefault("asked", {})[str(asked)] = [text, rows]
        path: list[int] = meta.setdefault("path", [])
        if asked in path:
            del path[path.index(asked) + 1 :]
        else:
            path.append(asked)

    def _is_confirm(self, state: object) -> bool:
        shown = self.steps.get(state) if isinstance(state, int) else None
        return shown is not None and shown.expects == "confirm"

    async def _replay(
        self,
        context: AppContext,
        meta: dict[str, Any],
        draft: D,
        state: int,
        prompts: list[Prompt],
    ) -> int:
        """Answer the steps after a changed one again as they were answered, muted, up to
        the confirm screen; stop at a step whose old answer no longer fits (it is asked)."""
        while not self._is_confirm(state):
            recorded = meta.get("answers", {}).get(str(state))
            again = Update.de_json(recorded, context.bot) if recorded else None
            run = self._run_for(state, again) if again is not None else None
            if again is None or run is None:
                break
            mark = len(prompts)
            try:
                result = await run(again, context, draft)
            except (DomainError, TelegramError):
                del prompts[mark:]
                break
            if not isinstance(result, int) or result in (END, state):
                del prompts[mark:]
                break
            self._record(meta, state, result, again, prompts)
            state = result
        if self._is_confirm(state):
            meta.pop("fixing", None)
        shown = meta.get("asked", {}).get(str(state))
        if shown and (not prompts or not self._is_confirm(state)):
            prompts.append((shown[0], [[tuple(b) for b in row] for row in shown[1]]))
        return state

    def _run_for(self, state: object, update: Update) -> Run[D] | None:
        """The answer of a step (typed or a button) that takes this update."""
        shown = self.steps.get(state) if isinstance(state, int) else None
        query = update.callback_query
        for each in shown.answers if shown is not None else ():
            if isinstance(each, Text):
                if update.message is not None and each.filter.check_update(update):
                    return each.run
            elif query is not None and re.match(
                self.prefix.pattern(each.tag, each.value), query.data or ""
            ):
                return each.run
        return None

    async def _fix(self, update: Update, context: AppContext, meta: dict[str, Any]) -> object:
        """The confirm screen's [back] and [change one item]: ask a step again."""
        query = update.callback_query
        assert query is not None
        path: list[int] = meta.get("path", [])
        confirm_state = next((s for s in reversed(path) if self._is_confirm(s)), None)
        asked = meta.get("asked", {})
        value = self.prefix.value(query.data, FM)
        if value == "edit":
            t = context.t
            rows = [
                [
                    (
                        t("form-change", field=_label(asked[str(s)][0])),
                        self.prefix.data(FM, f"go{s}"),
                    )
                ]
                for s in path
                if not self._is_confirm(s) and str(s) in asked
            ]
            if confirm_state is not None:
                rows.append([(t("form-back"), self.prefix.data(FM, f"go{confirm_state}"))])
            await edit_or_send(query, context, t("form-change-ask"), rows)
            return None
        if value == "back":
            earlier = [s for s in path if not self._is_confirm(s)]
            target = earlier[-1] if earlier else None
        else:
            number = value[2:] if value.startswith("go") else ""
            target = int(number) if number.isdigit() and int(number) in path else None
        if target is None or str(target) not in asked:
            raise DomainError("error-stale-button")
        if self._is_confirm(target):
            meta.pop("fixing", None)
        else:
            meta["fixing"] = True
        text, rows = asked[str(target)]
        hint = "" if self._is_confirm(target) else "\n\n" + context.t("form-fix-hint")
        await edit_or_send(query, context, text + hint, rows or None)
        meta["state"] = target
        return target

    def _takes_files(self, state: object) -> bool:
        shown = self.steps.get(state) if isinstance(state, int) else None
        return shown is not None and shown.expects in LONG_STEPS

    def _text_run(self, state: object, update: Update) -> Run[D] | None:
        """The typed answer of a step that takes this (text) update."""
        shown = self.steps.get(state) if isinstance(state, int) else None
        for each in shown.answers if shown is not None else ():
            if isinstance(each, Text) and each.filter.check_update(update):
                return each.run
        return None

    # Nothing typed is lost ---------------------------------------------------------------

    async def _ask_before_switching(self, update: Update, context: AppContext) -> bool:
        """Another form has answers: keep the update that opens this one and ask first."""
        data = context.user_data
        other = data.get(ACTIVE) if data is not None else None
        if data is None or other is None or other == self.name or other not in FORMS_BY_NAME:
            return False
        meta = _meta(data, other)
        now = context.clock.now()
        if meta is None or not meta.get("filled"):
            return False
        if now - datetime.fromisoformat(meta["touched"]) > FORM_TIMEOUT:
            return False
        data[SWITCH] = {"to": self.name, "update": update.to_dict()}
        t, current = context.t, FORMS_BY_NAME[other]
        rows = [
            [(t("form-switch-stay"), current.prefix.data(FM, "stay"))],
            [(t("form-switch-new"), self.prefix.data(FM, "new"))],
        ]
        text = t(
            "form-switch-ask", current=t(f"form-name-{other}"), new=t(f"form-name-{self.name}")
        )
        await answer(update, context, text, rows)
        return True

    async def _switch(self, update: Update, context: AppContext) -> object:
        """[Discard and start the new one]: the kept update opens this form now."""
        query = update.callback_query
        data = context.user_data
        pending = data.pop(SWITCH, None) if data is not None else None
        if query is None or data is None or not pending or pending.get("to") != self.name:
            raise DomainError("error-stale-button")
        if not await permitted(update, context, self.action):
            return None
        data.pop(ACTIVE, None)
        data.pop(FORMS, None)
        kept: dict[str, Any] = pending["update"]
        if "callback_query" in kept:  # a button opened it: answer this press instead
            kept["callback_query"]["id"] = query.id
            if isinstance(query.message, Message):
                kept["callback_query"]["message"] = query.message.to_dict()
        else:
            await query.answer()
            if isinstance(query.message, Message):
                await query.edit_message_text(context.t("form-switch-discarded"))
        again = Update.de_json(kept, context.bot)
        for each in self.entry:
            if isinstance(each, Command):
                words = (_text_of(again) or "").split()
                name = words[0].lstrip("/").split("@")[0] if words else ""
                if name in each.names:
                    context.args = words[1:]
                    return await self._entry(each.run, each.action)(again, context)
            elif again.callback_query is not None and re.match(
                each.pattern, again.callback_query.data or ""
            ):
                return await self._entry(each.run, each.action)(again, context)
        raise DomainError("error-stale-button")

    async def _own_button(self, update: Update, context: AppContext) -> object:
        """The form's own buttons: stay (after the switch question), keep or drop a late text."""
        if not await permitted(update, context, self.action):
            return None
        query = update.callback_query
        assert query is not None
        meta = _meta(context.user_data, self.name)
        if meta is None:
            raise DomainError("error-stale-button")
        value = self.prefix.value(query.data, FM)
        if value in ("back", "edit") or value.startswith("go"):
            meta["touched"] = context.clock.now().isoformat()
            return await self._fix(update, context, meta)
        choice = self.prefix.choice(query.data, FM, ["stay", "keep", "drop"])
        if choice == "drop":
            self._close(context)
            await edit_or_send(query, context, context.t("form-cancelled"))
            return END
        meta["touched"] = context.clock.now().isoformat()
        if choice == "stay":
            if context.user_data is not None:
                context.user_data.pop(SWITCH, None)
            name = context.t(f"form-name-{self.name}")
            await edit_or_send(query, context, context.t("form-switch-kept", current=name))
            return None
        late = meta.pop("late", None)
        if late is None:
            raise DomainError("error-stale-button")
        again = Update.de_json(late, context.bot)
        run = self._text_run(meta.get("state"), again)
        if run is None:
            raise DomainError("error-stale-button")
        await edit_or_send(query, context, context.t("form-late-kept"))
        return await self._run(again, context, meta, run)

    async def _offer_late_text(
        self, update: Update, context: AppContext, meta: dict[str, Any]
    ) -> None:
        """A message after the timeout: keep it, and offer to continue the form with it."""
        meta["late"] = update.to_dict()
        t = context.t
        rows = [
            [(t("form-late-keep"), self.prefix.data(FM, "keep"))],
            [(t("form-late-drop"), self.prefix.data(FM, "drop"))],
        ]
        minutes = int(FORM_TIMEOUT.total_seconds() // 60)
        name = t(f"form-name-{self.name}")
        await answer(update, context, t("form-late-ask", form=name, minutes=minutes), rows)

    def _note_split(self, update: Update, context: AppContext, before: dict[str, Any]) -> None:
        """A text that may be the first part of more: remember where it went, for a moment."""
        meta = _meta(context.user_data, self.name)
        text = _text_of(update)
        if meta is None or text is None:
            return
        taken = meta.get("state") != before["state"]  # the step took it and moved on
        if len(text) == TELEGRAM_SPLIT or (taken and self._takes_files(before["state"])):
            now = context.clock.now().isoformat()
            meta["split"] = {"at": now, "text": text, **before}
        else:
            meta.pop("split", None)

    async def _join_split(
        self, update: Update, context: AppContext, meta: dict[str, Any]
    ) -> object:
        """The second part of a split text: the step of the first part takes both."""
        split, text = meta.get("split"), _text_of(update)
        if not split or text is None or update.message is None:
            return None
        meta.pop("split", None)
        if context.clock.now() - datetime.fromisoformat(split["at"]) > SPLIT_WINDOW:
            return None
        kept = update.to_dict()
        kept["message"]["text"] = split["text"] + "\n" + text
        kept["message"].pop("entities", None)
        again = Update.de_json(kept, context.bot)
        run = self._text_run(split["state"], again)
        if run is None:
            return None
        meta["draft"], meta["state"] = split["draft"], split["state"]
        result = await self._run(again, context, meta, run)
        return split["state"] if result is None else result

    async def _cancel(self, update: Update, context: AppContext) -> int:
        self._close(context)
        await answer(update, context, context.t("form-cancelled"))
        return END

    async def _wrong_input(self, update: Update, context: AppContext) -> object:
        """Input of the wrong kind (a file for text, text for a button...): say so, stay put."""
        meta = _meta(context.user_data, self.name) or {}
        if meta and await permitted(update, context, self.action):
            joined = await self._join_split(update, context, meta)
            if joined is not None:
                return joined
        shown = self.steps.get(meta.get("state", -1))
        kind = shown.expects if shown is not None else "text"
        await answer(update, context, context.t(f"form-expects-{kind}"))
        return None

    # The handler --------------------------------------------------------------------------

    def _answer(self, each: Text[D] | Press[D]) -> BaseHandler[Update, AppContext, Any]:
        if isinstance(each, Text):
            return MessageHandler(each.filter, self._step(each.run, text=True))
        return CallbackQueryHandler(
            self._step(each.run, save=each.save), pattern=self.prefix.pattern(each.tag, each.value)
        )

    def handler(self, app: RecallApplication) -> FormHandler:
        entry: Handlers = []
        for each in self.entry:
            run = self._entry(each.run, each.action)
            if isinstance(each, Command):
                entry.append(CommandHandler(list(each.names), run))
            else:
                entry.append(CallbackQueryHandler(run, pattern=each.pattern))
        entry.append(CallbackQueryHandler(self._switch, pattern=self.prefix.pattern(FM, "new")))
        own = CallbackQueryHandler(self._own_button, pattern=self.prefix.pattern(FM))
        states = {
            state: [self._answer(each) for each in shown.answers] + [own]
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


FORMS_BY_NAME: dict[str, Form[Any]] = {}


def _label(text: str, size: int = 16) -> str:
    """A step's name on a button: the question its message asks (else its first line)."""
    plain = re.sub(r"<[^>]+>", "", text).strip()
    questions = re.findall(r"[^。？?！!\n.]*[？?]", plain)
    line = questions[-1].strip() if questions else (plain.splitlines() or ["…"])[0]
    line = line.rstrip("：:？?") or "…"
    return line if len(line) <= size else line[: size - 1] + "…"


async def _show(update: Update, context: AppContext, prompt: Prompt) -> None:
    text, rows = prompt
    if update.callback_query is not None:
        await edit_or_send(update.callback_query, context, text, rows or None)
    else:
        await answer(update, context, text, rows or None)


def _text_of(update: Update) -> str | None:
    message = update.message
    return message.text if message is not None else None


def step_accepts_files(user_data: dict[str, Any] | None) -> bool:
    """Whether the chat's open form is at a step that takes a file instead of a long text."""
    name = user_data.get(ACTIVE) if user_data else None
    form = FORMS_BY_NAME.get(name) if isinstance(name, str) else None
    meta = _meta(user_data, name) if form is not None and isinstance(name, str) else None
    return form is not None and meta is not None and form._takes_files(meta.get("state"))


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


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:  # evaluating the annotations costs more than the load itself
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _load(cls: type[D], data: Mapping[str, Any]) -> D:
    """The dataclass again; ISO text goes back to dates and moments as the fields say."""
    hints = _hints(cls)
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
