"""Programme scale: stats, one case, a big supervisor's digest, the export, memory, DB size.

Run: .venv/bin/python -m benchmarks.bench_scale [--full] [--export] [--plans] [--sizes N ...]
(part of `make bench`; the default, 10,000 cases without the export, takes about two
minutes on a quiet machine; --full adds 1,000 and 100,000 cases and the export)

Active cases are bulk-inserted (bench_tick's world: default plans, ~19.5 steps per case, one
mentor per 10 cases, one supervisor per 50) into a migrated SQLite file in a temporary folder;
one more supervisor is given the first 1,000 cases. Then, at Monday 15 June 2026 09:00:30:

- `recallbot stats` (a new process: its wall time, start-up included), and the same figures
  in-process (compute_stats and render_stats), beside /stats from an admin (all cases);
- /case for one case (the admin presses the case's button: its timeline and actions);
- /digest from the supervisor of 1,000 cases: the chart and the text, and each part alone;
- `recallbot export` to XLSX (a new process) on the 10,000-case file (--export or --full:
  it takes minutes);
- the database size (with its WAL);
- RSS of `recallbot run` serving the file: after start-up, a tick (TICK_SECONDS=1) and a
  /plan from 20 cadres, /stats and /digest (VmRSS, and the peak VmHWM, from /proc).

Bot commands go through the real Application's process_update against the emulator (in
this process); each is timed three times and the median kept. The slowest statements of
each are shown with SQLite's EXPLAIN QUERY PLAN (--plans).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram import Update

from benchmarks import bench_tick, instances
from bot.clock import ManualClock
from bot.config import Settings
from bot.db import close_db, init_db, upgrade
from bot.devtools.emulator import BotApiEmulator
from bot.runner import ensure_first_admins
from bot.wiring import build_application

SIZES, FULL_SIZES = (10_000,), (1_000, 10_000, 100_000)
EXPORT_SIZE = 10_000
BIG_SUPERVISOR_CASES = 1_000
BIG_SUPERVISOR_TG = 555_000
NOW = bench_tick.NOW
REPEAT = 3
PLAN_USERS = 20


@dataclass
class Statement:
    sql: str
    values: Any
    seconds: float


@dataclass
class Recorder:
    """Every SQL statement run while `on`, with its time."""

    on: bool = False
    statements: list[Statement] = field(default_factory=list)

    def install(self) -> None:
        from tortoise.backends.sqlite.client import SqliteClient

        recorder = self
        for name in ("execute_query", "execute_query_dict"):
            original = getattr(SqliteClient, name)

            def make(original: Any) -> Any:
                async def recorded(self: Any, query: str, values: Any = None) -> Any:
                    start = time.perf_counter()
                    try:
                        return await original(self, query, values)
                    finally:
                        if recorder.on:
                            recorder.statements.append(
                                Statement(query, values, time.perf_counter() - start)
                            )

                return recorded

            setattr(SqliteClient, name, make(original))


RECORDER = Recorder()


@dataclass
class Timing:
    name: str
    seconds: float
    statements: int
    slowest: list[Statement]


async def timed(name: str, run: Callable[[], Awaitable[Any]]) -> Timing:
    times, counts = [], []
    slowest: list[Statement] = []
    for _ in range(REPEAT):
        RECORDER.statements = []
        RECORDER.on = True
        start = time.perf_counter()
        await run()
        times.append(time.perf_counter() - start)
        RECORDER.on = False
        counts.append(len(RECORDER.statements))
        slowest = sorted(RECORDER.statements, key=lambda s: -s.seconds)[:3]
    return Timing(name, statistics.median(times), int(statistics.median(counts)), slowest)


async def insert_with_defaults(
    table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """bench_tick's insert into the migrated schema: it has no SQL defaults, so the columns
    bench_tick leaves out get their model defaults."""
    from tortoise import Tortoise, connections

    model = next(m for m in Tortoise.apps["models"].values() if m._meta.db_table == table)
    info = await connections.get("default").execute_query_dict(f'PRAGMA table_info("{table}")')
    extra: dict[str, Any] = {}
    for column in info:
        name = column["name"]
        if name in columns or column["pk"] or not column["notnull"] or column["dflt_value"]:
            continue
        field = next(f for f in model._meta.fields_map.values() if f.source_field == name
                     or f.model_field_name == name)  # fmt: skip
        default = field.default() if callable(field.default) else field.default
        extra[name] = field.to_db_value(default, None)
    tail = tuple(extra.values())
    await ORIGINAL_INSERT(table, (*columns, *extra), [(*row, *tail) for row in rows])


ORIGINAL_INSERT = bench_tick.insert
bench_tick.insert = insert_with_defaults  # type: ignore[assignment]


async def add_big_supervisor(size: int) -> int:
    """A supervisor of the first 1,000 cases; returns their person id."""
    from tortoise.transactions import in_transaction

    async with in_transaction() as conn:
        rows = await conn.execute_query_dict('SELECT MAX(id) AS id FROM "person"')
        pid = int(rows[0]["id"]) + 1
        await conn.execute_query(
            'INSERT INTO "person" (id, name, telegram_id, reachable, digest, created_at) '
            "VALUES (?, '督导大户', ?, 1, 'weekly', ?)",
            [pid, BIG_SUPERVISOR_TG, bench_tick.stamp(NOW)],
        )
        await conn.execute_query(
            "INSERT INTO \"role_grant\" (person_id, role) VALUES (?, 'supervisor')", [pid]
        )
        await conn.execute_many(
            'INSERT INTO "case_assignment" (case_id, person_id, role) '
            "VALUES (?, ?, 'supervisor')",
            [[case_id, pid] for case_id in range(1, min(size, BIG_SUPERVISOR_CASES) + 1)],
        )
    return pid


def settings_for(emu: BotApiEmulator, url: str, admin_tg: int) -> Settings:
    return instances.settings_for(
        emu.base_url, emu.base_file_url, url, [admin_tg], send_seconds=3600.0
    )


def cli_env(url: str, emu: BotApiEmulator, admin_tg: int, **extra: str) -> dict[str, str]:
    return instances.bot_env(url, emu.base_url, emu.base_file_url, [admin_tg], **extra)


async def cli(args: list[str], env: dict[str, str]) -> float:
    took, _ = await instances.recallbot(args, env)
    return took


@dataclass
class Row:
    cases: int
    steps: int
    insert_s: float
    db_mb: float
    timings: list[Timing]
    cli_stats_s: float
    export_s: float | None
    rss_mb: float
    hwm_mb: float
    plans: list[str]


async def serve_memory(
    url: str, emu: BotApiEmulator, admin_tg: int, cadres: list[int], log: Path
) -> tuple[float, float, int]:
    """RSS now and at peak of `recallbot run` serving; and how many of the chats sent to
    were not answered within 300 s (their updates are then in the log)."""
    env = cli_env(url, emu, admin_tg, TICK_SECONDS="1", SEND_SECONDS="3600", LOG_LEVEL="INFO")
    chats = {*cadres, admin_tg, BIG_SUPERVISOR_TG}
    async with instances.serving(env, emu, log=log) as process:
        for uid in cadres:
            emu.message(uid, "/plan")
        emu.message(admin_tg, "/stats")
        emu.message(BIG_SUPERVISOR_TG, "/digest")
        with contextlib.suppress(TimeoutError):
            await emu.wait_for(
                lambda: {m.chat_id for m in emu.sent()} >= chats,
                timeout=300,
            )
        await asyncio.sleep(3)  # a few ticks
        rss, hwm = instances.memory_mb(process.pid)
    return rss, hwm, len(chats - {m.chat_id for m in emu.sent()})


async def measure(size: int, folder: Path, *, export: bool, explain_plans: bool) -> Row:
    from bot.services import chart, digest, stats
    from models import Case, Person, PlanStep

    path = folder / f"scale-{size}.sqlite3"
    url = f"sqlite://{path}"
    await upgrade(url)
    async with BotApiEmulator() as emu:
        await init_db(url)
        try:
            start = time.perf_counter()
            world = await bench_tick.build_world(size)
            supervisor_id = await add_big_supervisor(size)
            inserted = time.perf_counter() - start
            admin = await Person.filter(roles__role="admin").first()
            assert admin is not None and admin.telegram_id is not None
            admin_tg = admin.telegram_id
            settings = settings_for(emu, url, admin_tg)
            steps = await PlanStep.all().count()
            app = build_application(settings, ManualClock(NOW))
            emu.make_user(admin_tg, "组织部", "zh-hans")
            emu.make_user(BIG_SUPERVISOR_TG, "督导大户", "zh-hans")
            timings: list[Timing] = []
            async with app:
                await ensure_first_admins(app)

                async def send(uid: int, text: str) -> None:
                    await app.process_update(Update.de_json(emu.message(uid, text), app.bot))

                await send(admin_tg, "/help")
                await send(BIG_SUPERVISOR_TG, "/help")
                anchor = emu.last(admin_tg).message_id
                some_case = await Case.get(id=size // 2)

                async def press_case() -> None:
                    update = emu.callback(admin_tg, f"cv:{some_case.id}", anchor)
                    await app.process_update(Update.de_json(update, app.bot))

                supervisor = await Person.get(id=supervisor_id)

                async def digest_text() -> None:
                    data = await digest.digest_now(supervisor, NOW, "Asia/Shanghai")
                    digest.render_digest(data, "zh-CN", "Asia/Shanghai")

                async def digest_chart() -> None:
                    data = await digest.digest_now(supervisor, NOW, "Asia/Shanghai")
                    chart.render_progress_chart(digest.progress_rows(data), "zh-CN")

                async def stats_service() -> None:
                    figures = await stats.compute_stats(None, today=NOW.date())
                    stats.render_stats(figures, "zh-CN", None)

                timings.append(await timed("stats (compute_stats + render)", stats_service))
                timings.append(
                    await timed("/stats (admin, all cases)", lambda: send(admin_tg, "/stats"))
                )
                timings.append(await timed("/case (one case's button)", press_case))
                timings.append(await timed(
                    f"/digest ({min(size, BIG_SUPERVISOR_CASES):,} cases: chart and text)",
                    lambda: send(BIG_SUPERVISOR_TG, "/digest"),
                ))  # fmt: skip
                timings.append(await timed("  digest text alone (query + render)", digest_text))
                timings.append(await timed("  digest chart alone (query + render)", digest_chart))
        finally:
            await close_db()
        db_bytes = database_bytes(folder, size)
        cli_stats = await cli(["stats"], cli_env(url, emu, admin_tg))
        export_s = None
        if export:
            export_s = await cli(
                ["export", "-o", str(folder / "export.xlsx")], cli_env(url, emu, admin_tg)
            )
        cadres = [100_000 + pid for pid in range(1, min(size, PLAN_USERS) + 1)]
        rss, hwm, unanswered = await serve_memory(
            url, emu, admin_tg, cadres, folder / f"bot-{size}.log"
        )
        if unanswered:
            print(f"{size:,} cases: {unanswered} chats unanswered; log:", file=sys.stderr)
            log = (folder / f"bot-{size}.log").read_text(errors="replace")
            print(log[-4000:], file=sys.stderr)
    plans = []
    if explain_plans:
        for t in timings:
            plans += [f"## {t.name}", *explain(t.slowest, url)]
    path.unlink(missing_ok=True)
    del world
    return Row(
        size, steps, inserted, db_bytes / 2**20, timings, cli_stats, export_s, rss, hwm, plans
    )


def database_bytes(folder: Path, size: int) -> int:
    return sum(p.stat().st_size for p in folder.glob(f"scale-{size}.sqlite3*"))


def explain(statements: list[Statement], url: str) -> list[str]:
    import sqlite3

    lines = []
    connection = sqlite3.connect(url.removeprefix("sqlite://"))
    try:
        for statement in statements:
            lines.append(f"-- {statement.seconds * 1000:.1f} ms: {statement.sql}")
            plan = connection.execute(
                "EXPLAIN QUERY PLAN " + statement.sql, statement.values or []
            ).fetchall()
            lines += [f"   {'  ' * 0}{row[3]}" for row in plan]
    finally:
        connection.close()
    return lines


def report(rows: list[Row]) -> None:
    for row in rows:
        print(
            f"{row.cases:,} cases, {row.steps:,} plan steps: inserted in {row.insert_s:.0f} s, "
            f"database {row.db_mb:,.0f} MB"
        )
        print("| operation | median of 3 | SQL statements | slowest statement |")
        print("|---|---:|---:|---:|")
        for t in row.timings:
            slow = f"{t.slowest[0].seconds * 1000:.0f} ms" if t.slowest else "—"
            print(f"| {t.name} | {t.seconds * 1000:,.0f} ms | {t.statements} | {slow} |")
        print(
            "| `recallbot stats` (new process, start-up included) "
            f"| {row.cli_stats_s * 1000:,.0f} ms | | |"
        )
        if row.export_s is not None:
            print(f"| `recallbot export` to XLSX (new process) | {row.export_s:,.1f} s | | |")
        print(f"`recallbot run` serving: RSS {row.rss_mb:.0f} MB (peak {row.hwm_mb:.0f} MB)")
        if row.plans:
            print("\n".join(row.plans))
        for t in row.timings:
            if t.name.startswith(("stats", "/digest")) and t.seconds >= 1.0:
                print(f"MISSED {t.name}: {t.seconds:.2f} s (target < 1 s)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_scale")
    parser.add_argument("--full", action="store_true", help="1,000, 10,000 and 100,000 cases")
    parser.add_argument("--sizes", type=int, nargs="*")
    parser.add_argument("--plans", action="store_true", help="EXPLAIN QUERY PLAN the slowest")
    parser.add_argument(
        "--export", action="store_true", help="also time `recallbot export` (10,000 cases: ~5 min)"
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    sizes = args.sizes or (FULL_SIZES if args.full else SIZES)
    RECORDER.install()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            started = time.perf_counter()
            row = asyncio.run(
                measure(
                    size,
                    Path(folder),
                    export=size == EXPORT_SIZE and (args.export or args.full),
                    explain_plans=args.plans,
                )
            )
            rows.append(row)
            report([row])
            print(
                f"{size:,} cases measured in {time.perf_counter() - started:.0f} s",
                file=sys.stderr,
            )
    if len(rows) > 1:
        print(
            "RSS by cases: "
            + ", ".join(f"{r.cases:,}: {r.rss_mb:.0f} MB" for r in rows)
            + " (target < 150 MB, flat)"
        )


if __name__ == "__main__":
    main()
