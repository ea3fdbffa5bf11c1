"""The operator guide's command outputs, produced by running the commands it shows.

`python -m bot.devtools.opguide` runs the command line in-process on a temporary database,
with fixed data and a fixed clock, and rewrites the marked sections of docs/operator-guide.md:

    <!-- cli:NAME -->
    ```text
    $ recallbot ...
    (its output)
    ```
    <!-- /cli:NAME -->

Sections marked `<!-- cli:NAME csv -->` hold an input file the commands read. `--check`
rewrites nothing and exits 1 when a section is out of date. Everything that would differ
from run to run is fixed: the clock is set per section (the CLI reads it only through
`bot.__main__.SystemClock`, replaced here), invite tokens get stand-ins, and the temporary
folders are shown as /tmp/op and /tmp/w.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import difflib
import hashlib
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

from tortoise.backends.base.executor import EXECUTOR_CACHE
from typer.testing import CliRunner

import bot.__main__ as cli
from bot.clock import ManualClock
from bot.config import Settings

DOC = Path("docs/operator-guide.md")
SECTION = re.compile(
    r"^(?P<indent> *)<!-- cli:(?P<name>[a-z0-9-]+)(?: (?P<lang>[a-z]+))? -->\n"
    r".*?^(?P=indent)<!-- /cli:(?P=name) -->",
    re.S | re.M,
)
ZONE = ZoneInfo("Asia/Shanghai")
# Shown paths -> the temporary folders they stand for.
SHOWN = ("/tmp/op", "/tmp/w")
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ .*")
TOKEN = re.compile(r"(?<=\?start=)[A-Za-z0-9_-]{32}")

HEADER = (
    "name,unit,position,rank,principal,reason,cohort,recalled_on,period_months,"
    "placement,disposition,closed_on,mentor,supervisor"
)
COHORT = "\n".join(
    (
        HEADER,
        "张伟,青山县农业农村局,副局长,section,yes,inaction,2026-03 县级批次,2026-03-02,3,,,,"
        "李老师,王部长",
        "赵敏,白石镇人民政府,副镇长,section,no,environmental_protection,2026-03 县级批次,"
        "2026-03-02,4,,,,李老师;周老师,王部长",
        "孙浩,东山区统计局,科员,staff,no,assessment,2026-03 县级批次,2026-03-02,3,,,,"
        "陈老师,王部长",
        "刘洋,东山区住房和城乡建设局,科长,section,yes,poverty_alleviation,2020-09 市直批次,"
        "2020-09-01,6,other_unit,promoted,2021-03-15,陈老师,赵部长",
        "",
    )
)
BAD = "\n".join(
    (
        HEADER,
        "王芳,青山县教育局,副局长,deputy,yes,inaction,2026-03 县级批次,2026-03-02,3,,,,"
        "李老师,王部长",
        "李强,,科员,staff,maybe,laziness,2026-03 县级批次,2026/03/02,8,,,,陈老师,王部长",
        "周明,白石镇人民政府,镇长,section,no,key_tasks,2026-03 县级批次,2026-03-02,3,"
        "original_unit,,,李老师,王部长",
        "王芳,青山县教育局,副局长,section,yes,inaction,2026-03 县级批次,2026-03-02,3,,,,"
        "李老师,王部长",
        "",
    )
)


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZONE)


# The fixed data that no command shown makes --------------------------------------------


async def _seeded(database: Path, work: Callable[[], Awaitable[None]]) -> None:
    from bot.db import close_db, init_db

    await init_db(f"sqlite://{database}")
    try:
        await work()
    finally:
        await close_db()
        EXECUTOR_CACHE.clear()


async def seed_files() -> None:
    """Two files people sent (a reflection's attachment, a talk's voice note)."""
    from models import StoredFile

    at = local("2026-03-20 10:00")
    for file_id, owner, kind, name, content in (
        ("doc-1", "reflection-1-v2", "document", "思想汇报.docx", b"PK.."),
        ("voice-1", "talk-1", "voice", None, b"OggS"),
    ):
        await StoredFile.create(
            telegram_file_id=file_id,
            owner=owner,
            kind=kind,
            name=name,
            size=len(content),
            content=content,
            created_at=at,
        )


CALENDAR = """\
# calendar.toml: CALENDAR_FILE=/opt/recallbot/calendar.toml
[2027]
holidays = ["2027-01-01", "2027-02-05..2027-02-11"]   # a day, or a range (both ends included)
workdays = ["2027-02-20"]                               # make-up working days (调休上班)
"""


async def write_calendar() -> None:
    """The calendar file the guide shows, in the folder the commands run in."""
    await asyncio.to_thread(Path("calendar.toml").write_text, CALENDAR, encoding="utf-8")


async def seed_outbox() -> None:
    """What a Telegram that misbehaves leaves in the outbox: 孙浩 blocked the bot, one answer
    came too late, one call was refused with HTTP 400 and one with HTTP 502, and 赵敏's time
    zone is Europe/London."""
    from models import Notification, Person
    from models.enums import NotificationStatus as S

    rows = [
        ("陈老师", "reminder-step-upcoming", S.SENT, 1, "2026-03-04 09:30", ""),
        ("张伟", "reminder-step-due", S.UNCERTAIN, 1, "2026-03-05 09:30", "timeout: Timed out"),
        ("赵敏", "reminder-step-due", S.FAILED, 1, "2026-03-05 16:00", "400: Bad Request"),
        ("孙浩", "reminder-step-due", S.PAUSED, 1, "2026-03-05 09:30", "blocked by the user"),
        ("陈老师", "alert-step-overdue", S.SENT, 1, "2026-03-06 09:30", ""),
        ("赵敏", "reminder-step-overdue", S.PENDING, 0, "2026-03-06 16:00", ""),
        ("孙浩", "reminder-step-overdue", S.PAUSED, 0, "2026-03-06 09:30", ""),
        (
            "周老师",
            "reminder-step-overdue",
            S.PENDING,
            1,
            "2026-03-06 09:30",
            "network: Bad Gateway",
        ),
        ("陈老师", "reminder-step-upcoming", S.SENT, 1, "2026-03-06 09:30", ""),
    ]
    for number, (name, message, status, attempts, when, error) in enumerate(rows, 1):
        at = local(when)
        await Notification.create(
            key=f"opguide-{number}",
            person=await Person.filter(name=name).order_by("id").first(),
            message=message,
            status=status,
            attempts=attempts,
            not_before=at,
            created_at=at - timedelta(minutes=1),
            last_error=error,
            sent_at=at if status == S.SENT else None,
        )


# The sections ----------------------------------------------------------------------------


@dataclass
class Section:
    """Commands as the guide shows them, run from the clock's `at` on, a minute apart."""

    commands: list[str]
    at: str | None = None
    before: Callable[[], Awaitable[None]] | None = None
    main: bool = False  # run as `python -m bot` (the errors main() reports itself)


