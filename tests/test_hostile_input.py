"""Hostile input: random updates through the real Application (hypothesis, fixed seed).

Texts up to 10,000 characters with emoji, right-to-left and control characters, commands with
random arguments, random button data, media where text is expected, edited messages, group
and channel posts, my_chat_member, unknown users. Nothing may raise, nothing may be answered
with "something went wrong", nothing but settings may change, and every HTML reply is well
formed with people's HTML shown as text. HOSTILE_UPDATES sets how many (default 10,000).
"""

from __future__ import annotations

import html
import logging
import os
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from telegram import Update

import handlers  # noqa: F401  (importing the handlers claims every button prefix)
from bot.chat import callbacks
from models import (
    Assessment,
    Attendance,
    Case,
    CaseAssignment,
    Invite,
    Person,
    PlanStep,
    Reflection,
    ReflectionVersion,
    RoleGrant,
    Talk,
    TrainingSession,
)  # fmt: skip
from models.enums import Role
from tests.casework import enrol, new_case
from tests.chat import ChatHarness
from tests.conftest import ADMIN_ID

UPDATES = int(os.environ.get("HOSTILE_UPDATES", "10000"))
PER_EXAMPLE = 50
HOSTILE_NAME = "<b>张伟</b>&amp;<script>"
HOSTILE_UNIT = '青山县<i>农业</i>"局"&'
CADRE, MENTOR, STRANGER = 7101, 7102, 7103
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "tg-spoiler", "span", "blockquote", "tg-emoji"}  # fmt: skip
COMMANDS = ["start", "help", "plan", "talk", "reflect", "review", "attend", "assess", "case",
            "overdue", "stats", "export", "digest", "digest_settings", "newcase", "invite",
            "session", "checkin", "extend", "close", "waive", "lang", "tz", "cancel",
            "nope"]  # fmt: skip
PREFIXES = sorted(callbacks.claimed())  # every prefix a handler claimed

pieces = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(["😀", "👨‍👩‍👧", "\u202e", "\u200f", "مرحبا", "שלום", "\x00", "\x1b", "\ufeff",
                     "<b>", "</i>", "&lt;", "/", "²", "١٢", "12345678901234567890"]),
)  # fmt: skip
short = st.lists(pieces, max_size=12).map("".join)
# Long texts (up to 10,000 characters) repeat a short random piece: cheap to generate.
long = st.builds(lambda part, n: (part * n)[:10_000], short.filter(bool), st.integers(300, 3000))
texts = st.one_of(short, short, long, st.sampled_from(["-1", "0", "2026-02-30", "今天", " "]))
users = st.sampled_from([ADMIN_ID, CADRE, MENTOR, STRANGER, 7999])
kinds = st.sampled_from(["text", "command", "callback", "document", "photo", "voice", "edited",
                         "group", "channel", "member"])  # fmt: skip
action = st.tuples(kinds, users, texts, st.sampled_from(COMMANDS), st.sampled_from(PREFIXES))


class Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"<{tag}>")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"</{tag}>")


def html_problems(text: str) -> list[str]:
    checker = Checker()
    checker.feed(text)
    checker.close()
    return checker.problems + [f"unclosed <{t}>" for t in checker.open]


async def snapshot() -> tuple[Any, ...]:
    """Everything but people's own settings (language, zone, digest) and form state."""
    return (
        tuple(await Case.all().order_by("id").values_list("id", "status", "acknowledged_at")),
        tuple(await PlanStep.all().order_by("id").values_list("id", "status", "due_on")),
        await Talk.all().count(), await Reflection.all().count(),
        await ReflectionVersion.all().count(), await Assessment.all().count(),
        tuple(await Attendance.all().order_by("id").values_list("id", "status")),
        await Invite.all().count(), await TrainingSession.all().count(),
        tuple(await RoleGrant.all().order_by("id").values_list("person_id", "role")),
        tuple(await CaseAssignment.all().order_by("id").values_list("case_id", "person_id")),
        tuple(await Person.all().order_by("id").values_list("id", "name", "telegram_id")),
    )  # fmt: skip


