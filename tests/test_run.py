"""`recallbot run`, the real start-up path, as a separate process against the emulator."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot.devtools.emulator import BotApiEmulator

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


async def test_a_second_instance_on_sqlite_is_refused_and_a_restart_after_a_kill_serves(
    tmp_path: Path,
) -> None:
    """Several instances need PostgreSQL: on SQLite a second start exits at once, saying so.
    After a kill -9 a restart serves at once (the lock died with the process), without
    waiting for the lease to run out. Every step waits on what is observed, never on time."""
    async with BotApiEmulator() as emu:
        env = {
            **os.environ,
            "BOT_TOKEN": "123456:HA-TEST",
            "DATABASE_URL": f"sqlite://{tmp_path / 'bot.sqlite3'}",
            "TELEGRAM_BASE_URL": emu.base_url,
            "TELEGRAM_BASE_FILE_URL": emu.base_file_url,
            "ADMIN_TELEGRAM_IDS": str(ADMIN),
            "LEASE_SECONDS": "600",  # a restart must not wait for it
        }
        assert await (await recallbot("db", "upgrade", env=env)).wait() == 0
        first = await recallbot("run", env={**env, "INSTANCE_NAME": "first"})
        third = None
        try:
            await emu.wait_for(lambda: emu.calls("getUpdates"), timeout=120)
            second = await recallbot("run", env={**env, "INSTANCE_NAME": "second"})
            refused, _ = await asyncio.wait_for(second.communicate(), timeout=120)
            assert second.returncode != 0
            assert "several instances need PostgreSQL" in refused.decode()
            emu.make_user(ADMIN, "Liu", "en")
            emu.message(ADMIN, "/help")
            await emu.wait_for(lambda: len(emu.sent(ADMIN)) == 1, timeout=120)
            first.kill()  # no clean stop: neither the lock file nor the lease is released
            await first.wait()
            third = await recallbot("run", env={**env, "INSTANCE_NAME": "third"})
            emu.message(ADMIN, "/lang")
            await emu.wait_for(lambda: len(emu.sent(ADMIN)) == 2, timeout=120)
        finally:
            if first.returncode is None:
                first.kill()
                await first.wait()
            if third is not None:
                third.send_signal(signal.SIGINT)
                output, _ = await asyncio.wait_for(third.communicate(), timeout=60)
        log = output.decode()
        assert third.returncode == 0, log
        assert "instance third is active" in log
        assert emu.violations == []
