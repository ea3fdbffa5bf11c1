"""The supervisors' dashboard as a Telegram Mini App: the page at /app and its JSON API.

Every API call carries `Authorization: tma <initData>`: the launch data Telegram gave the page,
signed with the bot's token. It says which Telegram user is looking; that user's person and
roles decide, exactly as in the chat, which cases they see.

    GET /app                  the page (HTML, CSS and JS from bot/web/static, no CDN)
    GET /app/api/cases        the cases in scope with progress and overdue steps, two charts
    GET /app/api/cases/{id}   one case's timeline
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.i18n import (
    LOCALES,
    code_label,
    format_date,
    format_datetime,
    join_names,
    message_ids,
    normalize_locale,
    step_name,
    translate,
)
from bot.services import dashboard, oversight
from bot.services import leaves as leave_rules
from bot.services.access import roles_of
from bot.services.cases import CLOSED_NOTE
from bot.services.dates import local_date
from bot.services.errors import DomainError
from bot.services.mentoring import shown_status
from bot.services.oversight import OVERSIGHT_ROLES
from bot.web.initdata import InvalidInitData, validate
from models import Person
from models.enums import Role, StepStatus

if TYPE_CHECKING:
    from bot.chat.app import RecallApplication

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
PAGE_STRINGS = "webapp-page-"  # catalog messages the page shows as they are
CASE_ID = re.compile(r"[0-9]{1,10}")
MAX_CASE_ID = 2**31 - 1  # larger ids are not ours (and would overflow PostgreSQL's integer)
EXCERPT = 120

# The page may load only its own files, and Telegram's script (present inside Telegram).
CSP = (
    "default-src 'none'; script-src 'self' https://telegram.org; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@dataclass(frozen=True)
class Viewer:
    """Who is looking: their person, roles, language, zone and today."""

    person: Person
    roles: frozenset[Role]
    locale: str
    zone: ZoneInfo
    today: date

    def t(self, key: str, **params: Any) -> str:
        return translate(self.locale, key, **params)


def setup_miniapp(web_app: web.Application, app: RecallApplication) -> None:
    """Add GET /app, its static files and /app/api/... to a web application."""
    settings = app.services.settings

    async def viewer(request: web.Request) -> Viewer:
        """The caller, from the signed launch data; 401 or 403 otherwise."""
        scheme, _, init_data = request.headers.get("Authorization", "").partition(" ")
        now = app.services.clock.now()
        try:
            if scheme.lower() != "tma":
                raise InvalidInitData("no tma authorization")
            user = validate(init_data.strip(), settings.bot_token.get_secret_value(), now)
        except InvalidInitData as error:
            log.info("mini app: refused launch data (%s)", error)
            raise _error(
                web.HTTPUnauthorized, "unauthorized", {"WWW-Authenticate": "tma"}
            ) from None
        person = await Person.get_or_none(telegram_id=user.id)
        roles = frozenset(await roles_of(person)) if person is not None else frozenset()
        if person is None or not roles & set(OVERSIGHT_ROLES):
            raise _error(web.HTTPForbidden, "forbidden")
        # Telegram's language first, as the page follows it; then the person's, then ours.
        locale = normalize_locale(user.language_code, person.locale or settings.default_locale)
        zone = ZoneInfo(person.timezone or settings.timezone)
        today = local_date(now, str(zone))
        return Viewer(person, roles, locale, zone, today)

    async def page(request: web.Request) -> web.Response:
        return web.Response(
            text=render_page(settings.default_locale),
            content_type="text/html",
            headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"},
        )

    async def cases(request: web.Request) -> web.Response:
        who = await viewer(request)
        board = await dashboard.dashboard(who.person, who.roles, who.today)
        return _json(cases_json(who, board))

    async def case(request: web.Request) -> web.Response:
        who = await viewer(request)
        raw = request.match_info["case_id"]
        if not CASE_ID.fullmatch(raw) or int(raw) > MAX_CASE_ID:
            raise _error(web.HTTPNotFound, "not_found")
        case_id = int(raw)
        try:
            found = await oversight.case_in_scope(who.person, who.roles, case_id)
        except DomainError:
            raise _error(web.HTTPNotFound, "not_found") from None
        view = await oversight.timeline(found, who.today, str(who.zone))
        return _json(timeline_json(who, view))

    web_app.router.add_get("/app", page)
    web_app.router.add_get("/app/", to_page)
    web_app.router.add_get("/app/static/{name}", static_file)
    web_app.router.add_get("/app/api/cases", cases)
    web_app.router.add_get("/app/api/cases/{case_id}", case)


# The page -----------------------------------------------------------------------------------


async def to_page(request: web.Request) -> web.Response:
    """/app/ is /app (the page's addresses are relative to it); relative, for any proxy prefix."""
    raise web.HTTPFound("../app")


STATIC_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}


