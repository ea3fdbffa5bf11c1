"""`recallbot demo`: the whole bot at work on the emulator, checked by itself."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
from datetime import datetime, time
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.devtools.demo import DemoOptions, excerpts, run_demo, transcripts
from bot.devtools.demo.browser import missing_reason
from bot.devtools.demo.interactive import Console
from bot.devtools.demo.scenario import START, ZONE, Scenario, cast
from bot.devtools.demo.world import DemoWorld
from bot.i18n import translate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str, Path]]:
    """The demo played once in each language: its exit code, what it printed, its folder."""
    played = {}
    for locale in transcripts.LOCALES:
        out = tmp_path_factory.mktemp(f"demo-{locale}")
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            code = asyncio.run(run_demo(DemoOptions(locale=locale, out=out, quiet=True)))
        played[locale] = (code, printed.getvalue(), out)
    return played


@pytest.mark.parametrize("locale", transcripts.LOCALES)
def test_demo_plays_a_period_and_checks_itself(
    runs: dict[str, tuple[int, str, Path]], locale: str
) -> None:
    code, printed, out = runs[locale]
    assert code == 0, printed
    assert "❌" not in printed and printed.count("✅") >= 15
    # The two rules off the happy path it shows (issue 8): an early reflection, a late joiner.
    for check in ("demo-check-early-reflection", "demo-check-late-joiner"):
        assert f"✅ {translate(locale, check)}" in printed
    assert (out / "last-digest-chart.png").read_bytes().startswith(b"\x89PNG")
    # The export a department hands over: in zh-CN a Chinese file name (issue 10, point 13).
    (export,) = out.glob("*.xlsx")
    assert export.stat().st_size > 0
    assert export.name.startswith("召回管理台账" if locale == "zh-CN" else "recall")
    assert "马主任" in (out / "transcript.txt").read_text(encoding="utf-8")
    # The supervisor's dashboard, as a phone shows it (where Chromium can run).
    if missing_reason() is None:
        assert (out / "dashboard.png").read_bytes().startswith(b"\x89PNG")
        assert (out / "dashboard-case.png").read_bytes().startswith(b"\x89PNG")
    else:
        assert "no browser" in printed or "浏览器" in printed


def test_the_guides_example_chats_are_the_demos(runs: dict[str, tuple[int, str, Path]]) -> None:
    """docs/user-guide.md and docs/operator-guide.md show what the demo does today: their
    marked sections are what `python -m bot.devtools.demo.transcripts` writes."""
    found = {
        locale: json.loads((out / excerpts.FILE).read_text(encoding="utf-8"))
        for locale, (_, _, out) in runs.items()
    }
    for doc in transcripts.DOCS:
        marked = transcripts.SECTION.findall((ROOT / doc).read_text(encoding="utf-8"))
        assert marked, doc
    stale = transcripts.update_docs(ROOT, found, check=True)
    assert not stale, "\n".join(stale) + "\nRun: python -m bot.devtools.demo.transcripts"


def test_every_excerpt_is_in_a_guide() -> None:
    names = {excerpt.name for excerpt in excerpts.EXCERPTS} | {"demo-checks"}
    marked = set()
    for doc in transcripts.DOCS:
        text = (ROOT / doc).read_text(encoding="utf-8")
        marked |= {m["name"] for m in transcripts.SECTION.finditer(text)}
    assert marked == names


def test_random_tokens_get_fixed_stand_ins() -> None:
    tokens = excerpts.Tokens()
    one = tokens("/start Q1w2E3r4T5y6U7i8O9p0AaSsDdFfGgHh and start=ci-7-0123abcdef")
    assert one == excerpts.Tokens()(
        "/start ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ and start=ci-7-aaaaaaaaaa"
    )
    assert "Q1w2E3r4" not in one and len(one.split()[1]) == 32


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