FILES = {"cohort": COHORT, "bad": BAD}
SECTIONS = {
    "wrong-setting": Section(["TIMEZONE=Beijing recallbot stats"], main=True),
    "import": Section(
        [
            "export DATABASE_URL=sqlite:///tmp/op/data/recallbot.sqlite3",
            "recallbot db upgrade",
            "recallbot import cohort.csv",
            "recallbot import cohort.csv",
        ],
        at="2026-11-30 09:30",
    ),
    "import-bad": Section(["recallbot import bad.csv"]),
    "import-bad-en": Section(["DEFAULT_LOCALE=en recallbot import bad.csv"]),
    "invite": Section(
        [
            "recallbot invite --role cadre --name 张伟",
            "export BOT_USERNAME=qingshan_recall_bot",
            "recallbot invite --role cadre --name 张伟",
            "recallbot invite --role mentor --name 周老师",
            "DEFAULT_LOCALE=en recallbot invite --role supervisor --name 赵部长",
        ]
    ),
    "revoke": Section(
        [
            "recallbot invite --role mentor --name 新帮带人 --case 3",
            "recallbot revoke --role mentor --name 新帮带人 --case 3",
        ]
    ),
    "stats": Section(["recallbot stats"]),
    "stats-cohort": Section(['recallbot stats --cohort "2026-03 县级批次"']),
    "stats-json": Section(
        ["recallbot stats --json", 'recallbot stats --cohort "2026-03 县级批次" --json']
    ),
    "export": Section(["recallbot export", "recallbot export --format csv -o export-csv"]),
    "export-files": Section(
        ["recallbot export -o recallbot.xlsx --files files"], before=seed_files
    ),
    "dossier": Section(["recallbot dossier 3 -o dossier-3.pdf", "recallbot dossier 99 -o x.pdf"]),
    "leave": Section(
        [
            "recallbot leave add 1 --kind sick --from 2026-03-09 --to 2026-03-15"
            " --reason 住院治疗，医嘱休息七天 --extend",
            "recallbot leave add 3 --kind official --from 2026-03-23 --to 2026-03-27"
            " --reason 赴省委党校参加专题调研",
            *(
                f"recallbot leave add 3 --kind other --from {first} --to {last} --reason 家中有事"
                for first, last in (
                    ("2026-03-26", "2026-03-30"),
                    ("2026-03-30", "2026-03-26"),
                    ("2026-07-01", "2026-07-03"),
                )
            ),
            "recallbot leave add 9 --kind sick --from 2026-04-01 --to 2026-04-02 --reason 病",
            "recallbot leave end 2 --last 2026-03-25",
            "recallbot leave correct 2 --extend",
            "recallbot leave list",
            "recallbot audit --case 3 --since 2026-12-02",
        ],
        at="2026-12-02 13:30",
    ),
    "outbox": Section(
        ["recallbot outbox", "recallbot outbox --status sent --limit 3"], before=seed_outbox
    ),
    "outbox-en": Section(["DEFAULT_LOCALE=en recallbot outbox"]),
    "audit": Section(["recallbot audit --person 新帮带人"]),
    # With the guide's calendar file: what the `holidays` package knows of next year changes
    # with its releases, the file does not.
    "status": Section(
        ["CALENDAR_FILE=calendar.toml recallbot status --on 2026-12-02"], before=write_calendar
    ),
    "backup": Section(["recallbot backup backups/recallbot-2026-11-30.sqlite3"]),
    "upgrade": Section(["recallbot db upgrade"]),
    "unreachable": Section(
        ["BOT_TOKEN=123456:AAAA TELEGRAM_BASE_URL=http://127.0.0.1:9/bot recallbot run"],
        main=True,
    ),
    "no-database": Section(["DATABASE_URL=sqlite:///tmp/w/db.sqlite3 recallbot stats"]),
}


