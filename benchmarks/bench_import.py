"""Cohort import of 10,000 rows into a fresh SQLite file.

Run: .venv/bin/python -m benchmarks.bench_import [ROWS]   (part of `make bench`)

Rows are generated like a real cohort: 500 units, 300 mentors, 40 supervisors, 70% closed
cases (their plans written as done history) and 30% active ones (plans with reminders). The
same file is then imported a second time, which must add nothing.
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.db import close_db, init_db, upgrade
from bot.services import catalog
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


async def measure(rows: int, folder: Path) -> None:
    url = f"sqlite://{folder / 'bench.sqlite3'}"
    data = cohort_csv(rows)
    await upgrade(url)
    await init_db(url)
    try:
        importer = CohortImporter(ManualClock(NOW))
        started = time.perf_counter()
        first = await importer.import_bytes("cohort.csv", data)
        took = time.perf_counter() - started
        started = time.perf_counter()
        again = await importer.import_bytes("cohort.csv", data)
        again_took = time.perf_counter() - started
        steps = await PlanStep.all().count()
        cases = await Case.all().count()
    finally:
        await close_db()
    assert (first.added, again.added, cases) == (rows, 0, rows)
    print(
        f"import of {rows:,} rows ({first.closed:,} closed, {steps:,} plan steps): "
        f"{took:.2f} s, {rows / took:,.0f} rows/s; "
        f"again (all present): {again_took:.2f} s"
    )


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    rows = int(args[0]) if args else ROWS
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(measure(rows, Path(folder)))


if __name__ == "__main__":
    main()
