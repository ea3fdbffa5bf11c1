"""An admin imports a cohort by sending the .csv/.xlsx file to the bot (issue 10 point 15)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services import importer
from handlers import upload
from models import AuditEvent, Case, Person, ReflectionVersion
from models.enums import Role
from tests.casework import CADRE, MENTOR, enrol, world
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID
from tests.data.cohorts import closed_row, row, to_csv, to_xlsx
from tests.oversight_world import english_admin

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GOOD = [row(), closed_row(disposition="promoted")]


async def nothing_imported() -> None:
    assert await Case.all().count() == 0
    assert not await AuditEvent.exists(action="cohort-imported")


async def test_admin_imports_a_csv(chat: ChatHarness) -> None:
    replies = await chat.send_document(ADMIN_ID, "第一批.csv", to_csv(GOOD), CSV)
    assert len(replies) == 1
    text = text_of(replies)
    assert "名单已导入：新增 2 条，其中启动召回管理 1 人、已办结的历史记录 1 条" in text
    assert "已存在 0 条" in text
    assert await Case.all().count() == 2
    event = await AuditEvent.get(action="cohort-imported")
    admin = await Person.get(telegram_id=ADMIN_ID)
    assert event.actor_id == admin.id and event.details["file"] == "第一批.csv"
    # Sent again: nothing is added twice.
    again = text_of(await chat.send_document(ADMIN_ID, "第一批.csv", to_csv(GOOD), CSV))
    assert "新增 0 条" in again and "已存在 2 条，未重复导入" in again
    assert await Case.all().count() == 2


async def test_admin_imports_an_xlsx_in_english(chat: ChatHarness) -> None:
    await english_admin(chat)
    replies = await chat.send_document(ADMIN_ID, "cohort.xlsx", to_xlsx(GOOD), XLSX)
    text = text_of(replies)
    assert "Cohort imported: 2 rows added, 1 recall started, 1 concluded recall" in text
    assert "0 already present" in text
    assert await Case.all().count() == 2


@pytest.mark.parametrize(
    ("english", "words"),
    [
        (False, ["文件未导入：发现 1 个问题，数据库未作任何改动", "第 3 行，period_months 列"]),
        (True, ["The file was not imported: 1 problem was found. Nothing was changed.",
                "Row 3, column period_months"]),
    ],
)  # fmt: skip
async def test_one_bad_row_imports_nothing_and_names_the_row(
    chat: ChatHarness, english: bool, words: list[str]
) -> None:
    if english:
        await english_admin(chat)
    bad = [row(), row(name="李<b>", period_months="9")]
    replies = await chat.send_document(ADMIN_ID, "cohort.csv", to_csv(bad), CSV)
    assert len(replies) == 1
    text = text_of(replies)
    for word in words:
        assert word in text
    await nothing_imported()


async def test_many_bad_rows_are_shown_in_part_in_one_message(chat: ChatHarness) -> None:
    bad = [row(name=f"人{n}", rank="deputy") for n in range(30)]
    replies = await chat.send_document(ADMIN_ID, "cohort.csv", to_csv(bad), CSV)
    assert len(replies) == 1
    text = text_of(replies)
    assert "发现 30 个问题" in text and "第 2 行" in text
    assert f"另有 {30 - upload.SHOWN_ISSUES} 个问题" in text
    assert f"第 {upload.SHOWN_ISSUES + 2} 行" not in text
    await nothing_imported()


@pytest.mark.parametrize(
    ("name", "content", "mime", "zh", "en"),
    [
        ("名单.pdf", b"%PDF-1.4", "application/pdf", "只能导入 .csv 或 .xlsx 格式",
         "only .csv and .xlsx cohort files"),
        ("cohort.xlsx", b"not a workbook", XLSX, "无法作为 .xlsx 工作簿读取",
         "cannot be read as an .xlsx workbook"),
        ("cohort.csv", "张伟,青山县".encode("gbk"), CSV, "不是 UTF-8 编码", "not UTF-8"),
        ("cohort.csv", b"", CSV, "文件是空的", "The file is empty"),
    ],
)  # fmt: skip
async def test_wrong_or_unreadable_file_changes_nothing(
    chat: ChatHarness, name: str, content: bytes, mime: str, zh: str, en: str
) -> None:
    assert zh in text_of(await chat.send_document(ADMIN_ID, name, content, mime))
    await english_admin(chat)
    assert en in text_of(await chat.send_document(ADMIN_ID, name, content, mime))
    await nothing_imported()


async def test_too_large_a_file_is_refused(
    chat: ChatHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(upload, "MAX_BYTES", 100)
    replies = await chat.send_document(ADMIN_ID, "cohort.csv", to_csv(GOOD), CSV)
    assert "文件过大" in text_of(replies)
    await english_admin(chat)
    replies = await chat.send_document(ADMIN_ID, "cohort.csv", to_csv(GOOD), CSV)
    assert "The file is too large" in text_of(replies)
    await nothing_imported()


async def test_a_non_admin_cannot_import(chat: ChatHarness) -> None:
    await enrol(chat, MENTOR, Role.MENTOR, "李老师")
    replies = await chat.send_document(MENTOR, "cohort.csv", to_csv(GOOD), CSV)
    assert "只有管理员可以通过发送文件导入干部名单" in text_of(replies)
    # Any other file is answered as before: the catch-all's words.
    assert "我没有看懂" in text_of(await chat.send_document(MENTOR, "a.pdf", b"%PDF", CSV))
    await enrol(chat, 2002, Role.MENTOR, "Chen", "en")
    replies = await chat.send_document(2002, "cohort.xlsx", to_xlsx(GOOD), XLSX)
    assert "Only an admin can import a cohort" in text_of(replies)
    stranger = chat.user(3999, "Nobody")
    assert "您好" in text_of(await chat.send_document(stranger, "c.csv", to_csv(GOOD), CSV))
    await nothing_imported()


async def test_a_document_during_reflect_goes_to_the_reflection(chat: ChatHarness) -> None:
    w = await world(chat)
    before = await Case.all().count()
    await chat.send(CADRE, "/reflect")
    replies = await chat.send_document(CADRE, "汇报.csv", to_csv(GOOD), CSV)
    assert "汇报.csv" in text_of(replies) and "只有管理员" not in text_of(replies)
    await chat.press(CADRE, "确认保存")
    version = await ReflectionVersion.get(reflection__case=w.case)
    assert version.file_name == "汇报.csv"
    assert await Case.all().count() == before


async def test_an_admins_open_form_keeps_the_document(chat: ChatHarness) -> None:
    await chat.send(ADMIN_ID, "/invite")
    replies = await chat.send_document(ADMIN_ID, "cohort.csv", to_csv(GOOD), CSV)
    assert "名单已导入" not in text_of(replies)
    await nothing_imported()
    # With the form cancelled, the same file imports.
    await chat.send(ADMIN_ID, "/cancel")
    replies = await chat.send_document(ADMIN_ID, "cohort.csv", to_csv(GOOD), CSV)
    assert "名单已导入：新增 2 条" in text_of(replies)


async def test_a_long_import_edits_one_progress_message(
    chat: ChatHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(upload, "PROGRESS_AFTER", timedelta(0))  # the clock is not moving
    monkeypatch.setattr(importer, "ROWS_PER_TRANSACTION", 1)
    monkeypatch.setattr(importer, "PAUSE_BETWEEN_TRANSACTIONS", 0)
    rows = [row(name=f"干部{n}") for n in range(4)]
    replies = await chat.send_document(ADMIN_ID, "cohort.csv", to_csv(rows), CSV)
    assert len(replies) == 1
    message = replies[0]
    assert message.edits >= 1  # first the progress, then the answer in its place
    assert "名单已导入：新增 4 条" in (message.text or "")
    assert await Case.all().count() == 4


# The rule: who may import what ------------------------------------------------------------

NAMES = st.sampled_from(
    ["a.csv", "A.CSV", "b.xlsx", "c.XLSX", "d.xls", "e.pdf", "csv", "", "f.csv.txt"]
)


@given(
    enrolled=st.booleans(),
    roles=st.frozensets(st.sampled_from(list(Role))),
    name=NAMES,
    size=st.one_of(st.none(), st.integers(min_value=0, max_value=2 * upload.MAX_BYTES)),
)
def test_only_an_admins_spreadsheet_within_the_limit_is_imported(
    enrolled: bool, roles: frozenset[Role], name: str, size: int | None
) -> None:
    key = upload.refusal(enrolled, roles, name, size)
    spreadsheet = name.lower().endswith((".csv", ".xlsx"))
    fits = size is None or size <= upload.MAX_BYTES
    assert (key is None) == (enrolled and Role.ADMIN in roles and spreadsheet and fits)
    if enrolled and Role.ADMIN not in roles:
        # Someone else's file: refused, and a spreadsheet is told why.
        assert key == ("upload-not-allowed" if spreadsheet else "unexpected-text")
    if not enrolled:
        assert key == "start-no-invite"
