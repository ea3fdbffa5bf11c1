"""Profile of one /plan and one form step (the /talk form's place), through process_update.

Run: .venv/bin/python -m benchmarks.profile_reply [REPEAT]   (not part of `make bench`)

The world is bench_load's (one cadre, one mentor, migrated SQLite in a temporary folder), the
emulator runs in this process (its frames are left out of the tables). Each update is handled
REPEAT times (default 30) under cProfile; it prints the wall time per update, the SQL
statements, persistence calls and Fluent formats per update, the time per package
and the top functions by own time.
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from telegram import Update

from benchmarks.bench_load import NOW, Counters, build_world, settings_for
from bot.clock import ManualClock
from bot.db import close_db, init_db, upgrade
from bot.devtools.emulator import BotApiEmulator
from bot.runner import ensure_first_admins
from bot.wiring import build_application

PACKAGES = {
    "tortoise": "tortoise ORM",
    "pypika": "tortoise ORM",
    "aiosqlite": "aiosqlite / sqlite3",
    "sqlite3": "aiosqlite / sqlite3",
    "fluent": "Fluent",
    "babel": "Fluent",
    "telegram": "python-telegram-bot",
    "httpx": "httpx / httpcore",
    "httpcore": "httpx / httpcore",
    "h11": "httpx / httpcore",
    "/bot/": "recallbot (bot/)",
    "/handlers/": "recallbot (handlers/)",
    "/models/": "recallbot (models/)",
    "asyncio": "asyncio",
    "copy.py": "copy (deepcopy)",
}


def package_of(filename: str) -> str:
    for needle, name in PACKAGES.items():
        if needle in filename:
            return name
    return "other"


def by_package(stats: pstats.Stats) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), row in stats.stats.items():  # type: ignore[attr-defined]
        totals[package_of(filename)] += row[2]  # own time
    return dict(totals)


class Harness:
    def __init__(self, emu: BotApiEmulator, app: Any) -> None:
        self.emu, self.app = emu, app

    async def deliver(self, update: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    async def send(self, uid: int, text: str) -> None:
        await self.deliver(self.emu.message(uid, text))

    async def press(self, uid: int, label: str) -> None:
        for message in reversed(self.emu.sent(uid)):
            if message.reply_markup and not message.deleted:
                for row in message.reply_markup["inline_keyboard"]:
                    for button in row:
                        if label in button["text"]:
                            update = self.emu.callback(
                                uid, button["callback_data"], message.message_id
                            )
                            await self.deliver(update)
                            return
        raise LookupError(label)


def skip_emulator(stats: pstats.Stats) -> pstats.Stats:
    for key in list(stats.stats):  # type: ignore[attr-defined]
        if "emulator" in key[0] or "aiohttp" in key[0] or "multidict" in key[0]:
            del stats.stats[key]  # type: ignore[attr-defined]
    return stats


async def profile(repeat: int, folder: Path) -> None:
    url = f"sqlite://{folder / 'profile.sqlite3'}" + __import__("os").environ.get("URLQ", "")
    await upgrade(url)
    async with BotApiEmulator() as emu:
        settings = settings_for(emu.base_url, emu.base_file_url, url)
        await init_db(url)
        try:
            specs = await build_world(3, settings)
            cadre = next(s for s in specs if s.kind == "cadre")
            mentor = next(s for s in specs if s.kind == "mentor")
            for spec in specs:
                emu.make_user(spec.uid, spec.name, "zh-hans")
            app = build_application(settings, ManualClock(NOW))
            async with app:
                await ensure_first_admins(app)
                chat = Harness(emu, app)
                for spec in specs:
                    await chat.send(spec.uid, "/help")

                async def plan() -> None:
                    await chat.send(cadre.uid, "/plan")

                async def talk_setup() -> None:
                    await chat.send(mentor.uid, "/talk")
                    await chat.press(mentor.uid, cadre.name)
                    await chat.press(mentor.uid, "今天")

                async def place() -> None:
                    await chat.send(mentor.uid, "局党组会议室")

                for name, setup, step in (
                    ("/plan", None, plan),
                    ("form step (/talk place)", talk_setup, place),
                ):
                    profiler = cProfile.Profile()
                    counters = Counters()
                    took = 0.0
                    for _ in range(repeat):
                        if setup is not None:
                            await setup()
                        counters.install()
                        start = time.perf_counter()
                        profiler.enable()
                        await step()
                        profiler.disable()
                        took += time.perf_counter() - start
                        counters.remove()
                    report(name, repeat, took, counters, profiler)
        finally:
            await close_db()


def report(name: str, repeat: int, took: float, counters: Counters, profiler: Any) -> None:
    print(f"\n## {name}: {took / repeat * 1000:.1f} ms per update (wall, profiled)")
    print(
        "per update: "
        + ", ".join(f"{k} {v / repeat:.1f}" for k, v in sorted(counters.counts.items()))
    )
    print(
        "awaited per update: "
        + ", ".join(f"{k} {v / repeat * 1000:.1f} ms" for k, v in sorted(counters.seconds.items()))
    )
    stats = skip_emulator(pstats.Stats(profiler))
    totals = by_package(stats)
    whole = sum(totals.values()) or 1.0
    print("own time by package (emulator left out):")
    for package, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {package:28} {seconds / repeat * 1000:6.2f} ms  {seconds / whole:5.1%}")
    print("top functions by own time:")
    stats.sort_stats("tottime").print_stats(15)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    repeat = int(args[0]) if args else 30
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(profile(repeat, Path(folder)))


if __name__ == "__main__":
    main()
