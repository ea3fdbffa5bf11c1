"""Edges that used to end in "something went wrong": odd numbers in button data, for every
button prefix the application registers, from an admin (who passes every role check)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import resource
import shutil
import subprocess
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.chat import callbacks
from bot.devtools.emulator import BotApiEmulator
from bot.devtools.emulator.server import SentMessage
from models import ReflectionVersion
from tests.casework import CADRE, MENTOR, world
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID, TEST_DATABASE_URL
from tests.instances import WAIT, Instance, base_env, recallbot_cli

ODD = ["²", "12345678901234567890", "١٢", "-1", "0", "", "9" * 9]


def prefixes(chat: ChatHarness) -> list[str]:
    found = set()
    for group in chat.app.handlers.values():
        for pattern in callbacks.patterns_of(group):
            match = re.match(r"\^([a-z]+):", pattern)
            if match:
                found.add(match.group(1))
    assert found <= set(callbacks.claimed())
    return sorted(found)


async def test_odd_numbers_in_button_data_get_a_clear_answer(
    chat: ChatHarness, caplog: pytest.LogCaptureFixture
) -> None:
    names = prefixes(chat)
    assert len(names) >= 15, names
    anchor = await chat.send(ADMIN_ID, "/help")
    pressed = 0
    with caplog.at_level(logging.ERROR):
        for prefix in names:
            for odd in ODD:
                for data in (f"{prefix}:{odd}", f"{prefix}:c:{odd}", f"{prefix}:{odd}:{odd}"):
                    replies = await chat.press_data(ADMIN_ID, data[:64], anchor[-1].message_id)
                    assert "出了问题" not in text_of(replies), data
                    pressed += 1
                await chat.send(ADMIN_ID, "/cancel")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [
        r.getMessage() for r in caplog.records
    ][:5]
    assert pressed == len(names) * len(ODD) * 3


# --- documents at Telegram's limits (issue 11) -------------------------------------------

EMOJI_CAPTION = "😀" * 500  # 500 characters, 1,000 UTF-16 code units: what Telegram counts


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def reflect_document(chat: ChatHarness, name: str, caption: str | None) -> None:
    await chat.send(CADRE, "/reflect")
    update = chat.emu.document(
        CADRE, name, b"%PDF edge", "application/pdf", caption=caption, now=chat.clock.now()
    )
    replies = await chat.deliver(update, CADRE)
    assert "出了问题" not in text_of(replies)
    replies = await chat.press(CADRE, "确认保存")
    assert "思想汇报已提交" in text_of(replies), text_of(replies)


async def review_first(chat: ChatHarness) -> list[SentMessage]:
    await chat.send(MENTOR, "/review")
    return await chat.press(MENTOR, "张伟")


async def test_a_500_emoji_caption_is_kept_and_reviewed(chat: ChatHarness) -> None:
    """Telegram measures a caption in UTF-16 code units (1,024 at most): 500 emoji are 1,000
    of them, so the review's header and the caption together no longer fit one caption."""
    await world(chat)
    await reflect_document(chat, "思想汇报.pdf", EMOJI_CAPTION)
    version = await ReflectionVersion.get()
    assert version.text == EMOJI_CAPTION
    for _ in range(2):  # every /review of it, not only the first
        replies = await review_first(chat)
        assert "出了问题" not in text_of(replies)
        document = next(m for m in replies if m.method == "sendDocument")
        assert utf16(document.caption or "") <= 1024
        assert EMOJI_CAPTION in text_of(replies)  # the caption, whole, in a message beside it
        assert "通过" in str(chat.last_with_buttons(MENTOR).reply_markup)
        await chat.send(MENTOR, "/cancel")


async def test_a_254_character_document_name_goes_through(chat: ChatHarness) -> None:
    """Telegram allows file names of up to 255 bytes-ish; the record keeps a shortened name
    with its extension, and the reflection is saved."""
    await world(chat)
    name = "思" * 50 + "a" * 200 + ".pdf"  # 254 characters
    assert len(name) == 254
    await reflect_document(chat, name, None)
    version = await ReflectionVersion.get()
    assert version.file_name is not None and version.file_name.endswith(".pdf")
    assert version.file_name.startswith("思" * 50) and len(version.file_name) <= 200
    replies = await review_first(chat)
    document = next(m for m in replies if m.method == "sendDocument")
    assert document.content == b"%PDF edge"


