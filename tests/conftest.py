"""Shared fixtures: an in-memory database per test and a clock that tests move."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import asyncpg
import pytest
import pytest_asyncio
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import tortoise_test_context

from bot.clock import ManualClock
from bot.config import Settings
from bot.db import MODEL_MODULES
from bot.devtools.emulator import BotApiEmulator
from bot.runner import ensure_first_admins
from bot.services import working_time
from bot.services.working_time import Coverage, YearDays
from bot.wiring import build_application
from tests.chat import ChatHarness

# 2026-03-02 09:30 in Asia/Shanghai, a Monday.
START = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


# `make test-pg` runs the same suite on PostgreSQL ("{}" becomes a fresh database per test).
TEST_DATABASE_URL = os.environ.get("RECALLBOT_TEST_DATABASE_URL", "sqlite://:memory:")


# What the `holidays` package knew of China's later years when the tests were written: their
# statutory holidays by rule, no make-up working days. A release that publishes the State
# Council's schedule for them must not change what the tests expect (2026 and before are final).
ESTIMATED_YEARS = {
    2027: ["01-01", "02-05", "02-06", "02-07", "02-08", "02-09", "02-10", "04-05", "05-01",
           "05-02", "05-03", "05-04", "06-09", "09-15", "10-01", "10-02", "10-03", "10-04",
           "10-05"],
    2028: ["01-01", "01-03", "01-25", "01-26", "01-27", "01-28", "04-04", "05-01", "05-02",
           "05-28", "05-29", "10-01", "10-02", "10-03", "10-04"],
}  # fmt: skip


@pytest.fixture(autouse=True)
def holidays_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    real = working_time._builtin

    def builtin(year: int) -> tuple[YearDays, Coverage]:
        if year in ESTIMATED_YEARS:
            days = frozenset(date.fromisoformat(f"{year}-{d}") for d in ESTIMATED_YEARS[year])
            return YearDays(days), Coverage.ESTIMATED
        return real(year)

    monkeypatch.setattr(working_time, "_builtin", builtin)


@pytest.fixture(autouse=True)
def fresh_sql_cache() -> None:
    """Tortoise caches insert SQL per connection name, not per dialect: a test on SQLite
    (the CLI, the demo) must not leave its "?" placeholders to a test on PostgreSQL."""
    EXECUTOR_CACHE.clear()


@pytest_asyncio.fixture
async def db() -> AsyncIterator[None]:
    url = TEST_DATABASE_URL.replace("{}", uuid.uuid4().hex[:12])
    async with tortoise_test_context(MODEL_MODULES, db_url=url):
        yield
    if url.startswith("postgres"):
        # Tortoise leaves the test database behind; a CI machine would collect thousands.
        server, name = url.rsplit("/", 1)
        admin = await asyncpg.connect(f"{server}/postgres")
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        finally:
            await admin.close()


# Telegram ids in every test world: admins 1xxx, mentors 2xxx, cadres 3xxx, supervisors 4xxx.
ADMIN_ID = 1000


@pytest_asyncio.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    emu = BotApiEmulator()
    await emu.start()
    yield emu
    await emu.stop()
    assert emu.violations == [], emu.violations


def settings_for(emu: BotApiEmulator, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "bot_token": "123456:TEST-TOKEN",
        "database_url": "sqlite://:memory:",
        "telegram_base_url": emu.base_url,
        "telegram_base_file_url": emu.base_file_url,
        "admin_telegram_ids": [ADMIN_ID],
        "bot_username": "recallbot_demo_bot",
        # Tortoise writes TIMEZONE=UTC into os.environ when it starts: name ours explicitly.
        "timezone": "Asia/Shanghai",
        # Tests check what is sent, not Telegram's pacing (benchmarks measure that).
        "send_rate_per_second": 1000.0,
        "send_per_chat_seconds": 0.0,
        "http_timeout_seconds": 2.0,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest_asyncio.fixture
async def chat(
    db: None, emulator: BotApiEmulator, clock: ManualClock
) -> AsyncIterator[ChatHarness]:
    """The real Application, initialised against the emulator, with the first admin enrolled."""
    app = build_application(settings_for(emulator), clock)
    async with app:
        await ensure_first_admins(app)
        harness = ChatHarness(emulator, app, clock)
        harness.user(ADMIN_ID, "组织部小刘")
        yield harness
