"""Updates of different people are handled together, one person's in order; unchanged form
state is not written again."""

from __future__ import annotations

import asyncio
from typing import Any

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
