"""`recallbot backup PATH` while the bot runs, and a restore that gives the same statistics."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
import sys
import uuid
from pathlib import Path

import asyncpg
import pytest

from bot.devtools.emulator import BotApiEmulator
from bot.services import backup as backup_service
from bot.services.errors import DomainError
from tests.conftest import TEST_DATABASE_URL

NEWSPAPER = Path(__file__).parent / "data" / "cohort_newspaper.csv"
ADMIN = 777


async def recallbot(*args: str, env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return process.returncode, out.decode()


def environment(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "BOT_TOKEN": "123456:BACKUP-TEST",
        "DATABASE_URL": database_url,
        "ADMIN_TELEGRAM_IDS": str(ADMIN),
        "TIMEZONE": "Asia/Shanghai",
        "DEFAULT_LOCALE": "en",
        **extra,
    }


async def stats(env: dict[str, str]) -> dict[str, object]:
    code, output = await recallbot("stats", "--json", env=env)
    assert code == 0, output
    figures = json.loads(output)
    assert isinstance(figures, dict)
    return figures


async def test_backup_while_the_bot_runs_and_restore(tmp_path: Path) -> None:
    live = tmp_path / "data" / "bot.sqlite3"
    async with BotApiEmulator() as emu:
        env = environment(
            f"sqlite://{live}",
            TELEGRAM_BASE_URL=emu.base_url,
            TELEGRAM_BASE_FILE_URL=emu.base_file_url,
        )
        assert (await recallbot("db", "upgrade", env=env))[0] == 0
        assert (await recallbot("import", str(NEWSPAPER), env=env))[0] == 0
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        try:
            await emu.wait_for(lambda: emu.calls("getUpdates"), timeout=60)
            emu.make_user(ADMIN, "Liu", "en")
            for _ in range(20):  # the bot writes (seen updates, form state) while we copy
                emu.message(ADMIN, "/help")
            copy = tmp_path / "backups" / "copy.sqlite3"
            code, output = await recallbot("backup", str(copy), env=env)
            assert code == 0, output
            assert "Backup written" in output and str(copy) in output
            await emu.wait_for(lambda: len(emu.sent(ADMIN)) >= 20, timeout=60)
        finally:
            bot.send_signal(2)
            log, _ = await asyncio.wait_for(bot.communicate(), timeout=60)
        assert bot.returncode == 0, log.decode()
    with sqlite3.connect(copy) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # Restore as the operator guide says: the copy in place of the database file.
    restored = tmp_path / "restored" / "recallbot.sqlite3"
    restored.parent.mkdir()
    shutil.copyfile(copy, restored)
    restored_env = environment(f"sqlite://{restored}")
    code, output = await recallbot("db", "upgrade", env=restored_env)
    assert code == 0, output
    original = await stats(env)
    assert original["total"] == 46
    assert await stats(restored_env) == original


async def test_backup_refuses_what_it_cannot_copy(tmp_path: Path) -> None:
    env = environment(f"sqlite://{tmp_path / 'missing.sqlite3'}", DEFAULT_LOCALE="zh-CN")
    code, output = await recallbot("backup", str(tmp_path / "b.sqlite3"), env=env)
    assert code == 1 and "没有数据库文件" in output and "Traceback" not in output
    env = environment("sqlite://:memory:")
    code, output = await recallbot("backup", str(tmp_path / "b.sqlite3"), env=env)
    assert code == 1 and "in-memory" in output


async def test_without_pg_dump_the_command_says_how(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup_service.shutil, "which", lambda _name: None)
    with pytest.raises(DomainError) as refused:
        await backup_service.backup("postgres://u@127.0.0.1/db", tmp_path / "x.dump")
    assert refused.value.key == "backup-no-pg-dump"


@pytest.mark.skipif(
    not TEST_DATABASE_URL.startswith("postgres") or shutil.which("pg_dump") is None,
    reason="the PostgreSQL pass with pg_dump installed",
)
async def test_pg_dump_backup_restores_to_the_same_statistics(tmp_path: Path) -> None:
    names = [f"bk_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    server = TEST_DATABASE_URL.rsplit("/", 1)[0]
    admin = await asyncpg.connect(f"{server}/postgres")
    try:
        for name in names:
            await admin.execute(f'CREATE DATABASE "{name}"')
        source, target = (f"{server}/{name}" for name in names)
        env = environment(source)
        assert (await recallbot("db", "upgrade", env=env))[0] == 0
        assert (await recallbot("import", str(NEWSPAPER), env=env))[0] == 0
        dump = tmp_path / "recallbot.dump"
        code, output = await recallbot("backup", str(dump), env=env)
        assert code == 0 and "pg_restore" in output, output
        restore = await asyncio.create_subprocess_exec(
            "pg_restore", "--no-owner", f"--dbname={target.replace('postgres://', 'postgresql://')}",
            str(dump), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        out, _ = await asyncio.wait_for(restore.communicate(), timeout=120)
        assert restore.returncode == 0, out.decode()
        assert await stats(environment(target)) == await stats(env)
    finally:
        for name in names:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
