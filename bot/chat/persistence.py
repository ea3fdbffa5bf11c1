"""python-telegram-bot persistence in the database: form states and drafts survive restarts.

Writes are not made as python-telegram-bot hands them over: they wait for `commit`, which
makes them in one transaction with the record that the update was handled. A crash leaves
either both (the update is not handled again) or neither (the next instance handles it
again from the form state it had before), never a form one step on with its update
unrecorded, which a replay would then apply to the wrong step.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from tortoise.transactions import in_transaction

from models import ConversationState, IncomingUpdate, ProcessedUpdate, StoredData

USER, CHAT = "user", "chat"
# The shapes BasePersistence passes (python-telegram-bot keeps its own aliases private).
ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]
CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]


def _storable(value: Any) -> Any:
    """A copy without NUL characters, which PostgreSQL cannot keep in JSON text (a form's
    draft holds what people typed, and Telegram passes any character through)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(v) for v in value]
    return deepcopy(value)


def _key(key: ConversationKey) -> str:
    return ":".join(str(part) for part in key)


def _owner(key: ConversationKey) -> int:
    """The person of a conversation key: (chat id, user id), or a private chat's id alone."""
    return int(key[-1])


def _fingerprint(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


@dataclass(frozen=True)
class Handled:
    """The update a commit records as handled: by which instance, when."""

    update_id: int
    at: datetime
    by: str


@dataclass(frozen=True)
class _Write:
    owner: int  # the person (Telegram user id) whose form or draft it writes
    run: Callable[[], Awaitable[object]]
    done: Callable[[], None]  # what the cache learns once the write is committed


class DatabasePersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """Keeps conversation states and user_data (form drafts); bot and chat data stay in memory.

    python-telegram-bot hands over every user and conversation an update touched: what is the
    same as the database row (as last read or written here) is not written again, and a write
    is one upsert statement."""

    def __init__(self, generation: Callable[[], object | None] | None = None) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=60,
        )
        # What the database holds, as this instance last read or wrote it (fingerprints): it
        # reads everything again when it starts serving, and user_data before each update.
        self._users: dict[int, str] = {}
        self._conversations: dict[tuple[str, str], str] = {}
        self._writes: list[_Write] = []
        # Only the instance holding the lease handles updates and writes user_data: as long as
        # it holds the same term, the database has what it last read or wrote, and
        # `refresh_user_data` need not read it again. `generation` says which term that is
        # (None: unknown, always read).
        self._generation = generation or (lambda: None)
        self._loaded_in: object | None = None  # the term whose start read every user's data
        self._fresh_in: dict[int, object | None] = {}  # per user, when read or written since

    async def commit(
        self,
        handled: Handled | None = None,
        still_ours: Callable[[], Awaitable[bool]] | None = None,
        *,
        owner: int | None = None,
        busy: frozenset[int] = frozenset(),
    ) -> bool:
        """Make the waiting writes and record `handled`, in one transaction.

        Only `owner`'s writes go with an update's record (python-telegram-bot hands over
        every person touched since the last save, and another person's update still being
        handled must not have its state saved without its own record); without an owner,
        every write but those of the `busy` people. `still_ours` is asked inside the
        transaction (the lease's epoch unchanged): when it says no, nothing is written and
        the writes are dropped, since the active instance handles the update again from the
        state before it. A failed commit keeps its writes for the next one."""
        if owner is not None:
            writes = [w for w in self._writes if w.owner == owner]
        else:
            writes = [w for w in self._writes if w.owner not in busy]
        self._writes = [w for w in self._writes if w not in writes]
        if not writes:
            # Nothing of a form changed: the record alone, which needs neither a transaction
            # nor the lease (what the update did is done; only form state must not be written
            # by an instance the lease moved on from).
            if handled is not None:
                await _record(handled)
            return True
        try:
            async with in_transaction():
                if still_ours is not None and not await still_ours():
                    return False
                for write in writes:
                    await write.run()
                if handled is not None:
                    await _record(handled)
        except BaseException:
            self._writes = writes + self._writes  # their order kept, before any newer one
            raise
        for write in writes:
            write.done()
        return True

    def _is_fresh(self, user_id: int) -> bool:
        now = self._generation()
        return now is not None and self._fresh_in.get(user_id, self._loaded_in) == now

    def discard(self) -> None:
        """Forget the waiting writes (this instance lost the lease)."""
        self._writes = []
        self._fresh_in.clear()
        self._loaded_in = None

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        generation = self._generation()
        rows = await StoredData.filter(scope=USER)
        self._users = {int(row.key): _fingerprint(row.data) for row in rows}
        self._loaded_in, self._fresh_in = generation, {}
        return {int(row.key): dict(row.data) for row in rows}

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        value = _storable(data)
        fingerprint = _fingerprint(value)
        if self._users.get(user_id) == fingerprint:
            return
        generation = self._generation()

        def written() -> None:
            self._users[user_id] = fingerprint
            self._fresh_in[user_id] = generation

        self._writes.append(
            _Write(
                user_id,
                lambda: StoredData.bulk_create(
                    [StoredData(scope=USER, key=str(user_id), data=value)],
                    on_conflict=("scope", "key"),
                    update_fields=("data",),
                ),
                written,
            )
        )

    async def drop_user_data(self, user_id: int) -> None:
        generation = self._generation()

        def dropped() -> None:
            self._users.pop(user_id, None)
            self._fresh_in[user_id] = generation

        self._writes.append(
            _Write(
                user_id, lambda: StoredData.filter(scope=USER, key=str(user_id)).delete(), dropped
            )
        )

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        """Another instance may have moved a form on: the database wins (read unless this
        instance has held the lease since it last read or wrote this user's data)."""
        if self._is_fresh(user_id):
            return
        generation = self._generation()
        row = await StoredData.get_or_none(scope=USER, key=str(user_id))
        self._fresh_in[user_id] = generation
        user_data.clear()
        if row is not None:
            user_data.update(row.data)
            self._users[user_id] = _fingerprint(row.data)
        else:
            self._users.pop(user_id, None)

    async def get_conversations(self, name: str) -> ConversationDict:
        rows = await ConversationState.filter(name=name)
        for stored in [k for k in self._conversations if k[0] == name]:
            del self._conversations[stored]
        for row in rows:
            self._conversations[(name, row.key)] = _fingerprint(row.state)
        return {
            tuple(int(part) for part in row.key.split(":")): row.state
            for row in rows
            if row.state is not None
        }

    async def forget_other_forms(self, key: ConversationKey, keep: str) -> None:
        """A form opened in a chat: the stored states of the chat's other forms go with their
        drafts (in memory they are inert, handlers.forms.FormHandler; a restart drops them)."""

        def forgotten() -> None:
            for stored in [s for s in self._conversations if s[1] == _key(key) and s[0] != keep]:
                del self._conversations[stored]

        self._writes.append(
            _Write(
                _owner(key),
                lambda: ConversationState.filter(key=_key(key)).exclude(name=keep).delete(),
                forgotten,
            )
        )

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        stored = (name, _key(key))
        fingerprint = _fingerprint(new_state)
        if self._conversations.get(stored, _fingerprint(None)) == fingerprint:
            return

        async def write() -> None:
            if new_state is None:
                await ConversationState.filter(name=name, key=_key(key)).delete()
            else:
                await ConversationState.bulk_create(
                    [ConversationState(name=name, key=_key(key), state=new_state)],
                    on_conflict=("name", "key"),
                    update_fields=("state",),
                )

        self._writes.append(
            _Write(
                _owner(key), write, lambda: self._conversations.__setitem__(stored, fingerprint)
            )
        )

    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return {}

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        return None

    async def get_bot_data(self) -> dict[str, Any]:
        return {}

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        return None

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        return None

    async def flush(self) -> None:
        await self.commit()


async def _record(handled: Handled) -> None:
    # In this order: should the second write fail (outside a transaction), a replay of the
    # stored update is dropped as a repeat and marks it then.
    await ProcessedUpdate.bulk_create(
        [ProcessedUpdate(update_id=handled.update_id, received_at=handled.at)],
        ignore_conflicts=True,
    )
    await IncomingUpdate.filter(update_id=handled.update_id).update(
        handled_at=handled.at, handled_by=handled.by
    )
