"""python-telegram-bot persistence in the database: form states and drafts survive restarts."""

from __future__ import annotations

import json
from copy import deepcopy
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from models import ConversationState, StoredData

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


def _fingerprint(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


class DatabasePersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """Keeps conversation states and user_data (form drafts); bot and chat data stay in memory.

    python-telegram-bot hands over every user and conversation an update touched: what is the
    same as the database row (as last read or written here) is not written again, and a write
    is one upsert statement."""

    def __init__(self) -> None:
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

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        rows = await StoredData.filter(scope=USER)
        self._users = {int(row.key): _fingerprint(row.data) for row in rows}
        return {int(row.key): dict(row.data) for row in rows}

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        value = _storable(data)
        fingerprint = _fingerprint(value)
        if self._users.get(user_id) == fingerprint:
            return
        await StoredData.bulk_create(
            [StoredData(scope=USER, key=str(user_id), data=value)],
            on_conflict=("scope", "key"),
            update_fields=("data",),
        )
        self._users[user_id] = fingerprint

    async def drop_user_data(self, user_id: int) -> None:
        self._users.pop(user_id, None)
        await StoredData.filter(scope=USER, key=str(user_id)).delete()

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        """Another instance may have moved a form on: the database wins."""
        row = await StoredData.get_or_none(scope=USER, key=str(user_id))
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
        await ConversationState.filter(key=_key(key)).exclude(name=keep).delete()
        for stored in [s for s in self._conversations if s[1] == _key(key) and s[0] != keep]:
            del self._conversations[stored]

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        stored = (name, _key(key))
        fingerprint = _fingerprint(new_state)
        if self._conversations.get(stored, _fingerprint(None)) == fingerprint:
            return
        if new_state is None:
            await ConversationState.filter(name=name, key=_key(key)).delete()
        else:
            await ConversationState.bulk_create(
                [ConversationState(name=name, key=_key(key), state=new_state)],
                on_conflict=("name", "key"),
                update_fields=("state",),
            )
        self._conversations[stored] = fingerprint

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
        return None