@cache
def _static(name: str) -> tuple[bytes, str] | None:
    path = STATIC / name
    if path.suffix not in STATIC_TYPES or path.parent != STATIC or not path.is_file():
        return None
    return path.read_bytes(), STATIC_TYPES[path.suffix]


def _version(name: str) -> str:
    found = _static(name)
    return hashlib.sha256(found[0]).hexdigest()[:12] if found else "0"


async def static_file(request: web.Request) -> web.Response:
    found = _static(request.match_info["name"])
    if found is None:
        raise web.HTTPNotFound()
    body, content_type = found
    # The page asks for each file with its content hash, so a cached copy is never stale.
    headers = {**SECURITY_HEADERS, "Cache-Control": "public, max-age=31536000, immutable"}
    return web.Response(body=body, content_type=content_type, headers=headers)


@cache
def page_strings() -> dict[str, dict[str, str]]:
    """The texts the page shows before (and besides) the API's answers, in each language."""
    keys = sorted(k for k in message_ids("zh-CN") if k.startswith(PAGE_STRINGS))
    return {
        locale: {k.removeprefix(PAGE_STRINGS): translate(locale, k) for k in keys}
        for locale in LOCALES
    }


@cache
def render_page(default_locale: str) -> str:
    template = (STATIC / "index.html").read_text(encoding="utf-8")
    strings = json.dumps(
        {"default": default_locale, "strings": page_strings()}, ensure_ascii=False
    ).replace("</", "<\\/")
    return (
        template.replace("{{strings}}", strings)
        .replace("{{lang}}", default_locale)
        .replace("{{css}}", _version("app.css"))
        .replace("{{js}}", _version("app.js"))
    )


# The API's answers -------------------------------------------------------------------------


def _json(data: dict[str, Any]) -> web.Response:
    return web.json_response(
        data,
        dumps=lambda value: json.dumps(value, ensure_ascii=False),
        headers={**SECURITY_HEADERS, "Cache-Control": "no-store"},
    )


def _error(
    kind: type[web.HTTPError], code: str, headers: dict[str, str] | None = None
) -> web.HTTPError:
    return kind(
        text=json.dumps({"error": code}),
        content_type="application/json",
        headers={**SECURITY_HEADERS, **(headers or {})},
    )


def _day(who: Viewer, day: date | None) -> str:
    return format_date(day, who.locale) if day else "—"


def cases_json(who: Viewer, board: dashboard.Dashboard) -> dict[str, Any]:
    rows = [case_row(who, row) for row in board.cases]
    late = sum(1 for row in board.cases if row.state == "overdue")
    return {
        "locale": who.locale,
        "today": board.today.isoformat(),
        "title": who.t("webapp-title", name=who.person.name),
        "summary": who.t(
            "webapp-summary", today=_day(who, board.today), count=len(rows), overdue=late
        ),
        "cases": rows,
        "cohorts": [
            {
                "cohort": c.cohort,
                "label": c.cohort or who.t("webapp-no-cohort"),
                "cases": c.cases,
                "done": c.done,
                "total": c.total,
                "overdue": c.overdue,
                "percent": _percent(c.done, c.total),
                "text": who.t("webapp-cohort-line", done=c.done, total=c.total, cases=c.cases),
            }
            for c in board.cohorts
        ],
        "weeks": [
            {
                "start": w.start.isoformat(),
                "label": f"{w.start.month}/{w.start.day}",
                "title": who.t("webapp-week-line", start=_day(who, w.start), count=w.overdue),
                "overdue": w.overdue,
            }
            for w in board.weeks
        ],
    }


def _percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def case_row(who: Viewer, row: dashboard.CaseRow) -> dict[str, Any]:
    case, counts = row.case, row.progress
    return {
        "id": case.id,
        "cadre": case.cadre.name,
        "unit": case.unit.name,
        "cohort": case.cohort,
        "cohort_label": case.cohort or who.t("webapp-no-cohort"),
        "state": row.state,
        "state_label": who.t(f"webapp-state-{row.state}"),
        "done": counts.done,
        "total": counts.total,
        "open": counts.open,
        "overdue": counts.overdue,
        "days_overdue": row.days_overdue,
        "percent": _percent(counts.done, counts.total),
        "progress_label": who.t("webapp-progress", done=counts.done, total=counts.total),
        "overdue_label": who.t("webapp-overdue", count=len(row.overdue), days=row.days_overdue)
        if row.overdue
        else "",
        "overdue_steps": [
            {
                "step": step_name(who.locale, str(item.step.kind), item.step.label),
                "due": _day(who, item.step.due_on),
                "days": item.days,
                "who": join_names(item.responsible, who.locale),
                "text": who.t(
                    "webapp-overdue-step",
                    step=step_name(who.locale, str(item.step.kind), item.step.label),
                    due=_day(who, item.step.due_on),
                    days=item.days,
                ),
            }
            for item in row.overdue
        ],
        "period": who.t(
            "webapp-period", start=_day(who, case.recalled_on), end=_day(who, case.period_end)
        ),
        "leave_label": who.t(
            "webapp-on-leave",
            kind=who.t(f"leave-kind-{row.leave.kind}"),
            end=_day(who, row.leave.ends_on),
        )
        if row.leave
        else "",
    }


