"""Replies under load: enrolled users drive the bot over real long polling, beside bare PTB.

Run: .venv/bin/python -m benchmarks.bench_load [--full] [--users N] [--seconds S]
(part of `make bench`; the default run takes about two minutes)

The local Bot API emulator runs in a child process with the simulated users, so that its own
work (HTTP, JSON, schema checks) does not share the bot's interpreter; the bot runs in this
process and long-polls it like Telegram. Users are cadres (two thirds) and mentors (one third,
two cases each) of a migrated SQLite file in a temporary folder. Each repeats a script:

- cadre: /plan, then a reflection (/reflect, the text, press "确认保存");
- mentor: /case for one of their cadres, the whole /talk form (pick the cadre, "今天", place,
  summary, attitude "4", actions, save), then /attendance (pick the session, toggle a cadre
  twice, save).

Updates are offered at a fixed rate (50, 100, 200, 500 per second): each tick of the rate
gives the next step to a user whose previous step has been answered (a person waits for the
answer before the next tap); when every user is waiting, the offer is dropped and counted.
Latency is from the moment the emulator queued the update to the moment the bot's last
message or edit for that step reached the emulator (how many each step causes is counted
once, sequentially, before the runs). Throughput is the steps answered per second over the
run. Errors: the bot's "unexpected error" answer, a button that is not there, a step not
answered within the drain time, an emulator 4xx/5xx.

The baseline is python-telegram-bot with handlers that only reply (a message gets one
sendMessage, a button press answerCallbackQuery and one editMessageText, as recallbot's do),
on the same emulator, the same users and the same steps, in the same run, before recallbot.
The outbox sender is slowed down (SEND_SECONDS=3600) so that the notices the forms queue do
not reach the users' chats during a run: its own rate is bench_delivery's subject.

It also reports, for the recallbot run, the SQL statements, persistence writes, Fluent
formats and setMyCommands/setChatMenuButton calls per update.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import logging
import multiprocessing
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from benchmarks import instances

RATES = (50, 100, 200, 500)
USERS, FULL_USERS = 60, 300
SECONDS, FULL_SECONDS = 6.0, 20.0
DRAIN_SECONDS = 15.0
QUIET_SECONDS = 0.4  # calibration: no more messages for this long ends a step
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # Tuesday 10 March 2026, 10:00 in Shanghai
REFLECTION = "这一个月我认真反思了工作作风漂浮、落实不力的问题，决心改正。" * 2
VISIBLE = ("sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageCaption",
           "editMessageReplyMarkup")  # fmt: skip
SESSION_TITLE = "作风建设专题培训"
DEBUG = bool(__import__("os").environ.get("BENCH_DEBUG"))

Step = tuple[str, str]  # ("text", what is typed) or ("press", part of the button's label)


def cadre_name(n: int) -> str:
    return f"干部{n:04d}"


def cadre_script(n: int) -> list[Step]:
    return [("text", "/plan"), ("text", "/reflect"), ("text", REFLECTION), ("press", "确认保存")]


def mentor_script(first_cadre: int) -> list[Step]:
    name = cadre_name(first_cadre)
    return [
        ("text", f"/case {name}"),
        ("text", "/talk"),
        ("press", name),
        ("press", "今天"),
        ("text", "局党组会议室"),
        ("text", "谈了近期工作落实不力的原因，本人认识较深刻。"),
        ("press", "4"),
        ("text", "每周书面汇报一次工作进展"),
        ("press", "确认保存"),
        ("text", "/attendance"),
        ("press", SESSION_TITLE),
        ("press", name),
        ("press", name),
        ("press", "确认保存"),
    ]


@dataclass
class UserSpec:
    uid: int
    name: str
    kind: str  # "cadre" or "mentor"
    script: list[Step]


# -- the child process: the emulator and the users -------------------------------------------


@dataclass
class Simulated:
    spec: UserSpec
    pos: int = 0
    busy: bool = False
    sent_at: float = 0.0
    expected: int = 1
    seen: int = 0
    latencies: list[float] = field(default_factory=list)


def emulator_process(conn: Connection) -> None:
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(_serve_emulator(conn))


async def _serve_emulator(conn: Connection) -> None:
    from bot.devtools.emulator import BotApiEmulator

    class LoadEmulator(BotApiEmulator):
        def __init__(self) -> None:
            super().__init__()
            self.on_visible: Callable[[int, str], None] = lambda chat, text: None
            self.failures = 0
            self.by_chat: dict[int, list[Any]] = defaultdict(list)
            for method in VISIBLE:
                self._handlers[method] = self._noting(self._handlers[method])

        def _noting(self, handler: Any) -> Any:
            async def noted(method: str, params: Any, record: Any) -> Any:
                try:
                    result = await handler(method, params, record)
                except Exception:
                    self.failures += 1
                    raise
                if DEBUG:
                    print(
                        "visible",
                        method,
                        params.get("chat_id"),
                        (params.get("text") or "")[:40],
                        file=sys.stderr,
                    )
                self.on_visible(params.get("chat_id", 0), params.get("text") or "")
                return result

            return noted

        def _record_sent(self, method: str, params: Any, record: Any, kind: Any) -> Any:
            result = super()._record_sent(method, params, record, kind)
            self.by_chat[params["chat_id"]].append(self._sent[-1])
            return result

    loop = asyncio.get_running_loop()
    drivers: dict[str, Driver] = {}
    async with LoadEmulator() as emu:
        conn.send((emu.base_url, emu.base_file_url))
        while True:
            command, args = await loop.run_in_executor(None, conn.recv)
            if command == "stop":
                break
            mode = "baseline" if args["baseline"] else "recallbot"
            if mode not in drivers:
                drivers[mode] = Driver(emu, args["users"], baseline=args["baseline"])
            driver = drivers[mode]
            if command == "calibrate":
                conn.send(await driver.calibrate())
            elif command == "warm":
                conn.send(await driver.warm())
            elif command == "run":
                driver.expected = args["expected"]
                conn.send(await driver.run(args["rate"], args["seconds"], args["error_text"]))
            calls = Counter(r.method for r in emu.requests)
            emu.requests.clear()
            conn.send(dict(calls))


class Driver:
    def __init__(self, emu: Any, users: list[UserSpec], *, baseline: bool) -> None:
        self.emu = emu
        self.baseline = baseline
        self.users = {spec.uid: Simulated(spec) for spec in users}
        for spec in users:
            emu.make_user(spec.uid, spec.name, "zh-hans")
        self.expected: dict[str, list[int]] = {}
        self.done = asyncio.Event()
        self.unanswered = 0  # visible messages no step was waiting for
        self.errors: Counter[str] = Counter()
        self.error_text = ""
        self.last_answer = 0.0
        emu.on_visible = self._visible

    def _visible(self, chat: int, text: str) -> None:
        user = self.users.get(chat)
        if user is None or not user.busy:
            self.unanswered += 1
            return
        user.seen += 1
        if self.error_text and self.error_text in text:
            self.errors["bot error"] += 1
        if user.seen >= user.expected:
            self.last_answer = time.monotonic()
            user.latencies.append(self.last_answer - user.sent_at)
            user.busy = False
            self.done.set()

    def _issue(self, user: Simulated, step: Step) -> bool:
        kind, value = step
        uid = user.spec.uid
        if kind == "text":
            self.emu.message(uid, value)
            return True
        messages = [m for m in self.emu.by_chat[uid] if not m.deleted]
        if self.baseline:
            # The reply-only bot shows no buttons: press one on its last message.
            target = messages[-1] if messages else None
            data = "x"
        else:
            target, data = None, ""
            for message in reversed(messages):
                if message.reply_markup:
                    target = message
                    break
            buttons = [
                b
                for row in (target.reply_markup or {}).get("inline_keyboard", [])
                if target
                for b in row
            ]
            data = next((b["callback_data"] for b in buttons if value in b["text"]), "")
        if target is None or not data:
            self.errors["button missing"] += 1
            return False
        self.emu.callback(uid, data, target.message_id)
        return True

    def _start(self, user: Simulated, expected: int = 1) -> bool:
        script = user.spec.script
        index = user.pos % len(script)
        user.pos += 1
        counts = self.expected.get(user.spec.kind)
        user.expected = max(1, counts[index]) if counts else expected
        user.seen = 0
        user.busy = True
        user.sent_at = time.monotonic()
        if not self._issue(user, script[index]):
            user.busy = False
            user.pos = 0  # start the script again
            return False
        return True

    async def _wait_idle(self, user: Simulated, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while user.busy and time.monotonic() < deadline:
            self.done.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.done.wait(), deadline - time.monotonic())
        return not user.busy

    async def calibrate(self) -> dict[str, list[int]]:
        """Visible messages each step of each script causes, one user of each kind."""
        counts: dict[str, list[int]] = {}
        firsts: dict[str, Simulated] = {}
        for user in self.users.values():
            firsts.setdefault(user.spec.kind, user)
        for kind, user in firsts.items():
            counts[kind] = []
            for _ in user.spec.script:
                self._start(user, expected=10**6)
                last, seen = time.monotonic(), 0
                while time.monotonic() - last < QUIET_SECONDS:
                    await asyncio.sleep(0.02)
                    if user.seen != seen:
                        seen, last = user.seen, time.monotonic()
                user.busy = False
                counts[kind].append(user.seen)
            user.pos = 0
        return counts

    async def warm(self) -> dict[str, Any]:
        """Every user sends /help once (the first update of a user sets their menu)."""
        for user in self.users.values():
            user.busy, user.seen, user.expected = True, 0, 1
            user.sent_at = time.monotonic()
            self.emu.message(user.spec.uid, "/help")
            await self._wait_idle(user, DRAIN_SECONDS)
            user.latencies.clear()
        return {"errors": dict(self.errors)}

    async def run(self, rate: float, seconds: float, error_text: str) -> dict[str, Any]:
        self.error_text = error_text
        self.errors.clear()
        self.unanswered = 0
        self.last_answer = 0.0
        for user in self.users.values():
            user.latencies.clear()
        order = list(self.users.values())
        offers = int(rate * seconds)
        dropped = issued = 0
        rr = 0
        start = time.monotonic()
        for i in range(offers):
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            for k in range(len(order)):
                user = order[(rr + k) % len(order)]
                if not user.busy:
                    rr = (rr + k + 1) % len(order)
                    issued += self._start(user)
                    break
            else:
                dropped += 1
        offered_for = time.monotonic() - start
        deadline = time.monotonic() + DRAIN_SECONDS
        while any(u.busy for u in order) and time.monotonic() < deadline:
            self.done.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.done.wait(), deadline - time.monotonic())
        stuck = [u for u in order if u.busy]
        for user in stuck:
            step = user.spec.script[(user.pos - 1) % len(user.spec.script)]
            self.errors[f"not answered: {user.spec.kind} {step[1][:12]}"] += 1
            user.busy = False
            user.pos = 0
        latencies = sorted(x for u in order for x in u.latencies)
        elapsed = max(offered_for, self.last_answer - start)
        if stuck:
            await self._reset(stuck)
        return {
            "rate": rate,
            "offered": offers,
            "issued": issued,
            "dropped": dropped,
            "answered": len(latencies),
            "seconds": elapsed,
            "latencies": latencies,
            "errors": dict(self.errors) | {"emulator 4xx/5xx": self.emu.failures},
            "unanswered": self.unanswered,
        }

    async def _reset(self, users: list[Simulated]) -> None:
        for user in users:
            user.busy, user.expected, user.seen = True, 1, 0
            self.emu.message(user.spec.uid, "/cancel")
            await self._wait_idle(user, 2.0)
            user.busy = False


# -- this process: the bots ----------------------------------------------------------------------


@dataclass
class Level:
    name: str
    rate: float
    offered: int
    answered: int
    dropped: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]
    cpu_ms: float  # the bot process's CPU time (every thread) per answered update

    @property
    def throughput(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def level_of(name: str, result: dict[str, Any], cpu: float) -> Level:
    lat = result["latencies"]

    def pct(p: float) -> float:
        if not lat:
            return float("nan")
        return lat[min(len(lat) - 1, round(p * (len(lat) - 1)))] * 1000

    return Level(
        name=name,
        rate=result["rate"],
        offered=result["offered"],
        answered=result["answered"],
        dropped=result["dropped"],
        seconds=result["seconds"],
        p50_ms=pct(0.5),
        p99_ms=pct(0.99),
        max_ms=(lat[-1] * 1000) if lat else float("nan"),
        errors={k: v for k, v in result["errors"].items() if v},
        cpu_ms=cpu / max(1, result["answered"]) * 1000,
    )


class Counters:
    """SQL statements, persistence writes and Fluent formats made in this process."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.seconds: defaultdict[str, float] = defaultdict(float)  # awaited, wall
        self._undo: list[tuple[Any, str, Any]] = []

    def _wrap(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)
        counts, seconds = self.counts, self.seconds

        if asyncio.iscoroutinefunction(original):

            async def counted(*args: Any, **kwargs: Any) -> Any:
                counts[label] += 1
                start = time.perf_counter()
                try:
                    return await original(*args, **kwargs)
                finally:
                    seconds[label] += time.perf_counter() - start
        else:

            def counted(*args: Any, **kwargs: Any) -> Any:  # type: ignore[misc]
                counts[label] += 1
                return original(*args, **kwargs)

        setattr(owner, name, counted)
        self._undo.append((owner, name, original))

    def install(self) -> None:
        from fluent.runtime import FluentBundle
        from tortoise.backends.sqlite.client import SqliteClient

        from bot.chat.persistence import DatabasePersistence

        for name in ("execute_query", "execute_insert", "execute_many", "execute_script"):
            self._wrap(SqliteClient, name, "sql")
        self._wrap(SqliteClient, "execute_query_dict", "sql")
        for name in ("update_user_data", "update_conversation", "refresh_user_data"):
            self._wrap(DatabasePersistence, name, f"persistence.{name}")
        self._wrap(FluentBundle, "format_pattern", "fluent")

    def remove(self) -> None:
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)
        self._undo.clear()


