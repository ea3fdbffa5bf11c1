"""The audit trail: every write says who, what, when and before → after, `recallbot audit`
reads it, and nothing in the product (nor plain SQL) can change or delete its rows."""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import asyncpg
import pytest
from typer.testing import CliRunner

from bot.__main__ import app
from bot.db import close_db, upgrade
from bot.services.audit import audit, read_events
from bot.services.notices import notify
from models import AuditEvent, Person
from models.enums import AttendanceStatus
from models.outbox import AuditRowsAreFinal
from schedules import delivery
from tests.casework import CADRE, MENTOR, session, world
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID, TEST_DATABASE_URL

NEWSPAPER = Path(__file__).parent / "data" / "cohort_newspaper.csv"


def by_action(events: list[dict[str, object]], action: str) -> list[dict[str, object]]:
    return [e for e in events if e["action"] == action]


async def test_writes_without_a_case_are_recorded_with_before_and_after(
    chat: ChatHarness,
) -> None:
    w = await world(chat)
    ten = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    training = await session(chat, [w.case, w.other_case], starts_at=ten)
    code = chat.app.services.activities.checkin_code(training)
    assert "签到成功" in text_of(await chat.send(CADRE, f"/start ci-{code}"))
    mentor = await Person.get(telegram_id=MENTOR)
    await chat.app.services.activities.record_attendance(
        training.id, {w.case.id: AttendanceStatus.LATE}, by=mentor
    )
    await chat.send(MENTOR, "/lang")
    await chat.press(MENTOR, "English")
    admin = await Person.get(telegram_id=ADMIN_ID)
    await notify(admin, "case-closed-notice", now=chat.clock.now(), case_id=1, cadre="张伟",
                 placement="original_unit", disposition="none")  # fmt: skip
    chat.emu.block(ADMIN_ID)
    await delivery.run(chat.app)
    chat.emu.unblock(ADMIN_ID)
    await chat.send(ADMIN_ID, "/start")

    events = await read_events()
    assert all(e["at"] and e["action"] for e in events)
    actions = {e["action"] for e in events}
    assert {
        "case-opened", "invite-created", "invite-redeemed", "session-scheduled", "checked-in",
        "attendance-recorded", "person-setting-changed", "person-unreachable",
        "person-reachable",
    } <= actions  # fmt: skip

    redeemed = [e for e in by_action(events, "invite-redeemed") if e["person"] == "张伟"]
    assert redeemed[0]["before"]["telegram_id"] is None  # type: ignore[index]
    assert redeemed[0]["after"]["telegram_id"] == CADRE  # type: ignore[index]
    assert redeemed[0]["actor"] == "张伟" and redeemed[0]["case"] == w.case.id
    checked = by_action(events, "checked-in")[0]
    assert checked["actor"] == "张伟" and checked["case"] == w.case.id
    assert checked["before"] == {"status": None, "checked_in_at": None}
    assert checked["after"]["status"] == "present"  # type: ignore[index]
    marked = by_action(events, "attendance-recorded")[0]
    assert marked["actor"] == "李老师"
    assert marked["before"] == {str(w.case.id): "present"}
    assert marked["after"] == {str(w.case.id): "late"}
    scheduled = by_action(events, "session-scheduled")[0]
    assert scheduled["after"]["roster"] == [w.case.id, w.other_case.id]  # type: ignore[index]
    language = by_action(events, "person-setting-changed")[0]
    assert (language["actor"], language["before"], language["after"]) == (
        "李老师", {"locale": "zh-CN"}, {"locale": "en"},
    )  # fmt: skip
    blocked = by_action(events, "person-unreachable")[0]
    assert (blocked["before"], blocked["after"]) == ({"reachable": True}, {"reachable": False})
    assert by_action(events, "person-reachable")[0]["after"] == {"reachable": True}

    # Filters: a case's events only; everything a person did or that concerns them.
    mine = await read_events(case_id=w.case.id)
    assert mine and all(e["case"] == w.case.id for e in mine)
    zhang = await read_events(person="张伟")
    assert {"case-opened", "invite-created", "invite-redeemed", "checked-in"} <= {
        e["action"] for e in zhang
    }
    assert all("张伟" in (e["actor"], e["person"]) for e in zhang)
    assert await read_events(since=date(2026, 3, 3)) == []


