"""Outbox delivery against the emulator enforcing Telegram's limits.

Run: .venv/bin/python -m benchmarks.bench_delivery   (part of `make bench`)

The real Application (build_application) drains a migrated SQLite file in a temporary folder
through the local Bot API emulator with `enforce_limits=True` (about 1 message/s per private
chat with a burst of 3, 20/min per group, 30/s overall; it answers 429 beyond that), with the
default settings SEND_RATE_PER_SECOND=25 and SEND_PER_CHAT_SECONDS=1:

- "many chats": 1,000 reminders to 1,000 chats, one each: the overall rate is the limit;
- "few chats": 100 reminders to 10 chats, 10 each, queued chat by chat: the per-chat
  interval is the limit.

The outbox is drained with `schedules.delivery.run(app)`, repeated until nothing is pending
(a drain that sends nothing because every chat left is waiting is followed by a 50 ms pause).
Requirements (exit status 1 if one fails): "many chats" reaches at least 90% of the configured
overall rate; in both, no 429 answer and every reminder SENT, exactly once.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from statistics import mean

from tortoise.transactions import in_transaction

from benchmarks import instances
from bot.clock import ManualClock
from bot.config import Settings
from bot.db import close_db, init_db, upgrade
from bot.devtools.emulator import BotApiEmulator
from bot.devtools.emulator.server import JSON, ChatId, Request
from bot.services.notices import notify
from bot.wiring import build_application
from models import Notification, Person
from models.enums import NotificationStatus
from schedules import delivery

# 2026-03-02 09:30 in Asia/Shanghai, a Monday.
NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
RATE_PER_SECOND = 25.0  # the default SEND_RATE_PER_SECOND
PER_CHAT_SECONDS = 1.0  # the default SEND_PER_CHAT_SECONDS
REQUIRED_SHARE = 0.9
FIRST_CHAT = 500_000
IDLE_PAUSE_SECONDS = 0.05


class TimedEmulator(BotApiEmulator):
    """The emulator, enforcing the limits, noting when each message reached it."""

    def __init__(self) -> None:
        super().__init__(enforce_limits=True)
        self.arrivals: dict[ChatId, list[float]] = defaultdict(list)

    def _record_sent(self, method: str, params: JSON, record: Request, kind: str | None) -> JSON:
        message = super()._record_sent(method, params, record, kind)
        self.arrivals[params["chat_id"]].append(time.monotonic())
        return message


@dataclass
class Outcome:
    name: str
    chats: int
    per_chat: int
    seconds: float
    drains: int
    sent: int  # notifications SENT
    lost: int  # notifications in any other state
    messages: int  # sendMessage calls the emulator accepted
    duplicates: int  # messages beyond one per notification
    too_many_requests: int
    chat_span: float  # mean time from a chat's first message to its last
    min_chat_gap: float  # shortest time between two messages to one chat

    @property
    def total(self) -> int:
        return self.chats * self.per_chat

    @property
    def rate(self) -> float:
        return self.sent / self.seconds

    @property
    def per_chat_rate(self) -> float:
        """Messages per second in one chat, from its first message to its last (mean)."""
        return (self.per_chat - 1) / self.chat_span if self.chat_span else 0.0

    def failures(self, *, check_rate: bool) -> list[str]:
        problems = []
        if check_rate and self.rate < REQUIRED_SHARE * RATE_PER_SECOND:
            problems.append(
                f"{self.name}: {self.rate:.2f}/s is below {REQUIRED_SHARE:.0%} of "
                f"{RATE_PER_SECOND:g}/s"
            )
        if self.too_many_requests:
            problems.append(f"{self.name}: {self.too_many_requests} answers 429")
        if self.lost or self.sent != self.total:
            problems.append(f"{self.name}: {self.lost} of {self.total} not sent")
        if self.duplicates or self.messages != self.total:
            problems.append(f"{self.name}: {self.messages} messages for {self.total} reminders")
        return problems


def settings_for(emu: BotApiEmulator, url: str) -> Settings:
    return instances.settings_for(
        emu.base_url,
        emu.base_file_url,
        url,
        send_rate_per_second=RATE_PER_SECOND,
        send_per_chat_seconds=PER_CHAT_SECONDS,
    )


async def queue(chats: int, per_chat: int, now: datetime) -> None:
    """One person per chat and `per_chat` due-today reminders each, queued chat by chat."""
    await Person.bulk_create(
        [Person(name=f"干部{n}", telegram_id=FIRST_CHAT + n, created_at=now) for n in range(chats)]
    )
    async with in_transaction():
        for person in await Person.all().order_by("id"):
            for k in range(per_chat):
                await notify(
                    person,
                    "reminder-step-due",
                    key=f"bench:{person.id}:{k}",
                    now=now,
                    cadre=person.name,
                    case_id=person.id,
                    step="talk",
                    label="",
                    due=now.date().isoformat(),
                    days=0,
                    responsible="mentor",
                )


async def pending() -> bool:
    return await Notification.filter(status=NotificationStatus.PENDING).exists()


async def scenario(name: str, chats: int, per_chat: int, folder: Path) -> Outcome:
    url = f"sqlite://{folder / (name.replace(' ', '-') + '.sqlite3')}"
    await upgrade(url)
    async with TimedEmulator() as emu:
        settings = settings_for(emu, url)  # before init_db: Tortoise rewrites TIMEZONE
        await init_db(url)
        try:
            clock = ManualClock(NOW)
            await queue(chats, per_chat, clock.now())
            app = build_application(settings, clock)
            async with app:
                drains = 0
                started = time.perf_counter()
                while await pending():
                    report = await delivery.run(app)
                    drains += 1
                    if not report.sent:
                        await asyncio.sleep(IDLE_PAUSE_SECONDS)
                seconds = time.perf_counter() - started
            statuses = Counter(str(n.status) for n in await Notification.all())
        finally:
            await close_db()
    sent = statuses[NotificationStatus.SENT.value]
    per_chat_sent = Counter(m.chat_id for m in emu.sent())
    duplicates = sum(max(0, count - per_chat) for count in per_chat_sent.values())
    times = list(emu.arrivals.values())
    spans = [ts[-1] - ts[0] for ts in times if len(ts) > 1]
    gaps = [b - a for ts in times for a, b in pairwise(ts)]
    return Outcome(
        name=name,
        chats=chats,
        per_chat=per_chat,
        seconds=seconds,
        drains=drains,
        sent=sent,
        lost=sum(statuses.values()) - sent,
        messages=len(emu.sent()),
        duplicates=duplicates,
        too_many_requests=emu.too_many_requests,
        chat_span=mean(spans) if spans else 0.0,
        min_chat_gap=min(gaps) if gaps else 0.0,
    )


def show(outcome: Outcome) -> None:
    print(
        f"{outcome.name}: {outcome.total:,} reminders to {outcome.chats:,} chats "
        f"({outcome.per_chat} each) in {outcome.seconds:.2f} s, {outcome.drains} drains; "
        f"sent {outcome.sent:,}, lost {outcome.lost}, duplicates {outcome.duplicates}, "
        f"429 answers {outcome.too_many_requests}"
    )
    share = outcome.rate / RATE_PER_SECOND
    print(f"  overall rate {outcome.rate:.2f}/s of {RATE_PER_SECOND:g}/s configured ({share:.1%})")
    if outcome.per_chat > 1:
        print(
            f"  per chat {outcome.per_chat_rate:.3f} msg/s (configured at most "
            f"{1 / PER_CHAT_SECONDS:g}/s), shortest gap in a chat {outcome.min_chat_gap:.3f} s"
        )


async def measure(folder: Path) -> list[str]:
    many = await scenario("many chats", 1_000, 1, folder)
    show(many)
    few = await scenario("few chats", 10, 10, folder)
    show(few)
    return many.failures(check_rate=True) + few.failures(check_rate=False)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        failures = asyncio.run(measure(Path(folder)))
    for failure in failures:
        print(f"FAILED {failure}")
    if failures:
        sys.exit(1)
    print("delivery: requirements met")


if __name__ == "__main__":
    main()
