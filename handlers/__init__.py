"""Telegram flows, one module per flow; `register` adds them in order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers import fallback, start

if TYPE_CHECKING:
    from bot.app import RecallApplication

# Order matters inside group 0: forms first (they own the chat while open),
# then plain commands and buttons, and the catch-all replies last.
FLOWS = [start]
LAST = [fallback]


def register(app: RecallApplication) -> None:
    for flow in [*FLOWS, *LAST]:
        flow.register(app)
