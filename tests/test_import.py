from datetime import date
from typing import Any

import pytest
from tortoise import connections

from bot.clock import ManualClock
from bot.services.cases import plan_steps
from bot.services.importer import (
    COLUMNS,
    MAX_ISSUES,
    CohortImporter,
    ImportRejected,
    describe_rejection,
    import_key,
)
from bot.services.people import PeopleService
from bot.services.plans import load_template
from bot.services.working_time import BUILTIN, WorkCalendar
from models import (
    AuditEvent,
    Case,
    CaseAssignment,
    Person,
    PlanStep,
    RoleGrant,
    Unit,
)
from models.enums import CaseStatus, Disposition, Placement, Role, StepKind, StepStatus
from tests.data.cohorts import closed_row, row, to_csv, to_xlsx


async def run(clock: ManualClock, data: bytes, name: str = "cohort.csv") -> Any:
    return await CohortImporter(clock).import_bytes(name, data)


async def rejected(clock: ManualClock, data: bytes, name: str = "cohort.csv") -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        await run(clock, data, name)
    return caught.value


async def assert_nothing_written() -> None:
    for model in (Person, Unit, Case, PlanStep, CaseAssignment, RoleGrant, AuditEvent):
        assert await model.all().count() == 0, model.__name__


# One test per kind of bad row: (rows, spreadsheet row, column, message id, words of the text).
BAD_ROWS: dict[str, tuple[list[dict[str, Any]], int, str, str, str]] = {
    "unknown reason": ([row(reason="lazy")], 2, "reason", "import-error-unknown-reason", "lazy"),
    "bad date": ([row(recalled_on="2026/02/16")], 2, "recalled_on", "import-error-bad-date",
                 "2026/02/16"),
    "impossible date": ([row(), row(name="李", recalled_on="2026-02-30")], 3, "recalled_on",
                        "import-error-bad-date", "2026-02-30"),
    "period too short": ([row(period_months="2")], 2, "period_months", "import-error-period", ""),
    "period too long": ([row(period_months="7")], 2, "period_months", "import-error-period", ""),
    "period not a number": ([row(period_months="三")], 2, "period_months",
                            "import-error-period", ""),
    "placement without closed_on": ([closed_row(closed_on="")], 2, "closed_on",
                                    "import-error-placement-without-closed-on", ""),
    "closed_on without placement": ([closed_row(placement="")], 2, "placement",
                                    "import-error-closed-on-without-placement", ""),
    "disposition without placement": ([row(disposition="promoted")], 2, "disposition",
                                      "import-error-disposition-without-placement", ""),
    "unknown rank": ([row(rank="deputy")], 2, "rank", "import-error-unknown-rank", "deputy"),
    "unknown placement": ([closed_row(placement="home")], 2, "placement",
                          "import-error-unknown-placement", "home"),
    "unknown disposition": ([closed_row(disposition="fired")], 2, "disposition",
                            "import-error-unknown-disposition", "fired"),
    "principal not yes/no": ([row(principal="maybe")], 2, "principal",
                             "import-error-bad-principal", "maybe"),
    "duplicate row": ([row(), row(name="李"), row(position="局长")], 4, "name",
                      "import-error-duplicate-row", "第 2 行"),
    "missing name": ([row(name=" ")], 2, "name", "import-error-required", ""),
    "missing unit": ([row(unit="")], 2, "unit", "import-error-required", ""),
    "closed before recalled": ([closed_row(closed_on="2020-08-01")], 2, "closed_on",
                               "import-error-closed-before-recall", ""),
    "name too long": ([row(name="张" * 101)], 2, "name", "import-error-too-long", "100"),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(BAD_ROWS))
async def test_bad_row_rejects_the_file_and_changes_nothing(
    db: None, clock: ManualClock, kind: str
) -> None:
    rows, line, column, key, words = BAD_ROWS[kind]
    error = await rejected(clock, to_csv([*rows, row(name="好人", unit="绿水县水利局")]))
    assert [(i.row, i.column, i.key) for i in error.issues] == [(line, column, key)]
    text = describe_rejection(error, "zh-CN")
    assert f"第 {line} 行，{column} 列" in text and words in text
    assert "数据库未作任何改动" in text
    assert f"Row {line}, column {column}:" in describe_rejection(error, "en")
    await assert_nothing_written()


