"""Logging set-up: readable lines, and the bot token never written anywhere.

`configure` is called once by every entry point (the `recallbot` command line: run, demo and
every other command) before anything logs."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType
from urllib.parse import quote

REDACTED = "<BOT_TOKEN>"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Loggers that are loud at INFO; at DEBUG everything is shown (and still redacted).
QUIET_AT_INFO = ("httpx", "httpcore", "apscheduler", "aiosqlite", "tortoise", "asyncio")


def secrets_of(token: str) -> list[str]:
    """The forms in which a token can show up: whole, URL-encoded, and its secret half."""
    if not token:
        return []
    forms = {token, quote(token, safe=""), quote(token)}
    _, _, secret = token.partition(":")
    if len(secret) >= 8:
        forms.add(secret)
    return sorted(forms, key=len, reverse=True)


def redact(text: str, token: str) -> str:
    for form in secrets_of(token):
        text = text.replace(form, REDACTED)
    return text


class RedactToken(logging.Filter):
    """Replace the token in every record (URLs of failed requests can carry it)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        message = record.getMessage()
        cleaned = redact(message, self.token)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            # Exceptions carry the token in their text (InvalidToken says it in full).
            text = "".join(traceback.format_exception(*record.exc_info))
            record.exc_text, record.exc_info = redact(text, self.token).rstrip("\n"), None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text, self.token)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.token)
        return True


class RedactingFormatter(logging.Formatter):
    """The last line of defence: whatever a record became, its text is redacted."""

    def __init__(self, token: str, fmt: str) -> None:
        super().__init__(fmt)
        self.token = token

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.token)


def configure(token: str, level: str | int = logging.INFO) -> None:
    """Log to stderr through one redacting handler on the root logger; every library logger
    (httpx, telegram, apscheduler, tortoise) propagates there."""
    numeric = logging.getLevelName(level) if isinstance(level, str) else level
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter(token, "%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler.addFilter(RedactToken(token))
    logging.basicConfig(level=numeric, handlers=[handler], force=True)
    logging.captureWarnings(True)
    for name in QUIET_AT_INFO:
        logger = logging.getLogger(name)
        logger.setLevel(logging.NOTSET if numeric <= logging.DEBUG else logging.WARNING)
        # A library that set up its own handler would write past the filter.
        for own in list(logger.handlers):
            logger.removeHandler(own)
        logger.propagate = True
    _redact_uncaught(token)


def _redact_uncaught(token: str) -> None:
    """A crash's traceback is printed redacted too."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, error, tb))
        sys.stderr.write(redact(text, token))

    sys.excepthook = hook
