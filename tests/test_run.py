"""`recallbot run`, the real start-up path, as a separate process against the emulator."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot.emulator import BotApiEmulator

ADMIN = 777


async def recallbot(*args: str, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def test_run_polls_answers_and_stops_on_a_signal(tmp_path: Path) -> None:
    async with BotApiEmulator() as emu:
        env = {
            **os.environ,
            "BOT_TOKEN": "123456:RUN-TEST-TOKEN",
            "DATABASE_URL": f"sqlite://{tmp_path / 'bot.sqlite3'}",
            "TELEGRAM_BASE_URL": emu.base_url,
            "TELEGRAM_BASE_FILE_URL": emu.base_file_url,
            "ADMIN_TELEGRAM_IDS": str(ADMIN),
            "TIMEZONE": "Asia/Shanghai",
        }
        upgrade = await recallbot("db", "upgrade", env=env)
        assert await upgrade.wait() == 0
        bot = await recallbot("run", env=env)
        try:
            await emu.wait_for(lambda: emu.calls("getUpdates"), timeout=30)
            emu.make_user(ADMIN, "Liu", "en")
            emu.message(ADMIN, "/help")
            await emu.wait_for(lambda: emu.sent(ADMIN), timeout=30)
            assert "/newcase" in (emu.last(ADMIN).text or "")
        finally:
            bot.send_signal(signal.SIGINT)
            output, _ = await asyncio.wait_for(bot.communicate(), timeout=30)
        assert bot.returncode == 0, output.decode()
        log = output.decode()
        assert "RUN-TEST-TOKEN" not in log
        assert emu.violations == []


async def test_a_standby_instance_takes_over_when_the_active_one_is_killed(
    tmp_path: Path,
) -> None:
    """Two `recallbot run` on one database: one answers; kill -9 it, the other answers."""
    async with BotApiEmulator() as emu:
        env = {
            **os.environ,
            "BOT_TOKEN": "123456:HA-TEST",
            "DATABASE_URL": f"sqlite://{tmp_path / 'bot.sqlite3'}",
            "TELEGRAM_BASE_URL": emu.base_url,
            "TELEGRAM_BASE_FILE_URL": emu.base_file_url,
            "ADMIN_TELEGRAM_IDS": str(ADMIN),
            "LEASE_SECONDS": "1",
        }
        assert await (await recallbot("db", "upgrade", env=env)).wait() == 0
        first = await recallbot("run", env={**env, "INSTANCE_NAME": "first"})
        await emu.wait_for(lambda: emu.calls("getUpdates"), timeout=30)
        second = await recallbot("run", env={**env, "INSTANCE_NAME": "second"})
        try:
            emu.make_user(ADMIN, "Liu", "en")
            emu.message(ADMIN, "/help")
            await emu.wait_for(lambda: len(emu.sent(ADMIN)) == 1, timeout=30)
            first.kill()  # no clean stop: the lease is not released, it runs out
            await first.wait()
            emu.message(ADMIN, "/lang")
            await emu.wait_for(lambda: len(emu.sent(ADMIN)) == 2, timeout=30)
        finally:
            second.send_signal(signal.SIGINT)
            output, _ = await asyncio.wait_for(second.communicate(), timeout=30)
        log = output.decode()
        assert second.returncode == 0, log
        assert "standing by" in log and "instance second is active" in log