@pytest.mark.parametrize(
    ("columns", "column", "key"),
    [
        (tuple(c for c in COLUMNS if c != "cohort"), "cohort", "import-error-missing-column"),
        ((*COLUMNS, "remarks"), "remarks", "import-error-unknown-column"),
        ((*COLUMNS, "unit"), "unit", "import-error-duplicate-column"),
    ],
)
async def test_bad_header_is_reported_on_row_one(
    db: None, clock: ManualClock, columns: tuple[str, ...], column: str, key: str
) -> None:
    error = await rejected(clock, to_csv([row()], columns))
    assert [(i.row, i.column, i.key) for i in error.issues] == [(1, column, key)]
    assert f"第 1 行，{column} 列" in describe_rejection(error, "zh-CN")
    await assert_nothing_written()


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("cohort.csv", "姓名".encode("gbk"), "import-error-not-utf8"),
        ("cohort.xls", b"whatever", "import-error-file-type"),
        ("cohort.xlsx", b"not a zip", "import-error-bad-xlsx"),
        ("cohort.csv", b"", "import-error-empty-file"),
    ],
)
async def test_unreadable_file_is_rejected(
    db: None, clock: ManualClock, name: str, data: bytes, key: str
) -> None:
    error = await rejected(clock, data, name)
    assert [i.key for i in error.issues] == [key]
    await assert_nothing_written()


async def test_every_problem_is_reported_not_only_the_first(db: None, clock: ManualClock) -> None:
    rows = [row(), row(name="甲", rank="boss", reason="x"), row(name="乙", recalled_on="soon")]
    error = await rejected(clock, to_csv(rows))
    assert [(i.row, i.column) for i in error.issues] == [
        (3, "rank"),
        (3, "reason"),
        (4, "recalled_on"),
    ]
    assert describe_rejection(error, "zh-CN").startswith("文件未导入：发现 3 个问题")


async def test_problems_are_capped(db: None, clock: ManualClock) -> None:
    rows = [row(name=f"干部{n}", rank="boss") for n in range(MAX_ISSUES + 20)]
    error = await rejected(clock, to_csv(rows))
    assert error.total == MAX_ISSUES + 20 and len(error.issues) == MAX_ISSUES
    assert describe_rejection(error, "en").endswith("… and 20 more.")


async def test_reimport_adds_nothing(db: None, clock: ManualClock) -> None:
    data = to_csv([row(), closed_row(), row(name="王芳", mentor="李老师;周老师")])
    first = await run(clock, data)
    counts = [await m.all().count() for m in (Person, Case, PlanStep, CaseAssignment, RoleGrant)]
    assert (first.added, first.present, first.closed) == (3, 0, 1)
    again = await run(clock, data)
    assert (again.added, again.present) == (0, 3)
    assert [
        await m.all().count() for m in (Person, Case, PlanStep, CaseAssignment, RoleGrant)
    ] == counts
    grown = await run(clock, to_csv([row(), row(name="新人")]))
    assert (grown.added, grown.present) == (1, 1)
    audits = await AuditEvent.filter(action="cohort-imported").order_by("id")
    assert [(a.details["added"], a.details["present"]) for a in audits] == [(3, 0), (0, 3), (1, 1)]


async def test_csv_with_bom_and_xlsx_import_the_same(db: None, clock: ManualClock) -> None:
    rows = [row(), closed_row(disposition="promoted", period_months="6", closed_on="2021-03-10")]
    assert (await run(clock, to_xlsx(rows), "cohort.xlsx")).added == 2
    from_csv = await run(clock, to_csv(rows, bom=True))
    assert (from_csv.added, from_csv.present) == (0, 2)
    case = await Case.get(import_key=import_key("赵敏", "青山县农业农村局", date(2020, 9, 1)))
    assert case.period_months == 6 and case.disposition == Disposition.PROMOTED


async def test_xlsx_errors_name_spreadsheet_rows(db: None, clock: ManualClock) -> None:
    error = await rejected(clock, to_xlsx([row(), row(name="乙", period_months="9")]), "a.xlsx")
    assert [(i.row, i.column, i.key) for i in error.issues] == [
        (3, "period_months", "import-error-period")
    ]


async def test_closed_case_keeps_its_history(db: None, clock: ManualClock) -> None:
    await run(clock, to_csv([closed_row(placement="other_unit", disposition="resigned")]))
    case = await Case.get(import_key=import_key("赵敏", "青山县农业农村局", date(2020, 9, 1)))
    assert case.status == CaseStatus.CLOSED
    assert (case.placement, case.disposition) == (Placement.OTHER_UNIT, Disposition.RESIGNED)
    assert case.closed_on == date(2020, 12, 10) and case.period_end == date(2020, 12, 1)
    steps = await PlanStep.filter(case=case)
    assert len(steps) == len(load_template().steps(case.recalled_on, case.period_end))
    decision = next(s for s in steps if s.kind == StepKind.DECISION)
    assert (decision.status, decision.done_on) == (StepStatus.DONE, date(2020, 12, 10))
    for step in steps:
        assert step.remind_at is None
        if step.kind != StepKind.DECISION:
            assert (step.status, step.done_on) == (StepStatus.DONE, step.due_on)


