"""The reminder tick at 1k, 10k and 100k active cases, beside one APScheduler job per reminder.

Run: .venv/bin/python -m benchmarks.bench_tick [SIZES...]   (part of `make bench`)

Cases are bulk-inserted into a temporary SQLite file with plans as the default template makes
them (3 to 6 months, recall dates spread over the past half year, past steps mostly done),
their ladders positioned as if every earlier tick had run. Then, at a Monday 09:00:30:
- "nothing due": the tick finds nothing (what it does almost every minute of the day);
- "1,000 due": 1,000 planned steps enter their reminder window (due in 3 days), so the tick
  moves them to `due` and queues their first reminders: the daily peak, made bigger.
The naive design is timed by adding one `date` job per future step × ladder stage to an
APScheduler 3 MemoryJobStore, in the order a loader reading the cases would add them.
"""

from __future__ import annotations

import asyncio
import gc
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from bot.clock import ManualClock
from bot.db import tortoise_config
from bot.services.dates import add_months
from bot.services.digest import latest_slot
from bot.services.ladder import REPEAT_EVERY_DAYS, next_stage, stage_at
from bot.services.plans import load_template
from bot.services.reminders import ReminderService
from models.enums import DigestFrequency, Role, StepKind, StepStatus

SIZES = (1_000, 10_000, 100_000)
ZONE = "Asia/Shanghai"
NOW = datetime(2026, 6, 15, 9, 0, 30, tzinfo=ZoneInfo(ZONE)).astimezone(UTC)
TODAY = NOW.astimezone(ZoneInfo(ZONE)).date()
DUE = 1_000
CASES_PER_MENTOR, CASES_PER_SUPERVISOR = 10, 50
NAIVE_BUDGET_SECONDS = 60.0
CHUNK = 50_000


def stamp(moment: datetime | None) -> str | None:
    """A datetime as tortoise stores it in SQLite."""
    return None if moment is None else str(moment.astimezone(UTC))


@cache
def position(due_on: date, kind: StepKind) -> tuple[int, datetime | None]:
    ladder = load_template().ladder
    return next_stage(due_on, ladder, NOW, ZONE, repeat_days=REPEAT_EVERY_DAYS.get(kind))


@dataclass
class World:
    cases: int
    steps: int
    planned: list[int]  # ids of steps not yet in their reminder window
    naive_jobs: list[tuple[datetime, int, int]]  # run date, step id, stage


