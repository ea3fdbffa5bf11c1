"""Local Telegram Bot API emulator for tests, the demo and benchmarks."""

from bot.devtools.emulator.server import ApiError, BotApiEmulator, Request, SentMessage

__all__ = ["ApiError", "BotApiEmulator", "Request", "SentMessage"]
