"""The dashboard's API over HTTP: a supervisor of 50 cases, an admin of all of them.

Run: .venv/bin/python -m benchmarks.bench_dashboard [CASES]   (part of `make bench`)

Cases are opened through the case service (plans as the default template makes them) in a
temporary SQLite file, recalled over the past four months so that some steps are overdue. Each
request carries freshly signed launch data, so the times include checking it, finding the
person and the roles, and the JSON in Chinese.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import aiohttp
from aiohttp import web
from tortoise import Tortoise

from bot.clock import ManualClock
from bot.config import Settings
from bot.db import tortoise_config
from bot.services.cases import NewCase
from bot.web.initdata import launch_data
from bot.web.miniapp import setup_miniapp
from bot.wiring import build_application
from models import Person
from models.enums import Rank

TOKEN = "123456:BENCH"
NOW = datetime(2026, 7, 1, 2, 0, tzinfo=UTC)
CASES_PER_SUPERVISOR = 50
ROUNDS = 20


async def timed(session: aiohttp.ClientSession, url: str, user_id: int) -> float:
    headers = {"Authorization": "tma " + launch_data(user_id, TOKEN, NOW, language_code="zh")}
    start = time.perf_counter()
    async with session.get(url, headers=headers) as response:
        assert response.status == 200, await response.text()
        await response.read()
    return time.perf_counter() - start


async def run(cases: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{Path(folder) / 'bench.sqlite3'}"
        await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
        await Tortoise.generate_schemas()
        settings = Settings(_env_file=None, bot_token=TOKEN, database_url=url)  # type: ignore[call-arg]
        clock = ManualClock(NOW)
        app = build_application(settings, clock)
        opened = time.perf_counter()
        for n in range(cases):
            await app.services.cases.open(
                NewCase(
                    cadre_name=f"干部{n}",
                    unit=f"单位{n % 17}",
                    rank=Rank.SECTION,
                    reason="inaction",
                    recalled_on=date(2026, 3, 2) + timedelta(days=n % 100),
                    period_months=3 + n % 4,
                    mentors=[f"帮带人{n % 40}"],
                    supervisors=[f"督导{n // CASES_PER_SUPERVISOR}"],
                    cohort=f"2026 第{n % 5 + 1}批",
                )
            )
        print(f"{cases} cases opened in {time.perf_counter() - opened:.1f} s")
        supervisor = await Person.get(name="督导0")
        supervisor.telegram_id = 5001
        await supervisor.save()
        admin = await app.services.people.ensure_admin(5000, name="管理员")
        web_app = web.Application()
        setup_miniapp(web_app, app)
        runner = web.AppRunner(web_app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        try:
            async with aiohttp.ClientSession() as session:
                for label, path, user in (
                    (f"supervisor, {CASES_PER_SUPERVISOR} cases", "/app/api/cases", 5001),
                    (f"admin, {cases} cases", "/app/api/cases", admin.telegram_id),
                    ("one case's timeline", "/app/api/cases/1", 5001),
                ):
                    assert user is not None
                    await timed(session, base + path, user)  # warm up
                    times = [await timed(session, base + path, user) for _ in range(ROUNDS)]
                    print(
                        f"{label:>28}: median {statistics.median(times) * 1000:6.1f} ms, "
                        f"max {max(times) * 1000:6.1f} ms ({ROUNDS} requests)"
                    )
        finally:
            await runner.cleanup()
            await Tortoise.close_connections()


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    asyncio.run(run(cases))


if __name__ == "__main__":
    main()