# --- storage faults under a real `recallbot run` (issue 11) -------------------------------
#
# Each waits on what the process logs or on its exit (bounded by the generous WAIT), never
# on time. LEASE_SECONDS=3: the lease is renewed every second, the check comes quickly.


# These are faults of a SQLite file: the SQLite pass runs them (the PostgreSQL pass would run
# the very same processes again).
sqlite_pass = pytest.mark.skipif(
    TEST_DATABASE_URL.startswith("postgres"), reason="SQLite file faults: runs in the SQLite pass"
)


@contextlib.asynccontextmanager
async def instance_on(tmp_path: Path, **extra: str) -> AsyncIterator[tuple[Instance, Path]]:
    database = tmp_path / "bot.sqlite3"
    async with BotApiEmulator() as emu:
        env = base_env(
            BOT_TOKEN="123456:EDGE",
            DATABASE_URL=f"sqlite://{database}",
            TELEGRAM_BASE_URL=emu.base_url,
            TELEGRAM_BASE_FILE_URL=emu.base_file_url,
            ADMIN_TELEGRAM_IDS="777",
            LEASE_SECONDS="3",
            **extra,
        )
        code, output = await recallbot_cli("db", "upgrade", env=env)
        assert code == 0, output
        bot = Instance("edge", env)
        try:
            yield bot, database
        finally:
            if bot.process is not None and bot.process.returncode is None:
                await bot.kill()
            print(bot.log[-4000:])  # shown when a test fails


async def exit_code(bot: Instance) -> int:
    assert bot.process is not None
    code = await asyncio.wait_for(bot.process.wait(), timeout=WAIT)
    await bot.stop()  # reads the rest of the log
    return code


@sqlite_pass
async def test_a_database_file_deleted_under_the_bot_stops_it_with_the_reason(
    tmp_path: Path,
) -> None:
    """SQLite keeps writing to a deleted file's open inode: before, the bot went on without
    a word (everything written from then on lost at the next start), and a restart looped on
    "no such table" for ever. Now the next lease renewal notices, and the process exits."""
    async with instance_on(tmp_path) as (bot, database):
        await bot.start()
        await bot.wait_logged("is active")
        database.unlink()
        assert await exit_code(bot) == 1
        assert "was deleted while the bot ran" in bot.log
        assert bot.lines[-1].startswith("recallbot stops:")
        # A restart finds a new, empty file: it says so and stops, instead of standing by.
        again = await Instance("again", bot.env).start()
        assert await exit_code(again) == 1
        assert "no such table: lease" in again.log and "recallbot db upgrade" in again.log
        assert again.logged("standing by") == 0


def make_read_only(path: Path) -> Callable[[], None]:
    """Read-only for the bot: chmod is enough for a normal user; root ignores it, so as root
    the file is made immutable (chattr +i), which root cannot write either."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return lambda: path.chmod(0o644)
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a file read-only")
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("this file system does not support chattr +i")
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=False)


@sqlite_pass
async def test_a_read_only_database_stops_the_bot_with_the_reason(tmp_path: Path) -> None:
    """Before: "standing by: another instance is active", for ever."""
    async with instance_on(tmp_path) as (bot, database):
        undo = make_read_only(database)
        try:
            await bot.start()
            assert await exit_code(bot) == 1
        finally:
            undo()
        assert "the database file is read-only" in bot.log
        assert bot.logged("is active") == 0 and bot.logged("standing by") == 0


@sqlite_pass
async def test_a_full_disk_stops_the_bot_with_the_reason(tmp_path: Path) -> None:
    """The disk fills up under a running bot: simulated with a file-size limit of 0 set on
    the running process (every write to a file fails as on a full disk; Python ignores
    SIGXFSZ). Lease renewal fails, serving ends, and the process exits saying why."""
    async with instance_on(tmp_path) as (bot, _):
        await bot.start()
        await bot.wait_logged("is active")
        assert bot.process is not None
        resource.prlimit(bot.process.pid, resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY))
        assert await exit_code(bot) == 1
        assert bot.lines[-1].startswith("recallbot stops:"), bot.lines[-3:]
        assert "disk" in bot.lines[-1]
