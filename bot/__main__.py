"""The `recallbot` command line: one function per command."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
import traceback
from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError
from tortoise.exceptions import (
    DBConnectionError,
    OperationalError,
    TransactionManagementError,
)

from bot import logs
from bot.clock import SystemClock
from bot.config import Settings
from bot.db import SQLITE_BUSY_TIMEOUT_MS, close_db, init_db, tortoise_config, upgrade
from bot.i18n import Translator, format_datetime
from bot.services.dates import local_date
from bot.services.errors import DomainError
from bot.services.export import file_name as export_file_name
from bot.services.export import record_export, write_export, write_files
from bot.services.importer import ImportRejected, describe_rejection
from bot.services.people import hash_token
from bot.services.registry import Services, calendar_of
from bot.services.stats import compute_stats, render_stats
from models import Invite
from models.enums import LeaveKind, NotificationStatus, Role

T = TypeVar("T")

# Plain tracebacks (no local variables printed), through main()'s redaction.
app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="recallbot: cadre recall.",
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(no_args_is_help=True, help="Database schema.")
app.add_typer(db_app, name="db")


def _t() -> Translator:
    return Translator(Settings().default_locale)


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(1)


def services_of(settings: Settings) -> Services:
    """The services a command works with, built as the bot builds them."""
    return Services.build(SystemClock(), settings)


def run_async(work: Callable[[Settings], Awaitable[T]], *, database: bool = True) -> T:
    """Run async work with the database open; domain errors are printed translated."""
    settings = Settings()

    async def main() -> T:
        if not database:
            return await work(settings)
        await init_db(settings.database_url)
        try:
            return await work(settings)
        finally:
            await close_db()

    t = Translator(settings.default_locale)
    try:
        return asyncio.run(main())
    except DomainError as error:
        raise _fail(_describe(error, t)) from None
    except (OperationalError, DBConnectionError, TransactionManagementError) as error:
        raise _fail(describe_db_error(error, t)) from None


def describe_db_error(error: Exception, t: Translator) -> str:
    """The database's own words, and a hint only when the cause is known."""
    text = str(error)
    lowered = text.lower()
    lines = [t("cli-db-error", error=text)]
    if "no such table" in lowered or "does not exist" in lowered:
        lines.append(t("cli-db-hint-no-table"))
    elif "locked" in lowered or "busy" in lowered:
        lines.append(t("cli-db-hint-locked", seconds=SQLITE_BUSY_TIMEOUT_MS // 1000))
    elif "readonly" in lowered or "read-only" in lowered or "permission denied" in lowered:
        lines.append(t("cli-db-hint-readonly"))
    elif "disk is full" in lowered or "no space" in lowered:
        lines.append(t("cli-db-hint-full"))
    return "\n".join(lines)


def _describe(error: DomainError, t: Translator) -> str:
    if isinstance(error, ImportRejected):
        return describe_rejection(error, t.locale)
    return t(error.key, **error.params)


# db ----------------------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the database or bring its schema up to date (applies the migrations)."""

    async def work(settings: Settings) -> None:
        try:
            await upgrade(settings.database_url)
        finally:
            await close_db()

    run_async(work, database=False)
    typer.echo(_t()("cli-db-upgraded"))


@db_app.command("makemigrations")
def db_makemigrations(
    check: Annotated[bool, typer.Option(help="Only say whether one is needed (exit 1).")] = False,
) -> None:
    """For developers: write a migration for the models' changes into models/migrations."""
    from tortoise import Tortoise
    from tortoise.migrations.autodetector import MigrationAutodetector

    async def work(_settings: Settings) -> list[str]:
        config = tortoise_config("sqlite://:memory:")
        await Tortoise.init(config=config)
        try:
            writers = await MigrationAutodetector(Tortoise.apps, config["apps"]).changes()
            return [writer.name if check else str(writer.write()) for writer in writers]
        finally:
            await close_db()

    t = _t()
    found = run_async(work, database=False)
    if not found:
        typer.echo(t("cli-no-model-changes"))
    elif check:
        raise _fail(t("cli-migration-needed", names=", ".join(found)))
    for path in found:
        typer.echo(t("cli-migration-written", path=path))


# import ------------------------------------------------------------------------------------


@app.command("import")
def import_cohort(file: Annotated[Path, typer.Argument(help=".csv or .xlsx cohort file")]) -> None:
    """Import a cohort of cases: all rows or none."""
    if not file.is_file():
        raise _fail(_t()("cli-file-not-found", path=str(file)))

    bar = ImportBar(_t()("import-progress"))

    async def work(settings: Settings) -> Any:
        return await services_of(settings).importer.import_file(file, progress=bar.update)

    try:
        result = run_async(work)
    finally:
        bar.close()
    typer.echo(_t()("import-done", added=result.added, present=result.present))


class ImportBar:
    """A progress bar on stderr, shown once an import has taken more than a second."""

    DELAY_SECONDS = 1.0

    def __init__(self, description: str) -> None:
        self.description = description
        self.started = time.monotonic()
        self.progress: Any = None
        self.task: Any = None

    def update(self, done: int, total: int) -> None:
        if self.progress is None:
            if time.monotonic() - self.started < self.DELAY_SECONDS or done >= total:
                return
            from rich.console import Console
            from rich.progress import Progress

            self.progress = Progress(console=Console(stderr=True), transient=True)
            self.progress.start()
            self.task = self.progress.add_task(self.description, total=total)
        self.progress.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


# invite ------------------------------------------------------------------------------------


async def bot_username(settings: Settings) -> str:
    """BOT_USERNAME, or else the bot's own answer to getMe."""
    if settings.bot_username:
        return settings.bot_username.lstrip("@")
    token = settings.bot_token.get_secret_value()
    if not token:
        raise DomainError("cli-no-bot-username")
    from telegram import Bot
    from telegram.error import TelegramError

    try:
        async with Bot(token, base_url=settings.telegram_base_url) as bot:
            me = await bot.get_me()
    except TelegramError as error:
        # InvalidToken names the token in full: never print it.
        raise DomainError("cli-telegram-error", error=logs.redact(str(error), token)) from None
    if not me.username:
        raise DomainError("cli-no-bot-username")
    return me.username


@app.command()
def invite(
    role: Annotated[Role, typer.Option(help="Role the invite grants.")],
    name: Annotated[str, typer.Option(help="The person's name.")],
    case: Annotated[
        int | None, typer.Option(help="Case id, when a cadre's name is ambiguous.")
    ] = None,
) -> None:
    """Print a single-use invite link for a person."""

    async def work(settings: Settings) -> tuple[str, str]:
        username = await bot_username(settings)
        token, person = await services_of(settings).people.create_invite(role, name, case_id=case)
        stored = await Invite.get(token_hash=hash_token(token))
        t = Translator(settings.default_locale)
        heading = t(
            "cli-invite-created",
            name=person.name,
            role=t(f"role-{role.value}"),
            expires=format_datetime(stored.expires_at, t.locale, settings.zone),
        )
        return heading, f"https://t.me/{username}?start={token}"

    heading, link = run_async(work)
    typer.echo(heading)
    typer.echo(link)


@app.command()
def revoke(
    role: Annotated[Role, typer.Option(help="The role to take away.")],
    name: Annotated[str, typer.Option(help="The person's name.")],
    case: Annotated[
        int | None, typer.Option(help="Only take a mentor or supervisor off this case.")
    ] = None,
) -> None:
    """Take a role away from a person (or a mentor or supervisor off one case)."""

    async def work(settings: Settings) -> str:
        person = await services_of(settings).people.revoke(role, name, case_id=case)
        t = Translator(settings.default_locale)
        key = "cli-revoked-case" if case is not None else "cli-revoked"
        return t(key, name=person.name, role=t(f"role-{role.value}"), case=case or 0)

    typer.echo(run_async(work))


# stats -------------------------------------------------------------------------------------


@app.command()
def stats(
    cohort: Annotated[str | None, typer.Option(help="Only this cohort.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Programme figures: totals, by category, reason, rank, cohort and outcome."""
    figures = run_async(
        lambda settings: compute_stats(
            cohort, today=local_date(SystemClock().now(), settings.timezone)
        )
    )
    if as_json:
        typer.echo(json.dumps(figures, ensure_ascii=False, sort_keys=True))
    else:
        typer.echo(render_stats(figures, Settings().default_locale, cohort))


# export ------------------------------------------------------------------------------------


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


@app.command()
def export(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="xlsx: a file; csv: a folder (default: 召回管理台账_<date> here, in English"
            " recall-register_<date>).",
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="xlsx or csv.")
    ] = ExportFormat.XLSX,
    files: Annotated[
        Path | None,
        typer.Option(help="Also write the files people sent (reflections, voice notes) here."),
    ] = None,
) -> None:
    """Export cases, steps, talks, attendance, reflections, assessments and outcomes."""

    async def work(settings: Settings) -> list[Path]:
        today = local_date(SystemClock().now(), settings.timezone)
        locale = settings.default_locale
        target = output or Path(export_file_name(locale, today, fmt.value))
        written = await write_export(target, fmt.value, locale, settings.timezone, as_of=today)
        written += await write_files(files) if files is not None else []
        await record_export(SystemClock().now(), fmt.value, files=files is not None)
        return written

    for path in run_async(work):
        typer.echo(_t()("cli-export-written", path=str(path)))


# audit -------------------------------------------------------------------------------------


@app.command()
def audit(
    case: Annotated[int | None, typer.Option(help="Only the events of this case.")] = None,
    person: Annotated[
        str | None, typer.Option(help="Only what this person did or what concerns them.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only events from this day on (YYYY-MM-DD).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array of events.")] = False,
) -> None:
    """The audit trail: who did what, when, and what it changed (before → after)."""
    from datetime import date, datetime

    from bot.services.audit import changes, read_events

    t = _t()
    try:
        day = date.fromisoformat(since) if since else None
    except ValueError:
        raise _fail(t("cli-audit-bad-date", value=since or "")) from None

    async def work(settings: Settings) -> list[dict[str, Any]]:
        return await read_events(case_id=case, person=person, since=day, zone=settings.timezone)

    # Read before the database opens: Tortoise sets TIMEZONE=UTC in the environment.
    settings = Settings()
    events = run_async(work)
    if as_json:
        typer.echo(json.dumps(events, ensure_ascii=False, indent=1))
        return
    if not events:
        typer.echo(t("cli-audit-none"))
    for row in events:
        when = format_datetime(datetime.fromisoformat(row["at"]), t.locale, settings.zone)
        line = t(
            "cli-audit-row",
            id=row["id"],
            when=when,
            actor=row["actor"] or t("cli-audit-command-line"),
            action=row["action"],
            case=f"#{row['case']}" if row["case"] else "-",
            person=row["person"] or "-",
        )
        change = changes(row)
        typer.echo(f"{line}\n    {change}" if change else line)


# backup ------------------------------------------------------------------------------------


@app.command()
def backup(
    path: Annotated[Path, typer.Argument(help="Where the copy goes (a file).")],
) -> None:
    """A consistent copy of the database, safe while the bot runs (SQLite: the backup API,
    PostgreSQL: pg_dump). docs/operator-guide.md says how to restore it."""
    from bot.services.backup import backup as take_backup

    async def work(settings: Settings) -> Any:
        return await take_backup(settings.database_url, path)

    done = run_async(work, database=False)
    typer.echo(_t()(f"cli-backup-written-{done.tool}", path=str(done.path), size=done.size))


# dossier -----------------------------------------------------------------------------------


@app.command()
def dossier(
    case_id: Annotated[int, typer.Argument(help="The case number.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The PDF file to write.")],
    locale: Annotated[
        str | None, typer.Option(help="zh-CN or en (default: the case's language).")
    ] = None,
) -> None:
    """Write a case's dossier for the personnel file (PDF): the case, plan, records, outcome."""
    from bot.services import dossier as dossiers

    if locale is not None and locale not in ("zh-CN", "en"):
        raise _fail("--locale must be zh-CN or en")

    async def work(settings: Settings) -> None:
        made = await dossiers.make(
            case_id,
            SystemClock().now(),
            settings.timezone,
            default_locale=settings.default_locale,
            locale=locale,
        )
        await dossiers.write(output, made)

    run_async(work)
    typer.echo(_t()("cli-dossier-written", path=str(output)))


# leave -------------------------------------------------------------------------------------

leave_app = typer.Typer(no_args_is_help=True, help="A cadre's leave of absence.")
app.add_typer(leave_app, name="leave")


def _leave_text(t: Translator, leave: Any) -> str:
    from bot.services.leaves import length

    return t(
        "leave-line",
        kind=t(f"leave-kind-{leave.kind}"),
        start=leave.starts_on,
        end=leave.ends_on,
        days=length(leave),
        extended=t("leave-line-extended") if leave.extends_period else "",
    )


def _saved(settings: Settings, leave: Any) -> str:
    t = Translator(settings.default_locale)
    return t(
        "cli-leave-recorded",
        id=leave.id,
        name=leave.case.cadre.name,
        line=_leave_text(t, leave),
        period_end=leave.case.period_end,
    )


@leave_app.command("add")
def leave_add(
    case_id: Annotated[int, typer.Argument(help="The case number.")],
    kind: Annotated[LeaveKind, typer.Option(help="sick, official or other.")],
    start: Annotated[datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day.")],
    end: Annotated[datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day.")],
    reason: Annotated[str, typer.Option(help="Why.")],
    extend: Annotated[
        bool, typer.Option("--extend/--no-extend", help="Lengthen the period by the leave.")
    ] = False,
) -> None:
    """Record a leave: no reminders during it, steps due in it move to after it."""
    from bot.services.leaves import LeaveRequest

    async def work(settings: Settings) -> str:
        request = LeaveRequest(kind, start.date(), end.date(), reason, extend)
        leave = await services_of(settings).leaves.record(case_id, request, by=None)
        await leave.fetch_related("case__cadre")
        return _saved(settings, leave)

    typer.echo(run_async(work))


@leave_app.command("end")
def leave_end(
    leave_id: Annotated[int, typer.Argument(help="The leave number (see `leave list`).")],
    last: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="The actual last day.")],
) -> None:
    """End a leave early."""

    async def work(settings: Settings) -> str:
        leave = await services_of(settings).leaves.end_early(leave_id, last.date(), by=None)
        await leave.fetch_related("case__cadre")
        return _saved(settings, leave)

    typer.echo(run_async(work))


@leave_app.command("correct")
def leave_correct(
    leave_id: Annotated[int, typer.Argument(help="The leave number (see `leave list`).")],
    kind: Annotated[LeaveKind | None, typer.Option(help="sick, official or other.")] = None,
    start: Annotated[
        datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="First day.")
    ] = None,
    end: Annotated[
        datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day.")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Why.")] = None,
    extend: Annotated[
        bool | None, typer.Option("--extend/--no-extend", help="Lengthen the period.")
    ] = None,
) -> None:
    """Correct a leave: only the options given change."""
    from bot.services.leaves import LeaveRequest
    from models import Leave

    async def work(settings: Settings) -> str:
        leave = await Leave.get_or_none(id=leave_id)
        if leave is None:
            raise DomainError("leave-error-not-found")
        request = LeaveRequest(
            kind or LeaveKind(leave.kind),
            start.date() if start else leave.starts_on,
            end.date() if end else leave.ends_on,
            leave.reason if reason is None else reason,
            leave.extends_period if extend is None else extend,
        )
        leave = await services_of(settings).leaves.correct(leave_id, request, by=None)
        await leave.fetch_related("case__cadre")
        return _saved(settings, leave)

    typer.echo(run_async(work))


@leave_app.command("list")
def leave_list(
    case: Annotated[int | None, typer.Option(help="Only this case.")] = None,
) -> None:
    """The leaves recorded, by case."""
    from models import Leave

    async def work(settings: Settings) -> list[str]:
        t = Translator(settings.default_locale)
        rows = Leave.all() if case is None else Leave.filter(case_id=case)
        leaves = await rows.order_by("case_id", "starts_on").prefetch_related("case__cadre")
        return [
            t(
                "cli-leave-row",
                id=leave.id,
                case=leave.case_id,
                name=leave.case.cadre.name,
                line=_leave_text(t, leave),
                reason=leave.reason,
            )
            for leave in leaves
        ] or [t("cli-leave-none")]

    for line in run_async(work):
        typer.echo(line)


# run, outbox, demo -------------------------------------------------------------------------


@app.command()
def status(
    check: Annotated[
        bool, typer.Option(help="Exit 1 when this year or next is not fully known.")
    ] = False,
    on: Annotated[
        str | None, typer.Option(help="As of this day (YYYY-MM-DD) instead of today.")
    ] = None,
) -> None:
    """Where this year's and next year's working days come from (holidays, make-up days)."""
    from datetime import date

    from bot.services.dates import local_date
    from bot.services.status import calendar_status, render_status

    settings = Settings()
    try:
        today = (
            date.fromisoformat(on) if on else local_date(SystemClock().now(), settings.timezone)
        )
    except ValueError:
        raise _fail(f"--on: {on!r} is not a date like 2027-01-01") from None
    report = calendar_status(calendar_of(settings), settings.skip_holidays, today)
    typer.echo(render_status(report, settings.default_locale))
    if check and report.warnings:
        raise typer.Exit(1)


@app.command()
def run(
    webhook: Annotated[
        bool,
        typer.Option(
            "--webhook", help="Receive updates on WEBHOOK_URL instead of polling (see docs)."
        ),
    ] = False,
) -> None:
    """Start the bot: polling (or a webhook), reminders and the outbox sender, until Ctrl+C."""
    from telegram.error import InvalidToken, NetworkError

    from bot.runner import run as run_bot

    settings = Settings()
    t = Translator(settings.default_locale)
    try:
        asyncio.run(run_bot(settings, webhook=webhook))
    except InvalidToken:
        raise _fail(t("cli-token-rejected", url=settings.telegram_base_url)) from None
    except NetworkError as error:
        token = settings.bot_token.get_secret_value()
        raise _fail(
            t(
                "cli-telegram-unreachable",
                url=settings.telegram_base_url,
                error=logs.redact(str(error), token),
            )
        ) from None


@app.command()
def outbox(
    status: Annotated[
        list[NotificationStatus] | None,
        typer.Option(
            "--status", help="Only these statuses (default: pending, failed, uncertain, paused)."
        ),
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
    retry: Annotated[
        list[int] | None,
        typer.Option("--retry", help="Send this failed or uncertain notification again."),
    ] = None,
) -> None:
    """Notifications not (yet) delivered, newest first, with the reason."""
    from bot.services.outbox import list_outbox, outbox_counts, requeue

    wanted = status or [
        NotificationStatus.PENDING,
        NotificationStatus.FAILED,
        NotificationStatus.UNCERTAIN,
        NotificationStatus.PAUSED,
    ]

    async def work(settings: Settings) -> list[str]:
        t = Translator(settings.default_locale)
        lines = []
        if retry:
            count = await requeue(retry, SystemClock().now())
            lines.append(t("cli-outbox-requeued", count=count))
        counts = await outbox_counts()
        lines.append(t("cli-outbox-counts", **counts))
        for n in await list_outbox(wanted, limit):
            lines.append(
                t(
                    "cli-outbox-row",
                    id=n.id,
                    status=str(n.status),
                    person=n.person.name,
                    message=n.message,
                    attempts=n.attempts,
                    when=format_datetime(n.not_before, t.locale, settings.zone),
                    error=n.last_error or "-",
                )
            )
        return lines

    for line in run_async(work):
        typer.echo(line)


@app.command()
def demo(
    locale: Annotated[str, typer.Option(help="zh-CN or en.")] = "zh-CN",
    speed: Annotated[
        float,
        typer.Option(help="1: full speed. Below 1, slower and printed live (0.1: ~1 s a day)."),
    ] = 1.0,
    out: Annotated[Path, typer.Option(help="Where the chart, export and database go.")] = Path(
        "demo-out"
    ),
    seed: Annotated[int, typer.Option(help="Varies the people's small choices.")] = 7,
    interactive: Annotated[
        bool, typer.Option(help="Act as any demo person yourself, in this terminal.")
    ] = False,
    quiet: Annotated[bool, typer.Option(help="Only the statistics and the checks.")] = False,
) -> None:
    """The whole bot at work on a local Bot API emulator: no Telegram token needed."""
    from bot.devtools.demo import DemoOptions, run_demo

    if locale not in ("zh-CN", "en"):
        raise _fail("--locale must be zh-CN or en")
    options = DemoOptions(locale, speed, out, seed, interactive, quiet)
    raise typer.Exit(asyncio.run(run_demo(options)))


def _token_and_level() -> tuple[str, str]:
    """The token to keep out of every line written, and the log level, even when some other
    setting is wrong (then from the environment alone)."""
    try:
        settings = Settings()
    except ValidationError:
        return os.environ.get("BOT_TOKEN", ""), os.environ.get("LOG_LEVEL", "INFO").upper()
    return settings.bot_token.get_secret_value(), settings.log_level


def main() -> None:
    token, level = _token_and_level()
    logs.configure(token, level if level in logs.LEVELS else "INFO")
    try:
        app()
    except ValidationError as error:
        # A wrong setting (say TIMEZONE=Beijing) deserves one line per setting, not a trace.
        for problem in error.errors():
            name = ".".join(str(part) for part in problem["loc"]).upper()
            typer.echo(f"{name}: {problem['msg']}", err=True)
        raise SystemExit(2) from None
    except Exception as error:
        # A crash is reported like any other, with the token taken out.
        sys.stderr.write(logs.redact("".join(traceback.format_exception(error)), token))
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
