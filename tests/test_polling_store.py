"""Polling keeps what it confirms: every update is stored before Telegram hears it was received,
and handled once, with its form state, in one transaction.

python-telegram-bot's Updater confirms updates by asking for the next ones, before they are
handled. These tests drive the real `serve()` over long polling against the emulator."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from bot.chat.app import RecallApplication
from bot.chat.persistence import DatabasePersistence, Handled
from bot.clock import ManualClock
from bot.devtools.emulator import BotApiEmulator
from bot.runner import serve
from bot.wiring import build_application
from models import ConversationState, IncomingUpdate, ProcessedUpdate, StoredData
from tests.chat import ChatHarness
from tests.conftest import ADMIN_ID, settings_for
from tests.instances import wait_until


@contextlib.asynccontextmanager
async def polling(emu: BotApiEmulator, clock: ManualClock) -> AsyncIterator[RecallApplication]:
    app = build_application(settings_for(emu), clock)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, stop, poll_timeout=1))
    try:
        await wait_until(lambda: emu.calls("getUpdates"), what="polling started")
        yield app
    finally:
        stop.set()
        await task


def offsets(emu: BotApiEmulator) -> list[int]:
    return [int(r.params.get("offset") or 0) for r in emu.calls("getUpdates")]


async def test_a_polled_update_is_stored_before_it_is_confirmed(
    db: None, emulator: BotApiEmulator, clock: ManualClock, monkeypatch: Any
) -> None:
    """While the store fails, polling waits: Telegram is not told the update arrived."""
    emulator.make_user(ADMIN_ID, "Liu", "en")
    original = IncomingUpdate.create
    confirmed_while_failing: list[int] = []
    failures = 3

    async def flaky(*args: Any, **kwargs: Any) -> Any:
        nonlocal failures
        if failures:
            failures -= 1
            confirmed_while_failing.append(max(offsets(emulator), default=0))
            raise OSError("disk full")
        return await original(*args, **kwargs)

    monkeypatch.setattr(IncomingUpdate, "create", flaky)
    async with polling(emulator, clock):
        update = emulator.message(ADMIN_ID, "/help")
        await wait_until(lambda: emulator.sent(ADMIN_ID), what="the answer")
        await wait_until(
            lambda: max(offsets(emulator)) > update["update_id"], what="the confirmation"
        )
    assert failures == 0
    assert all(offset <= update["update_id"] for offset in confirmed_while_failing)
    row = await IncomingUpdate.get(update_id=update["update_id"])
    assert row.handled_at is not None and row.payload["message"]["text"] == "/help"
    assert await ProcessedUpdate.exists(update_id=update["update_id"])
    assert len(emulator.sent(ADMIN_ID)) == 1


async def test_an_update_a_dead_instance_stored_is_handled_by_the_next_once(
    db: None, emulator: BotApiEmulator, clock: ManualClock
) -> None:
    """Confirmed to Telegram, stored, never handled (the instance was killed): the next one
    handles it before polling; one handled to the end before is not answered again."""
    emulator.make_user(ADMIN_ID, "Liu", "en")
    orphan = emulator.message(ADMIN_ID, "/help")
    done = emulator.message(ADMIN_ID, "/start")
    emulator._take_updates(done["update_id"] + 1, 100)  # confirmed by the dead instance
    for update in (orphan, done):
        await IncomingUpdate.create(
            update_id=update["update_id"], payload=update, received_at=clock.now(), received_by="x"
        )
    await ProcessedUpdate.create(update_id=done["update_id"], received_at=clock.now())
    async with polling(emulator, clock):
        await wait_until(
            lambda: emulator.sent(ADMIN_ID) and emulator.calls("getUpdates"), what="the replay"
        )
        assert not await IncomingUpdate.exists(handled_at__isnull=True)
    answers = emulator.sent(ADMIN_ID)
    assert len(answers) == 1 and "/newcase" in (answers[0].text or "")


async def test_form_state_and_the_handled_record_are_written_together(
    chat: ChatHarness, monkeypatch: Any
) -> None:
    """A commit that fails writes neither, and keeps the writes for the next one."""
    persistence = chat.app.persistence
    assert isinstance(persistence, DatabasePersistence)
    original = ProcessedUpdate.bulk_create
    broken = True

    async def failing(*args: Any, **kwargs: Any) -> Any:
        if broken:
            raise OSError("disk full")
        return await original(*args, **kwargs)

    monkeypatch.setattr(ProcessedUpdate, "bulk_create", failing)
    states_before = await ConversationState.all().count()
    await chat.send(ADMIN_ID, "/newcase")
    assert await ConversationState.all().count() == states_before
    assert not await StoredData.filter(key=str(ADMIN_ID)).exists()
    assert not await ProcessedUpdate.exists()
    broken = False
    assert await persistence.commit()
    assert await ConversationState.all().count() == states_before + 1
    assert await StoredData.filter(key=str(ADMIN_ID)).exists()


async def test_an_instance_whose_lease_moved_on_writes_no_form_state(
    chat: ChatHarness, monkeypatch: Any
) -> None:
    """Asked inside the commit's transaction: the active instance handles the update again
    from the state before it, so this one writes nothing."""

    async def not_ours() -> bool:
        return False

    monkeypatch.setattr(chat.app, "_still_ours", not_ours)
    states_before = await ConversationState.all().count()
    await chat.send(ADMIN_ID, "/newcase")
    assert await ConversationState.all().count() == states_before
    assert not await ProcessedUpdate.exists()


async def test_an_update_is_recorded_with_its_own_persons_state_only(db: None) -> None:
    """python-telegram-bot hands over every person touched since the last save: another
    person's form, still being handled, waits for its own update's record."""
    persistence = DatabasePersistence()
    await persistence.update_user_data(3001, {"form": "reflect"})
    await persistence.update_conversation("talk", (2001, 2001), 2)
    await persistence.update_conversation("reflect", (3001, 3001), 1)
    now = datetime(2026, 3, 2, tzinfo=UTC)
    assert await persistence.commit(Handled(11, now, "alpha"), owner=2001)
    assert await ConversationState.filter(name="talk").exists()
    assert not await ConversationState.filter(name="reflect").exists()
    assert not await StoredData.exists()
    # The periodic save leaves the busy person's writes too.
    assert await persistence.commit(busy=frozenset({3001}))
    assert not await StoredData.exists()
    assert await persistence.commit(Handled(12, now, "alpha"), owner=3001)
    assert await ConversationState.filter(name="reflect").exists()
    assert (await StoredData.get(key="3001")).data == {"form": "reflect"}
    assert {r.update_id for r in await ProcessedUpdate.all()} == {11, 12}


async def test_an_update_that_changed_no_form_is_recorded_without_asking_the_lease(
    chat: ChatHarness, monkeypatch: Any
) -> None:
    """What such an update did is done (its answer went out while the fence was open): its
    record needs no lease check, and a repeat of it is still dropped."""
    asked: list[int] = []

    async def not_ours() -> bool:
        asked.append(1)
        return False

    await chat.send(ADMIN_ID, "/help")  # the first contact writes the menu's key
    monkeypatch.setattr(chat.app, "_still_ours", not_ours)
    update = chat.emu.message(ADMIN_ID, "/help", now=chat.clock.now())
    assert len(await chat.deliver(update, ADMIN_ID)) == 1
    assert asked == [] and await ProcessedUpdate.exists(update_id=update["update_id"])
    assert await chat.deliver(update, ADMIN_ID) == []
