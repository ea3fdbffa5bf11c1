"""Exports of everything recorded: one sheet (xlsx) or one file (csv) per kind of record."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _escape
from zoneinfo import ZoneInfo

from tortoise.models import Model
from tortoise.queryset import QuerySet

from bot.i18n import Translator, code_label, join_names
from bot.services import readiness, standing
from bot.services.audit import audit
from models import (
    Assessment,
    Attendance,
    Case,
    CaseAssignment,
    Leave,
    Person,
    PlanStep,
    Reflection,
    ReflectionVersion,
    StoredFile,
    Talk,
)
from models.enums import Role

KINDS = (
    "cases", "steps", "talks", "attendance", "reflections", "assessments", "leaves", "outcomes",
)  # fmt: skip


@dataclass(frozen=True)
class Sheet:
    kind: str
    columns: tuple[str, ...]
    rows: list[list[Any]]


class _Cells:
    """Turns stored values into what a reader expects: local times, labels, yes/no."""

    def __init__(
        self, locale: str, zone: str, case_ids: set[int] | None = None, as_of: date | None = None
    ) -> None:
        self.t = Translator(locale)
        self.zone = ZoneInfo(zone)
        self.case_ids = case_ids
        self.as_of = as_of

    def rows(self, model: type[Model], case_field: str = "case_id") -> QuerySet[Any]:
        """All rows of a kind, or only those of the cases in scope (a supervisor's export)."""
        if self.case_ids is None:
            return model.all()
        return model.filter(**{f"{case_field}__in": list(self.case_ids)})

    def when(self, moment: datetime | None) -> datetime | None:
        return moment.astimezone(self.zone).replace(tzinfo=None) if moment else None

    def code(self, prefix: str, value: Any) -> str:
        return code_label(self.t.locale, prefix, str(value)) if value is not None else ""

    def yes(self, flag: Any) -> str:
        return self.t("export-yes") if flag else self.t("export-no")

    def names(self, names: list[str]) -> str:
        return join_names(names, self.t.locale)

    def own(self, prefix: str, value: Any) -> str:
        """Labels kept in cli.ftl: case status, talk confirmation, reflection status."""
        return self.t(f"export-{prefix}-{value}") if value is not None else ""


async def collect(
    locale: str, zone: str, case_ids: set[int] | None = None, *, as_of: date
) -> list[Sheet]:
    """Every kind of record (of the given cases) as rows, headings still as column ids; the
    readiness columns are as of `as_of`."""
    c = _Cells(locale, zone, case_ids, as_of)
    cases = await _cases(c)
    rows = {
        "cases": cases,
        "steps": await _steps(c),
        "talks": await _talks(c),
        "attendance": await _attendance(c),
        "reflections": await _reflections(c),
        "assessments": await _assessments(c),
        "leaves": await _leaves(c),
        "outcomes": [_outcome(row) for row in cases if row["placement"]],
    }
    return [
        Sheet(
            kind, COLUMNS[kind], [[row[column] for column in COLUMNS[kind]] for row in rows[kind]]
        )
        for kind in KINDS
    ]


COLUMNS = {
    "cases": (
        "case", "cadre", "unit", "position", "rank", "principal", "category", "reason",
        "cohort", "recalled-on", "period-months", "period-end", "status", "mentors",
        "supervisors", "acknowledged-at", "created-at", *readiness.COLUMNS,
    ),
    "steps": (
        "case", "cadre", "seq", "step", "step-label", "responsible", "due-on", "planned-on",
        "status", "done-on", "done-at", "session", "note",
    ),
    "talks": (
        "talk", "case", "cadre", "mentor", "held-on", "place", "summary", "attitude", "actions",
        "confirmation", "cadre-comment", "settlement", "done-late", "entered-late",
        "recorded-at",
    ),
    "attendance": (
        "session", "session-kind", "starts-at", "ends-at", "case", "cadre", "attendance",
        "checked-in-at", "recorded-by", "done-late", "entered-late", "recorded-at",
    ),
    "reflections": (
        "reflection", "case", "cadre", "status", "latest-text", "versions", "done-late",
        "entered-late", "created-at", "updated-at",
    ),
    "assessments": (
        "assessment", "case", "cadre", "assessment-kind", "grade", "assessor", "assessed-on",
        "comments", "recommendation", "done-late", "entered-late", "recorded-at",
    ),
    "leaves": (
        "leave", "case", "cadre", "leave-kind", "starts-on", "ends-on", "days", "leave-reason",
        "extends-period", "recorded-by", "recorded-at",
    ),
    "outcomes": (
        "case", "cadre", "unit", "recalled-on", "period-months", "placement", "disposition",
        "closed-on",
    ),
}  # fmt: skip

Row = dict[str, Any]


async def _cases(c: _Cells) -> list[Row]:
    team: dict[tuple[int, str], list[str]] = defaultdict(list)
    for row in (
        await c.rows(CaseAssignment).order_by("id").values("case_id", "role", "person__name")
    ):
        team[(row["case_id"], str(row["role"]))].append(row["person__name"])
    cases = await c.rows(Case, "id").order_by("id").values(
        "id", "cadre__name", "unit__name", "position", "rank", "principal", "category",
        "reason", "cohort", "recalled_on", "period_months", "period_end", "status",
        "placement", "disposition", "closed_on", "acknowledged_at", "created_at",
    )  # fmt: skip
    assert c.as_of is not None
    summaries = await readiness.summaries(
        await c.rows(Case, "id").order_by("id"), c.as_of, str(c.zone)
    )
    return [
        {
            "case": r["id"],
            "cadre": r["cadre__name"],
            "unit": r["unit__name"],
            "position": r["position"],
            "rank": c.code("rank", r["rank"]),
            "principal": c.yes(r["principal"]),
            "category": c.code("category", r["category"]),
            "reason": c.code("reason", r["reason"]),
            "cohort": r["cohort"],
            "recalled-on": r["recalled_on"],
            "period-months": r["period_months"],
            "period-end": r["period_end"],
            "status": c.own("case", r["status"]),
            "mentors": c.names(team[(r["id"], Role.MENTOR.value)]),
            "supervisors": c.names(team[(r["id"], Role.SUPERVISOR.value)]),
            "acknowledged-at": c.when(r["acknowledged_at"]),
            "created-at": c.when(r["created_at"]),
            "placement": c.code("placement", r["placement"]),
            "disposition": c.code("disposition", r["disposition"]),
            "closed-on": r["closed_on"],
            **readiness.columns(summaries[r["id"]]),
        }
        for r in cases
    ]


def _outcome(case: Row) -> Row:
    return {column: case[column] for column in COLUMNS["outcomes"]}


async def _steps(c: _Cells) -> list[Row]:
    # Each case's steps in the order of their days (a rescheduled step moves with its day).
    steps = await c.rows(PlanStep).order_by("case_id", "due_on", "seq").values(
        "id", "case_id", "case__cadre__name", "seq", "kind", "label", "responsible", "due_on",
        "planned_on", "status", "done_on", "done_at", "note",
    )  # fmt: skip
    marks = await standing.unsettled(r["id"] for r in steps)
    sessions = await standing.sessions_of(r["id"] for r in steps)

    def session(step_id: int) -> str:
        mark = sessions.get(step_id)
        if mark is None:
            return ""
        when = c.when(mark.starts_at)
        day = when.strftime("%Y-%m-%d %H:%M") if when else ""
        return " · ".join(part for part in (day, mark.place, mark.title) if part)

    return [
        {
            "case": r["case_id"],
            "cadre": r["case__cadre__name"],
            "seq": r["seq"] + 1,
            "step": c.code("step-kind", r["kind"]),
            "step-label": c.code("step-label", r["label"]) if r["label"] else "",
            "responsible": c.code("role", r["responsible"]),
            "due-on": r["due_on"],
            "planned-on": r["planned_on"],
            "status": c.code("step-status", standing.shown(r["status"], marks.get(r["id"]))),
            "done-on": r["done_on"],
            "done-at": c.when(r["done_at"]),
            "session": session(r["id"]),
            "note": r["note"],
        }
        for r in steps
    ]


async def _talks(c: _Cells) -> list[Row]:
    talks = await c.rows(Talk).order_by("id").values(
        "id", "case_id", "case__cadre__name", "mentor__name", "held_on", "place", "summary",
        "attitude", "actions", "confirmation", "cadre_comment", "settlement", "late",
        "entered_late", "recorded_at",
    )  # fmt: skip
    return [
        {
            "talk": r["id"],
            "case": r["case_id"],
            "cadre": r["case__cadre__name"],
            "mentor": r["mentor__name"],
            "held-on": r["held_on"],
            "place": r["place"],
            "summary": r["summary"],
            "attitude": r["attitude"],
            "actions": r["actions"],
            "confirmation": c.own("talk", r["confirmation"]),
            "cadre-comment": r["cadre_comment"],
            "settlement": r["settlement"],
            "done-late": c.yes(r["late"]),
            "entered-late": c.yes(r["entered_late"]),
            "recorded-at": c.when(r["recorded_at"]),
        }
        for r in talks
    ]


async def _attendance(c: _Cells) -> list[Row]:
    lines = await c.rows(Attendance).order_by("session__starts_at", "id").values(
        "session__title", "session__kind", "session__starts_at", "session__ends_at", "case_id",
        "case__cadre__name", "status", "checked_in_at", "recorded_by__name", "done_late",
        "entered_late", "recorded_at",
    )  # fmt: skip
    return [
        {
            "session": r["session__title"],
            "session-kind": c.code("session-kind", r["session__kind"]),
            "starts-at": c.when(r["session__starts_at"]),
            "ends-at": c.when(r["session__ends_at"]),
            "case": r["case_id"],
            "cadre": r["case__cadre__name"],
            "attendance": c.code("attendance", r["status"] or "none"),
            "checked-in-at": c.when(r["checked_in_at"]),
            "recorded-by": r["recorded_by__name"] or "",
            "done-late": c.yes(r["done_late"]),
            "entered-late": c.yes(r["entered_late"]),
            "recorded-at": c.when(r["recorded_at"]),
        }
        for r in lines
    ]


async def _reflections(c: _Cells) -> list[Row]:
    latest: dict[int, str] = {}
    counts: dict[int, int] = defaultdict(int)
    versions = (
        await c.rows(ReflectionVersion, "reflection__case_id")
        .order_by("number")
        .values("reflection_id", "text", "file_name")
    )
    for v in versions:
        counts[v["reflection_id"]] += 1
        latest[v["reflection_id"]] = v["text"] or v["file_name"] or ""
    reflections = (
        await c.rows(Reflection)
        .order_by("id")
        .values("id", "case_id", "case__cadre__name", "status", "late", "created_at", "updated_at")
    )
    return [
        {
            "reflection": r["id"],
            "case": r["case_id"],
            "cadre": r["case__cadre__name"],
            "status": c.own("reflection", r["status"]),
            "latest-text": latest.get(r["id"], ""),
            "versions": counts[r["id"]],
            "done-late": c.yes(r["late"]),
            "entered-late": c.yes(False),  # written in the chat: entered when it is sent
            "created-at": c.when(r["created_at"]),
            "updated-at": c.when(r["updated_at"]),
        }
        for r in reflections
    ]


async def _assessments(c: _Cells) -> list[Row]:
    assessments = await c.rows(Assessment).order_by("id").values(
        "id", "case_id", "case__cadre__name", "kind", "grade", "assessor__name", "assessed_on",
        "comments", "recommendation", "late", "entered_late", "recorded_at",
    )  # fmt: skip
    return [
        {
            "assessment": r["id"],
            "case": r["case_id"],
            "cadre": r["case__cadre__name"],
            "assessment-kind": c.code("assessment-kind", r["kind"]),
            "grade": c.code("grade", r["grade"]),
            "assessor": r["assessor__name"],
            "assessed-on": r["assessed_on"],
            "comments": r["comments"],
            "recommendation": r["recommendation"],
            "done-late": c.yes(r["late"]),
            "entered-late": c.yes(r["entered_late"]),
            "recorded-at": c.when(r["recorded_at"]),
        }
        for r in assessments
    ]


async def record_export(
    now: datetime,
    fmt: str,
    *,
    by: Person | None = None,
    case_ids: set[int] | None = None,
    files: bool = False,
) -> None:
    """Exports take personnel records out of the system: each one is in the audit trail."""
    await audit(
        "export-written",
        now=now,
        actor=by,
        format=fmt,
        cases="all" if case_ids is None else sorted(case_ids),
        files=files,
    )


async def _leaves(c: _Cells) -> list[Row]:
    leaves = await c.rows(Leave).order_by("case_id", "starts_on", "id").values(
        "id", "case_id", "case__cadre__name", "kind", "starts_on", "ends_on", "reason",
        "extends_period", "recorded_by__name", "created_at",
    )  # fmt: skip
    return [
        {
            "leave": r["id"],
            "case": r["case_id"],
            "cadre": r["case__cadre__name"],
            "leave-kind": c.code("leave-kind", r["kind"]),
            "starts-on": r["starts_on"],
            "ends-on": r["ends_on"],
            "days": (r["ends_on"] - r["starts_on"]).days + 1,
            "leave-reason": r["reason"],
            "extends-period": c.yes(r["extends_period"]),
            # (none: recorded with `recallbot leave`)
            "recorded-by": r["recorded_by__name"] or c.t("cli-audit-command-line"),
            "recorded-at": c.when(r["created_at"]),
        }
        for r in leaves
    ]


def headings(sheet: Sheet, locale: str) -> list[str]:
    t = Translator(locale)
    return [t(f"export-col-{column}") for column in sheet.columns]


def sheet_title(kind: str, locale: str) -> str:
    return Translator(locale)(f"export-sheet-{kind}")


async def export_xlsx(
    locale: str, zone: str, case_ids: set[int] | None = None, *, as_of: date
) -> bytes:
    """A workbook with one sheet per kind of record, headings in the locale; with `case_ids`,
    only the rows of those cases (a supervisor's scope)."""
    sheets = await collect(locale, zone, case_ids, as_of=as_of)
    return await asyncio.to_thread(_workbook, sheets, locale)


# What makes a spreadsheet program read a cell as a formula (OWASP "CSV injection"), with the
# full-width forms that some input methods type and some spreadsheet programs accept.
FORMULA_START = frozenset("=+-@＝＋－＠")
LINE_START = frozenset("\t\r\n")


def inert(value: Any) -> Any:
    """Text a spreadsheet program shows as text and never evaluates: a leading apostrophe when
    the first visible character (after spaces and invisible characters) starts a formula."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in LINE_START:
        return "'" + value
    for char in value:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            continue
        return "'" + value if char in FORMULA_START else value
    return value


# How a day and a moment read in the workbook (real date cells, shown as the bot shows them).
DATE_FORMATS = {"zh-CN": 'yyyy"年"m"月"d"日"', "en": "d mmm yyyy"}
MOMENT_FORMATS = {"zh-CN": 'yyyy"年"m"月"d"日" hh:mm', "en": "d mmm yyyy hh:mm"}
MIN_WIDTH, MAX_WIDTH = 6, 60  # column widths, in characters (a CJK character counts two)


def text_width(value: Any, locale: str) -> int:
    """How wide a cell's value shows, in character widths."""
    if isinstance(value, datetime):
        return 18 if locale == "zh-CN" else 17
    if isinstance(value, date):
        return 15 if locale == "zh-CN" else 11
    return _text_width("" if value is None else str(value))


@lru_cache(maxsize=65_536)
def _text_width(text: str) -> int:
    lines = text.splitlines() or [""]
    return max(
        sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) for line in lines
    )