async def test_the_product_cannot_change_or_delete_audit_rows(db: None) -> None:
    now = datetime(2026, 3, 2, tzinfo=UTC)
    await audit("case-opened", now=now, before={"a": 1}, after={"a": 2})
    event = await AuditEvent.get(action="case-opened")
    with pytest.raises(AuditRowsAreFinal):
        await AuditEvent.filter(id=event.id).update(action="forged")
    with pytest.raises(AuditRowsAreFinal):
        await AuditEvent.all().delete()
    event.action = "forged"
    with pytest.raises(AuditRowsAreFinal):
        await event.save()
    with pytest.raises(AuditRowsAreFinal):
        await event.delete()
    assert (await AuditEvent.get(id=event.id)).action == "case-opened"


async def test_the_database_refuses_to_change_audit_rows_after_db_upgrade(
    tmp_path: Path,
) -> None:
    """The migration's triggers hold for any client: on SQLite, and on PostgreSQL in the
    PostgreSQL pass of the suite."""
    if TEST_DATABASE_URL.startswith("postgres"):
        url = TEST_DATABASE_URL.replace("{}", uuid.uuid4().hex[:12])
        server, name = url.rsplit("/", 1)
        admin = await asyncpg.connect(f"{server}/postgres")
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            await upgrade(url)
            connection = await asyncpg.connect(url)
            try:
                await connection.execute(
                    "INSERT INTO audit_event (action, details, created_at) "
                    "VALUES ('x', '{}', now())"
                )
                for statement in (
                    "UPDATE audit_event SET action = 'forged'",
                    "DELETE FROM audit_event",
                    "TRUNCATE audit_event",
                ):
                    with pytest.raises(asyncpg.RaiseError, match="audit rows"):
                        await connection.execute(statement)
                assert await connection.fetchval("SELECT action FROM audit_event") == "x"
            finally:
                await connection.close()
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.close()
        return
    path = tmp_path / "audit.sqlite3"
    await upgrade(f"sqlite://{path}")
    await close_db()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO audit_event (action, details, created_at) VALUES ('x', '{}', '2026')"
        )
        connection.commit()
        for statement in ("UPDATE audit_event SET action = 'forged'", "DELETE FROM audit_event"):
            with pytest.raises(sqlite3.DatabaseError, match="audit rows"):
                connection.execute(statement)
        assert connection.execute("SELECT action FROM audit_event").fetchall() == [("x",)]


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_recallbot_audit_shows_who_what_when_and_the_change(tmp_path: Path, locale: str) -> None:
    runner = CliRunner()
    env = {
        "DATABASE_URL": f"sqlite://{tmp_path / 'bot.sqlite3'}",
        "TIMEZONE": "Asia/Shanghai",
        "DEFAULT_LOCALE": locale,
        "BOT_USERNAME": "recall_test_bot",
        "BOT_TOKEN": "",
    }

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, list(args), env=env)
        assert result.exit_code == code, (result.output, result.exception)
        return result.output

    run("db", "upgrade")
    run("import", str(NEWSPAPER))
    invited = run("invite", "--role", "mentor", "--name", "新帮带人", "--case", "3")
    run("revoke", "--role", "mentor", "--name", "新帮带人", "--case", "3")
    run("export", "-o", str(tmp_path / "x.xlsx"))
    events = json.loads(run("audit", "--json"))
    actions = [e["action"] for e in events]
    assert actions == [
        "cohort-import-started", "cohort-imported", "invite-created", "person-role-revoked",
        "export-written",
    ]  # fmt: skip
    assert all(e["actor"] is None and e["at"] for e in events)  # the command line
    revoked = events[3]
    assert revoked["case"] == 3 and revoked["person"] == "新帮带人"
    assert revoked["before"] == {"roles": ["mentor"], "cases": [3]}
    assert revoked["after"] == {"roles": ["mentor"], "cases": []}
    assert events[1]["after"]["added"] == 46 and events[1]["details"]["run"] == events[0]["id"]

    text = run("audit", "--case", "3")
    assert "person-role-revoked" in text and "cases: [3] → []" in text
    assert "cohort-imported" not in text
    lines = run("audit", "--person", "新帮带人").splitlines()
    assert next(line for line in lines if re.match(r"#\d", line)).count("·") == 4
    assert "invite-created" in "\n".join(lines) and "export-written" not in "\n".join(lines)
    # Times are in TIMEZONE, as the invite's expiry is (a week later, to the minute).
    expiry = re.search(r"\d\d:\d\d", invited.splitlines()[0])
    assert expiry and expiry.group() in next(line for line in lines if "invite-created" in line)
    empty = run("audit", "--since", "2999-01-01")
    assert ("没有符合条件" if locale == "zh-CN" else "No audit events") in empty
    refused = run("audit", "--since", "yesterday", code=1)
    assert "YYYY-MM-DD" in refused and "yesterday" in refused
