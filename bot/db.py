"""Database set-up: Tortoise configuration, start-up, migrations."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tortoise import Tortoise

MODEL_MODULES = ["models"]
SQLITE_BUSY_TIMEOUT_MS = 5000
IDLE_IN_TRANSACTION_MS = 5000


def connection_url(database_url: str) -> str:
    """Add the SQLite busy timeout (a URL parameter becomes a PRAGMA) and create its folder."""
    parts = urlsplit(database_url)
    if parts.scheme != "sqlite":
        return database_url
    query = dict(parse_qsl(parts.query))
    query.setdefault("busy_timeout", str(SQLITE_BUSY_TIMEOUT_MS))
    path = database_url.split("://", 1)[1].split("?", 1)[0]
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return urlunsplit(parts._replace(query=urlencode(query)))


def connection_config(database_url: str) -> str | dict[str, Any]:
    """PostgreSQL: its credentials with session settings. A session left idle inside a
    transaction (an instance paused while holding row locks) is ended by the server after a
    few seconds, so that it cannot hold up the instance that took over, nor commit late
    what it was doing. SQLite: through bot.sqlite, whose write transactions begin with
    BEGIN IMMEDIATE (see there)."""
    from tortoise.backends.base.config_generator import expand_db_url

    if database_url.startswith(("postgres://", "asyncpg://", "postgresql://")):
        config = expand_db_url(database_url)
        settings = config["credentials"].setdefault("server_settings", {})
        settings.setdefault("idle_in_transaction_session_timeout", str(IDLE_IN_TRANSACTION_MS))
        return config
    url = connection_url(database_url)
    if urlsplit(url).scheme != "sqlite":
        return url
    config = expand_db_url(url)
    config["engine"] = "bot.sqlite"
    return config


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": connection_config(database_url)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "models.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def init_db(database_url: str) -> None:
    """Open the connections; global fallback lets handlers in other loop steps see them.

    Read Settings before this: Tortoise overwrites os.environ["TIMEZONE"] with "UTC".
    """
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    _remember_file(database_url)


# The SQLite file the connection opened, and its inode: a file deleted (or replaced) under a
# running process goes unnoticed by SQLite, which keeps writing to the open, unlinked inode;
# everything written from then on would be lost at the next start.
_opened: tuple[Path, int] | None = None


def _remember_file(database_url: str) -> None:
    global _opened
    _opened = None
    if not database_url.startswith("sqlite://") or ":memory:" in database_url:
        return
    path = Path(database_url.split("://", 1)[1].split("?", 1)[0])
    if path.exists():
        _opened = (path, path.stat().st_ino)


def file_problem() -> str | None:
    """Why the SQLite file this process writes to is no longer the database (or None)."""
    if _opened is None:
        return None
    path, inode = _opened
    try:
        now = os.stat(path).st_ino
    except FileNotFoundError:
        return f"the database file {path} was deleted while the bot ran"
    if now != inode:
        return f"the database file {path} was replaced while the bot ran"
    return None


# Errors no retry can cure: the process should stop and say why, not stand by for ever.
# (Lower-case fragments of SQLite's and PostgreSQL's messages, and the cause to log.)
STORAGE_FAULTS = (
    ("no such table", "the database has no tables: deleted, or never created "
     "(`recallbot db upgrade`)"),
    ("does not exist", "the database or its tables do not exist (`recallbot db upgrade`)"),
    ("readonly database", "the database file is read-only"),
    ("read-only", "the database is read-only"),
    ("database or disk is full", "the disk (or the database) is full"),
    ("no space left", "the disk is full"),
    ("disk i/o error", "the disk failed to write (full, removed or failing)"),
    ("unable to open database", "the database file cannot be opened"),
    ("file is not a database", "the database file is damaged or not a database"),
    ("malformed", "the database file is damaged"),
)  # fmt: skip


def storage_fault(error: BaseException) -> str | None:
    """The cause, when `error` says the database cannot work at all (not a passing lock)."""
    text = str(error).lower()
    for fragment, cause in STORAGE_FAULTS:
        if fragment in text:
            return cause
    return None


async def upgrade(database_url: str) -> None:
    """Apply every pending migration."""
    from tortoise.migrations.api.migrate import migrate

    try:
        await migrate(config=tortoise_config(database_url), direction="forward")
    finally:
        await Tortoise.close_connections()


async def close_db() -> None:
    await Tortoise.close_connections()