def column_widths(sheet: Sheet, titles: list[str], locale: str, empty: str) -> list[int]:
    """Each column as wide as its heading and its widest value, within limits."""
    widths = [text_width(title, locale) + 4 for title in titles]  # room for the filter button
    for row in sheet.rows:
        for index, value in enumerate(row):
            shown = empty if value in (None, "") else value
            widths[index] = max(widths[index], text_width(shown, locale) + 2)
    return [min(max(width, MIN_WIDTH), MAX_WIDTH) for width in widths]


# The workbook is written as SpreadsheetML directly (a zip of a few XML parts): openpyxl's
# writer, even write-only, builds a Cell and an element per value and hashes each style, about
# 25 µs a cell, minutes for the 2.6 million cells of 10,000 cases (docs/performance.md).
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# Cell styles (cellXfs): header, top-aligned, wrapped, day, moment.
HEAD, TOP, WRAP, DAY, MOMENT = 1, 2, 3, 4, 5
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
EXCEL_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - cells hold local, naive times


def escape(text: str, attribute: bool = False) -> str:
    """Text for XML content (or, with `attribute`, a double-quoted attribute)."""
    return _escape(text, {'"': "&quot;"}) if attribute else _escape(text)


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _styles(day_format: str, moment_format: str) -> str:
    aligned = 'fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN_NS}">'
        f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{escape(day_format, True)}"/>'
        f'<numFmt numFmtId="165" formatCode="{escape(moment_format, True)}"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="6">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
        'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
        f'<xf numFmtId="0" {aligned}><alignment vertical="top"/></xf>'
        f'<xf numFmtId="0" {aligned}><alignment vertical="top" wrapText="1"/></xf>'
        f'<xf numFmtId="164" {aligned} applyNumberFormat="1"><alignment vertical="top"/></xf>'
        f'<xf numFmtId="165" {aligned} applyNumberFormat="1"><alignment vertical="top"/></xf>'
        '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
        "</cellStyles></styleSheet>"
    )


