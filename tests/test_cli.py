"""The `recallbot` command line, run as a user runs it, on a fresh SQLite file."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.migrations.autodetector import MigrationAutodetector
from typer.testing import CliRunner

import models
from bot.__main__ import app, bot_username
from bot.clock import ManualClock
from bot.config import Settings
from bot.db import tortoise_config
from bot.devtools.emulator import BotApiEmulator
from bot.services.errors import DomainError
from bot.services.people import PeopleService, hash_token
from models import Invite
from models.enums import Role
from tests.data.cohorts import row, to_csv

NEWSPAPER = Path(__file__).parent / "data" / "cohort_newspaper.csv"
Cli = Callable[..., Any]


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "data" / "recallbot.sqlite3"


@pytest.fixture
def cli(database: Path) -> Cli:
    """Run one command; settings as the environment gives them (no .env)."""
    runner = CliRunner()
    env = {
        "DATABASE_URL": f"sqlite://{database}",
        "TIMEZONE": "Asia/Shanghai",
        "DEFAULT_LOCALE": "zh-CN",
        "BOT_USERNAME": "recall_test_bot",
        "BOT_TOKEN": "",
    }

    def invoke(*args: str, code: int = 0, **overrides: str) -> Any:
        try:
            result = runner.invoke(app, list(args), env={**env, **overrides})
        finally:
            # Tortoise caches insert SQL per connection name, not per dialect: SQLite's "?"
            # must not stay behind for the suite's other tests when they run on PostgreSQL.
            EXECUTOR_CACHE.clear()
        assert result.exit_code == code, (result.output, result.exception)
        return result

    return invoke


@pytest.fixture
def upgraded(cli: Cli) -> Cli:
    cli("db", "upgrade")
    return cli


def tables(database: Path) -> set[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


def count(database: Path, table: str) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


# db upgrade and migrations ---------------------------------------------------------------


def test_db_upgrade_creates_every_table_on_a_fresh_file(cli: Cli, database: Path) -> None:
    assert "数据库已是最新结构" in cli("db", "upgrade").output
    expected = {getattr(models, name)._meta.db_table for name in models.__all__}
    assert expected <= tables(database)
    assert {"recall_case", "plan_step", "invite", "notification"} <= tables(database)
    cli("db", "upgrade")  # a second run has nothing to do
    assert count(database, "tortoise_migrations") >= 1


async def test_migrations_are_in_sync_with_the_models(db: None) -> None:
    """Fails when a model changed without a migration: run `recallbot db makemigrations`."""
    config = tortoise_config("sqlite://:memory:")
    writers = await MigrationAutodetector(Tortoise.apps, config["apps"]).changes()
    assert [w.name for w in writers] == [], "models changed: generate a migration"


def test_makemigrations_check_finds_nothing_to_write(cli: Cli) -> None:
    assert "模型没有变化" in cli("db", "makemigrations", "--check").output


# import and stats ------------------------------------------------------------------------


def test_newspaper_cohort_gives_back_its_figures(upgraded: Cli) -> None:
    """46 cadres from 8 counties, reported the way the press reports them."""
    result = upgraded("import", str(NEWSPAPER))
    assert "新增 46 条，已存在 0 条" in result.output
    figures = json.loads(upgraded("stats", "--json").output)
    with NEWSPAPER.open(encoding="utf-8-sig") as source:
        counties = {line["unit"][:3] for line in csv.DictReader(source)}
    assert len(counties) == 8
    assert figures["total"] == 46
    assert (figures["active"], figures["completed"]) == (10, 36)
    assert figures["by_category"] == {
        "party_building": 14,
        "key_tasks": 17,
        "assessment": 9,
        "discipline": 6,
    }
    assert figures["principal"] == {"yes": 24, "no": 22}
    assert figures["by_placement"] == {"original_unit": 22, "other_unit": 14}
    assert figures["by_disposition"] == {"promoted": 1, "resigned": 1, "removed": 1}
    assert figures["by_cohort"] == {
        "2017-06 首批": 10,
        "2018-09 第二批": 12,
        "2020-05 第三批": 14,
        "2026-01 第四批": 10,
    }
    assert sum(figures["by_reason"].values()) == sum(figures["by_rank"].values()) == 46


def test_stats_json_is_one_sorted_object(upgraded: Cli) -> None:
    upgraded("import", str(NEWSPAPER))
    output = upgraded("stats", "--json", "--cohort", "2018-09 第二批").output
    figures = json.loads(output)
    assert output.strip() == json.dumps(figures, ensure_ascii=False, sort_keys=True)
    assert (figures["total"], figures["by_cohort"]) == (12, {"2018-09 第二批": 12})
    assert "第二批" in output  # not \\u escapes


def test_importing_the_same_file_again_adds_nothing(upgraded: Cli, database: Path) -> None:
    upgraded("import", str(NEWSPAPER))
    before = Counter({t: count(database, t) for t in ("person", "recall_case", "plan_step")})
    assert "新增 0 条，已存在 46 条" in upgraded("import", str(NEWSPAPER)).output
    assert Counter({t: count(database, t) for t in before}) == before


def test_bad_file_is_refused_with_row_column_and_why(
    upgraded: Cli, database: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(to_csv([row(), row(name="李四", recalled_on="2026-13-01")]))
    output = upgraded("import", str(bad), code=1).output
    assert "文件未导入：发现 1 个问题" in output
    assert "第 3 行，recalled_on 列：“2026-13-01”不是 YYYY-MM-DD 格式的日期。" in output
    assert count(database, "recall_case") == count(database, "person") == 0
    english = upgraded("import", str(bad), code=1, DEFAULT_LOCALE="en").output
    assert "Row 3, column recalled_on:" in english


def test_missing_file_and_missing_database(cli: Cli, tmp_path: Path) -> None:
    assert "找不到文件" in cli("import", str(tmp_path / "none.csv"), code=1).output
    cohort = tmp_path / "c.csv"
    cohort.write_bytes(to_csv([row()]))
    assert "recallbot db upgrade" in cli("import", str(cohort), code=1).output


def test_stats_table_in_the_default_locale(upgraded: Cli) -> None:
    upgraded("import", str(NEWSPAPER))
    zh = upgraded("stats", "--cohort", "2026-01 第四批").output
    assert zh.startswith("干部召回管理统计（批次：2026-01 第四批）")
    assert "共召回干部 10 名：管理期中 10 名，已期满办结 0 名。" in zh
    assert "按召回原因类别" in zh and "回原单位" not in zh
    full = upgraded("stats").output
    for label in ("党建工作", "重点任务", "考核评价", "工作纪律与作风", "回原单位", "提拔重用"):
        assert label in full
    en = upgraded("stats", DEFAULT_LOCALE="en").output
    assert "46 cadres recalled: 10 in their management period, 36 concluded." in en


# export ----------------------------------------------------------------------------------


def test_export_xlsx_and_csv(upgraded: Cli, tmp_path: Path) -> None:
    upgraded("import", str(NEWSPAPER))
    target = tmp_path / "out" / "export.xlsx"
    assert str(target) in upgraded("export", "--format", "xlsx", "-o", str(target)).output
    book = load_workbook(target, read_only=True)
    assert book.sheetnames[0] == "召回管理" and book.sheetnames[-1] == "办结结果"
    cases = list(book["召回管理"].iter_rows(values_only=True))
    outcomes = list(book["办结结果"].iter_rows(values_only=True))
    book.close()
    assert (len(cases), len(outcomes)) == (47, 37)
    folder = tmp_path / "csv"
    upgraded("export", "--format", "csv", "-o", str(folder), DEFAULT_LOCALE="en")
    text = (folder / "cases.csv").read_text(encoding="utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[:3] == ["Recall no.", "Cadre", "Unit"]


def test_export_is_named_in_the_language_by_default(
    upgraded: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    upgraded("export")
    upgraded("export", "--format", "csv", DEFAULT_LOCALE="en")
    names = sorted(p.name for p in tmp_path.iterdir() if p.name != "data")
    assert re.fullmatch(r"召回管理台账_\d{4}-\d{2}-\d{2}\.xlsx", names[-1]), names
    assert re.fullmatch(r"recall-register_\d{4}-\d{2}-\d{2}", names[0]), names
    assert (tmp_path / names[0] / "cases.csv").exists()


# dossier ---------------------------------------------------------------------------------


def test_dossier_of_an_imported_closed_case(upgraded: Cli, tmp_path: Path) -> None:
    from pypdf import PdfReader

    upgraded("import", str(NEWSPAPER))
    target = tmp_path / "files" / "dossier.pdf"
    assert f"已写入档案：{target}" in upgraded("dossier", "1", "-o", str(target)).output
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "干部召回管理档案" in text and "曾卫东" in text and "#1" not in text
    assert "青山县石桥镇" in text and "2017-06 首批" in text
    assert "已于 2017年12月25日 办结：交流任职；人事变动：免职" in text
    upgraded("dossier", "1", "-o", str(target), "--locale", "en")
    assert "Cadre recall management dossier" in PdfReader(target).pages[0].extract_text()


def test_dossier_refuses_an_unknown_case_without_a_trace(upgraded: Cli, tmp_path: Path) -> None:
    target = tmp_path / "none.pdf"
    result = upgraded("dossier", "999", "-o", str(target), code=1)
    assert "没有管理编号为 999 的召回管理。" in result.output and "Traceback" not in result.output
    assert not target.exists()
    result = upgraded("dossier", "1", "-o", str(target), "--locale", "fr", code=1)
    assert "--locale must be zh-CN or en" in result.output


# leave -----------------------------------------------------------------------------------


def test_leave_on_the_command_line(upgraded: Cli) -> None:
    upgraded("import", str(NEWSPAPER))  # case 40: 韩洋, 9 Jan 2026, six months
    add = ["leave", "add", "40", "--kind", "sick", "--reason", "住院治疗"]
    output = upgraded(*add, "--from", "2026-03-01", "--to", "2026-03-10", "--extend").output
    assert "已保存离岗 #1：韩洋，病假 2026年3月1日 至 2026年3月10日（10 天）" in output
    assert "管理期至 2026年7月19日" in output
    for dates, message in (
        (("2026-03-05", "2026-03-12"), "与已登记的离岗（2026年3月1日 至 2026年3月10日）重叠"),
        (("2026-04-05", "2026-04-01"), "结束日期不能早于开始日期"),
        (("2025-12-30", "2026-01-12"), "离岗须在管理期内"),
    ):
        result = upgraded(*add, "--from", dates[0], "--to", dates[1], code=1)
        assert message in result.output and "Traceback" not in result.output
    result = upgraded("leave", "add", "1", "--kind", "other", "--reason", "x",
                      "--from", "2017-07-01", "--to", "2017-07-02", code=1)  # fmt: skip
    assert "已办结" in result.output
    assert "--kind" in upgraded(*add[:3], "--kind", "holiday", code=2).output
    output = upgraded("leave", "end", "1", "--last", "2026-03-05").output
    assert "2026年3月1日 至 2026年3月5日（5 天）" in output and "管理期至 2026年7月14日" in output
    output = upgraded("leave", "correct", "1", "--kind", "official", "--no-extend").output
    assert "公务外出 2026年3月1日 至 2026年3月5日" in output and "管理期至 2026年7月9日" in output
    listed = upgraded("leave", "list", "--case", "40").output
    assert (
        "#1 管理编号 40 韩洋：公务外出 2026年3月1日 至 2026年3月5日（5 天）；事由：住院治疗"
        in listed
    )
    assert "没有离岗记录" in upgraded("leave", "list", "--case", "39").output
    missing = upgraded("leave", "end", "9", "--last", "2026-03-05", code=1).output
    assert "找不到这条离岗记录" in missing
    figures = json.loads(upgraded("stats", "--json").output)
    assert figures["on_leave"] == 0  # the leave is over by now


# invite ----------------------------------------------------------------------------------

LINK = re.compile(r"^https://t\.me/recall_test_bot\?start=([A-Za-z0-9_-]{1,64})$")


def test_invite_prints_a_deep_link_and_stores_only_a_hash(upgraded: Cli, database: Path) -> None:
    upgraded("import", str(NEWSPAPER))
    output = upgraded("invite", "--role", "mentor", "--name", "新帮带人").output
    heading, link = output.strip().splitlines()
    assert heading.startswith("新帮带人（帮带人）的邀请链接，有效期至")
    match = LINK.match(link)
    assert match, link
    token = match.group(1)
    with sqlite3.connect(database) as connection:
        stored = connection.execute("SELECT * FROM invite").fetchall()
        dump = "\n".join(connection.iterdump())
    assert len(stored) == 1 and hashlib.sha256(token.encode()).hexdigest() in stored[0]
    assert token not in dump


def test_invite_for_a_cadre_binds_their_case(upgraded: Cli, database: Path) -> None:
    upgraded("import", str(NEWSPAPER))
    with sqlite3.connect(database) as connection:
        case_id, name = connection.execute(
            "SELECT c.id, p.name FROM recall_case c JOIN person p ON p.id = c.cadre_id LIMIT 1"
        ).fetchone()
    output = upgraded("invite", "--role", "cadre", "--name", name, "--case", str(case_id)).output
    assert LINK.match(output.strip().splitlines()[-1])
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT case_id FROM invite").fetchone() == (case_id,)
    assert (
        "找不到这位干部的召回管理"
        in upgraded("invite", "--role", "cadre", "--name", name, "--case", "9999", code=1).output
    )


def test_invite_needs_a_bot_username(upgraded: Cli, database: Path) -> None:
    output = upgraded("invite", "--role", "admin", "--name", "小刘", code=1, BOT_USERNAME="")
    assert "BOT_USERNAME" in output.output
    assert count(database, "invite") == 0
    assert upgraded("invite", "--role", "boss", "--name", "x", code=2).exit_code == 2


async def test_bot_username_is_asked_from_telegram(emulator: BotApiEmulator) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token="123456:TEST-TOKEN",  # type: ignore[arg-type]
        telegram_base_url=emulator.base_url,
        bot_username="",
    )
    assert await bot_username(settings) == "recallbot_demo_bot"
    assert await bot_username(settings.model_copy(update={"bot_username": "@x_bot"})) == "x_bot"


async def test_invite_token_is_single_use_and_expires(db: None, clock: ManualClock) -> None:
    people = PeopleService(clock, invite_ttl_days=7)
    token, person = await people.create_invite(Role.SUPERVISOR, "王部长")
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token)
    invite = await Invite.get(person=person)
    assert invite.token_hash == hash_token(token) != token
    assert invite.expires_at == clock.now() + timedelta(days=7)
    await people.redeem(token, telegram_id=42, locale="zh-CN")
    with pytest.raises(DomainError) as used:
        await people.redeem(token, telegram_id=43, locale="zh-CN")
    assert used.value.key == "error-invite-used"

    late, _ = await people.create_invite(Role.MENTOR, "李老师")
    clock.advance(days=7, seconds=1)
    with pytest.raises(DomainError) as expired:
        await people.redeem(late, telegram_id=44, locale="en")
    assert expired.value.key == "error-invite-expired"


def test_outbox_lists_what_was_not_delivered(upgraded: Cli, database: Path) -> None:
    import asyncio
    from datetime import UTC, datetime

    from tortoise import Tortoise

    from bot.db import close_db, init_db
    from models import Notification, Person
    from models.enums import NotificationStatus

    async def queue() -> None:
        await init_db(f"sqlite://{database}")
        now = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
        person = await Person.create(name="孙浩", telegram_id=3003, created_at=now)
        for key, status, error in (
            ("a", NotificationStatus.SENT, ""),
            ("b", NotificationStatus.FAILED, "400: Bad Request: chat not found"),
            ("c", NotificationStatus.PAUSED, "blocked by the user"),
        ):
            await Notification.create(
                key=key,
                person=person,
                message="reminder-step-due",
                status=status,
                not_before=now,
                created_at=now,
                last_error=error,
            )
        assert Tortoise._inited
        await close_db()

    asyncio.run(queue())
    output = upgraded("outbox").output
    assert "失败 1" in output and "暂停 1" in output and "已发送 1" in output
    assert "chat not found" in output and "孙浩" in output
    assert "#1 " not in output  # delivered rows are not listed by default
    assert "#1 " in upgraded("outbox", "--status", "sent").output
    again = upgraded("outbox", "--retry", "2", "--retry", "1").output
    assert "已重新排队 1 条" in again and "待发送 1" in again  # a sent row is not sent again


async def test_migrations_apply_on_postgresql() -> None:
    """`db upgrade` on a fresh PostgreSQL database (run by the suite's PostgreSQL pass)."""
    import uuid

    import asyncpg

    from bot.db import upgrade
    from tests.conftest import TEST_DATABASE_URL

    if not TEST_DATABASE_URL.startswith("postgres"):
        pytest.skip("runs in the PostgreSQL pass (make test-pg)")
    name = f"test_recallbot_upgrade_{uuid.uuid4().hex[:8]}"
    server = TEST_DATABASE_URL.rsplit("/", 1)[0]
    admin = await asyncpg.connect(f"{server}/postgres")
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        await upgrade(f"{server}/{name}")
        database = await asyncpg.connect(f"{server}/{name}")
        tables = {r["tablename"] for r in await database.fetch("SELECT tablename FROM pg_tables")}
        await database.close()
        assert {"recall_case", "plan_step", "notification", "lease", "case_assignment"} <= tables
    finally:
        await admin.execute(f'DROP DATABASE "{name}"')
        await admin.close()


def test_invite_for_a_mentor_of_a_case_assigns_them(upgraded: Cli, database: Path) -> None:
    import asyncio

    from bot.db import close_db, init_db
    from models import CaseAssignment

    upgraded("import", str(NEWSPAPER))
    upgraded("invite", "--role", "mentor", "--name", "新帮带人", "--case", "3")

    async def assigned() -> list[tuple[int, str]]:
        await init_db(f"sqlite://{database}")
        try:
            rows = await CaseAssignment.filter(person__name="新帮带人").values_list(
                "case_id", "role"
            )
            return [(int(case_id), str(role)) for case_id, role in rows]
        finally:
            await close_db()

    assert asyncio.run(assigned()) == [(3, "mentor")]


def test_a_wrong_setting_is_named_in_one_line(database: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": f"sqlite://{database}", "TIMEZONE": "Beijing"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "stats"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().startswith("TIMEZONE:") and "Traceback" not in done.stderr


def test_export_writes_the_files_people_sent(
    upgraded: Cli, database: Path, tmp_path: Path
) -> None:
    import asyncio
    from datetime import UTC, datetime

    from bot.db import close_db, init_db
    from models import StoredFile

    async def keep() -> None:
        await init_db(f"sqlite://{database}")
        now = datetime(2026, 3, 2, tzinfo=UTC)
        await StoredFile.create(
            telegram_file_id="f1",
            owner="reflection-4-v2",
            kind="document",
            name="思想汇报.docx",
            size=4,
            content=b"PK..",
            created_at=now,
        )
        await StoredFile.create(
            telegram_file_id="f2",
            owner="talk-7",
            kind="voice",
            name=None,
            size=4,
            content=b"OggS",
            created_at=now,
        )
        await close_db()

    asyncio.run(keep())
    upgraded("export", "-o", str(tmp_path / "x.xlsx"), "--files", str(tmp_path / "files"))
    assert (tmp_path / "files" / "reflection-4-v2-思想汇报.docx").read_bytes() == b"PK.."
    assert (tmp_path / "files" / "talk-7-voice.oga").read_bytes() == b"OggS"


def test_revoke_takes_a_role_or_one_case_away(upgraded: Cli, database: Path) -> None:
    import asyncio

    from bot.db import close_db, init_db
    from models import CaseAssignment, RoleGrant

    upgraded("import", str(NEWSPAPER))
    upgraded("invite", "--role", "mentor", "--name", "新帮带人", "--case", "3")
    upgraded("invite", "--role", "mentor", "--name", "新帮带人", "--case", "4")
    out = upgraded("revoke", "--role", "mentor", "--name", "新帮带人", "--case", "3").output
    assert "不再担任管理编号 3 的帮带人" in out

    async def cases_and_roles() -> tuple[list[int], int]:
        await init_db(f"sqlite://{database}")
        try:
            cases = await CaseAssignment.filter(person__name="新帮带人").values_list(
                "case_id", flat=True
            )
            roles = await RoleGrant.filter(person__name="新帮带人").count()
            return [int(c) for c in cases], roles
        finally:
            await close_db()

    assert asyncio.run(cases_and_roles()) == ([4], 1)
    upgraded("revoke", "--role", "mentor", "--name", "新帮带人")
    assert asyncio.run(cases_and_roles()) == ([], 0)
    refused = upgraded("revoke", "--role", "mentor", "--name", "新帮带人", code=1).output
    assert "找不到具有该身份的“新帮带人”" in refused
    assert "不能单独取消" in upgraded("revoke", "--role", "cadre", "--name", "x", code=1).output
