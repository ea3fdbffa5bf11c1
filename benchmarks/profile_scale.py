"""cProfile of the programme-scale services: a big supervisor's digest, the export, the stats.

Run: .venv/bin/python -m benchmarks.profile_scale digest|export|stats [--cases N] [--top N]
     [--dump FILE]

bench_scale's world (bench_tick's active cases bulk-inserted into a migrated SQLite file, one
supervisor given the first 1,000 cases; default 1,000 cases, 10,000 for the export), then:

- digest: digest_now for that supervisor, render_digest and render_progress_chart, each timed
  alone (median of 3), then the three profiled together once;
- export: export_xlsx of every case, timed once (its queries, its rows, the workbook);
- stats: compute_stats and render_stats of all cases, median of 3.

The functions with the most cumulative time are printed (--top).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from benchmarks import bench_scale, bench_tick
from bot.db import close_db, init_db, upgrade

ZONE = "Asia/Shanghai"


async def median_ms(part: Callable[[], Awaitable[Any]], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        await part()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


async def run(what: str, cases: int, top: int, dump: str | None) -> None:
    from bot.services import chart, digest, export, stats
    from models import Person

    profile = cProfile.Profile()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{Path(folder) / 'scale.sqlite3'}"
        await upgrade(url)
        await init_db(url)
        try:
            await bench_tick.build_world(cases)
            pid = await bench_scale.add_big_supervisor(cases)
            now, today = bench_tick.NOW, bench_tick.TODAY
            if what == "digest":
                supervisor = await Person.get(id=pid)
                chart.cjk_font()  # found once per process
                data = await digest.digest_now(supervisor, now, ZONE)

                async def queries() -> None:
                    await digest.digest_now(supervisor, now, ZONE)

                async def text() -> None:
                    digest.render_digest(data, "zh-CN", ZONE)

                async def picture() -> None:
                    chart.render_progress_chart(digest.progress_rows(data), "zh-CN")

                for name, part in (
                    ("queries (digest_now)", queries),
                    ("text (render_digest)", text),
                    ("chart (render_progress_chart)", picture),
                ):
                    print(f"{name}: {await median_ms(part):,.0f} ms")

                async def whole() -> None:
                    await queries()
                    await text()
                    await picture()

                print(f"all three: {await median_ms(whole):,.0f} ms")
                profile.enable()
                await whole()
                profile.disable()
            elif what == "export":
                start = time.perf_counter()
                profile.enable()
                workbook = await export.export_xlsx("zh-CN", ZONE, as_of=today)
                profile.disable()
                print(
                    f"export_xlsx of {cases:,} cases: {time.perf_counter() - start:,.1f} s "
                    f"(profiled), {len(workbook) / 2**20:.1f} MB"
                )
            else:

                async def figures() -> None:
                    result = await stats.compute_stats(None, today=today)
                    stats.render_stats(result, "zh-CN", None)

                print(f"stats of {cases:,} cases: {await median_ms(figures):,.0f} ms")
                profile.enable()
                await figures()
                profile.disable()
        finally:
            await close_db()
    if dump:
        profile.dump_stats(dump)
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="profile_scale")
    parser.add_argument("what", choices=("digest", "export", "stats"))
    parser.add_argument("--cases", type=int)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--dump")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    cases = args.cases or (10_000 if args.what == "export" else 1_000)
    asyncio.run(run(args.what, cases, args.top, args.dump))


if __name__ == "__main__":
    main()
