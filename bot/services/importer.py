"""Cohort import: a spreadsheet of cases is checked in full, then written all or nothing."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import re
import secrets
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Subquery
from tortoise.models import Model
from tortoise.transactions import in_transaction

from bot import i18n
from bot.clock import Clock
from bot.i18n import translate
from bot.services import catalog, lease
from bot.services.audit import audit
from bot.services.cases import MAX_MONTHS, MIN_MONTHS, StepRow, plan_step_rows
from bot.services.catchup import tell_assigned
from bot.services.dates import DEFAULT_ZONE, add_months
from bot.services.errors import DomainError
from bot.services.people import namesake_for
from bot.services.plans import load_template
from bot.services.working_time import WorkCalendar
from models import AuditEvent, Case, CaseAssignment, Person, PlanStep, RoleGrant, Unit
from models.enums import CaseStatus, Disposition, Placement, Rank, Role

COLUMNS = (
    "name",
    "unit",
    "position",
    "rank",
    "principal",
    "reason",
    "cohort",
    "recalled_on",
    "period_months",
    "placement",
    "disposition",
    "closed_on",
    "mentor",
    "supervisor",
)
REQUIRED = ("name", "unit", "rank", "principal", "reason", "recalled_on", "period_months")
MAX_LENGTH = {"name": 100, "unit": 200, "position": 200, "cohort": 100}
MAX_ISSUES = 100
BATCH = 1000
IN_CHUNK = 500
ROWS_PER_TRANSACTION = 100
# Between two transactions on SQLite the import waits as long as the last one held the write
# lock (at most this long, a few ms more): SQLite's busy handler polls, sleeping no longer
# than it has waited so far nor than 0.1 s, so a writer that began waiting during the
# transaction asks again within the pause; an import that asked again at once would always
# win, and the bot's writers, waiting, would starve.
PAUSE_BETWEEN_TRANSACTIONS = 0.1
PAUSE_MARGIN = 0.005
IMPORT_LEASE_NAME = "cohort-import"
IMPORT_LEASE = timedelta(minutes=2)
YES, NO = ("yes", "是"), ("no", "否")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

T = TypeVar("T")
E = TypeVar("E", Rank, Placement, Disposition)


@dataclass(frozen=True)
class Issue:
    """One problem of the file: row as the spreadsheet shows it (0: the file itself)."""

    row: int
    column: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)


class ImportRejected(DomainError):
    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("import-rejected", count=len(issues))
        self.total = len(issues)
        self.issues = issues[:MAX_ISSUES]


@dataclass(frozen=True)
class CohortRow:
    row: int
    name: str
    unit: str
    position: str
    rank: Rank
    principal: bool
    reason: str
    category: str
    cohort: str
    recalled_on: date
    period_months: int
    placement: Placement | None
    disposition: Disposition | None
    closed_on: date | None
    mentors: tuple[str, ...]
    supervisors: tuple[str, ...]

    @cached_property  # a hash, asked for each of the row's plan steps
    def import_key(self) -> str:
        return import_key(self.name, self.unit, self.recalled_on)

    @property
    def period_end(self) -> date:
        return add_months(self.recalled_on, self.period_months)


@dataclass(frozen=True)
class ImportResult:
    added: int
    present: int
    closed: int


def import_key(name: str, unit: str, recalled_on: date) -> str:
    """A stable identity of a row: the same cadre, unit and recall date is the same case."""
    text = "\x1f".join((name.strip(), unit.strip(), recalled_on.isoformat()))
    return hashlib.sha256(text.encode()).hexdigest()


# Reading ---------------------------------------------------------------------------------

Table = list[tuple[int, dict[str, str]]]


def read_table(filename: str, data: bytes) -> Table:
    """The data rows of a .csv or .xlsx file as (row number, column -> text)."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRejected([Issue(0, "", "import-error-not-utf8")]) from None
        lines: list[list[Any]] = list(csv.reader(io.StringIO(text, newline="")))
    elif suffix == ".xlsx":
        lines = _xlsx_lines(data)
    else:
        raise ImportRejected([Issue(0, "", "import-error-file-type", {"name": filename})])
    if not lines:
        raise ImportRejected([Issue(0, "", "import-error-empty-file")])
    header = [_text(cell).lower() for cell in lines[0]]
    issues = _header_issues(header)
    if issues:
        raise ImportRejected(issues)
    table: Table = []
    for number, line in enumerate(lines[1:], start=2):
        cells = {name: _text(value) for name, value in zip(header, line, strict=False) if name}
        if any(cells.values()):
            table.append((number, cells))
    return table


