"""One active instance on a shared database; a standby takes over when it stops renewing."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.chat.fence import Fence, LeaseLost
from bot.clock import ManualClock
from bot.services import lease

TTL = timedelta(seconds=30)


async def test_only_one_holder_until_the_lease_expires(db: None, clock: ManualClock) -> None:
    a = await lease.acquire("a", clock.now(), TTL)
    assert a is not None and a.epoch == 1
    assert await lease.acquire("b", clock.now(), TTL) is None
    clock.advance(seconds=20)
    a = await lease.acquire("a", clock.now(), TTL, held=a)  # renewed until +50 s
    assert a is not None and a.epoch == 1
    clock.advance(seconds=25)
    assert await lease.acquire("b", clock.now(), TTL) is None
    clock.advance(seconds=10)  # a went silent: its lease ended at +50 s
    b = await lease.acquire("b", clock.now(), TTL)
    assert b is not None and b.epoch == 2  # a new holder, a new epoch
    assert await lease.holder_of(clock.now()) == "b"
    assert await lease.acquire("a", clock.now(), TTL, held=a) is None  # a cannot renew
    assert await lease.acquire("a", clock.now(), TTL) is None
    assert await lease.holds(b, clock.now()) and not await lease.holds(a, clock.now())


async def test_a_restart_under_the_same_name_waits_for_the_lease(
    db: None, clock: ManualClock
) -> None:
    """The name alone proves nothing: the old process may only be paused."""
    old = await lease.acquire("a", clock.now(), TTL)
    assert old is not None
    assert await lease.acquire("a", clock.now(), TTL) is None
    clock.advance(seconds=31)
    new = await lease.acquire("a", clock.now(), TTL)
    assert new is not None and new.epoch == old.epoch + 1
    assert await lease.acquire("a", clock.now(), TTL, held=old) is None


async def test_a_clean_stop_hands_over_at_once(db: None, clock: ManualClock) -> None:
    a = await lease.acquire("a", clock.now(), TTL)
    assert a is not None
    await lease.release(a, clock.now())
    b = await lease.acquire("b", clock.now(), TTL)
    assert b is not None and b.epoch == a.epoch + 1  # the epoch survives a release
    await lease.release(a, clock.now())  # not the holder any more: changes nothing
    assert await lease.holder_of(clock.now()) == "b"


async def test_the_only_instance_on_sqlite_takes_the_lease_at_once(
    db: None, clock: ManualClock
) -> None:
    """After a crash on SQLite the lock file proves the old process is gone: no waiting."""
    dead = await lease.acquire("a", clock.now(), TTL)
    assert dead is not None
    restarted = await lease.acquire("a", clock.now(), TTL, steal=True)
    assert restarted is not None and restarted.epoch == dead.epoch + 1


async def test_the_fence_closes_before_the_lease_expires(db: None, clock: ManualClock) -> None:
    term = await lease.acquire("a", clock.now(), TTL)
    assert term is not None
    fence = Fence("a")
    assert not fence.ok()  # not granted yet
    moments = iter([100.0, 100.0 + 23.9, 100.0 + 24.1])
    fence.monotonic = lambda: next(moments)  # type: ignore[method-assign]
    fence.granted(term, started=fence.monotonic(), ttl_seconds=30)
    assert fence.ok()  # 23.9 s after the renewal was sent
    with pytest.raises(LeaseLost):
        fence.check()  # 24.1 s: inside the safety margin, a paused instance sends nothing


async def test_an_instance_that_cannot_renew_stops_serving(
    db: None, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import runner

    async def unreachable(*_args: object, **_kwargs: object) -> None:
        raise ConnectionError("database away")

    term = await lease.acquire("a", clock.now(), TTL)
    assert term is not None
    fence = Fence("a")
    fence.granted(term, fence.monotonic(), 30)
    monkeypatch.setattr(runner.lease, "acquire", unreachable)
    stop, done = asyncio.Event(), asyncio.Event()
    await asyncio.wait_for(
        runner._keep_lease(fence, clock, timedelta(seconds=0.03), stop, done), 5
    )
    assert done.is_set()  # serving ends instead of going on without the lease
    assert not fence.ok()  # and nothing more reaches Telegram meanwhile
