"""Database set-up: Tortoise configuration, start-up, migrations."""

from __future__ import annotations

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


async def upgrade(database_url: str) -> None:
    """Apply every pending migration."""
    from tortoise.migrations.api.migrate import migrate

    try:
        await migrate(config=tortoise_config(database_url), direction="forward")
    finally:
        await Tortoise.close_connections()


async def close_db() -> None:
    await Tortoise.close_connections()
