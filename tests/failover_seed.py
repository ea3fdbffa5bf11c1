"""Seed a failover test's database: people, each with one step-less notice due now.

Run as a program (`python -m tests.failover_seed URL COUNT FIRST_CHAT`), so that the test
process keeps its own database state apart from the instances' database."""

from __future__ import annotations

import asyncio
import sys

from bot.clock import SystemClock
from bot.db import close_db, init_db
from bot.services.notices import notify
from models import Person


async def seed(url: str, count: int, first_chat: int) -> None:
    await init_db(url)
    now = SystemClock().now()
    try:
        await Person.bulk_create(
            [
                Person(name=f"干部{n}", telegram_id=first_chat + n, created_at=now)
                for n in range(count)
            ]
        )
        for person in await Person.filter(telegram_id__gte=first_chat).order_by("id"):
            await notify(
                person,
                "case-closed-notice",
                now=now,
                case_id=person.id,
                placement="original_unit",
                disposition="none",
            )
    finally:
        await close_db()


if __name__ == "__main__":
    asyncio.run(seed(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
