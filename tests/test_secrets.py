"""Secrets at rest: invite tokens stored hashed, single-use and expiring; check-in codes that
cannot be predicted from others and cannot be replayed once expired."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.services.people import hash_token
from models import Attendance, Invite, Person, TrainingSession
from models.enums import Role
from tests.casework import CADRE, OTHER_CADRE, session, world
from tests.chat import ChatHarness, text_of

TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


async def test_invite_tokens_are_hashed_single_use_and_expiring(chat: ChatHarness) -> None:
    people = chat.app.services.people
    tokens = [(await people.create_invite(Role.MENTOR, f"帮带人{n}"))[0] for n in range(50)]
    assert len(set(tokens)) == 50 and all(TOKEN.match(t) for t in tokens)
    stored = await Invite.all().values_list("token_hash", flat=True)
    assert set(stored) == {hash_token(t) for t in tokens}
    assert not set(stored) & set(tokens)  # the token itself is nowhere in the database
    # Single use, and the second person gets nothing.
    chat.user(6101, "甲", "en")
    chat.user(6102, "乙", "en")
    await chat.send(6101, f"/start {tokens[0]}")
    assert "already been used" in text_of(await chat.send(6102, f"/start {tokens[0]}"))
    assert await Person.get_or_none(telegram_id=6102) is None
    # Expired after INVITE_TTL_DAYS (7): refused, nothing bound.
    chat.clock.advance(days=7)
    assert "expired" in text_of(await chat.send(6102, f"/start {tokens[1]}"))
    assert await Person.get_or_none(telegram_id=6102) is None
    # A token differing in one character is unknown.
    forged = tokens[2][:-1] + ("A" if tokens[2][-1] != "A" else "B")
    assert "not valid" in text_of(await chat.send(6102, f"/start {forged}"))


async def test_checkin_codes_are_unpredictable_and_not_replayable(chat: ChatHarness) -> None:
    w = await world(chat)
    ten = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    first = await session(chat, [w.case, w.other_case], starts_at=ten, title="一期")
    second = await session(chat, [w.case, w.other_case], starts_at=ten, title="二期")
    activities = chat.app.services.activities
    # Same moment, another session: nothing in common beyond the session number.
    a, b = activities.checkin_code(first), activities.checkin_code(second)
    assert a.split("-", 1)[1] != b.split("-", 1)[1]
    assert len(a.split("-", 1)[1]) >= 10
    # Secrets are per session, random, and never shown.
    secrets = await TrainingSession.all().values_list("checkin_secret", flat=True)
    assert len(set(secrets)) == 2 and all(len(s) >= 32 for s in secrets)
    # A guessed code for the current window is refused.
    guess = f"{first.id}-{'0' * 10}"
    assert "过期" in text_of(await chat.send(CADRE, f"/start ci-{guess}"))
    # A code is good for its window and the next one, then never again.
    chat.clock.advance(minutes=10)
    assert "过期" in text_of(await chat.send(CADRE, f"/start ci-{a}"))
    assert not await Attendance.filter(session=first, checked_in_at__isnull=False).exists()
    fresh = activities.checkin_code(first)
    assert "签到成功" in text_of(await chat.send(CADRE, f"/start ci-{fresh}"))
    # The code shown to one cadre, replayed later by another, has expired.
    chat.clock.advance(timedelta(minutes=11))
    assert "过期" in text_of(await chat.send(OTHER_CADRE, f"/start ci-{fresh}"))
    assert await Attendance.filter(session=first, checked_in_at__isnull=False).count() == 1
