"""Updates of different people are handled together, one person's in order; unchanged form
state is not written again."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram import Chat, Message, Update, User

from bot.chat.app import PerPersonUpdates
from bot.chat.persistence import DatabasePersistence
from models import StoredData


def update_from(update_id: int, user_id: int) -> Update:
    user = User(user_id, "x", is_bot=False)
    chat = Chat(user_id, Chat.PRIVATE)
    message = Message(update_id, None, chat, from_user=user, text="hi")  # type: ignore[arg-type]
    return Update(update_id, message=message)


async def test_one_persons_updates_wait_for_each_other_and_others_do_not() -> None:
    processor = PerPersonUpdates(4)
    started: list[int] = []
    release = {n: asyncio.Event() for n in (1, 2, 3)}
    began = {n: asyncio.Event() for n in (1, 2, 3)}

    async def handle(n: int) -> None:
        started.append(n)
        began[n].set()
        await release[n].wait()

    updates = [(1, 100), (2, 100), (3, 200)]  # 1 and 2 from one person, 3 from another
    tasks = [
        asyncio.create_task(processor.process_update(update_from(n, uid), handle(n)))
        for n, uid in updates
    ]
    await began[1].wait()
    await began[3].wait()
    assert started == [1, 3]  # 2 waits for 1, 3 does not
    release[3].set()
    await tasks[2]
    assert started == [1, 3]
    release[1].set()
    await tasks[0]
    await began[2].wait()
    assert started == [1, 3, 2]
    release[2].set()
    await tasks[1]
    assert processor._locks == {}


async def test_unchanged_user_data_is_not_written_again(db: None, monkeypatch: Any) -> None:
    persistence = DatabasePersistence()
    writes: list[int] = []
    original = StoredData.bulk_create

    def counted(*args: Any, **kwargs: Any) -> Any:
        writes.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(StoredData, "bulk_create", counted)

    async def save(user_id: int, value: dict[str, Any]) -> None:
        await persistence.update_user_data(user_id, value)
        await persistence.commit()  # as after each update

    data: dict[str, Any] = {"draft": {"form": "talk"}}
    await save(7, data)
    await save(7, {"draft": {"form": "talk"}})
    assert len(writes) == 1
    refreshed: dict[str, Any] = {}
    await persistence.refresh_user_data(7, refreshed)
    assert refreshed == data
    await save(7, refreshed)
    assert len(writes) == 1
    refreshed["draft"]["place"] = "会议室"
    await save(7, refreshed)
    assert len(writes) == 2
    # Another instance changed the row: after the refresh, the database's value counts.
    await StoredData.filter(scope="user", key="7").update(data={"menu": "x"})
    await persistence.refresh_user_data(7, refreshed)
    await save(7, {"menu": "x"})
    assert len(writes) == 2
    await save(7, {"menu": "y"})
    assert len(writes) == 3
    assert (await StoredData.get(scope="user", key="7")).data == {"menu": "y"}


async def test_user_data_is_read_again_only_after_the_lease_changed_hands(db: None) -> None:
    """Within one lease term only this instance writes user_data: no read before each
    update. A new term (another instance may have moved a form on meanwhile) reads again."""
    term: list[object | None] = [1]
    persistence = DatabasePersistence(lambda: term[0])
    assert await persistence.get_user_data() == {}
    reads: list[int] = []
    original = StoredData.get_or_none

    async def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        return await original(*args, **kwargs)

    mine: dict[str, Any] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StoredData, "get_or_none", counted)
        await persistence.refresh_user_data(7, mine)  # known absent since the term's start
        await persistence.update_user_data(7, {"draft": "a"})
        await persistence.commit()
        mine = {"draft": "a"}
        await persistence.refresh_user_data(7, mine)
        assert reads == [] and mine == {"draft": "a"}
        # Another instance held the lease meanwhile and moved the form on.
        await StoredData.filter(scope="user", key="7").update(data={"draft": "b"})
        term[0] = 3
        await persistence.refresh_user_data(7, mine)
        assert reads == [1] and mine == {"draft": "b"}
        await persistence.refresh_user_data(7, mine)
        assert reads == [1]
        # Not holding the lease: always read.
        term[0] = None
        await persistence.refresh_user_data(7, mine)
        await persistence.refresh_user_data(7, mine)
        assert reads == [1, 1, 1]