async def build_world(users: int, settings: Any) -> list[UserSpec]:
    """Cases for the cadres (two thirds of the users), two per mentor, one session for all."""
    from bot.clock import ManualClock
    from bot.services.cases import NewCase
    from bot.services.registry import Services
    from models import Case, Notification, Person
    from models.enums import Rank, SessionKind

    services = Services.build(ManualClock(NOW), settings)
    mentors = max(1, users // 3)
    cadres = 2 * mentors
    cases_service = services.cases
    admin = await services.people.ensure_admin(9_000_000, name="组织部小刘")
    specs: list[UserSpec] = []
    case_ids = []
    for n in range(cadres):
        case = await cases_service.open(
            NewCase(
                cadre_name=cadre_name(n),
                unit="青山县农业农村局",
                rank=Rank.SECTION,
                reason="inaction",
                recalled_on=date(2026, 3, 2),
                period_months=3,
                mentors=[f"帮带人{n // 2:04d}"],
                supervisors=["王部长"],
                cohort="2026-03 县级批次",
            )
        )
        case_ids.append(case.id)
        uid = 1_000_000 + n
        await Person.filter(id=case.cadre_id).update(telegram_id=uid)  # type: ignore[attr-defined]
        specs.append(UserSpec(uid, cadre_name(n), "cadre", cadre_script(n)))
    for m in range(mentors):
        uid = 2_000_000 + m
        await Person.filter(name=f"帮带人{m:04d}").update(telegram_id=uid)
        specs.append(UserSpec(uid, f"帮带人{m:04d}", "mentor", mentor_script(2 * m)))
    await services.activities.schedule_session(
        SessionKind.TRAINING,
        SESSION_TITLE,
        datetime(2026, 3, 9, 1, 0, tzinfo=UTC),
        datetime(2026, 3, 9, 8, 0, tzinfo=UTC),
        case_ids,
        by=admin,
        place="县委党校",
    )
    assert await Case.all().count() == cadres
    # The session's invitations would reach the cadres' chats during a run: not the subject.
    await Notification.all().delete()
    return specs


def settings_for(base_url: str, file_url: str, database_url: str) -> Any:
    return instances.settings_for(
        base_url, file_url, database_url, [9_000_000], send_seconds=3600.0
    )


def bare_application(settings: Any) -> Any:
    """python-telegram-bot with handlers that only reply."""
    from telegram import Update
    from telegram.ext import ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters

    async def reply(update: Update, context: Any) -> None:
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, f"ok {update.update_id}")

    async def press(update: Update, context: Any) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(f"ok {update.update_id}")

    app = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .build()
    )
    app.add_handler(MessageHandler(filters.ALL, reply))
    app.add_handler(CallbackQueryHandler(press))
    return app


