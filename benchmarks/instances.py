"""What the benchmarks share: the settings and environment of a bot on the local Bot API
emulator, `recallbot` commands run as new processes, a serving `recallbot run`, its memory."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

TOKEN = "123456:BENCH-TOKEN"
ZONE = "Asia/Shanghai"


def settings_for(
    base_url: str, file_url: str, database_url: str, admins: Iterable[int] = (), **overrides: Any
) -> Any:
    """Settings of an in-process application on the emulator (no .env file read)."""
    from pydantic import SecretStr

    from bot.config import Settings

    values: dict[str, Any] = {
        "bot_token": SecretStr(TOKEN),
        "database_url": database_url,
        "telegram_base_url": base_url,
        "telegram_base_file_url": file_url,
        "timezone": ZONE,
        "admin_telegram_ids": list(admins),
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def bot_env(
    database_url: str, base_url: str, file_url: str, admins: Iterable[int] = (), **extra: str
) -> dict[str, str]:
    """The environment of a `recallbot` process on the emulator (nothing else inherited but
    PATH and HOME, so that no .env or shell setting changes what is measured)."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "BOT_TOKEN": TOKEN,
        "DATABASE_URL": database_url,
        "TELEGRAM_BASE_URL": base_url,
        "TELEGRAM_BASE_FILE_URL": file_url,
        "ADMIN_TELEGRAM_IDS": ",".join(str(a) for a in admins),
        "TIMEZONE": ZONE,
        "LOG_LEVEL": "WARNING",
        **extra,
    }


async def recallbot(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Run `recallbot ARGS` in a new process: its wall time (start-up included) and output;
    a failure raises with the output's end."""
    start = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await process.communicate()
    took = time.perf_counter() - start
    text = output.decode(errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"recallbot {' '.join(args)} failed: {text[-2000:]}")
    return took, text


@contextlib.asynccontextmanager
async def serving(
    env: dict[str, str], emu: Any, log: Path | None = None, start_seconds: float = 120
) -> AsyncIterator[asyncio.subprocess.Process]:
    """A `recallbot run` process, yielded once it long-polls the emulator; stopped with SIGINT
    (killed if it has not stopped after 30 s)."""
    sink = log.open("wb") if log else None
    out = sink if sink else asyncio.subprocess.DEVNULL
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, stdout=out, stderr=out
    )
    try:
        await emu.wait_for(lambda: emu.calls("getUpdates"), timeout=start_seconds)
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()
        if sink:
            sink.close()


def memory_mb(pid: int) -> tuple[float, float]:
    """A process's resident memory now and at its peak (VmRSS, VmHWM from /proc), in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]
