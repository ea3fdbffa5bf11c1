"""Fencing: an instance talks to Telegram and writes scheduled work only while it holds the lease.

The database says who holds the lease (bot/services/lease.py). That alone is not enough: an
instance paused (SIGSTOP, a long GC, a frozen VM) past its lease wakes up believing it is
still active. So each instance also keeps a local deadline on the monotonic clock, set
before every renewal is sent, a little short of the lease's expiry. Every request to
Telegram checks it first (`FencedRequest`), so an instance that woke up late sends nothing
and polls nothing, even before it has learnt from the database that the lease moved on.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot.services import lease
from bot.services.lease import Claim, Term

# Before the lease's expiry, the local deadline keeps this share of it as a safety margin
# (for the time the renewal took and for small clock differences between machines).
MARGIN = 0.2
UNFENCED = "local"


class LeaseLost(TelegramError):
    """This instance no longer (or not yet) holds the lease: nothing may go to Telegram."""

    def __init__(self, holder: str) -> None:
        super().__init__(f"instance {holder} does not hold the lease")


class Fence:
    """The lease as this process knows it: the term it holds and its local deadline."""

    def __init__(self, holder: str, *, fenced: bool = True) -> None:
        self.holder = holder
        self.fenced = fenced
        self.term: Term | None = None
        self._deadline = 0.0

    @classmethod
    def unfenced(cls) -> Fence:
        """For tests, the demo and tools: no lease, everything allowed."""
        return cls(UNFENCED, fenced=False)

    @staticmethod
    def monotonic() -> float:
        return time.monotonic()

    def granted(self, term: Term, started: float, ttl_seconds: float) -> None:
        """A renewal sent at `started` (monotonic) succeeded: open until a while before expiry."""
        self.term = term
        self._deadline = started + ttl_seconds * (1 - MARGIN)

    def revoke(self) -> None:
        self.term = None
        self._deadline = 0.0

    def ok(self) -> bool:
        if not self.fenced:
            return True
        return self.term is not None and self.monotonic() < self._deadline

    def generation(self) -> object | None:
        """Which lease term this instance acts in now (None: none)."""
        if not self.fenced:
            return UNFENCED
        return self.term.epoch if self.term is not None and self.ok() else None

    def check(self) -> None:
        """Raise LeaseLost unless this instance may act now."""
        if not self.ok():
            raise LeaseLost(self.holder)

    @property
    def claim(self) -> Claim:
        if not self.fenced:
            return Claim(self.holder, None)
        self.check()
        assert self.term is not None
        return Claim(self.holder, self.term.epoch)

    async def ensure(self, now: datetime) -> None:
        """Check the lease in the database too (before a scheduled job writes anything)."""
        self.check()
        if self.fenced:
            assert self.term is not None
            if not await lease.holds(self.term, now):
                self.revoke()
                raise LeaseLost(self.holder)


class FencedRequest(HTTPXRequest):
    """python-telegram-bot's HTTP client, refusing every call while the fence is closed."""

    def __init__(self, fence: Fence, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fence = fence

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        self.fence.check()
        return await super().do_request(*args, **kwargs)
