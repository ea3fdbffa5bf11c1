"""Logging set-up: readable lines, and the bot token never written anywhere."""

from __future__ import annotations

import logging

REDACTED = "<BOT_TOKEN>"


class RedactToken(logging.Filter):
    """Replace the token in every record (URLs of failed requests can carry it)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token and self.token in record.getMessage():
            record.msg = record.getMessage().replace(self.token, REDACTED)
            record.args = None
        return True


def configure(token: str, level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(token))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # httpx logs every request URL, and Telegram's URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # APScheduler logs every run of every job; the jobs log what they did when they did it.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