def raw_update(chat: ChatHarness, kind: str, uid: int, text: str, command: str,
               prefix: str) -> dict[str, Any]:  # fmt: skip
    emu = chat.emu
    if uid not in chat.users:
        chat.user(uid, text[:20] or "无名")
    now = chat.clock.now()
    if kind == "text":
        return emu.message(uid, text or ".", now=now)
    if kind == "command":
        return emu.message(uid, f"/{command} {text}".strip(), now=now)
    if kind == "document":
        return emu.document(
            uid, (text[:300] or "a") + ".pdf", b"%PDF", caption=text[:1024] or None, now=now
        )
    if kind == "photo":
        return emu.photo(uid, b"\x89PNG", now=now)
    if kind == "voice":
        return emu.voice(uid, b"OggS", now=now)
    update = emu.message(uid, text or ".", now=now)
    message = update["message"]
    if kind == "callback":
        sent = [m for m in emu.sent(uid) if not m.deleted]
        if sent:
            data = f"{prefix}:{text}".encode()[:64].decode(errors="ignore") or prefix
            return emu.callback(uid, data, sent[-1].message_id)
        return update
    update.pop("message")
    if kind == "edited":
        message["edit_date"] = message["date"]
        update["edited_message"] = message
    elif kind == "group":
        message["chat"] = {"id": -100_123, "type": "supergroup", "title": "<b>群</b>"}
        update["message"] = message
    elif kind == "channel":
        message.pop("from")
        message["chat"] = {"id": -100_456, "type": "channel", "title": "频道"}
        update["channel_post"] = message
    else:
        update["my_chat_member"] = {
            "chat": message["chat"], "from": message["from"], "date": message["date"],
            "old_chat_member": {"status": "member", "user": emu._bot_user()},
            "new_chat_member": {"status": "kicked", "user": emu._bot_user(), "until_date": 0},
        }  # fmt: skip
    return update


@pytest.fixture
async def world(chat: ChatHarness) -> ChatHarness:
    case = await chat.app.services.cases.open(
        new_case(HOSTILE_NAME, unit=HOSTILE_UNIT, mentors=["<u>李老师</u>"], cohort="<pre>批次")
    )
    await enrol(chat, CADRE, Role.CADRE, HOSTILE_NAME, case_id=case.id)
    await enrol(chat, MENTOR, Role.MENTOR, "<u>李老师</u>", "en")
    chat.user(STRANGER, "<a href='x'>陌生人</a>")
    for uid in (ADMIN_ID, CADRE, MENTOR):
        await chat.send(uid, "/help")
    return chat


async def test_random_updates_change_nothing_and_break_nothing(
    world: ChatHarness, caplog: pytest.LogCaptureFixture
) -> None:
    chat = world
    before = await snapshot()
    thrown = 0

    batches: list[list[tuple[str, int, str, str, str]]] = []

    # Hypothesis draws the updates (a fixed seed: the same ones every run); the loop below
    # sends them through the running Application.
    @seed(20261202)
    @settings(max_examples=max(1, UPDATES // PER_EXAMPLE), deadline=None,
              suppress_health_check=list(HealthCheck), database=None)  # fmt: skip
    @given(st.lists(action, min_size=PER_EXAMPLE, max_size=PER_EXAMPLE))
    def draw(actions: list[tuple[str, int, str, str, str]]) -> None:
        batches.append(actions)

    async def run() -> None:
        nonlocal thrown
        draw()
        for actions in batches:
            for kind, uid, text, command, prefix in actions:
                update = raw_update(chat, kind, uid, text, command, prefix)
                await chat.app.process_update(Update.de_json(update, chat.app.bot))
                thrown += 1

    with caplog.at_level(logging.ERROR):
        await run()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], errors[:3]
    assert thrown >= UPDATES
    assert await snapshot() == before
    replies = chat.emu.sent()
    assert not [
        m for m in replies if "出了问题" in (m.text or "") or "went wrong" in (m.text or "")
    ]
    for message in replies:
        if (message.parse_mode or "").lower() == "html" and message.text:
            assert html_problems(message.text) == [], message.text[:200]
    shown = "\n".join(html.unescape(m.text or "") for m in replies if m.parse_mode)
    assert "<b>张伟</b>" in shown  # people's HTML shown as text, never as markup
