"""SQLite with several writers: write transactions take the lock when they begin, the import
writes in short transactions and is still all or nothing, and a busy database is named."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tortoise import Tortoise
from tortoise.transactions import in_transaction
from typer.testing import CliRunner

from bot.__main__ import app
from bot.clock import ManualClock
from bot.db import close_db, init_db, upgrade
from bot.services import importer
from bot.services.importer import CohortImporter, undo_unfinished_imports
from models import AuditEvent, Case, CaseAssignment, Person, PlanStep, RoleGrant, Unit
from tests.data.cohorts import closed_row, row, to_csv

NEWSPAPER = Path(__file__).parent / "data" / "cohort_newspaper.csv"


def outside_write(path: Path) -> None:
    """Another process's write, which gives up at once if it cannot have the lock."""
    with sqlite3.connect(path, timeout=0) as other:
        other.execute("INSERT INTO unit (name) VALUES ('来自另一个进程')")


async def test_a_write_transaction_holds_the_lock_from_its_start(tmp_path: Path) -> None:
    """A transaction that reads and then writes cannot be overtaken by another process's
    write in between (which, in a deferred transaction, fails it at once, busy timeout or
    not): the other writer waits for the commit instead."""
    path = tmp_path / "w.sqlite3"
    await upgrade(f"sqlite://{path}")
    await init_db(f"sqlite://{path}")
    try:
        async with in_transaction():
            assert await Unit.all().count() == 0
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                await asyncio.to_thread(outside_write, path)
            await Unit.create(name="青山县农业农村局")
        await asyncio.to_thread(outside_write, path)
        assert await Unit.all().count() == 2
    finally:
        await close_db()


async def test_the_stock_deferred_transaction_is_what_failed(tmp_path: Path) -> None:
    """The failure this replaces, shown on Tortoise's own SQLite client."""
    path = tmp_path / "d.sqlite3"
    await upgrade(f"sqlite://{path}")
    await Tortoise.init(
        config={
            "connections": {"default": f"sqlite://{path}"},
            "apps": {"models": {"models": ["models"], "default_connection": "default"}},
        }
    )
    try:
        with pytest.raises(Exception, match="locked"):
            async with in_transaction():
                assert await Unit.all().count() == 0
                await asyncio.to_thread(outside_write, path)  # gets in: nobody holds the lock
                await Unit.create(name="青山县农业农村局")  # the snapshot is stale: fails
    finally:
        await close_db()


async def counts() -> dict[str, int]:
    models = (Person, Unit, Case, PlanStep, CaseAssignment, RoleGrant)
    return {m.__name__: await m.all().count() for m in models}


def cohort(rows: int) -> bytes:
    lines = [
        row(name=f"干部{n}", unit=f"第{n % 7}单位", mentor=f"帮带人{n % 5}", supervisor="督导甲")
        if n % 3
        else closed_row(name=f"干部{n}", unit=f"第{n % 7}单位", mentor="帮带人新")
        for n in range(rows)
    ]
    return to_csv(lines)


async def test_an_import_failing_in_a_later_transaction_leaves_nothing(
    db: None, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await CohortImporter(clock).import_bytes("first.csv", to_csv([row(name="早已导入")]))
    before = await counts()
    monkeypatch.setattr(importer, "ROWS_PER_TRANSACTION", 4)
    original = CohortImporter._write_chunk
    calls = 0

    async def fail_third(self: CohortImporter, *args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError("disk I/O error")
        return await original(self, *args)

    monkeypatch.setattr(CohortImporter, "_write_chunk", fail_third)
    with pytest.raises(OSError, match="disk"):
        await CohortImporter(clock).import_bytes("big.csv", cohort(20))
    assert calls == 3
    assert await counts() == before
    undone = await AuditEvent.get(action="cohort-import-undone")
    assert undone.details["reason"] == "failed" and undone.details["before"] == {"cases": 8}
    # The same file, now without the fault, goes in whole.
    monkeypatch.setattr(CohortImporter, "_write_chunk", original)
    result = await CohortImporter(clock).import_bytes("big.csv", cohort(20))
    assert (result.added, result.present) == (20, 0)
    assert await Case.all().count() == 21


async def test_an_import_cut_short_by_a_crash_is_taken_back_by_the_next(
    db: None, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash (SIGKILL) leaves the first transactions written and no end recorded: the next
    import takes them back before it starts, and nothing is left half done."""
    monkeypatch.setattr(importer, "ROWS_PER_TRANSACTION", 5)
    original = CohortImporter._write_chunk
    calls = 0

    async def crash_second(self: CohortImporter, *args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise asyncio.CancelledError  # stands for the process dying here
        return await original(self, *args)

    async def no_undo(*_args: Any) -> None:  # a killed process undoes nothing
        return None

    monkeypatch.setattr(CohortImporter, "_write_chunk", crash_second)
    monkeypatch.setattr(importer, "_undo", no_undo)
    with pytest.raises(asyncio.CancelledError):
        await CohortImporter(clock).import_bytes("big.csv", cohort(12))
    assert await Case.all().count() == 5  # half done, as a crash leaves it
    monkeypatch.undo()
    other = await CohortImporter(clock).import_bytes("other.csv", to_csv([row(name="别人")]))
    assert other.added == 1
    assert await Case.all().count() == 1  # only the new file: the half import is gone
    assert await Person.filter(name__startswith="干部").count() == 0
    assert await Unit.filter(name__startswith="第").count() == 0
    assert await undo_unfinished_imports(clock.now()) == 0  # nothing left to take back


async def test_a_second_import_at_the_same_time_is_told_to_wait(
    db: None, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.services import lease
    from bot.services.errors import DomainError

    assert await lease.acquire("import-elsewhere", clock.now(), importer.IMPORT_LEASE,
                               name=importer.IMPORT_LEASE_NAME)  # fmt: skip
    with pytest.raises(DomainError) as refused:
        await CohortImporter(clock).import_bytes("c.csv", to_csv([row()]))
    assert refused.value.key == "import-busy"
    assert await Case.all().count() == 0


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_a_busy_database_is_named_as_such(tmp_path: Path, locale: str) -> None:
    path = tmp_path / "busy.sqlite3"
    url = f"sqlite://{path}?busy_timeout=50"
    env = {"DATABASE_URL": url, "DEFAULT_LOCALE": locale, "TIMEZONE": "Asia/Shanghai"}
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = runner.invoke(app, ["import", str(NEWSPAPER)], env=env)
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 1, result.output
    assert "locked" in result.output
    assert ("PostgreSQL" in result.output) and "db upgrade" not in result.output
    missing = runner.invoke(
        app, ["stats"], env={**env, "DATABASE_URL": f"sqlite://{tmp_path}/n.db"}
    )
    assert missing.exit_code == 1 and "db upgrade" in missing.output
