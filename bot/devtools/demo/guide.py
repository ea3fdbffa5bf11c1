"""The user guide's example chats: named scenes played through the real bot on the emulator.

Each scene (bot/devtools/demo/scenes.py) is a few lines in the guide's own notation: who sends
what, `⟨label⟩` for a button, `[voice]` `[photo]` `[file NAME]` for media, `(35 minutes)` for
time going by, `{link}` for the newest `start=` link the bot showed, `!block` and `!unblock`
for someone blocking the bot and unblocking it again, and `A|B` for what differs between
Chinese and English. Its `given` lines are played first and not shown (`@name` plays another
scene there); the notices their last line brought to the scene's readers open the scene. Days
that go by before a scene (or in a timed one) go by one at a time, with the scheduler's jobs
run each morning as in production; the bot's messages are delivered after every line.

Every scene starts from the same world, on a copy of one database: the demo's four recalls
opened by 刘处长 through /newcase, everybody but 马主任 enrolled, the demo's sessions plus a
training on the first morning, and the clock at Monday 2 March 2026 09:30 Beijing time (or,
for a scene of the "empty" world, 刘处长 alone).

`python -m bot.devtools.demo.guide` rewrites the `<!-- scene:NAME -->` sections of
docs/user-guide.md (as `python -m bot.devtools.demo.transcripts` does with the demo's);
`--check` rewrites nothing and exits 1 when a section is out of date.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from bot.clock import ManualClock
from bot.devtools.demo import transcripts
from bot.devtools.demo.excerpts import GAP, Tokens, render
from bot.devtools.demo.scenario import START, ZONE, Scenario, cast
from bot.devtools.demo.scenes import SCENES, SETUPS, Scene
from bot.devtools.demo.world import Actor, DemoWorld, Line
from models import Case, IncomingUpdate, Person, ProcessedUpdate
from models.enums import SessionKind
from schedules import delivery

DOC = Path("docs/user-guide.md")
SECTION = transcripts.section_pattern("scene")
STEP = re.compile(r"(?P<who>[^:\s]+): (?P<what>.*)")
WAIT = re.compile(r"\((?P<count>\d+) (?P<unit>minutes|hours|days)\)")
MEDIA = re.compile(r"\[(?P<kind>voice|photo|file)(?: (?P<name>.+))?\]")
LINK = re.compile(r"start=(\S+)")
UNITS = {"minutes": "分钟", "hours": "小时", "days": "天"}
# People of the guide who are not in the demo's cast: they have no recall of their own.
STRANGERS = {"孙老师": (2003, "mentor"), "小王": (2004, "mentor"), "郑洁": (3005, "cadre")}


def steps(script: str) -> list[str]:
    return [line.strip() for line in script.strip().splitlines() if line.strip()]


def in_locale(text: str, locale: str) -> str:
    parts = text.split("|")
    return parts[min(transcripts.LOCALES.index(locale), len(parts) - 1)]


class Stage:
    """One world for one scene: the people, the bot, and what they did."""

    def __init__(self, world: DemoWorld, people: dict[str, Actor], scenes: dict[str, Scene]):
        self.world = world
        self.people = people
        self.scenes = scenes
        self.notices: set[int] = set()  # the lines (by id) the outbox sent, not direct answers

    def actor(self, name: str) -> Actor:
        actor = self.people[name]
        if actor.telegram_id not in self.world.actors:
            self.world.add_actor(actor)
        return actor

    def link(self) -> str:
        for line in reversed(self.world.lines):
            found = LINK.search(line.text) if line.author == "🤖" else None
            if found:
                return found.group(1)
        raise LookupError("no start= link shown yet")

    async def play(self, step: str, *, shown: bool, timed: bool = False) -> int | None:
        """Play one line; the Telegram id of who acted, if someone did."""
        world, locale = self.world, self.world.locale
        wait = WAIT.fullmatch(step)
        if wait:
            count, unit = int(wait["count"]), wait["unit"]
            if unit != "days" or (shown and not timed):
                world.clock.advance(timedelta(**{unit: count}))
                english = unit if count > 1 else unit[:-1]
                gap = f"({count} {UNITS[unit]}后 / {count} {english} later)"
                if shown:
                    world.lines.append(Line(world.clock.now(), 0, GAP, gap))
                return None
            for _ in range(count):  # reminders, statuses and digests, day by day
                await world.advance(timedelta(days=1))
            return None
        found = STEP.fullmatch(step)
        if found is None:
            raise ValueError(f"not a scene line: {step!r}")
        actor = self.actor(found["who"])
        what = found["what"]
        if what in ("!block", "!unblock"):  # the person blocks the bot, or unblocks it
            toggle = world.emu.block if what == "!block" else world.emu.unblock
            toggle(actor.telegram_id)
            return None
        media = MEDIA.fullmatch(what)
        if what.startswith("⟨") and what.endswith("⟩"):
            await world.tap(actor, in_locale(what[1:-1], locale))
        elif media:
            kind, name = media["kind"], media["name"] or ""
            kind = "document" if kind == "file" else kind
            await world.send_file(actor, kind, f"{name or kind} content".encode(), name)
        else:
            what = in_locale(what, locale)
            await world.say(
                actor, what.replace("{link}", self.link()) if "{link}" in what else what
            )
        assert world.app is not None
        # What the outbox sends can queue more (a blocked person's supervisor is told).
        while (await delivery.run(world.app)).sent:
            self.notices.update(map(id, world.collect()))
        return actor.telegram_id

    def expand(self, script: str) -> list[str]:
        """The lines of a script, with each `@name` replaced by that scene's lines."""
        out = []
        for step in steps(script):
            if step.startswith("@"):
                scene = self.scenes[step[1:]]
                out += self.expand(scene.given) + self.expand(scene.script)
            else:
                out.append(step)
        return out

    async def record(self, scene: Scene) -> str:
        given = self.expand(scene.given)
        for step in given[:-1]:
            await self.play(step, shown=False)
        before = len(self.world.lines)
        last = await self.play(given[-1], shown=False) if given else None
        start = len(self.world.lines)
        script = steps(scene.script)
        names = {found["who"] for step in script if (found := STEP.fullmatch(step))}
        readers = {self.actor(name).telegram_id for name in names | set(scene.readers)}
        others = {self.actor(name).telegram_id for name in scene.also}
        for step in script:
            await self.play(step, shown=True, timed=scene.timed)
        shows = readers | others
        # The notices that the last given line (someone's) brought: what the scene starts from.
        lines = [
            line
            for line in self.world.lines[before:start]
            if id(line) in self.notices and line.chat_id in shows and last is not None
        ]
        lines += [
            line
            for line in self.world.lines[start:]
            if line.chat_id in shows or line.author == GAP
        ]

        # What others were sent is marked as theirs; their own answers (when they act) are not.
        def aside(line: Line) -> bool:
            return line.chat_id in others and (
                line.chat_id not in readers or id(line) in self.notices
            )

        return render(lines, self.world, timed=scene.timed, tokens=Tokens(), aside=aside)


