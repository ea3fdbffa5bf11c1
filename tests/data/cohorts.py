"""Cohort files for import tests: rows as dicts, written as CSV or XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

from bot.services.importer import COLUMNS

Row = dict[str, Any]


def row(**values: Any) -> Row:
    """A valid active case row; keyword arguments replace columns."""
    base: Row = {
        "name": "张伟",
        "unit": "青山县农业农村局",
        "position": "副局长",
        "rank": "section",
        "principal": "no",
        "reason": "inaction",
        "cohort": "2026-02 县级批次",
        "recalled_on": "2026-02-16",
        "period_months": "3",
        "placement": "",
        "disposition": "",
        "closed_on": "",
        "mentor": "李老师",
        "supervisor": "王部长",
    }
    base.update(values)
    return base


def closed_row(**values: Any) -> Row:
    return row(
        **{
            "name": "赵敏",
            "recalled_on": "2020-09-01",
            "placement": "original_unit",
            "closed_on": "2020-12-10",
            **values,
        }
    )


def to_csv(rows: list[Row], columns: tuple[str, ...] = COLUMNS, bom: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([r.get(column, "") for column in columns] for r in rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def to_xlsx(rows: list[Row], columns: tuple[str, ...] = COLUMNS) -> bytes:
    """A workbook as a spreadsheet program saves one: real date and number cells."""
    from openpyxl import Workbook

    def cell(column: str, value: Any) -> Any:
        if value and column in ("recalled_on", "closed_on"):
            return datetime.combine(date.fromisoformat(value), datetime.min.time())
        if value and column == "period_months":
            return int(value)
        return value or None

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(columns))
    for r in rows:
        sheet.append([cell(column, r.get(column, "")) for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
