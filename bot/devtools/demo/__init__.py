"""`recallbot demo`: the real bot against the local Bot API emulator, on SQLite, no token."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

from bot.chat.notifications import render
from bot.clock import ManualClock
from bot.devtools.demo import excerpts
from bot.devtools.demo.scenario import START, ZONE, Scenario, cast
from bot.devtools.demo.world import DemoWorld
from bot.i18n import translate
from bot.services.export import export_xlsx
from bot.services.export import file_name as export_file_name
from bot.services.stats import compute_stats, render_stats
from models import Notification


@dataclass
class DemoOptions:
    locale: str = "zh-CN"
    speed: float = 1.0
    out: Path = Path("demo-out")
    seed: int = 7
    interactive: bool = False
    quiet: bool = False


async def run_demo(options: DemoOptions) -> int:
    """Play the programme, print what everybody saw, check it; 0 when all went as expected."""
    clock = ManualClock(datetime.combine(START, time(9, 30), tzinfo=ZONE))
    people = cast(options.locale)
    world = DemoWorld(options.out, clock, options.locale, options.speed)
    await world.start(people.admin)
    try:
        if options.interactive:
            from bot.devtools.demo.interactive import Console

            scenario = Scenario(world, people, options.seed)
            await scenario.set_up()
            await Console(world, people).loop()
            return 0
        scenario = Scenario(world, people, options.seed)
        await scenario.play()
        await world.run_jobs()
        await scenario.take_dossier()
        results = await scenario.expectations()
        files = await write_outputs(world, scenario, options)
        if scenario.dashboard is not None:
            files += scenario.dashboard.files
        if not options.quiet and not world.live:
            for actor in world.actors.values():
                print(world.transcript(actor))
                print()
        stats = await compute_stats()
        print(render_stats(stats, options.locale))
        print()
        for path in files:
            print(translate(options.locale, "cli-export-written", path=str(path)))
        if scenario.dashboard is not None and scenario.dashboard.missing:
            reason = scenario.dashboard.missing
            print(translate(options.locale, "demo-dashboard-no-browser", reason=reason))
        await write_transcripts(world, scenario, results, files, options)
        failed = [key for key, ok in results if not ok]
        for key, ok in results:
            print(f"{'✅' if ok else '❌'} {translate(options.locale, key)}")
        if failed:
            print(translate(options.locale, "demo-failed", count=len(failed)), file=sys.stderr)
            return 1
        return 0
    finally:
        await world.stop()


async def write_transcripts(
    world: DemoWorld,
    scenario: Scenario,
    results: list[tuple[str, bool]],
    files: list[Path],
    options: DemoOptions,
) -> None:
    """Everybody's chat (transcript.txt) and the guides' excerpts (transcripts.json); the
    closing lines as the docs show them, without what depends on a browser being there."""
    chats = "\n\n".join(world.transcript(actor) for actor in world.actors.values())
    (options.out / "transcript.txt").write_text(chats + "\n", encoding="utf-8")
    shown = Path("demo-out")
    dashboard = set(scenario.dashboard.files) if scenario.dashboard is not None else set()
    closing = [
        translate(options.locale, "cli-export-written", path=str(shown / path.name))
        for path in files
        if path not in dashboard
    ]
    closing += [
        f"{'✅' if ok else '❌'} {translate(options.locale, key)}"
        for key, ok in results
        if key != "demo-check-dashboard"
    ]
    excerpts.save(options.out, await excerpts.record(world, scenario, closing))


async def write_outputs(world: DemoWorld, scenario: Scenario, options: DemoOptions) -> list[Path]:
    """The last digest's chart, an XLSX export and a dossier, into the output folder."""
    written = []
    digest = await Notification.filter(message="digest").order_by("-id").first()
    if digest is not None:
        rendered = render(digest, options.locale, "Asia/Shanghai")
        if rendered.chart is not None:
            chart = options.out / "last-digest-chart.png"
            chart.write_bytes(rendered.chart)
            written.append(chart)
    today = world.clock.now().astimezone(ZONE).date()
    export = options.out / export_file_name(options.locale, today)
    export.write_bytes(await export_xlsx(options.locale, "Asia/Shanghai", as_of=today))
    written.append(export)
    dossier = scenario.dossier()
    if dossier is not None:
        name, content = dossier
        (options.out / name).write_bytes(content)
        written.append(options.out / name)
    return written
