"""Drive the real Application against the Bot API emulator, as Telegram users would."""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.chat.app import RecallApplication
from bot.clock import ManualClock
from bot.devtools.emulator import BotApiEmulator
from bot.devtools.emulator.server import SentMessage


class ChatHarness:
    """Sends updates shaped by the emulator through Application.process_update."""

    def __init__(self, emu: BotApiEmulator, app: RecallApplication, clock: ManualClock) -> None:
        self.emu = emu
        self.app = app
        self.clock = clock
        self.users: dict[int, dict[str, Any]] = {}

    def user(self, user_id: int, name: str, language_code: str = "zh-hans") -> int:
        self.users[user_id] = self.emu.make_user(user_id, name, language_code)
        return user_id

    async def deliver(self, update: dict[str, Any], chat_id: int) -> list[SentMessage]:
        """Process one update; returns the chat's messages that it sent or edited."""
        before = {m.message_id: m.edits for m in self.emu.sent(chat_id)}
        await self.app.process_update(Update.de_json(update, self.app.bot))
        return [m for m in self.emu.sent(chat_id) if before.get(m.message_id) != m.edits]

    async def send(self, user_id: int, text: str) -> list[SentMessage]:
        return await self.deliver(self.emu.message(user_id, text, now=self.clock.now()), user_id)

    async def send_document(
        self, user_id: int, filename: str, content: bytes, mime: str = "application/pdf"
    ) -> list[SentMessage]:
        update = self.emu.document(user_id, filename, content, mime, now=self.clock.now())
        return await self.deliver(update, user_id)

    async def send_photo(self, user_id: int, content: bytes) -> list[SentMessage]:
        return await self.deliver(self.emu.photo(user_id, content, now=self.clock.now()), user_id)

    async def send_voice(self, user_id: int, content: bytes) -> list[SentMessage]:
        return await self.deliver(self.emu.voice(user_id, content, now=self.clock.now()), user_id)

    async def press(
        self, user_id: int, label: str, message: SentMessage | None = None
    ) -> list[SentMessage]:
        """Press the button whose text contains `label` on a message (default: the last one
        with buttons)."""
        message = message or self.last_with_buttons(user_id)
        return await self.press_data(user_id, button_data(message, label), message.message_id)

    async def press_data(self, user_id: int, data: str, message_id: int) -> list[SentMessage]:
        return await self.deliver(self.emu.callback(user_id, data, message_id), user_id)

    def last_with_buttons(self, chat_id: int) -> SentMessage:
        for message in reversed(self.emu.sent(chat_id)):
            if message.reply_markup and not message.deleted:
                return message
        raise AssertionError(f"no message with buttons in chat {chat_id}")

    def texts(self, chat_id: int) -> list[str]:
        return [m.text or m.caption or "" for m in self.emu.sent(chat_id)]


def button_data(message: SentMessage, label: str) -> str:
    markup = message.reply_markup or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if label in button["text"]:
                return str(button["callback_data"])
    labels = [b["text"] for row in markup.get("inline_keyboard", []) for b in row]
    raise AssertionError(f"no button {label!r} among {labels}")


def text_of(messages: list[SentMessage]) -> str:
    return "\n".join(m.text or m.caption or "" for m in messages)
