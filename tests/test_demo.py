"""`recallbot demo`: the whole bot at work on the emulator, checked by itself."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.devtools.demo import DemoOptions, run_demo
from bot.devtools.demo.browser import missing_reason
from bot.devtools.demo.interactive import Console
from bot.devtools.demo.scenario import START, ZONE, Scenario, cast
from bot.devtools.demo.world import DemoWorld


async def test_demo_plays_a_period_and_checks_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run_demo(DemoOptions(out=tmp_path, quiet=True))
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "❌" not in printed and printed.count("✅") >= 10
    assert (tmp_path / "last-digest-chart.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "recallbot-export.xlsx").stat().st_size > 0
    # The supervisor's dashboard, as a phone shows it (where Chromium can run).
    if missing_reason() is None:
        assert (tmp_path / "dashboard.png").read_bytes().startswith(b"\x89PNG")
        assert (tmp_path / "dashboard-case.png").read_bytes().startswith(b"\x89PNG")
    else:
        assert "no browser" in printed or "浏览器" in printed


async def test_interactive_console_acts_as_a_person(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = ManualClock(datetime.combine(START, time(9, 30), tzinfo=ZONE))
    people = cast("en")
    world = DemoWorld(tmp_path, clock, "en")
    await world.start(people.admin)
    try:
        await Scenario(world, people, seed=1).set_up()
        entries = iter(["7", "/plan", "#1", ":wait 1", ":who", "1", "/stats", ":quit"])
        console = Console(world, people, read=lambda _prompt: next(entries))
        await console.loop()
    finally:
        await world.stop()
    printed = capsys.readouterr().out
    assert "My management plan" in printed
    assert "Plan acknowledged" in printed
    assert "⏩ 2026-03-03" in printed
    assert "Recall programme figures" in printed


async def test_without_a_browser_the_demo_says_so_and_still_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.devtools.demo import dashboard

    monkeypatch.setattr(dashboard, "missing_reason", lambda: "/usr/bin/chromium is missing")
    clock = ManualClock(datetime.combine(START, time(9, 30), tzinfo=ZONE))
    people = cast("zh-CN")
    world = DemoWorld(tmp_path, clock, "zh-CN")
    await world.start(people.admin)
    try:
        scenario = Scenario(world, people, seed=1)
        await scenario.look_at_dashboard()
    finally:
        await world.stop()
    assert scenario.dashboard is not None and scenario.dashboard.files == []
    assert scenario.dashboard.missing == "/usr/bin/chromium is missing"
    assert scenario.dashboard_expectations() == []  # a note, not a failed check
    assert not (tmp_path / "dashboard.png").exists()
