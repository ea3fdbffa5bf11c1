"""Rows that are only useful for a while."""

from __future__ import annotations

from datetime import datetime, timedelta

from models import IncomingUpdate, ProcessedUpdate

# Telegram keeps an unconfirmed update for at most 24 hours: older ids cannot come again.
SEEN_UPDATES_KEPT = timedelta(days=2)


async def prune(now: datetime) -> int:
    """Forget update ids that Telegram can no longer deliver twice (and handled webhook posts)."""
    old = now - SEEN_UPDATES_KEPT
    stored = await IncomingUpdate.filter(handled_at__lt=old).delete()
    return stored + await ProcessedUpdate.filter(received_at__lt=old).delete()
