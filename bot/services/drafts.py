"""Saving a form is idempotent: the record a Save writes remembers the draft's id.

A form gives its draft an id when it opens, and runs its Save inside `saving(form, id)`.
A service that writes the form's record calls `remember(...)` in the same transaction: the
draft's row and the record commit together, so a second press of the same draft's Save (its
answer lost to a 502, or the bot killed between the commit and the form's end) finds the
row and creates nothing.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from bot.services.errors import DomainError
from models import SavedDraft

_SAVING: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar(
    "saving_draft", default=None
)


@contextmanager
def saving(form: str, key: str) -> Iterator[None]:
    """The Save of draft `key` of `form` runs inside this block."""
    token = _SAVING.set((form, key))
    try:
        yield
    finally:
        _SAVING.reset(token)


async def saved(key: str) -> SavedDraft | None:
    return await SavedDraft.get_or_none(key=key)


async def remember(kind: str, record_id: int, now: datetime) -> None:
    """Inside the record's transaction: tie the record to the draft being saved (if any);
    a draft saved before is refused, which rolls the second record back."""
    current = _SAVING.get()
    if current is None:
        return
    form, key = current
    if await SavedDraft.exists(key=key):
        raise DomainError("form-already-saved")
    await SavedDraft.create(key=key, form=form, record=f"{kind}:{record_id}", saved_at=now)
