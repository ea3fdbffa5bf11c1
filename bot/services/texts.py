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
