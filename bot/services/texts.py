"""Text that people type, as the services accept it: trimmed, present when required, not too
long (the forms and the services share these limits)."""

from __future__ import annotations

from bot.services.errors import DomainError

MAX_TEXT = 4000


def clean_text(text: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = text.strip()
    if required and not text:
        raise DomainError("error-text-required")
    if len(text) > limit:
        raise DomainError("error-text-too-long", limit=limit, length=len(text))
    return text


MAX_FILE_NAME = 200  # the records' file-name columns (a Telegram name may be 255 long)


def short_file_name(name: str | None, limit: int = MAX_FILE_NAME) -> str | None:
    """A file name that fits the records: cut in its stem, its extension kept."""
    if name is None or len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 16:
        return name[:limit]
    return stem[: limit - len(extension) - 2] + "…." + extension