class Child:
    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, theirs = ctx.Pipe()
        self.process = ctx.Process(target=emulator_process, args=(theirs,), daemon=True)
        self.process.start()
        self.base_url, self.file_url = self.conn.recv()

    async def ask(self, command: str, **args: Any) -> tuple[Any, dict[str, int]]:
        loop = asyncio.get_running_loop()
        self.conn.send((command, args))
        result = await loop.run_in_executor(None, self.conn.recv)
        calls = await loop.run_in_executor(None, self.conn.recv)
        return result, calls

    def close(self) -> None:
        self.conn.send(("stop", {}))
        self.process.join(10)


@contextlib.asynccontextmanager
async def polling(app: Any) -> Any:
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=10, drop_pending_updates=False)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


@dataclass
class Outcome:
    baseline: list[Level]
    recallbot: list[Level]
    half: Level | None
    per_update: dict[str, float]
    expected: dict[str, list[int]]


async def measure(
    users: int,
    seconds: float,
    rates: tuple[int, ...],
    folder: Path,
    profile: cProfile.Profile | None = None,
) -> Outcome:
    from bot.clock import ManualClock
    from bot.db import close_db, init_db, upgrade
    from bot.i18n import translate
    from bot.runner import ensure_first_admins
    from bot.wiring import build_application

    url = f"sqlite://{folder / 'load.sqlite3'}"
    await upgrade(url)
    child = Child()
    settings = settings_for(child.base_url, child.file_url, url)  # before init_db (TIMEZONE)
    await init_db(url)
    error_text = translate("zh-CN", "error-unexpected")
    try:
        specs = await build_world(users, settings)
        print(f"  {len(specs)} users ({sum(s.kind == 'cadre' for s in specs)} cadres)",
              file=sys.stderr)  # fmt: skip
        baseline: list[Level] = []
        async with polling(bare_application(settings)):
            await child.ask("warm", users=specs, baseline=True)
            for rate in rates:
                cpu = time.process_time()
                result, _ = await child.ask(
                    "run", users=specs, baseline=True, rate=rate, seconds=seconds,
                    expected={}, error_text="",
                )  # fmt: skip
                baseline.append(level_of("bare PTB", result, time.process_time() - cpu))
                print(f"  bare PTB at {rate}/s done", file=sys.stderr)
        app = build_application(settings, ManualClock(NOW))
        counters = Counters()
        recallbot: list[Level] = []
        per_update: dict[str, float] = {}
        async with polling(app):
            await ensure_first_admins(app)
            expected, _ = await child.ask("calibrate", users=specs, baseline=False)
            await child.ask("warm", users=specs, baseline=False)
            for index, rate in enumerate(rates):
                if index == 0:
                    counters.install()
                cpu = time.process_time()
                if profile is not None and index == 0:
                    profile.enable()
                result, calls = await child.ask(
                    "run", users=specs, baseline=False, rate=rate, seconds=seconds,
                    expected=expected, error_text=error_text,
                )  # fmt: skip
                if profile is not None and index == 0:
                    profile.disable()
                cpu = time.process_time() - cpu
                if index == 0:
                    counters.remove()
                    updates = max(1, result["issued"])
                    per_update = {k: v / updates for k, v in counters.counts.items()}
                    for method in ("setMyCommands", "setChatMenuButton", "getUpdates"):
                        per_update[f"api.{method}"] = calls.get(method, 0) / updates
                recallbot.append(level_of("recallbot", result, cpu))
                print(f"  recallbot at {rate}/s done", file=sys.stderr)
            saturation = max(level.throughput for level in recallbot)
            half_rate = max(1, round(saturation / 2))
            result, _ = await child.ask(
                "run", users=specs, baseline=False, rate=half_rate, seconds=seconds,
                expected=expected, error_text=error_text,
            )  # fmt: skip
            half = level_of("recallbot, half saturation", result, 0.0)
    finally:
        child.close()
        await close_db()
    return Outcome(baseline, recallbot, half, per_update, expected)


