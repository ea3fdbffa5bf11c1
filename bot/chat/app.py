"""Wiring: the one place where the application, its handlers and its jobs are put together."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseUpdateProcessor,
)
from tortoise.exceptions import BaseORMException, IntegrityError

from bot.chat.context import AppContext
from bot.chat.fence import Fence, LeaseLost
from bot.chat.persistence import DatabasePersistence, Handled
from bot.chat.sender import Sender
from bot.i18n import normalize_locale, translate
from bot.services import lease
from bot.services.access import roles_of
from bot.services.audit import audit
from bot.services.errors import DomainError
from bot.services.registry import Services
from bot.services.reminders import ReminderService
from models import IncomingUpdate, Person, ProcessedUpdate

log = logging.getLogger(__name__)

# Groups that run before every flow: drop repeated updates, then find out who is writing
# (handlers then use group -1 to keep each person's command menu current).
DEDUPE_GROUP, IDENTIFY_GROUP = -3, -2
ECHO_LIMIT = 200  # characters of someone's input quoted back in an error
# The update types the handlers use: what a webhook asks Telegram for.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
# Updates handled at the same time (of different people: see PerPersonUpdates).
CONCURRENT_UPDATES = 8
STORE_RETRY_SECONDS = (0.2, 0.5, 1.0, 2.0, 5.0)


class StoringQueue(asyncio.Queue[object]):
    """The update queue polling fills: each update is stored before it is queued.

    python-telegram-bot's Updater confirms the updates it fetched by asking for the next ones,
    right after queueing them, before they are handled. Stored first (in `incoming_update`,
    as webhook mode stores them), an update confirmed to Telegram is never lost: an instance
    that dies before it was handled leaves it to the next one (`replay_stored`). While the
    database cannot store it, polling waits, and Telegram keeps the update."""

    def __init__(self, fence: Fence, clock: Any) -> None:
        super().__init__()
        self.fence = fence
        self.clock = clock
        # Updates stored here for the first time, and in which lease term: no instance can
        # have handled them before this term, so its check for a repeat is spared.
        self.unseen: dict[int, object] = {}

    async def put(self, item: object) -> None:
        if isinstance(item, Update) and not await self._store(item):
            return  # the lease was lost: unconfirmed, Telegram gives it to the active instance
        await super().put(item)

    async def _store(self, update: Update) -> bool:
        waits = iter(STORE_RETRY_SECONDS)
        while True:
            if not self.fence.ok():
                return False
            try:
                await IncomingUpdate.create(
                    update_id=update.update_id,
                    payload=update.to_dict(),
                    received_at=self.clock.now(),
                    received_by=self.fence.holder,
                )
                self.unseen[update.update_id] = self.fence.generation()
                return True
            except IntegrityError:
                return True  # stored before (fetched again after a restart): it may be handled
            except (BaseORMException, OSError):
                log.exception("could not store update %s: trying again", update.update_id)
                await asyncio.sleep(next(waits, STORE_RETRY_SECONDS[-1]))


class PerPersonUpdates(BaseUpdateProcessor):
    """Different people's updates are handled together, one person's one after the other.

    An update mostly waits (for the database, for Telegram): while it does, another person's
    can go on. One person's updates stay in order, so their form, draft and menu see them in
    the order they were sent. The database stays consistent as before: the SQLite client runs
    one statement at a time and a transaction holds the connection until it ends (BEGIN
    IMMEDIATE, see bot.sqlite); PostgreSQL's transactions are each on their own connection."""

    def __init__(self, max_concurrent_updates: int = CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        # Person (Telegram user or chat id) -> their lock and the updates holding or awaiting it.
        self._locks: dict[int | None, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Any) -> None:
        # Called in arrival order (the semaphore before this is first come, first served), and
        # nothing is awaited before the lock is asked for, so the lock's queue is in order too.
        key = _sender_of(update)
        lock, users = self._locks.get(key) or (asyncio.Lock(), 0)
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def _sender_of(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return None


class RecallApplication(Application[Any, AppContext, Any, Any, Any, Any]):
    """An Application that also carries the services and saves form state after each update."""

    services: Services
    reminders: ReminderService
    sender: Sender
    fence: Fence
    last_update_id: int = 0
    started = False  # it reached Telegram once (a bad token or no network stop it before)
    _commit_lock: asyncio.Lock | None = None
    _busy: dict[int, int]  # people with an update being handled: how many

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._busy = {}

    async def process_update(self, update: object) -> None:
        if not self.fence.ok():
            # Fetched before this instance lost the lease (it was paused): the active
            # instance has it too, and handles it.
            log.info("lease lost: update left to the active instance")
            if isinstance(self.update_queue, StoringQueue) and isinstance(update, Update):
                self.update_queue.unseen.pop(update.update_id, None)
            return
        person = _sender_of(update)
        if person is not None:
            self._busy[person] = self._busy.get(person, 0) + 1
        try:
            await super().process_update(update)
            if isinstance(update, Update):
                # Recorded once handled, not before, and with the form state it left: an
                # instance that dies mid-way leaves the update to the next one (stored, or
                # sent again by Telegram) instead of losing it.
                now = self.services.clock.now()
                if await self._commit(Handled(update.update_id, now, self.fence.holder), person):
                    self.last_update_id = max(self.last_update_id, update.update_id)
        finally:
            if person is not None:
                self._busy[person] -= 1
                if not self._busy[person]:
                    del self._busy[person]

    async def update_persistence(self) -> None:
        """python-telegram-bot's periodic and final saves: made at once, in one transaction
        (not of the people whose update is still being handled: theirs go with its record)."""
        await self._commit(None, None)

    async def _commit(self, handled: Handled | None, person: int | None) -> bool:
        persistence = self.persistence
        if not isinstance(persistence, DatabasePersistence):
            return False
        if self._commit_lock is None:
            self._commit_lock = asyncio.Lock()
        async with self._commit_lock:
            await super().update_persistence()  # hands the changed states to `persistence`
            if not self.fence.ok():
                persistence.discard()
                log.info("lease lost: update %s left to the active instance", handled)
                return False
            try:
                busy = frozenset(self._busy)
                if await persistence.commit(handled, self._still_ours, owner=person, busy=busy):
                    return True
            except (BaseORMException, OSError):
                # Kept for the next commit; the update stays unhandled in the store, so the
                # next instance to serve handles it again.
                log.exception("could not record update %s", handled)
                return False
            persistence.discard()
            log.info("lease moved on: update %s left to the active instance", handled)
            return False

    async def _still_ours(self) -> bool:
        term = self.fence.term
        if not self.fence.fenced or term is None:
            return self.fence.ok()
        return await lease.holds(term, self.services.clock.now())

    async def replay_stored(self) -> int:
        """Handle the stored updates no instance finished (one died): at the start of serving."""
        replayed = 0
        while handled := await self.handle_stored():
            replayed += handled
        return replayed

    async def handle_stored(self, limit: int = 50) -> int:
        """Handle the oldest stored updates not handled yet, in order; how many."""
        rows = await (
            IncomingUpdate.filter(handled_at__isnull=True).order_by("update_id").limit(limit)
        )
        for row in rows:
            self.fence.check()
            try:
                update = Update.de_json(row.payload, self.bot)
            except Exception:
                log.exception("update %s is not a valid Update: dropped", row.update_id)
                await IncomingUpdate.filter(update_id=row.update_id).update(
                    handled_at=self.services.clock.now(), handled_by=self.fence.holder
                )
                continue
            # An update handled to the end before is recorded: it is dropped as a repeat.
            await self.process_update(update)
            if await IncomingUpdate.exists(update_id=row.update_id, handled_at__isnull=True):
                raise LeaseLost(self.fence.holder)  # not committed: it is the active one's
        return len(rows)


async def drop_repeated_update(update: Update, context: AppContext) -> None:
    """An update Telegram delivers twice changes nothing the second time."""
    queue = context.application.update_queue
    if isinstance(queue, StoringQueue):
        stored_in = queue.unseen.pop(update.update_id, None)
        if stored_in is not None and stored_in == queue.fence.generation():
            return
    if await ProcessedUpdate.exists(update_id=update.update_id):
        log.info("update %s seen before; ignored", update.update_id)
        raise ApplicationHandlerStop


async def identify(update: Update, context: AppContext) -> None:
    user = update.effective_user
    if user is None:
        return
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        # Personnel records are never shown where others can read them.
        if update.message is not None and update.message.text and update.message.text[:1] == "/":
            locale = normalize_locale(user.language_code, context.settings.default_locale)
            await context.bot.send_message(chat.id, translate(locale, "private-chat-only"))
        raise ApplicationHandlerStop
    if update.edited_message is not None:
        # An edit of an old message must not feed a form open now: say so, change nothing.
        locale = normalize_locale(user.language_code, context.settings.default_locale)
        await context.bot.send_message(
            update.edited_message.chat.id, translate(locale, "edit-ignored")
        )
        raise ApplicationHandlerStop
    context.telegram_locale = user.language_code
    context.person = await Person.get_or_none(telegram_id=user.id)
    if context.person is not None:
        context.roles = frozenset(await roles_of(context.person))
        if context.person.name == placeholder_name(user.id):
            # A first admin from the settings: take their name from Telegram.
            context.person.name = user.full_name
            await context.person.save(update_fields=["name"])
            await audit(
                "person-renamed",
                now=context.clock.now(),
                actor=context.person,
                subject=context.person,
                before={"name": placeholder_name(user.id)},
                after={"name": user.full_name},
            )


async def on_error(update: object, context: AppContext) -> None:
    """Domain errors become a translated answer; anything else is logged and apologised for."""
    error = context.error
    if isinstance(error, BadRequest) and "message is not modified" in str(error).lower():
        # A press that would show the same screen again (a repeated or forged button).
        if isinstance(update, Update) and update.callback_query is not None:
            with contextlib.suppress(TelegramError):
                await update.callback_query.answer()
        return
    if isinstance(error, LeaseLost):
        return  # nothing may reach Telegram from here any more; the active instance answers
    locale = await _reader_locale(update, context)
    if isinstance(error, DomainError):
        # What people typed comes back in some errors: never so long that the answer fails.
        params = {
            k: v[:ECHO_LIMIT] + "…" if isinstance(v, str) and len(v) > ECHO_LIMIT else v
            for k, v in error.params.items()
        }
        text = translate(locale, error.key, **params)
    else:
        update_id = update.update_id if isinstance(update, Update) else None
        user = update.effective_user if isinstance(update, Update) else None
        log.error(
            "error while handling update %s from user %s",
            update_id,
            user.id if user else None,
            exc_info=error,
        )
        text = translate(locale, "error-unexpected")
    if isinstance(update, Update) and update.effective_chat is not None:
        if update.callback_query is not None:
            with contextlib.suppress(TelegramError):
                await update.callback_query.answer()
        with contextlib.suppress(Forbidden):
            await context.bot.send_message(update.effective_chat.id, text)


async def _reader_locale(update: object, context: AppContext) -> str:
    settings = context.settings
    if not isinstance(update, Update) or update.effective_user is None:
        return settings.default_locale
    user = update.effective_user
    person = await Person.get_or_none(telegram_id=user.id)
    if person is not None and person.locale:
        return person.locale
    return normalize_locale(user.language_code, settings.default_locale)


def placeholder_name(telegram_id: int) -> str:
    return f"admin {telegram_id}"
