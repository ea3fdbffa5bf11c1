"""The bot token never reaches stdout, stderr or the log: every entry point, every logger, every
level, and the real `recallbot run` against a Bot API that is away or answers errors."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
from pathlib import Path

import pytest

from bot import logs
from bot.devtools.emulator import BotApiEmulator

TOKEN = "987654:AAH-secret_PART-of-the-token-xyz"
SECRET = TOKEN.split(":", 1)[1]
LOGGERS = ["httpx", "httpcore", "telegram.ext.Application", "apscheduler.scheduler", "tortoise"]


def leaks(text: str) -> bool:
    return TOKEN in text or SECRET in text or "AAH-secret" in text


@pytest.mark.parametrize("level", ["DEBUG", "INFO", "WARNING", "ERROR"])
def test_every_logger_at_every_level_is_redacted(
    level: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = logging.getLogger()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    monkeypatch.setattr(root, "level", root.level)
    for name in logs.QUIET_AT_INFO:
        monkeypatch.setattr(logging.getLogger(name), "level", logging.getLogger(name).level)
    logs.configure(TOKEN, level)
    try:
        for name in [*LOGGERS, ""]:
            logger = logging.getLogger(name)
            for at in (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR):
                logger.log(at, "POST https://api.telegram.org/bot%s/getMe", TOKEN)
                logger.log(at, f"token in the message {TOKEN} and %s", "x")
            try:
                raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
            except RuntimeError:
                logger.exception("crash with %s", "a trace")
            logger.error("quoted %s", TOKEN.replace(":", "%3A"))
        out, err = capsys.readouterr()
        assert not leaks(out + err)
        assert logs.REDACTED in err and "rejected by the server" in err
        if level == "DEBUG":
            assert "httpx" in err and "tortoise" in err
    finally:
        logging.captureWarnings(False)


def free_port() -> int:
    """A port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def recallbot(*args: str, env: dict[str, str]) -> tuple[int, str]:
    """Run a command to its end (generous time limit); its exit code and all it wrote."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return process.returncode, out.decode() + err.decode()


def environment(tmp_path: Path, base_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "DATABASE_URL": f"sqlite://{tmp_path / 'bot.sqlite3'}",
        "TELEGRAM_BASE_URL": base_url,
        "TELEGRAM_BASE_FILE_URL": base_url.replace("/bot", "/file/bot"),
        "ADMIN_TELEGRAM_IDS": "777",
        "TIMEZONE": "Asia/Shanghai",
        "DEFAULT_LOCALE": "en",
        "LOG_LEVEL": "DEBUG",
        "BOT_USERNAME": "",
        **extra,
    }


async def test_run_against_an_unreachable_bot_api_exits_clearly_without_the_token(
    tmp_path: Path,
) -> None:
    env = environment(tmp_path, f"http://127.0.0.1:{free_port()}/bot")
    assert (await recallbot("db", "upgrade", env=env))[0] == 0
    code, output = await recallbot("run", env=env)
    assert code == 1, output
    assert "cannot be reached" in output and "Traceback" not in output
    assert not leaks(output), output


async def test_run_against_a_bot_api_that_rejects_the_token_exits_clearly(
    tmp_path: Path,
) -> None:
    async with BotApiEmulator() as emu:
        emu.fail("*", status=404, times=1_000_000, description="Not Found")
        env = environment(tmp_path, emu.base_url)
        assert (await recallbot("db", "upgrade", env=env))[0] == 0
        code, output = await recallbot("run", env=env)
    assert code == 1, output
    assert "rejected BOT_TOKEN" in output and "Traceback" not in output
    # At DEBUG httpx logs the request URL, which holds the token: it shows redacted.
    assert logs.REDACTED in output
    assert not leaks(output), output


async def test_errors_while_running_are_logged_without_the_token(tmp_path: Path) -> None:
    """Sends that fail (a 500, then a 404 naming the token) while the bot answers a user."""
    async with BotApiEmulator() as emu:
        env = environment(tmp_path, emu.base_url)
        assert (await recallbot("db", "upgrade", env=env))[0] == 0
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        try:
            await emu.wait_for(lambda: emu.calls("getUpdates"), timeout=60)
            emu.make_user(777, "Liu", "en")
            emu.fail("sendMessage", status=500, times=1)
            emu.fail("sendMessage", status=404, times=1, description=f"Not Found {TOKEN}")
            emu.message(777, "/help")
            emu.message(777, "/help")
            emu.message(777, "/help")
            await emu.wait_for(lambda: emu.sent(777), timeout=60)
        finally:
            process.send_signal(2)
            output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    log = output.decode()
    assert process.returncode == 0, log
    assert "error while handling update" in log and logs.REDACTED in log
    assert not leaks(log), log


async def test_invite_without_a_username_never_prints_the_token(tmp_path: Path) -> None:
    async with BotApiEmulator() as emu:
        env = environment(tmp_path, emu.base_url)
        assert (await recallbot("db", "upgrade", env=env))[0] == 0
        # getMe answers: its username is used.
        code, output = await recallbot("invite", "--role", "admin", "--name", "小刘", env=env)
        assert code == 0, output
        assert "https://t.me/recallbot_demo_bot?start=" in output and not leaks(output)
        # getMe rejects the token: the answer says to set BOT_USERNAME, without the token.
        emu.fail("getMe", status=404, times=5, description="Not Found")
        code, output = await recallbot("invite", "--role", "admin", "--name", "小王", env=env)
    assert code == 1, output
    assert "BOT_USERNAME" in output and "Traceback" not in output
    assert not leaks(output), output
