"""The guides' example chats, cut from a finished demo run (`transcripts.json`).

Each excerpt picks lines of the run (who saw what, and which notice it carried) and renders
them in the guides' notation; random tokens get fixed stand-ins, so the same run gives the
same text every time. `bot.devtools.demo.transcripts` writes them into the docs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from models import Notification

if TYPE_CHECKING:
    from bot.devtools.demo.scenario import Scenario
    from bot.devtools.demo.world import DemoWorld, Line

FILE = "transcripts.json"
SHANGHAI = ZoneInfo("Asia/Shanghai")
ROLES = {
    "admin": "管理员 admin",
    "supervisor": "督导 supervisor",
    "mentor": "帮带人 mentor",
    "cadre": "干部 cadre",
}
TOKEN = re.compile(r"(start[= ])(ci-)?([A-Za-z0-9_-]{8,})")
REMINDERS = ("reminder-", "alert-")


@dataclass(frozen=True)
class Excerpt:
    """One example chat: which lines of the run it shows, and how."""

    name: str
    pick: Callable[[Recording], list[Line]]
    timed: bool = False  # each line with its date and time, as in a list of reminders


class Recording:
    """A finished demo run, as the excerpts look at it."""

    def __init__(self, world: DemoWorld, scenario: Scenario, notices: dict[tuple[int, int], str]):
        self.world = world
        self.scenario = scenario
        self.notices = notices  # (chat, message id) -> the notice it carried

    def chat(self, telegram_id: int) -> list[Line]:
        return [line for line in self.world.lines if line.chat_id == telegram_id]

    def notice_of(self, line: Line) -> str:
        return self.notices.get((line.chat_id, line.message_id), "")

    def notices_to(
        self, telegram_id: int, prefixes: Iterable[str], first: date, last: date
    ) -> list[Line]:
        """What the bot sent one person as the given notices, from `first` to `last`."""
        prefixes = tuple(prefixes)
        return [
            line
            for line in self.chat(telegram_id)
            if self.notice_of(line).startswith(prefixes)
            and first <= line.at.astimezone(SHANGHAI).date() <= last
        ]

    def exchange(self, telegram_id: int, starts: str, on: date, until: str) -> list[Line]:
        """From what a person wrote on a day (`starts`) to the bot's answer to `until` (not
        the notices that came after it)."""
        lines = self.chat(telegram_id)
        begin = next(
            i
            for i, line in enumerate(lines)
            if line.author != "🤖"
            and line.text.startswith(starts)
            and line.at.astimezone(SHANGHAI).date() == on
        )
        asked = next(
            i
            for i in range(begin, len(lines))
            if lines[i].author != "🤖" and until in lines[i].text
        )
        end = asked + 1
        while end < len(lines) and lines[end].author == "🤖" and not self.notice_of(lines[end]):
            end += 1
        return lines[begin:end]


# The excerpts ---------------------------------------------------------------------------


def _reminders_cadre(r: Recording) -> list[Line]:
    sun = r.scenario.cast.cases[2].cadre  # the lagging cadre
    return r.notices_to(sun.telegram_id, REMINDERS, date(2026, 3, 2), date(2026, 3, 20))


def _reminders_mentor(r: Recording) -> list[Line]:
    chen = r.scenario.cast.cases[2].mentor
    return r.notices_to(chen.telegram_id, REMINDERS, date(2026, 3, 2), date(2026, 3, 20))


def _reminders_supervisor(r: Recording) -> list[Line]:
    wang = r.scenario.cast.supervisor
    return r.notices_to(wang.telegram_id, ("alert-",), date(2026, 3, 2), date(2026, 3, 27))


def _digest(r: Recording) -> list[Line]:
    wang = r.scenario.cast.supervisor.telegram_id
    lines = r.chat(wang)
    at = next(i for i, line in enumerate(lines) if r.notice_of(line) == "digest")
    chart = lines[at - 1]  # the chart comes first, as a picture of its own
    return [chart, lines[at]] if chart.picture and chart.at == lines[at].at else [lines[at]]


def _first(notice: str, telegram_id: Callable[[Recording], int]) -> Callable[[Recording], list]:
    def pick(r: Recording) -> list[Line]:
        return [next(line for line in r.chat(telegram_id(r)) if r.notice_of(line) == notice)]

    return pick


def _early_reflection(r: Recording) -> list[Line]:
    from bot.devtools.demo.scenario import EARLY_REFLECTION

    zhang = r.scenario.cast.cases[0].cadre.telegram_id
    return r.exchange(zhang, "/reflect", EARLY_REFLECTION, "/plan")


def _late_joiner(r: Recording) -> list[Line]:
    from bot.devtools.demo.scenario import LATE_JOIN

    deputy = r.scenario.cast.late_supervisor.telegram_id
    joined = r.exchange(deputy, "/start", LATE_JOIN, "/start")
    return joined + [line for line in r.chat(deputy) if r.notice_of(line) == "join-summary"]


EXCERPTS = (
    Excerpt("reminders-cadre", _reminders_cadre, timed=True),
    Excerpt("reminders-mentor", _reminders_mentor, timed=True),
    Excerpt("reminders-supervisor", _reminders_supervisor, timed=True),
    Excerpt("digest", _digest, timed=True),
    Excerpt(
        "session-invitation",
        _first("session-invitation", lambda r: r.scenario.cast.cases[0].cadre.telegram_id),
    ),
    Excerpt(
        "period-extended",
        _first("case-extended-notice", lambda r: r.scenario.cast.extended.cadre.telegram_id),
    ),
    Excerpt("late-joiner", _late_joiner),
    Excerpt("early-reflection", _early_reflection),
)


# Rendering ------------------------------------------------------------------------------


def stand_in(seed: str, length: int) -> str:
    """A fixed stand-in for a random token: `length` characters of the same alphabet."""
    digest = hashlib.sha256(seed.encode()).digest() * 4
    return base64.urlsafe_b64encode(digest).decode()[:length]


class Tokens:
    """Random tokens replaced by stand-ins numbered in the order they first appear."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            token = match.group(3)
            if token not in self.seen:
                self.seen[token] = stand_in(f"demo-token-{len(self.seen) + 1}", len(token))
            return match.group(1) + (match.group(2) or "") + self.seen[token]

        return TOKEN.sub(replace, text)


