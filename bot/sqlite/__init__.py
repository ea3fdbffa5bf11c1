"""Tortoise's SQLite client, with write transactions that take the write lock when they begin.

SQLite's default (deferred) transaction reads first and asks for the write lock at its first
write; when another process wrote meanwhile it fails at once with "database is locked",
whatever the busy timeout. `BEGIN IMMEDIATE` asks for the lock at the start, and waits for it
up to the busy timeout. Tortoise's `in_transaction()` blocks are the product's write
transactions, so all of them begin this way.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from tortoise.backends.base.client import TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
    translate_exceptions,
)
from tortoise.exceptions import TransactionManagementError


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc


class ImmediateSqliteClient(SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return SqliteTransactionContext(ImmediateTransactionWrapper(self), self._lock)

    @translate_exceptions
    async def execute_many(self, query: str, values: list[list[Any]]) -> None:
        async with self.acquire_connection() as connection:
            self.log.debug("%s: %s", query, values)
            await connection.execute("BEGIN IMMEDIATE")
            try:
                await connection.executemany(query, values)
            except Exception:
                await connection.rollback()
                raise
            else:
                await connection.commit()


client_class = ImmediateSqliteClient