def _xlsx_lines(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportRejected([Issue(0, "", "import-error-bad-xlsx")]) from None
    try:
        return [list(line) for line in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _text(value: Any) -> str:
    """A cell as text: spreadsheet dates become ISO dates, whole numbers lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header_issues(header: list[str]) -> list[Issue]:
    issues = []
    seen: set[str] = set()
    for name in header:
        if not name:
            continue
        if name not in COLUMNS:
            issues.append(Issue(1, name, "import-error-unknown-column"))
        elif name in seen:
            issues.append(Issue(1, name, "import-error-duplicate-column"))
        seen.add(name)
    issues += [
        Issue(1, name, "import-error-missing-column") for name in COLUMNS if name not in seen
    ]
    return issues


# Checking --------------------------------------------------------------------------------


def parse_rows(table: Table) -> list[CohortRow]:
    """Check every row; all problems found are raised together."""
    issues: list[Issue] = []
    rows: list[CohortRow] = []
    first_row: dict[str, int] = {}
    for number, cells in table:
        parsed = _RowParser(number, cells, issues).parse()
        if parsed is None:
            continue
        first = first_row.setdefault(parsed.import_key, number)
        if first != number:
            issues.append(Issue(number, "name", "import-error-duplicate-row", {"first": first}))
            continue
        rows.append(parsed)
    if issues:
        raise ImportRejected(issues)
    return rows


class _RowParser:
    def __init__(self, number: int, cells: dict[str, str], issues: list[Issue]) -> None:
        self.number = number
        self.cells = cells
        self.issues = issues
        self.ok = True

    def fail(self, column: str, key: str, **params: Any) -> None:
        self.ok = False
        self.issues.append(Issue(self.number, column, key, params))

    def text(self, column: str) -> str:
        value = " ".join(self.cells.get(column, "").split())
        if column in REQUIRED and not value:
            self.fail(column, "import-error-required")
        elif len(value) > MAX_LENGTH.get(column, len(value)):
            self.fail(column, "import-error-too-long", limit=MAX_LENGTH[column])
        return value

    def choice(self, column: str, enum: type[E], key: str) -> E | None:
        value = self.text(column)
        if not value:
            return None
        try:
            return enum(value.lower())
        except ValueError:
            self.fail(column, key, value=value)
            return None

    def day(self, column: str) -> date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            if not ISO_DATE.fullmatch(value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            self.fail(column, "import-error-bad-date", value=value)
            return None

    def names(self, column: str) -> tuple[str, ...]:
        found = i18n.split_names(self.text(column))
        for name in found:
            if len(name) > MAX_LENGTH["name"]:
                self.fail(column, "import-error-too-long", limit=MAX_LENGTH["name"])
        return tuple(dict.fromkeys(name for name in found if name))

    def parse(self) -> CohortRow | None:
        name, unit = self.text("name"), self.text("unit")
        position, cohort = self.text("position"), self.text("cohort")
        rank = self.choice("rank", Rank, "import-error-unknown-rank")
        principal = self.text("principal").lower()
        if principal and principal not in YES + NO:
            self.fail("principal", "import-error-bad-principal", value=principal)
        reason_code = self.text("reason")
        reason = category = ""
        if reason_code:
            try:
                reason, category = catalog.resolve(reason_code)
            except DomainError:
                self.fail("reason", "import-error-unknown-reason", value=reason_code)
        recalled_on = self.day("recalled_on")
        months_text = self.text("period_months")
        months = 0
        if months_text:
            months = int(months_text) if months_text.isdigit() else 0
            if not MIN_MONTHS <= months <= MAX_MONTHS:
                self.fail("period_months", "import-error-period", value=months_text)
        placement = self.choice("placement", Placement, "import-error-unknown-placement")
        disposition = self.choice("disposition", Disposition, "import-error-unknown-disposition")
        closed_on = self.day("closed_on")
        # Judged on what was written, so that a misspelt value is reported only once.
        has_placement, has_closed_on = (
            bool(self.cells.get(c)) for c in ("placement", "closed_on")
        )
        if has_placement and not has_closed_on:
            self.fail("closed_on", "import-error-placement-without-closed-on")
        if has_closed_on and not has_placement:
            self.fail("placement", "import-error-closed-on-without-placement")
        if self.cells.get("disposition") and not has_placement:
            self.fail("disposition", "import-error-disposition-without-placement")
        if closed_on is not None and recalled_on is not None and closed_on < recalled_on:
            self.fail("closed_on", "import-error-closed-before-recall")
        mentors, supervisors = self.names("mentor"), self.names("supervisor")
        if not self.ok or rank is None or recalled_on is None:
            return None
        return CohortRow(
            row=self.number,
            name=name,
            unit=unit,
            position=position,
            rank=rank,
            principal=principal in YES,
            reason=reason,
            category=category,
            cohort=cohort,
            recalled_on=recalled_on,
            period_months=months,
            placement=placement,
            disposition=disposition,
            closed_on=closed_on,
            mentors=mentors,
            supervisors=supervisors,
        )


# Writing ---------------------------------------------------------------------------------


Progress = Callable[[int, int], None]  # rows written so far, rows to write


def _chunks(items: Sequence[T], size: int = IN_CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class CohortImporter:
    def __init__(
        self, clock: Clock, zone: str = DEFAULT_ZONE, workdays: WorkCalendar | None = None
    ) -> None:
        self.clock = clock
        self.zone = zone
        self.workdays = workdays  # set: due dates fall on working days only (SKIP_HOLIDAYS)

    async def import_file(
        self, path: Path, *, by: Person | None = None, progress: Progress | None = None
    ) -> ImportResult:
        data = await asyncio.to_thread(path.read_bytes)
        return await self.import_bytes(path.name, data, by=by, progress=progress)

    async def import_bytes(
        self,
        filename: str,
        data: bytes,
        *,
        by: Person | None = None,
        progress: Progress | None = None,
    ) -> ImportResult:
        """Check the whole file, then add the rows not imported before, all or nothing.

        The rows are written in short transactions (ROWS_PER_TRANSACTION each), so that the
        bot's own writes get the database between them; the import as a whole still counts
        only when it finished: a failure takes back what the earlier transactions wrote, and
        an import cut short by a crash is taken back by the next one. `progress` is told the
        rows written so far and the rows to write, after each transaction."""
        rows = parse_rows(read_table(filename, data))
        now = self.clock.now()
        holder = f"import-{secrets.token_hex(4)}"
        term = await lease.acquire(holder, now, IMPORT_LEASE, name=IMPORT_LEASE_NAME)
        if term is None:
            raise DomainError("import-busy")
        try:
            await undo_unfinished_imports(now)
            present: set[str] = set()
            for keys in _chunks([row.import_key for row in rows]):
                found = await Case.filter(import_key__in=keys).values_list("import_key", flat=True)
                present.update(str(key) for key in found)
            new = [row for row in rows if row.import_key not in present]
            result = ImportResult(
                added=len(new),
                present=len(rows) - len(new),
                closed=sum(row.placement is not None for row in new),
            )
            staff = await self._find_staff(new)
            run = await _start(filename, now, by) if new else None
            try:
                assigned: list[tuple[int, int, Role]] = []
                if new:
                    term, assigned = await self._write(new, now, term, staff, progress)
                async with in_transaction():
                    # Staff enrolled before the import hear of their new cases, one message
                    # each (those created by it hear when they join).
                    await tell_assigned(assigned, now, batch=f"import-{run}", by=by)
                    await audit(
                        "cohort-imported",
                        now=now,
                        actor=by,
                        file=filename,
                        run=run,
                        added=result.added,
                        present=result.present,
                        after={
                            "added": result.added,
                            "present": result.present,
                            "closed": result.closed,
                        },
                    )
            except BaseException:
                if run is not None:
                    await asyncio.shield(_undo(run, now, "failed"))
                raise
        finally:
            await lease.release(term, self.clock.now(), name=IMPORT_LEASE_NAME)
        return result

    async def _write(
        self,
        rows: list[CohortRow],
        now: datetime,
        term: lease.Term,
        staff: tuple[dict[str, int], list[str]],
        progress: Progress | None = None,
    ) -> tuple[lease.Term, list[tuple[int, int, Role]]]:
        """Write the rows; returns the lease and the assignments of staff who existed before
        the import to its active cases (case, person, role)."""
        found, missing = staff
        known = set(found.values())
        assigned: list[tuple[int, int, Role]] = []
        async with in_transaction():
            units = await self._units({row.unit for row in rows})
            staff_ids = found | dict(zip(missing, await _create_people(missing, now), strict=True))
        held = 0.0
        for number, chunk in enumerate(_chunks(rows, ROWS_PER_TRANSACTION)):
            if held:
                await asyncio.sleep(min(PAUSE_BETWEEN_TRANSACTIONS, held + PAUSE_MARGIN))
            renewed = await lease.acquire(
                term.holder, self.clock.now(), IMPORT_LEASE, held=term, name=IMPORT_LEASE_NAME
            )
            if renewed is None:
                raise DomainError("import-busy")
            term = renewed
            # Planned before the transaction, so that it holds the lock only to write.
            plans = [self._plan(row, now) for row in chunk]
            started = time.perf_counter()
            async with in_transaction() as client:
                written = await self._write_chunk(
                    list(chunk), units, staff_ids, now, client, plans
                )
            # PostgreSQL locks rows, not the database: its other writers need no pause.
            if client.capabilities.dialect == "sqlite":
                held = time.perf_counter() - started
            assigned += [a for a in written if a[1] in known]
            if progress is not None:
                progress(min(len(rows), (number + 1) * ROWS_PER_TRANSACTION), len(rows))
        return term, assigned

    async def _write_chunk(
        self,
        rows: list[CohortRow],
        units: dict[str, int],
        staff: dict[str, int],
        now: datetime,
        client: BaseDBAsyncClient,
        plans: list[list[StepRow]],
    ) -> list[tuple[int, int, Role]]:
        """One transaction's rows (written through its `client`) and their plans (made by
        _plan); returns the assignments to its active cases."""
        cadres = await _create_people([row.name for row in rows], now)
        grants = [(pid, Role.CADRE) for pid in cadres]
        grants += await _missing_grants(
            [staff[n] for row in rows for n in row.mentors], Role.MENTOR
        )
        grants += await _missing_grants(
            [staff[n] for row in rows for n in row.supervisors], Role.SUPERVISOR
        )
        await insert_rows(client, RoleGrant, ("person_id", "role"), grants)
        since = await _last_id(Case)
        await Case.bulk_create(
            [
                self._case(row, cadre, units[row.unit], now)
                for row, cadre in zip(rows, cadres, strict=True)
            ],
            batch_size=BATCH,
        )
        case_ids = {
            str(key): int(case_id)
            for key, case_id in await Case.filter(id__gt=since).values_list("import_key", "id")
        }
        assignments = [
            (case_ids[row.import_key], staff[name], role)
            for row in rows
            for role, names in ((Role.MENTOR, row.mentors), (Role.SUPERVISOR, row.supervisors))
            for name in names
        ]
        await insert_rows(client, CaseAssignment, ("case_id", "person_id", "role"), assignments)
        steps = [
            (case_ids[row.import_key], *step[1:])
            for row, plan in zip(rows, plans, strict=True)
            for step in plan
        ]
        await insert_rows(client, PlanStep, StepRow._fields, steps)
        return [
            assignment
            for assignment, row in zip(assignments, _assignment_rows(rows), strict=True)
            if row.placement is None
        ]

    def _plan(self, row: CohortRow, now: datetime) -> list[StepRow]:
        """The plan of a row's case, its case id left 0 (the case is not written yet)."""
        return plan_step_rows(
            0,
            row.recalled_on,
            row.period_end,
            load_template(),
            now,
            closed_on=row.closed_on,
            workdays=self.workdays,
        )

    async def _units(self, names: set[str]) -> dict[str, int]:
        known = {str(n): int(i) for n, i in await Unit.all().values_list("name", "id")}
        missing = sorted(names - set(known))
        if missing:
            await Unit.bulk_create([Unit(name=name) for name in missing], batch_size=BATCH)
            known = {str(n): int(i) for n, i in await Unit.all().values_list("name", "id")}
        return known

    async def _find_staff(self, rows: list[CohortRow]) -> tuple[dict[str, int], list[str]]:
        """Mentors and supervisors: the staff member of that name (never a cadre or anyone
        else of the name, see namesake_for), or else a new record (the names returned second);
        an ambiguous name rejects the file at the first row that uses it."""
        first_use: dict[str, tuple[int, str]] = {}
        for row in rows:
            for column, names in (("mentor", row.mentors), ("supervisor", row.supervisors)):
                for name in names:
                    first_use.setdefault(name, (row.row, column))
        # Only a name somebody bears can mean somebody: one query per chunk finds those.
        borne: set[str] = set()
        for chunk in _chunks([name.strip() for name in first_use]):
            found_names = await Person.filter(name__in=chunk).values_list("name", flat=True)
            borne.update(str(name) for name in found_names)
        found: dict[str, int] = {}
        issues = []
        for name, (line, column) in first_use.items():
            if name.strip() not in borne:
                continue
            try:
                person = await namesake_for(name, Role.MENTOR)
            except DomainError as error:
                issues.append(Issue(line, column, error.key, error.params))
                continue
            if person is not None:
                found[name] = person.id
        if issues:
            raise ImportRejected(issues)
        return found, sorted(set(first_use) - set(found))

    def _case(self, row: CohortRow, cadre_id: int, unit_id: int, now: datetime) -> Case:
        closed = row.placement is not None
        return Case(
            cadre_id=cadre_id,
            unit_id=unit_id,
            position=row.position,
            rank=row.rank,
            principal=row.principal,
            reason=row.reason,
            category=row.category,
            cohort=row.cohort,
            recalled_on=row.recalled_on,
            period_months=row.period_months,
            period_end=row.period_end,
            status=CaseStatus.CLOSED if closed else CaseStatus.ACTIVE,
            placement=row.placement,
            disposition=row.disposition,
            closed_on=row.closed_on,
            import_key=row.import_key,
            created_at=now,
        )


def _assignment_rows(rows: list[CohortRow]) -> list[CohortRow]:
    """The row of each assignment, in the order _write_chunk makes them."""
    return [row for row in rows for names in (row.mentors, row.supervisors) for _ in names]


async def _last_id(model: type[Model]) -> int:
    last = await model.all().order_by("-id").first()
    return int(last.pk) if last else 0


async def _create_people(names: list[str], now: datetime) -> list[int]:
    """Insert one person per name; their ids, in the order of the names.

    bulk_create does not return ids, so they are read back: people of one name made here
    are alike, so any pairing of same-named rows with same-named ids is right.
    """
    since = await _last_id(Person)
    await Person.bulk_create(
        [Person(name=name, created_at=now) for name in names], batch_size=BATCH
    )
    made: dict[str, list[int]] = defaultdict(list)
    rows = (
        await Person.filter(id__gt=since, created_at=now).order_by("-id").values_list("name", "id")
    )
    for name, person_id in rows:
        made[str(name)].append(int(person_id))
    return [made[name].pop() for name in names]


async def _missing_grants(person_ids: list[int], role: Role) -> list[tuple[int, Role]]:
    """The grants of `role` these people do not hold yet."""
    wanted = sorted(set(person_ids))
    held: set[int] = set()
    for chunk in _chunks(wanted):
        grants = await RoleGrant.filter(person_id__in=chunk, role=role).values("person_id")
        held.update(grant["person_id"] for grant in grants)
    return [(pid, role) for pid in wanted if pid not in held]


async def insert_rows(
    client: BaseDBAsyncClient,
    model: type[Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Insert plain rows (values in the order of the model's fields `columns`) with one
    executemany, each value converted by its field's to_db_value as bulk_create converts it,
    without building model objects (their __init__ is most of bulk_create's time)."""
    if not rows:
        return
    meta = model._meta
    names = ", ".join(f'"{meta.fields_db_projection[column]}"' for column in columns)
    if client.capabilities.dialect == "postgres":
        marks = ", ".join(f"${n}" for n in range(1, len(columns) + 1))
    else:
        marks = ", ".join("?" * len(columns))
    by_column = [
        column if isinstance(field, _AS_IS) else _converted(column, field, model)
        for field, column in zip(
            [meta.fields_map[name] for name in columns], zip(*rows, strict=True), strict=True
        )
    ]
    values = [list(row) for row in zip(*by_column, strict=True)]
    await client.execute_many(f'INSERT INTO "{meta.db_table}" ({names}) VALUES ({marks})', values)


# Fields whose to_db_value returns a value of their type as it is (and only validates it).
_AS_IS = (fields.IntField, fields.SmallIntField, fields.TextField, fields.DateField)


def _converted(column: Sequence[Any], field: fields.Field[Any], model: type[Model]) -> list[Any]:
    """A column's values as its field's to_db_value gives them, each distinct value
    converted once: a column repeats few (kinds, statuses, the import's `now`)."""
    db_values = {value: field.to_db_value(value, model) for value in set(column)}
    return [db_values[value] for value in column]


# All or nothing across transactions ------------------------------------------------------


async def _start(filename: str, now: datetime, by: Person | None) -> int:
    """Record where the import starts: what it adds has ids above these marks."""
    marks = {
        "case": await _last_id(Case),
        "person": await _last_id(Person),
        "grant": await _last_id(RoleGrant),
        "unit": await _last_id(Unit),
    }
    async with in_transaction():
        event = await audit(
            "cohort-import-started", now=now, actor=by, file=filename, marks=marks, at=now
        )
    return event.id


async def undo_unfinished_imports(now: datetime) -> int:
    """Take back imports that started and never finished (a crash): run holding the import
    lease, so no other import is under way."""
    started = await AuditEvent.filter(action="cohort-import-started").order_by("id")
    if not started:
        return 0
    ended = {
        event.details.get("run")
        for event in await AuditEvent.filter(
            action__in=["cohort-imported", "cohort-import-undone"]
        )
    }
    undone = 0
    for event in started:
        if event.id not in ended:
            await _undo(event.id, now, "interrupted")
            undone += 1
    return undone


async def _undo(run: int, now: datetime, why: str) -> None:
    """Delete what an unfinished import added: its cases (their steps and assignments go
    with them), the people, role grants and units it created that nothing else uses."""
    event = await AuditEvent.get(id=run)
    marks, at = event.details["marks"], datetime.fromisoformat(event.details["at"])
    async with in_transaction():
        cases = Case.filter(id__gt=marks["case"], created_at=at, import_key__not_isnull=True)
        removed = await cases.count()
        await cases.delete()
        grants = RoleGrant.filter(
            id__gt=marks["grant"], role__in=[Role.MENTOR, Role.SUPERVISOR]
        ).values_list("id", "person_id", "role")
        for grant_id, person_id, role in await grants:
            if not await CaseAssignment.exists(person_id=person_id, role=role):
                await RoleGrant.filter(id=grant_id).delete()
        people = Person.filter(
            id__gt=marks["person"], created_at=at, telegram_id__isnull=True
        ).exclude(id__in=Subquery(Case.all().values("cadre_id")))
        await people.exclude(id__in=Subquery(CaseAssignment.all().values("person_id"))).delete()
        await (
            Unit.filter(id__gt=marks["unit"])
            .exclude(id__in=Subquery(Case.all().values("unit_id")))
            .delete()
        )
        await audit(
            "cohort-import-undone",
            now=now,
            run=run,
            file=event.details.get("file"),
            reason=why,
            before={"cases": removed},
            after={"cases": 0},
        )


# Rendering -------------------------------------------------------------------------------


def describe_issue(issue: Issue, locale: str) -> str:
    reason = translate(locale, issue.key, **issue.params)
    if issue.row == 0:
        return reason
    return translate(locale, "import-issue", row=issue.row, column=issue.column, reason=reason)


def describe_rejection(error: ImportRejected, locale: str) -> str:
    """The whole answer to a rejected file: a heading and one line per problem."""
    lines = [translate(locale, "import-rejected", count=error.total)]
    lines += [describe_issue(issue, locale) for issue in error.issues]
    if error.total > len(error.issues):
        lines.append(
            translate(locale, "import-more-issues", count=error.total - len(error.issues))
        )
    return "\n".join(lines)