def table(outcome: Outcome) -> str:
    lines = [
        "| offered | bot | answered | dropped offers | throughput | p50 | p99 | max "
        "| bot CPU per update | errors |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    rows = [lv for pair in zip(outcome.baseline, outcome.recallbot, strict=True) for lv in pair]
    if outcome.half is not None:
        rows.append(outcome.half)
    for lv in rows:
        errors = ", ".join(f"{k} {v}" for k, v in sorted(lv.errors.items())) or "0"
        lines.append(
            f"| {lv.rate:g}/s | {lv.name} | {lv.answered:,} | {lv.dropped:,} "
            f"| {lv.throughput:.1f}/s | {lv.p50_ms:.0f} ms | {lv.p99_ms:.0f} ms "
            f"| {lv.max_ms:.0f} ms | {lv.cpu_ms:.1f} ms | {errors} |"
        )
    return "\n".join(lines)


def report(outcome: Outcome) -> list[str]:
    print(table(outcome))
    bare = max(lv.throughput for lv in outcome.baseline)
    ours = max(lv.throughput for lv in outcome.recallbot)
    ratio = ours / bare if bare else 0.0
    print(
        f"sustained throughput: recallbot {ours:.1f}/s, bare PTB {bare:.1f}/s: "
        f"ratio {ratio:.2f} (target ≥ 0.6)"
    )
    failures = []
    if outcome.half is not None:
        print(
            f"p99 at half of recallbot's saturation ({outcome.half.rate:g}/s): "
            f"{outcome.half.p99_ms:.0f} ms (target < 100 ms); "
            f"bare PTB p99 at {outcome.baseline[0].rate:g}/s: {outcome.baseline[0].p99_ms:.0f} ms"
        )
    print(
        "per update (recallbot, first level): "
        + ", ".join(f"{k} {v:.2f}" for k, v in sorted(outcome.per_update.items()))
    )
    print("visible messages per step: " + "; ".join(
        f"{kind} {counts}" for kind, counts in outcome.expected.items()))  # fmt: skip
    errors = sum(lv.error_count for lv in outcome.recallbot)
    if errors:
        failures.append(f"{errors} errors in recallbot's runs")
    return failures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_load")
    parser.add_argument(
        "--full", action="store_true", help=f"{FULL_USERS} users, {FULL_SECONDS:g} s per rate"
    )
    parser.add_argument("--users", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--rates", type=int, nargs="*")
    parser.add_argument("--profile", help="cProfile recallbot's first level into this file")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    users = args.users or (FULL_USERS if args.full else USERS)
    seconds = args.seconds or (FULL_SECONDS if args.full else SECONDS)
    rates = tuple(args.rates or RATES)
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        profile = cProfile.Profile() if args.profile else None
        outcome = asyncio.run(measure(users, seconds, rates, Path(folder), profile))
        if profile is not None:
            profile.dump_stats(args.profile)
    failures = report(outcome)
    for failure in failures:
        print(f"FAILED {failure}")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
