"""SQLite under concurrent writers: a 15,000-row import while users chat and 400 notices drain.

Run: .venv/bin/python -m benchmarks.bench_concurrent_writers [ROWS] [RUNS]   (`make bench`)

Each run, on a fresh SQLite file in a temporary folder:

- a real `recallbot run` (a subprocess) polls the local Bot API emulator, with 400 pending
  notices queued for 40 people and the default sending settings;
- 5 admins chat with it: each sends /help, waits for the answer, sends again, until the end;
- a real `recallbot import` (another subprocess) of ROWS generated rows starts at once.

It reports the import's time and result, the answers' waiting times (median, 95th
percentile, longest), answers that were "something went wrong", the time to drain the 400
notices, and the log lines of the bot that say "database is locked". Requirements (exit 1 if
one fails): the import succeeds, every message is answered, none with "something went wrong",
no "database is locked" anywhere, every notice sent once.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median, quantiles

from benchmarks import instances
from benchmarks.bench_import import cohort_csv
from bot.clock import SystemClock
from bot.db import close_db, init_db, upgrade
from bot.devtools.emulator import BotApiEmulator
from bot.services.notices import notify
from models import Notification, Person, RoleGrant
from models.enums import NotificationStatus, Role

ROWS, RUNS, NOTICES, RECIPIENTS = 15_000, 3, 400, 40
CHATTERS = [9001, 9002, 9003, 9004, 9005]
ERROR_TEXTS = ("出了问题", "something went wrong")


@dataclass
class Run:
    import_seconds: float
    import_code: int
    import_output: str
    waits: list[float]
    unanswered: int
    went_wrong: int
    drain_seconds: float
    sent: int
    duplicates: int
    locked_lines: int


async def prepare(url: str) -> None:
    await upgrade(url)
    await init_db(url)
    try:
        now = SystemClock().now()
        for n in range(RECIPIENTS):
            person = await Person.create(
                name=f"收件人{n}", telegram_id=700_000 + n, created_at=now
            )
            await RoleGrant.create(person=person, role=Role.MENTOR)
        people = await Person.filter(telegram_id__gte=700_000).order_by("id")
        # Case ids the import cannot give its new cases: a notice about a case id the import
        # then gives to somebody else's case would be withheld (it is not the reader's).
        for n in range(NOTICES):
            await notify(
                people[n % RECIPIENTS], "case-closed-notice", now=now,
                case_id=1_000_000 + n, cadre="张伟", placement="original_unit",
                disposition="none",
            )  # fmt: skip
    finally:
        await close_db()


async def sent_count(url: str) -> int:
    await init_db(url)
    try:
        return await Notification.filter(status=NotificationStatus.SENT).count()
    finally:
        await close_db()


async def chat(emu: BotApiEmulator, uid: int, until: asyncio.Event, waits: list[float]) -> int:
    """Send /help, wait for the answer, again; returns how many were never answered."""
    missed = 0
    while not until.is_set():
        before = len(emu.sent(uid))
        started = time.monotonic()
        emu.message(uid, "/help")
        try:
            await emu.wait_for(lambda: len(emu.sent(uid)) > before, timeout=60)  # noqa: B023
            waits.append(time.monotonic() - started)
        except (TimeoutError, AssertionError):
            missed += 1
    return missed


async def one_run(rows: int, folder: Path, emu: BotApiEmulator) -> Run:
    database = folder / "bot.sqlite3"
    url = f"sqlite://{database}"
    await prepare(url)
    cohort = folder / "cohort.csv"
    cohort.write_bytes(cohort_csv(rows))
    own = instances.bot_env(url, emu.base_url, emu.base_file_url, CHATTERS)
    del own["LOG_LEVEL"]  # the default level: the log is searched for lock errors
    env = {**os.environ, **own, "QUIET_HOURS_START": "0", "QUIET_HOURS_END": "0"}
    log = folder / "bot.log"
    with log.open("wb") as sink:
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, stdout=sink, stderr=sink
        )
        try:
            await emu.wait_for(lambda: emu.calls("getUpdates"), timeout=60)
            for uid in CHATTERS:
                emu.make_user(uid, f"管理员{uid}")
            done = asyncio.Event()
            waits: list[float] = []
            chatters = [asyncio.create_task(chat(emu, uid, done, waits)) for uid in CHATTERS]
            started = time.monotonic()
            importer = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "import", str(cohort), env=env,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            )  # fmt: skip
            output, _ = await importer.communicate()
            import_seconds = time.monotonic() - started
            recipients = range(700_000, 700_000 + RECIPIENTS)
            drained = 0.0
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                if sum(len(emu.sent(uid)) for uid in recipients) >= NOTICES:
                    drained = time.monotonic() - started
                    break
                await asyncio.sleep(0.05)
            done.set()
            unanswered = sum(await asyncio.gather(*chatters))
        finally:
            bot.send_signal(2)
            await asyncio.wait_for(bot.wait(), timeout=60)
    text = log.read_text(errors="replace") + output.decode(errors="replace")
    answers = [m.text or "" for uid in CHATTERS for m in emu.sent(uid)]
    per_recipient = sum(len(emu.sent(uid)) for uid in range(700_000, 700_000 + RECIPIENTS))
    sent = await sent_count(url)
    return Run(
        import_seconds=import_seconds,
        import_code=importer.returncode or 0,
        import_output=output.decode(errors="replace").strip().splitlines()[-1:][0]
        if output
        else "",
        waits=waits,
        unanswered=unanswered,
        went_wrong=sum(any(e in a for e in ERROR_TEXTS) for a in answers),
        drain_seconds=drained,
        sent=sent,
        duplicates=per_recipient - sent,
        locked_lines=text.count("database is locked"),
    )


def report(number: int, run: Run) -> bool:
    p95 = quantiles(run.waits, n=20)[-1] if len(run.waits) >= 2 else 0.0
    print(
        f"run {number}: import {run.import_seconds:.1f} s (exit {run.import_code}: "
        f"{run.import_output}); {len(run.waits)} answers, wait median "
        f"{median(run.waits) if run.waits else 0:.3f} s, p95 {p95:.3f} s, longest "
        f"{max(run.waits, default=0):.3f} s; unanswered {run.unanswered}; "
        f"'something went wrong' {run.went_wrong}; {run.sent}/{NOTICES} notices sent in "
        f"{run.drain_seconds:.1f} s, {run.duplicates} duplicates; "
        f"'database is locked' in the log: {run.locked_lines}",
        flush=True,
    )
    return (
        run.import_code == 0
        and run.unanswered == 0
        and run.went_wrong == 0
        and run.locked_lines == 0
        and run.sent == NOTICES
        and run.duplicates == 0
    )


async def measure(rows: int, runs: int) -> bool:
    good = True
    for number in range(1, runs + 1):
        with tempfile.TemporaryDirectory() as folder:
            async with BotApiEmulator() as emu:
                good &= report(number, await one_run(rows, Path(folder), emu))
    return good


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    rows = int(args[0]) if args else ROWS
    runs = int(args[1]) if len(args) > 1 else RUNS
    if not asyncio.run(measure(rows, runs)):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