def _sheet_xml(sheet: Sheet, titles: list[str], widths: list[int], locale: str, empty: str) -> str:
    letters = [column_letter(index) for index in range(1, len(titles) + 1)]
    last = f"{letters[-1]}{len(sheet.rows) + 1}"
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}" '
        f'xmlns:r="{REL_NS}"><dimension ref="A1:{last}"/>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
        'activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/><cols>',
        *(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
            for i, w in enumerate(widths, start=1)
        ),
        '</cols><sheetData><row r="1">',
        *(
            f'<c r="{letter}1" s="{HEAD}" t="inlineStr"><is><t xml:space="preserve">'
            f"{escape(ILLEGAL_XML.sub('', title))}</t></is></c>"
            for letter, title in zip(letters, titles, strict=True)
        ),
        "</row>",
    ]
    append = parts.append
    for number, row in enumerate(sheet.rows, start=2):
        append(f'<row r="{number}">')
        for letter, value, width in zip(letters, row, widths, strict=True):
            if value is None or value == "":
                value = empty
            if isinstance(value, datetime):
                serial = (value.replace(tzinfo=None) - EXCEL_EPOCH).total_seconds() / 86_400
                append(f'<c r="{letter}{number}" s="{MOMENT}"><v>{serial!r}</v></c>')
            elif isinstance(value, date):
                serial_day = (value - EXCEL_EPOCH.date()).days
                append(f'<c r="{letter}{number}" s="{DAY}"><v>{serial_day}</v></c>')
            elif isinstance(value, bool):
                append(f'<c r="{letter}{number}" s="{TOP}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float):
                append(f'<c r="{letter}{number}" s="{TOP}"><v>{value!r}</v></c>')
            else:
                # Always a string cell, never a formula: people's text is made inert too.
                text = str(value)
                style = WRAP if _text_width(text) > width else TOP
                append(
                    f'<c r="{letter}{number}" s="{style}" t="inlineStr"><is>'
                    f'<t xml:space="preserve">{escape(inert(ILLEGAL_XML.sub("", text)))}</t>'
                    "</is></c>"
                )
        append("</row>")
    parts.append(
        f'</sheetData><autoFilter ref="A1:{last}"/><pageMargins left="0.75" right="0.75" '
        'top="1" bottom="1" header="0.5" footer="0.5"/><pageSetup orientation="landscape"/>'
        "</worksheet>"
    )
    return "".join(parts)


def _quoted_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _workbook(sheets: list[Sheet], locale: str) -> bytes:
    """The workbook as a department hands it over: bold headings on a frozen first row with
    filters, columns as wide as their contents, real dates in the reader's format, and 无
    (none) where nothing was recorded. People's text never becomes a formula (inert)."""
    empty = Translator(locale)("export-empty")
    day_format = DATE_FORMATS.get(locale, DATE_FORMATS["en"])
    moment_format = MOMENT_FORMATS.get(locale, MOMENT_FORMATS["en"])
    titles = [sheet_title(sheet.kind, locale) for sheet in sheets]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CONTENT_NS}">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
                for i in range(1, len(sheets) + 1)
            )
            + "</Types>",
        )
        book.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_REL_NS}">'
            f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        book.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" '
            f'xmlns:r="{REL_NS}"><bookViews><workbookView/></bookViews><sheets>'
            + "".join(
                f'<sheet name="{escape(title, True)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, title in enumerate(titles, start=1)
            )
            + "</sheets><definedNames>"
            + "".join(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
                f"{escape(_quoted_sheet(title))}!$1:$1</definedName>"
                for i, title in enumerate(titles)
            )
            + "</definedNames></workbook>",
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_REL_NS}">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL_NS}/styles" '
            'Target="styles.xml"/></Relationships>',
        )
        book.writestr("xl/styles.xml", _styles(day_format, moment_format))
        for i, sheet in enumerate(sheets, start=1):
            heads = headings(sheet, locale)
            widths = column_widths(sheet, heads, locale, empty)
            xml = _sheet_xml(sheet, heads, widths, locale, empty)
            book.writestr(f"xl/worksheets/sheet{i}.xml", xml.encode())
            del xml
    return buffer.getvalue()