# Entries of a timeline, in this order on one day.
ENTRY_ORDER = ("step", "talk", "attendance", "reflection", "assessment", "leave")


def timeline_json(who: Viewer, view: oversight.CaseTimeline) -> dict[str, Any]:
    case, counts, t = view.case, view.progress, who.t
    entries: list[dict[str, Any]] = []

    def entry(
        kind: str, day: date, title: str, detail: str = "", status: str = "", **extra: Any
    ) -> None:
        entries.append(
            {
                "type": kind,
                "type_label": t(f"webapp-entry-{kind}"),
                "date": day.isoformat(),
                "day": _day(who, day),
                "title": title,
                "detail": detail,
                "status": status,
                **extra,
            }
        )

    for s in view.steps:
        status = shown_status(StepStatus(s.status), s.due_on, who.today)
        detail = t("webapp-done-on", day=_day(who, s.done_on)) if s.done_on else ""
        if s.status == StepStatus.WAIVED and s.note and s.note != CLOSED_NOTE:
            detail = s.note  # the reason given for waiving it
        entry(
            "step",
            s.due_on,
            step_name(who.locale, str(s.kind), s.label),
            detail,
            str(status),
            status_label=t(f"step-status-{status}"),
        )
    for talk in view.talks:
        summary = " ".join(talk.summary.split())
        entry(
            "talk",
            talk.held_on,
            t("webapp-talk", mentor=talk.mentor.name, attitude=talk.attitude),
            summary[:EXCERPT] + ("…" if len(summary) > EXCERPT else ""),
            str(talk.confirmation),
            status_label=t(f"export-talk-{talk.confirmation}"),
            late=talk.late,
        )
    for mark in view.attendance:
        session = mark.session
        entry(
            "attendance",
            session.starts_at.astimezone(who.zone).date(),
            t("webapp-session", kind=t(f"session-kind-{session.kind}"), title=session.title),
            format_datetime(session.starts_at, who.locale, who.zone),
            str(mark.status or "none"),
            status_label=t(f"attendance-{mark.status or 'none'}"),
        )
    for line in view.reflections:
        reflection = line.reflection
        entry(
            "reflection",
            reflection.created_at.astimezone(who.zone).date(),
            t("webapp-reflection", versions=line.versions),
            "",
            str(reflection.status),
            status_label=t(f"export-reflection-{reflection.status}"),
            late=reflection.late,
        )
    for assessment in view.assessments:
        entry(
            "assessment",
            assessment.assessed_on,
            t(f"assessment-kind-{assessment.kind}"),
            assessment.assessor.name,
            str(assessment.grade),
            status_label=t(f"grade-{assessment.grade}"),
            late=assessment.late,
        )
    for leave in view.leaves:
        current = leave.starts_on <= who.today <= leave.ends_on
        labels = [t("webapp-leave-current")] if current else []
        if leave.extends_period:
            labels.append(t("webapp-leave-extended", days=leave_rules.length(leave)))
        entry(
            "leave",
            leave.starts_on,
            t(
                "webapp-leave",
                kind=t(f"leave-kind-{leave.kind}"),
                end=_day(who, leave.ends_on),
                days=leave_rules.length(leave),
            ),
            t("dossier-leave-reason", reason=leave.reason),
            "current" if current else "",
            status_label=" · ".join(labels),
        )
    entries.sort(key=lambda e: (e["date"], ENTRY_ORDER.index(e["type"])))
    for item in entries:
        item.setdefault("late", False)
    outcome = None
    if case.placement:
        outcome = t(
            "webapp-outcome",
            day=_day(who, case.closed_on),
            placement=t(f"placement-{case.placement}"),
            disposition=t(f"disposition-{case.disposition or 'none'}"),
        )
    return {
        "locale": who.locale,
        "id": case.id,
        "title": t("webapp-case-title", id=case.id, name=case.cadre.name),
        "facts": [
            t("webapp-fact-unit", unit=case.unit.name, position=case.position or "—"),
            t("webapp-fact-cohort", cohort=case.cohort or t("webapp-no-cohort")),
            t(
                "webapp-fact-reason",
                category=t(f"category-{case.category}"),
                reason=code_label(who.locale, "reason", case.reason)
                if case.reason != case.category
                else "—",
            ),
            t(
                "webapp-period",
                start=_day(who, case.recalled_on),
                end=_day(who, case.period_end),
            ),
            t(
                "webapp-fact-team",
                mentors=join_names(view.mentors, who.locale) or "—",
                supervisors=join_names(view.supervisors, who.locale) or "—",
            ),
            *([outcome] if outcome else []),
        ],
        "percent": _percent(counts.done, counts.total),
        "progress_label": t("webapp-progress", done=counts.done, total=counts.total),
        "entries": entries,
    }
