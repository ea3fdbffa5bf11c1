"""Time-driven jobs; each is a few lines that call a service with clock.now()."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app import RecallApplication


def register(app: RecallApplication) -> None:
    """Add the named jobs to the application's JobQueue (none yet)."""
