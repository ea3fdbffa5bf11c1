"""Cohort import of 10,000 rows into a fresh SQLite file.

Run: .venv/bin/python -m benchmarks.bench_import [ROWS]   (part of `make bench`)

Rows are generated like a real cohort: 500 units, 300 mentors, 40 supervisors, 70% closed
cases (their plans written as done history) and 30% active ones (plans with reminders). The
same file is then imported a second time, which must add nothing.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.clock import ManualClock
from bot.db import close_db, init_db, upgrade
from bot.services import catalog
from bot.services import importer as importer_module
from bot.services.dates import add_months
from bot.services.importer import COLUMNS, CohortImporter
from models import Case, PlanStep

ROWS = 10_000
NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


def cohort_csv(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    reasons = catalog.all_reasons()
    lines = [",".join(COLUMNS)]
    for n in range(rows):
        recalled = date(2017, 1, 2) + timedelta(days=rng.randrange(3300))
        months = rng.randint(3, 6)
        closed = rng.random() < 0.7 and add_months(recalled, months) < date(2026, 2, 1)
        closed_on = add_months(recalled, months) + timedelta(days=rng.randint(1, 14))
        placement = rng.choice(["original_unit", "original_unit", "other_unit"])
        disposition = rng.choice(["", "", "", "", "promoted", "removed", "resigned"])
        mentors = ";".join(f"帮带人{rng.randrange(300)}" for _ in range(rng.choice((1, 1, 2))))
        lines.append(
            ",".join(
                [
                    f"干部{n}",
                    f"第{rng.randrange(500)}单位",
                    "副局长",
                    rng.choice(["county_or_above", "section", "section", "staff"]),
                    rng.choice(["yes", "no"]),
                    rng.choice(reasons),
                    f"{recalled:%Y-%m} 批次",
                    recalled.isoformat(),
                    str(months),
                    placement if closed else "",
                    disposition if closed else "",
                    closed_on.isoformat() if closed else "",
                    mentors,
                    f"督导{rng.randrange(40)}",
                ]
            )
        )
    return ("\n".join(lines) + "\n").encode()


TABLES = ("unit", "person", "role_grant", "recall_case", "case_assignment", "plan_step")


async def import_once(url: str, data: bytes, *, again: bool) -> tuple[float, float, Any, int]:
    await upgrade(url)
    await init_db(url)
    try:
        importer = CohortImporter(ManualClock(NOW))
        started = time.perf_counter()
        first = await importer.import_bytes("cohort.csv", data)
        took = time.perf_counter() - started
        again_took = 0.0
        if again:
            started = time.perf_counter()
            repeat = await importer.import_bytes("cohort.csv", data)
            again_took = time.perf_counter() - started
            assert repeat.added == 0
        steps = await PlanStep.all().count()
        assert await Case.all().count() == first.added
    finally:
        await close_db()
    return took, again_took, first, steps


def raw_insert(source: Path, target_url: str) -> tuple[float, int]:
    """The same rows, with sqlite3's executemany on the migrated schema: seconds, rows."""
    asyncio.run(upgrade(target_url))
    read = sqlite3.connect(source)
    write = sqlite3.connect(target_url.removeprefix("sqlite://"))
    tables = {t: read.execute(f'SELECT * FROM "{t}"').fetchall() for t in TABLES}
    columns = {t: [c[1] for c in read.execute(f'PRAGMA table_info("{t}")')] for t in TABLES}
    started = time.perf_counter()
    write.execute("BEGIN IMMEDIATE")
    for table, values in tables.items():
        names = ", ".join(f'"{c}"' for c in columns[table])
        marks = ", ".join("?" * len(columns[table]))
        write.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)
    write.commit()
    took = time.perf_counter() - started
    read.close()
    write.close()
    return took, sum(len(v) for v in tables.values())


def measure(rows: int, folder: Path) -> None:
    data = cohort_csv(rows)
    url = f"sqlite://{folder / 'bench.sqlite3'}"
    took, again_took, first, steps = asyncio.run(import_once(url, data, again=True))
    raw_took, written = raw_insert(folder / "bench.sqlite3", f"sqlite://{folder / 'raw.sqlite3'}")
    pause = importer_module.PAUSE_BETWEEN_TRANSACTIONS
    importer_module.PAUSE_BETWEEN_TRANSACTIONS = 0.0
    try:
        unpaused, _, _, _ = asyncio.run(
            import_once(f"sqlite://{folder / 'unpaused.sqlite3'}", data, again=False)
        )
    finally:
        importer_module.PAUSE_BETWEEN_TRANSACTIONS = pause
    print(
        f"import of {rows:,} rows ({first.closed:,} closed, {steps:,} plan steps): "
        f"{took:.2f} s, {rows / took:,.0f} rows/s; "
        f"again (all present): {again_took:.2f} s"
    )
    print(
        f"raw executemany of the same {written:,} table rows: {raw_took:.2f} s, "
        f"{rows / raw_took:,.0f} cohort rows/s; the import reaches {raw_took / took:.0%} "
        "of it (target ≥ 50%)"
    )
    print(
        f"the import without its {pause:g} s pauses between transactions: {unpaused:.2f} s, "
        f"{rows / unpaused:,.0f} rows/s, {raw_took / unpaused:.0%} of raw"
    )


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    rows = int(args[0]) if args else ROWS
    with tempfile.TemporaryDirectory() as folder:
        measure(rows, Path(folder))


if __name__ == "__main__":
    main()
