"""`recallbot run`, the real start-up path, as a separate process against the emulator."""

from __future__ import annotations

from pathlib import Path

from bot.devtools.emulator import BotApiEmulator
from tests.instances import WAIT, Instance, base_env, recallbot_cli

ADMIN = 777


async def test_run_polls_answers_and_stops_on_a_signal(tmp_path: Path) -> None:
    async with BotApiEmulator() as emu:
        env = base_env(
            BOT_TOKEN="123456:RUN-TEST-TOKEN",
            DATABASE_URL=f"sqlite://{tmp_path / 'bot.sqlite3'}",
            TELEGRAM_BASE_URL=emu.base_url,
            TELEGRAM_BASE_FILE_URL=emu.base_file_url,
            ADMIN_TELEGRAM_IDS=str(ADMIN),
            TIMEZONE="Asia/Shanghai",
        )
        code, output = await recallbot_cli("db", "upgrade", env=env)
        assert code == 0, output
        bot = await Instance("solo", env).start()
        try:
            await emu.wait_for(lambda: emu.calls("getUpdates"), timeout=WAIT)
            emu.make_user(ADMIN, "Liu", "en")
            emu.message(ADMIN, "/help")
            await emu.wait_for(lambda: emu.sent(ADMIN), timeout=WAIT)
            assert "/newcase" in (emu.last(ADMIN).text or "")
        finally:
            code = await bot.stop()
        assert code == 0, bot.log
        assert "RUN-TEST-TOKEN" not in bot.log
        assert emu.violations == []


async def test_a_second_instance_on_sqlite_is_refused_and_a_restart_after_a_kill_serves(
    tmp_path: Path,
) -> None:
    """Several instances need PostgreSQL: on SQLite a second start exits at once, saying so.
    After a kill -9 a restart serves at once (the lock died with the process), without
    waiting for the lease to run out. Every step waits on what is observed, never on time."""
    async with BotApiEmulator() as emu:
        env = base_env(
            BOT_TOKEN="123456:HA-TEST",
            DATABASE_URL=f"sqlite://{tmp_path / 'bot.sqlite3'}",
            TELEGRAM_BASE_URL=emu.base_url,
            TELEGRAM_BASE_FILE_URL=emu.base_file_url,
            ADMIN_TELEGRAM_IDS=str(ADMIN),
            LEASE_SECONDS="600",  # a restart must not wait for it
        )
        code, output = await recallbot_cli("db", "upgrade", env=env)
        assert code == 0, output
        first = await Instance("first", env).start()
        third = Instance("third", env)
        try:
            await emu.wait_for(lambda: emu.calls("getUpdates"), timeout=WAIT)
            code, refused = await recallbot_cli("run", env={**env, "INSTANCE_NAME": "second"})
            assert code != 0
            assert "several instances need PostgreSQL" in refused
            emu.make_user(ADMIN, "Liu", "en")
            emu.message(ADMIN, "/help")
            await emu.wait_for(lambda: len(emu.sent(ADMIN)) == 1, timeout=WAIT)
            await first.kill()  # no clean stop: neither the lock file nor the lease is released
            await third.start()
            emu.message(ADMIN, "/lang")
            await emu.wait_for(lambda: len(emu.sent(ADMIN)) == 2, timeout=WAIT)
        finally:
            if first.process is not None and first.process.returncode is None:
                await first.kill()
            code = await third.stop() if third.process is not None else -1
        assert code == 0, third.log
        assert "instance third is active" in third.log
        assert emu.violations == []
