"""`recallbot backup PATH`: a consistent copy of the database, taken while the bot runs."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bot.db import SQLITE_BUSY_TIMEOUT_MS
from bot.services.errors import DomainError

# One step: a copy in small steps restarts whenever another connection writes in between, so
# a busy bot could keep it from ever finishing. One step holds a read lock for the copy's
# duration (well under a second for a large programme); writers wait within their busy timeout.
PAGES_PER_STEP = -1


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    tool: str  # "sqlite" or "pg_dump"


def sqlite_path(database_url: str) -> Path | None:
    """The file of a sqlite:// URL (None for other databases)."""
    if urlsplit(database_url).scheme != "sqlite":
        return None
    path = database_url.split("://", 1)[1].split("?", 1)[0]
    if path == ":memory:":
        raise DomainError("backup-memory-database")
    return Path(path)


async def backup(database_url: str, target: Path) -> Backup:
    source = sqlite_path(database_url)
    if source is not None:
        return await asyncio.to_thread(_sqlite_backup, source, target)
    return await _pg_dump(database_url, target)


def _sqlite_backup(source: Path, target: Path) -> Backup:
    """SQLite's online backup API: a snapshot of one moment, even while others write."""
    if not source.is_file():
        raise DomainError("backup-no-database", path=str(source))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    timeout = SQLITE_BUSY_TIMEOUT_MS / 1000
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=timeout) as origin:
        copy = sqlite3.connect(partial)
        try:
            origin.backup(copy, pages=PAGES_PER_STEP)
            status = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if status != "ok":
                raise DomainError("backup-check-failed", error=status)
            # The copy stands alone: no write-ahead log beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    os.replace(partial, target)
    return Backup(target, target.stat().st_size, "sqlite")


async def _pg_dump(database_url: str, target: Path) -> Backup:
    tool = shutil.which("pg_dump")
    if tool is None:
        raise DomainError("backup-no-pg-dump", path=str(target))
    await asyncio.to_thread(target.parent.mkdir, parents=True, exist_ok=True)
    # libpq reads the password from the URL; pg_dump takes the URL as the database name.
    url = database_url.replace("postgres://", "postgresql://", 1)
    process = await asyncio.create_subprocess_exec(
        tool,
        "--format=custom",
        "--no-owner",
        f"--file={target}",
        f"--dbname={url}",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await process.communicate()
    if process.returncode != 0:
        raise DomainError("backup-pg-dump-failed", error=err.decode(errors="replace").strip())
    size = (await asyncio.to_thread(target.stat)).st_size
    return Backup(target, size, "pg_dump")