# Running them ----------------------------------------------------------------------------


@dataclass
class Session:
    """One shell: its folder, its exported variables, its clock."""

    root: Path
    clock: ManualClock = field(default_factory=lambda: ManualClock(local("2026-11-30 09:30")))
    env: dict[str, str | None] = field(default_factory=dict)
    invites: int = 0

    def __post_init__(self) -> None:
        # Only what the commands set counts: no setting leaks in from the caller's environment.
        self.env = {name.upper(): None for name in Settings.model_fields}
        self.env |= {"RECALLBOT_CJK_FONT": None, "TIMEZONE": "Asia/Shanghai"}
        for shown in SHOWN:
            self.real(shown).mkdir(parents=True, exist_ok=True)
        for name, text in FILES.items():
            (self.real("/tmp/op") / f"{name}.csv").write_text(text, encoding="utf-8")

    def real(self, shown: str) -> Path:
        return self.root / shown.removeprefix("/tmp/")

    def to_real(self, text: str) -> str:
        for shown in SHOWN:
            text = text.replace(shown, str(self.real(shown)))
        return text

    def to_shown(self, text: str) -> str:
        for shown in SHOWN:
            text = text.replace(str(self.real(shown)), shown)
        return TOKEN.sub(lambda _: self.stand_in(), text)

    def stand_in(self) -> str:
        self.invites += 1
        digest = hashlib.sha256(f"opguide-invite-{self.invites}".encode()).digest()
        return base64.urlsafe_b64encode(digest).decode()[:32]

    def database(self) -> Path:
        url = self.env.get("DATABASE_URL") or ""
        return Path(url.removeprefix("sqlite://"))

    def run(self, line: str, *, main: bool) -> str:
        words = shlex.split(self.to_real(line))
        env = dict(self.env)
        while "=" in words[0]:
            name, _, value = words.pop(0).partition("=")
            env[name] = value
        if words[0] == "export":
            for word in words[1:]:
                name, _, value = word.partition("=")
                self.env[name] = value
            return ""
        if words[0] != "recallbot":
            raise ValueError(f"not a recallbot command: {line}")
        output = self.python(words[1:], env) if main else self.in_process(words[1:], env)
        self.clock.advance(minutes=1)
        return self.to_shown(output)

    def in_process(self, args: list[str], env: dict[str, str | None]) -> str:
        with mock.patch.object(cli, "SystemClock", lambda: self.clock):
            try:
                result = CliRunner().invoke(cli.app, args, env=env)
            finally:
                # Tortoise keeps SQL per connection name (see tests/test_cli.py).
                EXECUTOR_CACHE.clear()
        if result.exception and not isinstance(result.exception, SystemExit):
            raise RuntimeError(f"recallbot {shlex.join(args)} crashed") from result.exception
        return result.output

    def python(self, args: list[str], env: dict[str, str | None]) -> str:
        full = {k: v for k, v in {**os.environ, **env}.items() if v is not None}
        full["PYTHONPATH"] = str(Path(cli.__file__).resolve().parent.parent)
        done = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            env=full,
            cwd=os.getcwd(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
            timeout=60,  # `run` would serve for ever if something answered at its address
        )
        # Log lines carry the wall clock and the host: only their place is shown.
        lines = [LOG_LINE.sub("…", line) for line in done.stdout.splitlines()]
        kept = [line for i, line in enumerate(lines) if line != "…" or lines[i - 1 : i] != ["…"]]
        return "\n".join(kept)