async def insert(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
    for start in range(0, len(rows), CHUNK):
        async with in_transaction() as conn:
            await conn.execute_many(sql, [list(row) for row in rows[start : start + CHUNK]])


async def build_world(size: int) -> World:
    """Insert `size` active cases with their people, assignments and plans."""
    rng = random.Random(size)
    template = load_template()
    ladder = template.ladder
    created = stamp(NOW - timedelta(days=200))
    mentors, supervisors = size // CASES_PER_MENTOR + 1, size // CASES_PER_SUPERVISOR + 1
    slot = stamp(latest_slot(NOW, ZONE, DigestFrequency.WEEKLY))
    people: list[tuple[Any, ...]] = []
    grants: list[tuple[Any, ...]] = []
    for pid in range(1, size + mentors + supervisors + 2):
        role = (
            Role.CADRE
            if pid <= size
            else Role.MENTOR
            if pid <= size + mentors
            else Role.SUPERVISOR
            if pid <= size + mentors + supervisors
            else Role.ADMIN
        )
        people.append((pid, f"P{pid}", 100_000 + pid, 1, "weekly", slot, created))
        grants.append((pid, str(role)))
    await insert(
        "person",
        ("id", "name", "telegram_id", "reachable", "digest", "last_digest_at", "created_at"),
        people,
    )
    await insert("role_grant", ("person_id", "role"), grants)
    await insert("unit", ("id", "name"), [(1, "青山县农业农村局")])

    cases, assignments, steps = [], [], []
    waiting: list[int] = []
    naive: list[tuple[datetime, int, int]] = []
    step_id = 0
    for case_id in range(1, size + 1):
        months = rng.randint(3, 6)
        recalled = TODAY - timedelta(days=rng.randint(0, 180))
        end = add_months(recalled, months)
        cases.append(
            (case_id, "", "section", 0, "inaction", "discipline", "", recalled.isoformat(),
             months, end.isoformat(), "default", "active", created, case_id, 1)
        )  # fmt: skip
        mentor = size + 1 + (case_id - 1) // CASES_PER_MENTOR
        supervisor = size + mentors + 1 + (case_id - 1) // CASES_PER_SUPERVISOR
        assignments += [(case_id, mentor, "mentor"), (case_id, supervisor, "supervisor")]
        for seq, planned in enumerate(template.steps(recalled, end)):
            step_id += 1
            stage, remind_at = position(planned.due_on, planned.kind)
            if planned.due_on < TODAY and rng.random() < 0.9:
                status, stage, remind_at = StepStatus.DONE, 0, None
            elif planned.due_on < TODAY:
                status = StepStatus.OVERDUE
            elif planned.due_on <= TODAY + timedelta(days=3):
                status = StepStatus.DUE
            else:
                status = StepStatus.PLANNED
            steps.append(
                (step_id, case_id, seq, str(planned.kind), planned.label, planned.anchor,
                 str(planned.responsible), planned.due_on.isoformat(), str(status), "", stage,
                 stamp(remind_at))
            )  # fmt: skip
            if remind_at is None:
                continue
            if status == StepStatus.PLANNED:
                waiting.append(step_id)
            repeat = REPEAT_EVERY_DAYS.get(planned.kind)
            for index in range(stage, len(ladder) + (1 if repeat else 0)):
                moment = stage_at(planned.due_on, ladder, index, ZONE, repeat)
                if moment is not None:
                    naive.append((moment, step_id, index))
    await insert(
        "recall_case",
        ("id", "position", "rank", "principal", "reason", "category", "cohort", "recalled_on",
         "period_months", "period_end", "plan_template", "status", "created_at", "cadre_id",
         "unit_id"),
        cases,
    )  # fmt: skip
    await insert("case_assignment", ("case_id", "person_id", "role"), assignments)
    await insert(
        "plan_step",
        ("id", "case_id", "seq", "kind", "label", "anchor", "responsible", "due_on", "status",
         "note", "reminder_stage", "remind_at"),
        steps,
    )  # fmt: skip
    return World(size, len(steps), waiting, naive)


async def make_due(picks: list[int]) -> None:
    """Make steps due in three days, their first reminder not sent yet."""
    due_on = TODAY + timedelta(days=-load_template().ladder[0].days)
    remind_at = stamp(stage_at(due_on, load_template().ladder, 0, ZONE))
    rows = [[due_on.isoformat(), remind_at, step_id] for step_id in picks]
    async with in_transaction() as conn:
        await conn.execute_query('DELETE FROM "notification"')
        await conn.execute_many(
            "UPDATE \"plan_step\" SET due_on = ?, status = 'planned', reminder_stage = 0,"
            " remind_at = ? WHERE id = ?",
            rows,
        )


async def timed(run: Callable[[], Awaitable[Any]], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = await run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def send_reminder(step_id: int, stage: int) -> None:
    """What each naive job would call."""


def naive_startup(jobs: list[tuple[datetime, int, int]]) -> tuple[int, float, float]:
    """Jobs added within the budget, seconds taken, bytes per job."""
    scheduler = BackgroundScheduler(jobstores={"default": MemoryJobStore()}, timezone=UTC)
    scheduler.start(paused=True)
    start, added = time.perf_counter(), 0
    for when, step_id, stage in jobs:
        scheduler.add_job(
            send_reminder,
            "date",
            run_date=when,
            args=(step_id, stage),
            id=f"{step_id}:{stage}",
            misfire_grace_time=3600,
            coalesce=True,
        )
        added += 1
        if added % 1000 == 0 and time.perf_counter() - start > NAIVE_BUDGET_SECONDS:
            break
    elapsed = time.perf_counter() - start
    scheduler.shutdown(wait=False)
    del scheduler
    gc.collect()
    # Memory per job, measured on a sample (tracemalloc slows the adding down).
    sample = jobs[: min(len(jobs), 20_000)]
    scheduler = BackgroundScheduler(jobstores={"default": MemoryJobStore()}, timezone=UTC)
    scheduler.start(paused=True)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for when, step_id, stage in sample:
        scheduler.add_job(
            send_reminder,
            "date",
            run_date=when,
            args=(step_id, stage),
            id=f"{step_id}:{stage}",
            misfire_grace_time=3600,
            coalesce=True,
        )
    per_job = (tracemalloc.get_traced_memory()[0] - before) / max(1, len(sample))
    tracemalloc.stop()
    scheduler.shutdown(wait=False)
    return added, elapsed, per_job


@dataclass
class Row:
    cases: int
    steps: int
    insert_s: float
    idle_ms: float
    idle_digest_ms: float
    due_ms: float
    due_rows: int
    tick_peak_kb: float
    naive_jobs: int
    naive_added: int
    naive_s: float
    naive_mb: float


async def measure(size: int, folder: Path) -> Row:
    path = folder / f"bench-{size}.sqlite3"
    await Tortoise.init(config=tortoise_config(f"sqlite://{path}"))
    await Tortoise.generate_schemas()
    try:
        start = time.perf_counter()
        world = await build_world(size)
        inserted = time.perf_counter() - start
        clock = ManualClock(NOW)
        service = ReminderService(clock)
        idle_digest, report = await timed(lambda: ReminderService(clock).tick(NOW), 3)
        assert report.steps_fired == report.digests == 0, report
        idle, _ = await timed(lambda: service.tick(NOW), 5)
        picks = random.Random(1).sample(world.planned, DUE)
        due_times = []
        for _ in range(3):
            await make_due(picks)
            seconds, report = await timed(lambda: service.tick(NOW), 1)
            assert report.steps_fired == DUE, report
            due_times.append(seconds)
        await make_due(picks)
        tracemalloc.start()
        await service.tick(NOW)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    finally:
        await Tortoise.close_connections()
        path.unlink(missing_ok=True)
    added, naive_s, per_job = naive_startup(world.naive_jobs)
    return Row(
        size,
        world.steps,
        inserted,
        idle * 1000,
        idle_digest * 1000,
        statistics.median(due_times) * 1000,
        report.notifications,
        peak / 1024,
        len(world.naive_jobs),
        added,
        naive_s,
        per_job * len(world.naive_jobs) / 2**20,
    )


def table(rows: list[Row]) -> str:
    lines = [
        "| active cases | plan steps | tick, nothing due | same, with digest check "
        "| tick, 1,000 due | tick memory (peak) "
        "| APScheduler jobs | APScheduler start-up | APScheduler memory |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if r.naive_added < r.naive_jobs:
            rate = r.naive_added / r.naive_s
            startup = (
                f"> {r.naive_s:.0f} s (stopped at {r.naive_added:,} jobs, {rate:,.0f}/s "
                "and falling)"
            )
            memory = f"~{r.naive_mb:,.0f} MB (est.)"
        else:
            startup, memory = f"{r.naive_s:.1f} s", f"{r.naive_mb:,.0f} MB"
        lines.append(
            f"| {r.cases:,} | {r.steps:,} | {r.idle_ms:.1f} ms | {r.idle_digest_ms:.1f} ms "
            f"| {r.due_ms:.0f} ms ({r.due_rows:,} rows) | {r.tick_peak_kb:,.0f} KB "
            f"| {r.naive_jobs:,} | {startup} | {memory} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    sizes = [int(arg) for arg in args] or list(SIZES)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            started = time.perf_counter()
            row = asyncio.run(measure(size, Path(folder)))
            rows.append(row)
            print(
                f"{size:,} cases: inserted in {row.insert_s:.1f} s, "
                f"measured in {time.perf_counter() - started:.0f} s",
                file=sys.stderr,
            )
    print(table(rows))


if __name__ == "__main__":
    main()
