"""Real `recallbot run` processes for end-to-end tests: start, read their logs, stop, kill.

Everything a test waits for is observed (a log line, a database row, an emulator record),
with generous timeouts: a busy machine may take many seconds to start a process.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

WAIT = 180.0  # seconds: generous, only reached when something is really wrong


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def recallbot_cli(*args: str, env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=WAIT)
    assert process.returncode is not None
    return process.returncode, output.decode()


@dataclass
class Instance:
    """One `recallbot run` process and everything it logged so far."""

    name: str
    env: dict[str, str]
    args: tuple[str, ...] = ("run",)
    lines: list[str] = field(default_factory=list)
    process: asyncio.subprocess.Process | None = None
    _reader: asyncio.Task[None] | None = None

    async def start(self) -> Instance:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *self.args,
            env={**self.env, "INSTANCE_NAME": self.name},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        while line := await self.process.stdout.readline():
            self.lines.append(line.decode(errors="replace").rstrip("\n"))

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def logged(self, text: str) -> int:
        return sum(text in line for line in self.lines)

    async def wait_logged(self, text: str, count: int = 1, timeout: float = WAIT) -> None:  # noqa: ASYNC109
        await wait_until(lambda: self.logged(text) >= count, timeout, f"{self.name}: {text!r}")

    @property
    def port(self) -> int:
        return int(self.env["WEBHOOK_LISTEN"].rsplit(":", 1)[1])

    def signal(self, signum: int) -> None:
        assert self.process is not None
        self.process.send_signal(signum)

    async def stop(self) -> int:
        """SIGINT (a clean stop; SIGCONT first in case it is paused), then wait for the end."""
        assert self.process is not None
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGCONT)
                self.process.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(self.process.wait(), timeout=WAIT)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
        if self._reader is not None:
            await self._reader
        assert self.process.returncode is not None
        return self.process.returncode

    async def kill(self) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        await self.process.wait()
        if self._reader is not None:
            await self._reader


async def wait_until(
    predicate: Callable[[], object],
    timeout: float = WAIT,  # noqa: ASYNC109
    what: str = "",
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() >= deadline:
            raise TimeoutError(f"not observed within {timeout}s: {what or predicate}")
        await asyncio.sleep(0.05)


# Instances run on the system clock: without these, a notice queued at 21:00 in Shanghai or
# on a Sunday would wait for the next working morning, and a test would pass or fail by the
# hour it runs at.
AROUND_THE_CLOCK = {"QUIET_HOURS_START": "0", "QUIET_HOURS_END": "0", "SKIP_HOLIDAYS": "false"}


def base_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEBHOOK_", "WEB_"))}
    env.update(AROUND_THE_CLOCK)
    env.update(values)
    return env
