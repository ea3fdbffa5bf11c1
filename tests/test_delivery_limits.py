"""The sender within Telegram's limits: the emulator enforces them and never answers 429.

The emulator (`enforce_limits=True`) allows about 1 message/s per private chat with a burst
of 3 and 30 messages/s overall; the sender runs with its default settings (25/s overall, 1 s
per chat), so a few seconds per test. `benchmarks/bench_delivery.py` measures the rates;
these tests only check that nothing is refused, lost or sent twice.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest_asyncio

from bot.chat.app import RecallApplication
from bot.chat.text import MESSAGE_LIMIT, utf16_len
from bot.clock import ManualClock
from bot.devtools.emulator import BotApiEmulator
from bot.services.digest import DIGEST_MESSAGE, CaseProgress, DigestData
from bot.wiring import build_application
from models import Notification, Person
from models.enums import NotificationStatus
from schedules import delivery
from tests.conftest import settings_for
from tests.rows import queued

FIRST_CHAT = 700_000
MAX_DRAINS = 400  # a guard: drains that send nothing are 50 ms apart


@pytest_asyncio.fixture
async def limited(
    db: None, clock: ManualClock
) -> AsyncIterator[tuple[BotApiEmulator, RecallApplication]]:
    async with BotApiEmulator(enforce_limits=True) as emu:
        settings = settings_for(emu, send_rate_per_second=25.0, send_per_chat_seconds=1.0)
        app = build_application(settings, clock)
        async with app:
            yield emu, app
    assert emu.violations == []


async def people(count: int, clock: ManualClock, first: int = FIRST_CHAT) -> list[Person]:
    now = clock.now()
    await Person.bulk_create(
        [Person(name=f"干部{n}", telegram_id=first + n, created_at=now) for n in range(count)]
    )
    return await Person.filter(telegram_id__gte=first, telegram_id__lt=first + count).order_by(
        "id"
    )


async def queue(
    person: Person, count: int, clock: ManualClock, message: str, **params: Any
) -> None:
    for k in range(count):
        await queued(person, message, key=f"{message}:{person.id}:{k}", now=clock.now(), **params)


async def notices(person: Person, count: int, clock: ManualClock) -> None:
    """Separate notices (each its own message: only reminders are joined into one)."""
    await queue(
        person,
        count,
        clock,
        "talk-disputed",
        cadre=person.name,
        talk_id=person.id,
        held_on=clock.now().date().isoformat(),
        comment="与事实不符",
    )


async def drain(app: RecallApplication) -> None:
    """Drain until nothing is pending, as the `send` job does every SEND_SECONDS."""
    for _ in range(MAX_DRAINS):
        if not await Notification.filter(status=NotificationStatus.PENDING).exists():
            return
        report = await delivery.run(app)
        if report.retried:
            return  # refused (429): retried much later; the test's assertions tell
        if not report.sent:
            await asyncio.sleep(0.05)  # every chat left is resting
    raise AssertionError("the outbox was not drained")


async def assert_all_sent_once() -> None:
    rows = await Notification.all()
    assert Counter(str(n.status) for n in rows) == {"sent": len(rows)}
    assert {n.attempts for n in rows} == {1}  # nothing was retried


async def test_many_chats_and_busy_chats_get_no_429(
    limited: tuple[BotApiEmulator, RecallApplication], clock: ManualClock
) -> None:
    """60 chats at once (more than the 30/s Telegram allows overall) and 3 chats with 4
    notices each (more than the burst a private chat allows)."""
    emu, app = limited
    busy = await people(3, clock, first=FIRST_CHAT + 1_000)
    for person in busy:
        await notices(person, 4, clock)
    for person in await people(60, clock):
        await notices(person, 1, clock)
    await drain(app)
    assert emu.too_many_requests == 0
    await assert_all_sent_once()
    per_chat = Counter(m.chat_id for m in emu.sent() if m.method == "sendMessage")
    expected = {FIRST_CHAT + n: 1 for n in range(60)} | {p.telegram_id: 4 for p in busy}
    assert per_chat == expected
    assert len(emu.sent()) == 72


async def test_notifications_of_several_messages_count_every_message(
    limited: tuple[BotApiEmulator, RecallApplication], clock: ManualClock
) -> None:
    """A text longer than one Telegram message goes out in two parts, a digest as a chart and
    a text: each message takes its own place in the overall rate and in its chat's."""
    emu, app = limited
    (supervisor,) = await people(1, clock, first=FIRST_CHAT + 2_000)
    now = clock.now()
    digest = DigestData(
        supervisor=supervisor.name,
        frequency="now",
        since=now - timedelta(days=7),
        until=now,
        cases=[CaseProgress(case_id=1, cadre="张伟", done=3, open=2, overdue=1, total=6)],
    )
    await queue(supervisor, 3, clock, DIGEST_MESSAGE, **digest.to_params())
    for person in await people(20, clock):
        # Two placeables of 2,400 characters (fluent's limit is 2,500): 4,800 in all.
        await queue(
            person,
            1,
            clock,
            "talk-confirm-request",
            mentor="帮" * 2_400,
            held_on="2026-03-01",
            summary="谈" * 2_400,
            talk_id=person.id,
        )
    await drain(app)
    assert emu.too_many_requests == 0
    await assert_all_sent_once()
    sent = Counter((m.chat_id, m.method) for m in emu.sent())
    expected = {(FIRST_CHAT + n, "sendMessage"): 2 for n in range(20)} | {
        (supervisor.telegram_id, "sendPhoto"): 3,
        (supervisor.telegram_id, "sendMessage"): 3,
    }
    assert sent == expected
    first, second = (m.text or "" for m in emu.sent(FIRST_CHAT))
    assert utf16_len(first) <= MESSAGE_LIMIT and utf16_len(second) <= MESSAGE_LIMIT
    assert "谈" * 2_400 in first + second
