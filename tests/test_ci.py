"""CI runs the suite on PostgreSQL too, and fails (rather than skips) without a server."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.instances import free_port

ROOT = Path(__file__).resolve().parent.parent


async def make(*args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        "make", "--no-print-directory", *args, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return process.returncode, output.decode()


async def test_make_test_fails_when_postgresql_is_not_reachable() -> None:
    code, output = await make("pg-reachable", f"PG_PORT={free_port()}")
    assert code != 0
    assert "PostgreSQL is not reachable" in output


def test_make_test_runs_both_passes() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "test: pg-reachable test-sqlite test-pg" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text()