def people_of(locale: str) -> dict[str, Actor]:
    people = cast(locale)
    everybody = [people.admin, people.supervisor, people.late_supervisor, *people.mentors]
    everybody += [script.cadre for script in people.cases]
    everybody += [Actor(tid, name, role, locale) for name, (tid, role) in STRANGERS.items()]
    return {actor.name: actor for actor in everybody}


def morning() -> ManualClock:
    return ManualClock(datetime.combine(START, clock_time(9, 30), tzinfo=ZONE))


async def build_base(out: Path, locale: str, kind: str) -> None:
    """The world scenes start from, saved as `out`/demo.sqlite3: the programme, or (`kind`
    "empty") the first admin alone."""
    people = cast(locale)
    world = DemoWorld(out, morning(), locale)
    await world.start(people.admin)
    try:
        if kind == "empty":
            await world.say(people.admin, "/start")
            await forget_updates()
            return
        await Scenario(world, people, seed=7).set_up()
        assert world.app is not None
        admin = await Person.get(telegram_id=people.admin.telegram_id)
        cases = await Case.all().order_by("id")
        at = datetime.combine(START, clock_time(10, 0), tzinfo=ZONE)
        await world.app.services.activities.schedule_session(
            SessionKind.TRAINING,
            "作风建设专题培训班",
            at,
            at + timedelta(hours=3),
            [case.id for case in cases],
            by=admin,
            place="县委党校",
        )
        await world.run_jobs()  # the welcomes and the morning's reminders: not the scenes'
        await forget_updates()
    finally:
        await world.stop()


async def forget_updates() -> None:
    """Each scene has an emulator of its own, whose update ids start again."""
    await ProcessedUpdate.all().delete()
    await IncomingUpdate.all().delete()


def copy_base(base: Path, out: Path) -> None:
    out.mkdir(parents=True)
    shutil.copy(base / "demo.sqlite3", out / "demo.sqlite3")


async def play_scene(base: Path, out: Path, scene: Scene, locale: str) -> str:
    copy_base(base, out)
    people = people_of(locale)
    world = DemoWorld(out, morning(), locale)
    await world.start(people["刘处长"], fresh=False)
    try:
        stage = Stage(world, people, {s.name: s for s in SCENES + SETUPS})
        try:
            return await stage.record(scene)
        except Exception as error:
            seen = render(world.lines[-12:], world, timed=False, tokens=Tokens())
            raise RuntimeError(
                f"scene {scene.name} ({locale}) failed ({error}); it showed:\n{seen}"
            ) from error
    finally:
        await world.stop()


def scenes() -> tuple[Scene, ...]:
    return SCENES


async def play_all(tmp: Path, names: set[str] | None = None) -> dict[str, dict[str, str]]:
    """Every scene (or those named) in every language: locale -> name -> text."""
    found: dict[str, dict[str, str]] = {}
    for locale in transcripts.LOCALES:
        wanted = [scene for scene in scenes() if names is None or scene.name in names]
        bases = {}
        for kind in {scene.world for scene in wanted}:
            bases[kind] = tmp / f"base-{kind}-{locale}"
            await build_base(bases[kind], locale, kind)
        found[locale] = {}
        for scene in wanted:
            out = tmp / f"{scene.name}-{locale}"
            found[locale][scene.name] = await play_scene(bases[scene.world], out, scene, locale)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    parser.add_argument("--root", type=Path, default=Path("."), help="the repository")
    parser.add_argument("--scene", action="append", help="play only this scene (repeatable)")
    args = parser.parse_args(argv)
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        found = asyncio.run(play_all(Path(tmp), set(args.scene) if args.scene else None))
    stale = transcripts.update_docs(
        args.root, found, check=args.check, docs=(DOC,), pattern=SECTION, strict=not args.scene
    )
    for diff in stale:
        print(diff)
    played = sum(map(len, found.values()))
    print(f"{played} scenes played (each language apart) in {time.monotonic() - began:.0f} s")
    if args.check and stale:
        print("the guide's scenes are out of date: run python -m bot.devtools.demo.guide")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