GAP = "⏱"  # the author of a line that only says how much time went by


def render(
    lines: list[Line],
    world: DemoWorld,
    *,
    timed: bool,
    tokens: Tokens,
    aside: Callable[[Line], bool] = lambda line: False,
) -> str:
    """Lines in the guides' notation (see the table at the top of docs/user-guide.md); the
    bot's messages for which `aside` holds are marked as sent to someone else."""
    out: list[str] = []
    for line in lines:
        text = tokens(line.text)
        if line.author == GAP:
            out.append(f"  {text}")
            continue
        if line.author != "🤖":
            actor = world.actors[line.chat_id]
            out.append(f"👤 {actor.name} · {ROLES[actor.role]}: {_sent(text)}")
            continue
        body = text.splitlines() or [""]
        if line.picture:
            body = ["[图片 / picture]", *[b for b in body if b]]
        elif line.attachment:
            kind, _, name = line.attachment.partition(" ")
            body = [_media(kind, name), *[b for b in body if b]]
        if timed:
            local = line.at.astimezone(SHANGHAI)
            head = f"[{local:%m-%d %H:%M}] 🤖 "
        else:
            head = "  🤖 (edited): " if line.edited else "  🤖 "
            if aside(line):
                head = f"  🤖 → {world.actors[line.chat_id].name}: "
        out.append(head + body[0])
        out += [f"     {b}" if b else "" for b in body[1:]]
        out += ["       " + " ".join(f"[{label}]" for label in row) for row in line.rows]
    return "\n".join(out)


def _sent(text: str) -> str:
    found = re.fullmatch(r"<(\w+): (.*)>", text)
    return text if found is None else _media(found[1], found[2])


def _media(kind: str, name: str) -> str:
    label = {"voice": "语音 / voice", "photo": "图片 / picture"}.get(kind, "文件 / file")
    return f"[{label} {name}]" if name else f"[{label}]"


async def record(world: DemoWorld, scenario: Scenario, checks: list[str]) -> dict[str, str]:
    """The excerpts of this run, rendered, and the demo's closing lines."""
    sent = await Notification.filter(
        status="sent", telegram_message_id__not_isnull=True, person__telegram_id__not_isnull=True
    ).values_list("person__telegram_id", "telegram_message_id", "message")
    notices = {(int(chat), int(message_id)): notice for chat, message_id, notice in sent}
    recording = Recording(world, scenario, notices)
    tokens = Tokens()
    found = {
        excerpt.name: render(excerpt.pick(recording), world, timed=excerpt.timed, tokens=tokens)
        for excerpt in EXCERPTS
    }
    found["demo-checks"] = "\n".join(checks)
    return found


def save(out: Path, found: dict[str, str]) -> Path:
    path = out / FILE
    path.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
