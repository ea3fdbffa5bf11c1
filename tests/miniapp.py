"""The Mini App under test: its routes on a real aiohttp server on loopback, and launch data
signed the way Telegram signs it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import aiohttp
from aiohttp import web

from bot.chat.app import RecallApplication
from bot.web.initdata import launch_data
from bot.web.miniapp import setup_miniapp

TOKEN = "123456:TEST-TOKEN"  # tests.conftest.settings_for


@asynccontextmanager
async def serving(app: RecallApplication) -> AsyncIterator[str]:
    """The dashboard's routes on 127.0.0.1 (a free port); yields the base URL."""
    web_app = web.Application()
    setup_miniapp(web_app, app)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


def signed(
    user_id: int,
    now: datetime,
    language: str | None = "zh-hans",
    token: str = TOKEN,
    name: str = "",
) -> str:
    return launch_data(user_id, token, now, first_name=name, language_code=language)


class Api:
    """A client of /app/api that sends `Authorization: tma <initData>`."""

    def __init__(self, base: str, session: aiohttp.ClientSession) -> None:
        self.base = base
        self.session = session

    async def get(self, path: str, init_data: str | None) -> tuple[int, Any]:
        headers = {"Authorization": f"tma {init_data}"} if init_data is not None else {}
        async with self.session.get(self.base + path, headers=headers) as response:
            body = await response.json(content_type=None)
            return response.status, body


@asynccontextmanager
async def api_for(app: RecallApplication) -> AsyncIterator[Api]:
    async with serving(app) as base, aiohttp.ClientSession() as session:
        yield Api(base, session)