@contextlib.contextmanager
def working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def transcript(session: Session, section: Section) -> str:
    if section.at:
        session.clock.set(local(section.at))
    if section.before:
        asyncio.run(_seeded(session.database(), section.before))
    lines = []
    for line in section.commands:
        lines.append(f"$ {line}")
        output = session.run(line, main=section.main).rstrip("\n")
        if output:
            lines.append(output)
    return "\n".join(lines)


def produce() -> dict[str, str]:
    """Every section's text, in the order the guide shows them."""
    texts = dict(FILES)
    with tempfile.TemporaryDirectory() as tmp:
        session = Session(Path(tmp))
        with working_directory(session.real("/tmp/op")):
            for name, section in SECTIONS.items():
                texts[name] = transcript(session, section)
    return texts


# The guide -------------------------------------------------------------------------------


def rewrite(doc: str, texts: dict[str, str]) -> str:
    """The guide with each marked section replaced; an unknown name is an error."""

    def section(match: re.Match[str]) -> str:
        name, indent = match["name"], match["indent"]
        if name not in texts:
            raise KeyError(f"no command section named {name!r}")
        lang = match["lang"] or "text"
        body = texts[name].rstrip("\n").split("\n")
        lines = [f"<!-- cli:{name}{' ' + match['lang'] if match['lang'] else ''} -->"]
        lines += [f"```{lang}", *body, "```", f"<!-- /cli:{name} -->"]
        return "\n".join(f"{indent}{line}" if line else line for line in lines)

    return SECTION.sub(section, doc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    parser.add_argument("--root", type=Path, default=Path("."), help="the repository")
    args = parser.parse_args(argv)
    path = args.root.resolve() / DOC
    before = path.read_text(encoding="utf-8")
    after = rewrite(before, produce())
    if after == before:
        return 0
    if not args.check:
        path.write_text(after, encoding="utf-8")
        return 0
    diff = difflib.unified_diff(
        before.splitlines(), after.splitlines(), str(DOC), str(DOC), lineterm=""
    )
    print("\n".join(diff))
    print(
        "the operator guide's command outputs are out of date: run python -m bot.devtools.opguide"
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