async def test_case_closed_early_waives_what_came_after(db: None, clock: ManualClock) -> None:
    await run(clock, to_csv([closed_row(closed_on="2020-10-20")]))
    steps = await PlanStep.all()
    after = [s for s in steps if s.due_on > date(2020, 10, 20) and s.kind != StepKind.DECISION]
    assert after and all(s.status == StepStatus.WAIVED and s.done_on is None for s in after)
    decision = next(s for s in steps if s.kind == StepKind.DECISION)
    assert decision.done_on == date(2020, 10, 20)


async def test_active_case_gets_its_plan_people_and_roles(db: None, clock: ManualClock) -> None:
    existing = await PeopleService(clock).for_role("李老师", Role.MENTOR)
    await run(clock, to_csv([row(mentor="李老师、周老师", supervisor="王部长; 李老师")]))
    case = await Case.get().prefetch_related("cadre", "unit")
    assert case.status == CaseStatus.ACTIVE and case.category == "discipline"
    assert (case.cadre.name, case.unit.name, case.period_end) == (
        "张伟",
        "青山县农业农村局",
        date(2026, 5, 16),
    )
    steps = await PlanStep.filter(case=case).order_by("seq")
    planned = load_template().steps(case.recalled_on, case.period_end)
    assert [(s.kind, s.due_on) for s in steps] == [(p.kind, p.due_on) for p in planned]
    assert all(s.status == StepStatus.PLANNED for s in steps)
    future = [s for s in steps if s.due_on >= date(2026, 3, 5)]
    assert future and all(s.remind_at is not None and s.remind_at > clock.now() for s in future)
    team = await CaseAssignment.filter(case=case).prefetch_related("person")
    assert sorted((a.person.name, a.role.value) for a in team) == [
        ("周老师", "mentor"),
        ("李老师", "mentor"),
        ("李老师", "supervisor"),
        ("王部长", "supervisor"),
    ]
    assert {a.person_id for a in team if a.person.name == "李老师"} == {existing.id}
    assert set(await RoleGrant.filter(person=existing).values_list("role", flat=True)) == {
        Role.MENTOR,
        Role.SUPERVISOR,
    }
    assert await RoleGrant.filter(person=case.cadre, role=Role.CADRE).exists()


async def test_same_cadre_name_in_two_units_is_two_people(db: None, clock: ManualClock) -> None:
    await run(clock, to_csv([row(), row(unit="绿水县水利局"), row(name="王芳")]))
    cases = await Case.all().prefetch_related("cadre", "unit").order_by("id")
    assert [(c.cadre.name, c.unit.name) for c in cases] == [
        ("张伟", "青山县农业农村局"),
        ("张伟", "绿水县水利局"),
        ("王芳", "青山县农业农村局"),
    ]
    assert len({c.cadre_id for c in cases}) == 3
    assert await Unit.all().count() == 2


async def test_category_code_counts_as_its_own_reason(db: None, clock: ManualClock) -> None:
    await run(clock, to_csv([row(reason="key_tasks")]))
    case = await Case.get()
    assert (case.reason, case.category) == ("key_tasks", "key_tasks")


@pytest.mark.parametrize("workdays", [None, BUILTIN], ids=["every-day", "working-days"])
async def test_imported_plan_steps_are_the_rows_the_orm_writes(
    db: None, clock: ManualClock, workdays: WorkCalendar | None
) -> None:
    """The import writes plan steps as plain rows: every column, dates and UTC datetimes
    included, is stored as PlanStep.bulk_create stores the steps of cases.plan_steps."""
    lines = [
        row(name=f"在帮{months}", recalled_on=recalled, period_months=str(months))
        for months, recalled in ((3, "2026-02-16"), (4, "2026-01-31"), (5, "2025-12-20"))
    ]
    lines += [row(name="六个月", recalled_on="2026-02-28", period_months="6")]
    lines += [
        closed_row(name=f"已结{months}", period_months=str(months), closed_on=closed)
        for months, closed in ((3, "2020-12-10"), (4, "2021-01-15"), (6, "2021-02-27"))
    ]
    await CohortImporter(clock, workdays=workdays).import_bytes("plans.csv", to_csv(lines))
    sql = "SELECT * FROM plan_step ORDER BY case_id, seq"
    client = connections.get("default")
    imported = [{**r, "id": None} for r in await client.execute_query_dict(sql)]
    cases = await Case.all().order_by("id")
    assert {c.period_months for c in cases} == {3, 4, 5, 6}
    assert {s["status"] for s in imported} >= {"planned", "done", "waived"}
    await PlanStep.all().delete()
    for case in cases:
        steps = plan_steps(
            case.id, case.recalled_on, case.period_end, load_template(), clock.now(),
            closed_on=case.closed_on, workdays=workdays,
        )  # fmt: skip
        await PlanStep.bulk_create(steps)
    by_orm = [{**r, "id": None} for r in await client.execute_query_dict(sql)]
    assert imported == by_orm
    assert len(imported) > 7 * 10
