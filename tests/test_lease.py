"""One active instance on a shared database; a standby takes over when it stops renewing."""

from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.services import lease

TTL = timedelta(seconds=30)


async def test_only_one_holder_until_the_lease_expires(db: None, clock: ManualClock) -> None:
    assert await lease.acquire("a", clock.now(), TTL)
    assert not await lease.acquire("b", clock.now(), TTL)
    clock.advance(seconds=20)
    assert await lease.acquire("a", clock.now(), TTL)  # renewed until +50 s
    clock.advance(seconds=25)
    assert not await lease.acquire("b", clock.now(), TTL)
    clock.advance(seconds=10)  # a went silent: its lease ended at +50 s
    assert await lease.acquire("b", clock.now(), TTL)
    assert await lease.holder_of(clock.now()) == "b"
    assert not await lease.acquire("a", clock.now(), TTL)


async def test_a_clean_stop_hands_over_at_once(db: None, clock: ManualClock) -> None:
    assert await lease.acquire("a", clock.now(), TTL)
    await lease.release("a")
    assert await lease.acquire("b", clock.now(), TTL)
    await lease.release("a")  # not the holder: changes nothing
    assert await lease.holder_of(clock.now()) == "b"


async def test_an_instance_that_cannot_renew_stops_serving(
    db: None, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from bot import runner

    async def unreachable(*_args: object, **_kwargs: object) -> bool:
        raise ConnectionError("database away")

    monkeypatch.setattr(runner.lease, "acquire", unreachable)
    stop, done = asyncio.Event(), asyncio.Event()
    await asyncio.wait_for(runner._keep_lease("a", clock, timedelta(seconds=0.03), stop, done), 5)
    assert done.is_set()  # serving ends instead of going on without the lease