def file_name(locale: str, day: date, fmt: str = "xlsx") -> str:
    """The export's file name: 召回管理台账_2026-12-02.xlsx in Chinese, ASCII in English
    (a folder of that name, without the suffix, for csv)."""
    stem = Translator(locale)("export-file-stem")
    return f"{stem}_{day.isoformat()}" + (".xlsx" if fmt == "xlsx" else "")


def _csv_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else inert(value)


async def export_csv(locale: str, zone: str, *, as_of: date) -> dict[str, bytes]:
    """One CSV file per kind of record (UTF-8 with a BOM, which spreadsheet programs want)."""
    files = {}
    for sheet in await collect(locale, zone, as_of=as_of):
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(headings(sheet, locale))
        writer.writerows([_csv_text(value) for value in row] for row in sheet.rows)
        files[f"{sheet.kind}.csv"] = buffer.getvalue().encode("utf-8-sig")
    return files


async def write_export(path: Path, fmt: str, locale: str, zone: str, *, as_of: date) -> list[Path]:
    """Write an export: xlsx to the file `path`, csv into the folder `path`."""
    if fmt == "xlsx":
        data = await export_xlsx(locale, zone, as_of=as_of)
        await asyncio.to_thread(_write, path, data)
        return [path]
    written = []
    for name, content in (await export_csv(locale, zone, as_of=as_of)).items():
        await asyncio.to_thread(_write, path / name, content)
        written.append(path / name)
    return written


