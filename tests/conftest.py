"""Shared fixtures: an in-memory database per test and a clock that tests move."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import pytest_asyncio
from tortoise.context import tortoise_test_context

from bot.clock import ManualClock
from bot.db import MODEL_MODULES

# 2026-03-02 09:30 in Asia/Shanghai, a Monday.
START = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest_asyncio.fixture
async def db() -> AsyncIterator[None]:
    async with tortoise_test_context(MODEL_MODULES):
        yield