FILE_SUFFIX = {"voice": ".oga", "photo": ".jpg"}


NAME_BYTES = 255  # the longest file name most file systems take, in bytes
UNSAFE_IN_NAMES = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def safe_file_name(owner: str, name: str | None, kind: str, number: int = 1) -> str:
    """A name for a file people sent that stays one plain file inside the target folder: no
    folders, no control characters, no leading dots, at most 255 bytes (suffix kept)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = UNSAFE_IN_NAMES.sub("_", base).strip().lstrip(".").strip()
    if not base:
        base = f"{kind}{FILE_SUFFIX.get(kind, '')}"
    stem, dot, suffix = base.rpartition(".")
    if not dot or len(suffix) > 16:
        stem, suffix = base, ""
    suffix = (f"-{number}" if number > 1 else "") + (f".{suffix}" if suffix else "")
    head = f"{UNSAFE_IN_NAMES.sub('_', owner)}-"
    room = NAME_BYTES - len(head.encode()) - len(suffix.encode())
    stem = stem.encode()[:room].decode(errors="ignore")
    return f"{head}{stem}{suffix}"


async def write_files(folder: Path) -> list[Path]:
    """Write the kept copies of files people sent (reflections, voice summaries)."""
    written: list[Path] = []
    root = await asyncio.to_thread(folder.resolve)
    for kept in await StoredFile.all().order_by("id"):
        number = 1
        path = root / safe_file_name(kept.owner, kept.name, kept.kind)
        while path in written:
            number += 1
            path = root / safe_file_name(kept.owner, kept.name, kept.kind, number)
        if path.parent != root:  # pragma: no cover - safe_file_name makes this impossible
            raise ValueError(f"file name leaves the folder: {kept.name!r}")
        await asyncio.to_thread(_write, path, kept.content)
        written.append(path)
    return written


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
