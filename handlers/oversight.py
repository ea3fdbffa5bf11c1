"""What supervisors and admins look at: /overdue, /case, /digest, /digest_settings, /stats,
/export."""

from __future__ import annotations

import html

from telegram import InputFile, Update
from telegram.constants import MessageLimit, ParseMode
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.chat.app import RecallApplication
from bot.chat.callbacks import claim, is_id, stale
from bot.chat.context import AppContext
from bot.chat.text import split_message
from bot.i18n import code_label
from bot.services import (
    chart,
    digest,
    dossier,
    export,
    mentoring,
    oversight,
    policy,
    readiness,
    standing,
    stats,
)
from bot.services.cases import CLOSED_NOTE
from bot.services.notices import CASE_VIEW_PREFIX
from bot.services.oversight import CASE_VIEW_ROLES, OVERSIGHT_ROLES, CaseTimeline
from handlers import plantalk
from handlers.choices import (
    CASE_ACTION,
    STEP_ICONS,
    case_label,
    join_names,
    session_note,
    step_name,
)
from handlers.common import answer, edit_or_send, requires, send_text
from handlers.leave import leave_line
from handlers.menu import dashboard_button
from handlers.pickers import data_of, excerpt, query_of
from models import AuditEvent, Case
from models.enums import CaseStatus, DigestFrequency, Role, StepStatus

MAX_CASE_BUTTONS = 20
CASE_VIEW = claim(CASE_VIEW_PREFIX, "case")
DOSSIER = claim("dos", "dossier")
DIGEST = claim("dg", "digest_settings")


# /overdue ----------------------------------------------------------------------------------


OVERDUE = claim("ovd", "overdue pages")
OVERDUE_CASES = 5  # cases on one page of /overdue
OVERDUE_STEPS = 3  # steps shown for each case (the rest: on the case's own screen)


@requires("overdue")
async def cmd_overdue(update: Update, context: AppContext) -> None:
    await _overdue_page(update, context, 0)


@requires("overdue")
async def on_overdue_page(update: Update, context: AppContext) -> None:
    await _overdue_page(update, context, OVERDUE.number(data_of(update), "p"))


async def _overdue_page(update: Update, context: AppContext, page: int) -> None:
    """A page of cases with overdue steps, the worst first: a few steps each, a button to
    each case, and page buttons (no 60-line message after a lapse)."""
    today = context.today()
    groups = await oversight.overdue(context.require_person(), context.roles, today)
    if not groups:
        text = context.t("overdue-none", today=context.date(today))
        if update.callback_query is not None:
            await edit_or_send(update.callback_query, context, text)
        else:
            await answer(update, context, text)
        return
    pages = -(-len(groups) // OVERDUE_CASES)
    lines = [context.t("overdue-title", today=context.date(today), cases=len(groups))]
    if page >= pages:  # an old page button: the data changed since
        lines.append(context.t("case-page-gone"))
        page = pages - 1
    buttons: list[tuple[str, str]] = []
    for group in groups[page * OVERDUE_CASES : (page + 1) * OVERDUE_CASES]:
        lines += ["", f"<b>{html.escape(case_label(group.case))}</b>"]
        for item in group.steps[:OVERDUE_STEPS]:
            role = context.t(f"role-{item.step.responsible}")
            who = (
                join_names(context, item.responsible)
                if item.responsible
                else context.t("overdue-nobody")
            )
            lines.append(
                context.t(
                    "overdue-line",
                    step=step_name(context, item.step),
                    due=context.date(item.step.due_on),
                    days=item.days,
                    role=role,
                    who=who,
                )
            )
        if len(group.steps) > OVERDUE_STEPS:
            lines.append(context.t("overdue-more", count=len(group.steps) - OVERDUE_STEPS))
        label = context.t(
            "overdue-case-button", name=group.case.cadre.name, count=len(group.steps)
        )
        buttons.append((label, CASE_VIEW.data("c", group.case.id)))
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]  # two to a row
    nav = []
    if page > 0:
        nav.append(("‹", OVERDUE.data("p", page - 1)))
    if pages > 1:
        lines += ["", context.t("case-page", page=page + 1, pages=pages)]
    if page < pages - 1:
        nav.append(("›", OVERDUE.data("p", page + 1)))
    if nav:
        rows.append(nav)
    text = "\n".join(lines)
    if update.callback_query is not None:
        await edit_or_send(update.callback_query, context, text, rows)
    else:
        await answer(update, context, text, rows)


# /case -------------------------------------------------------------------------------------


@requires("case")
async def cmd_case(update: Update, context: AppContext) -> None:
    query = " ".join(context.args or [])
    person = context.require_person()
    cases = await oversight.find_cases(person, context.roles, query, *CASE_VIEW_ROLES)
    if len(cases) == 1 and query:
        await _show_case(update, context, cases[0])
        return
    if not cases:
        key = "case-no-match" if query else "case-none-in-scope"
        await answer(update, context, context.t(key, query=query[:50]))
        return
    rows = [[(case_label(c), CASE_VIEW.data("c", c.id))] for c in cases[:MAX_CASE_BUTTONS]]
    key = "pick-case-matches" if query else "case-usage"
    await answer(update, context, context.t(key, count=len(cases)), rows)


@requires("case")
async def on_case_button(update: Update, context: AppContext) -> None:
    case_id = CASE_VIEW.number(data_of(update), "c")
    case = await oversight.case_in_scope(
        context.require_person(), context.roles, case_id, *CASE_VIEW_ROLES
    )
    await _show_case(update, context, case)


async def _show_case(update: Update, context: AppContext, case: Case) -> None:
    """The case in a few lines, with buttons that open each part (issue 10: no wall of text)."""
    view = await oversight.timeline(case, context.today(), str(context.zone))
    rows = _part_buttons(context, view) + (await _case_actions(context, case) or [])
    rows += await plantalk.case_view_buttons(context, case)  # plantalk3: a mentor's button
    await answer(update, context, render_summary(context, view), rows)


async def _case_actions(context: AppContext, case: Case) -> list[list[tuple[str, str]]] | None:
    """Buttons that open a form on this case, and the dossier, for those who may use them."""
    if not context.roles & set(OVERSIGHT_ROLES):
        return None
    person = context.require_person()
    in_scope = await oversight.scope(person, context.roles, *OVERSIGHT_ROLES).filter(id=case.id)
    if not in_scope:
        return None
    rows = []
    if case.status == CaseStatus.ACTIVE:
        actions = ["waive", "reschedule", "outcome"]
        if policy.allows(context.roles, "extend"):
            actions.append("extend")
        labels = [(context.t(f"case-action-{a}"), CASE_ACTION.data(a, case.id)) for a in actions]
        rows += [labels[:2], labels[2:]]
    rows.append([(context.t("dossier-button"), DOSSIER.data("c", case.id))])
    return rows


# The parts of /case, one screen each: plan steps, talks, reports, training and assessments,
# readiness, and the history (paged). "cvp:<part>:<case id>:<page>".
CASE_PART = claim("cvp", "case parts")
PARTS = ("s", "t", "r", "a", "q", "h", "b")  # b: back to the summary
HISTORY_PAGE = 12


def _part_buttons(context: AppContext, view: CaseTimeline) -> list[list[tuple[str, str]]]:
    case_id = view.case.id
    counts = {
        "s": len(view.steps),
        "t": len(view.talks),
        "r": len(view.reflections),
        "a": len(view.attendance) + len(view.assessments),
        "h": len(view.events),
    }

    def button(part: str) -> tuple[str, str]:
        label = context.t(f"case-part-{part}", count=counts.get(part, 0))
        return (label, CASE_PART.data(part, f"{case_id}:0"))

    return [[button("s"), button("t")], [button("r"), button("a")], [button("q"), button("h")]]


def _back(context: AppContext, case_id: int) -> list[tuple[str, str]]:
    return [(context.t("case-part-back"), CASE_PART.data("b", f"{case_id}:0"))]


def render_summary(context: AppContext, view: CaseTimeline) -> str:
    """A few lines: who, why, the period, the team, progress, status and what comes next."""
    case, t = view.case, context.t
    counts = view.progress
    reason = t(f"reason-{case.reason}") if case.reason != case.category else ""
    lines = [
        t("case-summary-title", name=case.cadre.name, unit=case.unit.name),
        t(
            "case-summary-facts",
            position=case.position or "—",
            rank=t(f"rank-{case.rank}"),
            category=t(f"category-{case.category}"),
            reason=f" / {reason}" if reason else "",
            cohort=case.cohort or "—",
        ),
        t(
            "case-period",
            start=context.date(case.recalled_on),
            months=case.period_months,
            end=context.date(case.period_end),
        ),
        t(
            "case-team",
            mentors=join_names(context, view.mentors),
            supervisors=join_names(context, view.supervisors),
        ),
        t("case-acknowledged", when=context.datetime(case.acknowledged_at))
        if case.acknowledged_at
        else t("case-not-acknowledged"),
        t(
            "case-progress",
            done=counts.done,
            total=counts.total,
            open=counts.open,
            overdue=counts.overdue,
            waived=counts.waived,
        ),
    ]
    if case.status == CaseStatus.CLOSED:
        disposition = (
            t("case-summary-disposition", disposition=t(f"disposition-{case.disposition}"))
            if case.disposition
            else ""
        )
        lines.append(
            t(
                "case-summary-concluded",
                day=context.date(case.closed_on) if case.closed_on else "—",
                placement=t(f"placement-{case.placement}"),
                disposition=disposition,
            )
        )
    else:
        lines.append(t("case-active"))
        today = context.today()
        for s in view.steps:
            status = mentoring.shown_status(StepStatus(s.status), s.due_on, today)
            if status in (StepStatus.PLANNED, StepStatus.DUE, StepStatus.OVERDUE):
                lines.append(
                    t(
                        "case-next-step",
                        icon=STEP_ICONS[status],
                        step=step_name(context, s),
                        due=context.date(s.due_on),
                    )
                )
                break
    return "\n".join(lines)


def _steps_part(context: AppContext, view: CaseTimeline) -> list[str]:
    t, today = context.t, context.today()
    lines = [t("case-steps")]
    for s in view.steps:
        status = mentoring.shown_status(StepStatus(s.status), s.due_on, today)
        status = standing.shown(status, view.standing.get(s.id))
        extra = t("case-done-on", day=context.date(s.done_on)) if s.done_on else ""
        if s.id in view.sessions:
            extra += session_note(context, view.sessions[s.id])
        if s.planned_on is not None:
            extra += t("plan-moved", day=context.date(s.planned_on))
        if s.note and s.status == StepStatus.WAIVED and s.note != CLOSED_NOTE:
            extra += t("case-note", note=s.note)
        lines.append(
            t(
                "case-step-line",
                icon=STEP_ICONS[status],
                due=context.date(s.due_on),
                step=step_name(context, s),
                status=t(f"step-status-{status}"),
                extra=extra,
            )
        )
    if view.leaves:
        lines += ["", t("leave-plan-heading")]
        lines += [f"• {leave_line(context, leave)}" for leave in view.leaves]
    return lines


def _talks_part(context: AppContext, view: CaseTimeline) -> list[str]:
    t = context.t
    lines = [t("case-talks", count=len(view.talks))]
    for talk in view.talks:
        lines.append(
            t(
                "case-talk-line",
                day=context.date(talk.held_on),
                mentor=talk.mentor.name,
                attitude=talk.attitude,
                answer=t(f"export-talk-{talk.confirmation}"),
                late=late_marks(context, talk.late, talk.entered_late),
            )
        )
        if talk.summary:
            lines.append(t("case-quote", text=excerpt(" ".join(talk.summary.split()), 120)))
    return lines


def _reflections_part(context: AppContext, view: CaseTimeline) -> list[str]:
    t = context.t
    lines = [t("case-reflections", count=len(view.reflections))]
    for line in view.reflections:
        lines.append(
            t(
                "case-reflection-line",
                day=context.datetime(line.reflection.created_at),
                versions=line.versions,
                status=t(f"export-reflection-{line.reflection.status}"),
                late=late_marks(context, line.reflection.late, False),
            )
        )
    return lines


def _attendance_part(context: AppContext, view: CaseTimeline) -> list[str]:
    t = context.t
    lines = [t("case-attendance", count=len(view.attendance))]
    for mark in view.attendance:
        lines.append(
            t(
                "case-attendance-line",
                when=context.datetime(mark.session.starts_at),
                kind=t(f"session-kind-{mark.session.kind}"),
                title=mark.session.title,
                status=t(f"attendance-{mark.status or 'none'}")
                + late_marks(context, mark.done_late, mark.entered_late),
            )
        )
    lines += ["", t("case-assessments", count=len(view.assessments))]
    for assessment in view.assessments:
        lines.append(
            t(
                "case-assessment-line",
                day=context.date(assessment.assessed_on),
                kind=t(f"assessment-kind-{assessment.kind}"),
                grade=t(f"grade-{assessment.grade}"),
                assessor=assessment.assessor.name,
                late=late_marks(context, assessment.late, assessment.entered_late),
            )
        )
    if view.case.status == CaseStatus.ACTIVE and context.roles & set(OVERSIGHT_ROLES):
        lines += ["", t("case-assess-hint")]
    return lines


def _readiness_part(context: AppContext, view: CaseTimeline) -> list[str]:
    return [context.t("readiness-title"), *readiness.lines(view.readiness, context.locale)]


def _history_part(
    context: AppContext, view: CaseTimeline, page: int
) -> tuple[list[str], list[tuple[str, str]]]:
    """One page of the history, newest first, with its page buttons; a page that no longer
    exists (the history changed under old buttons) shows the last one and says so."""
    events = list(reversed(view.events))
    pages = max(1, -(-len(events) // HISTORY_PAGE))
    lines = [context.t("case-events", count=len(events))]
    if page >= pages:
        lines.append(context.t("case-page-gone"))
        page = pages - 1
    chunk = events[page * HISTORY_PAGE : (page + 1) * HISTORY_PAGE]
    lines += [_event_line(context, event) for event in chunk]
    nav: list[tuple[str, str]] = []
    case_id = view.case.id
    if page > 0:
        nav.append(("‹", CASE_PART.data("h", f"{case_id}:{page - 1}")))
    if pages > 1:
        lines.append(context.t("case-page", page=page + 1, pages=pages))
    if page < pages - 1:
        nav.append(("›", CASE_PART.data("h", f"{case_id}:{page + 1}")))
    return lines, nav


def _pressed_part(update: Update) -> tuple[str, int, int]:
    part, value = CASE_PART.split(data_of(update))
    case_id, _, page = value.partition(":")
    if part not in PARTS or not is_id(case_id) or not is_id(page):
        raise stale()
    return part, int(case_id), int(page)


@requires("case")
async def on_case_part(update: Update, context: AppContext) -> None:
    """One part of a case, in place of the summary, with a button back to it."""
    part, case_id, page = _pressed_part(update)
    case = await oversight.case_in_scope(
        context.require_person(), context.roles, case_id, *CASE_VIEW_ROLES
    )
    view = await oversight.timeline(case, context.today(), str(context.zone))
    if part == "b":  # back: the summary again, in the same message
        rows = _part_buttons(context, view) + (await _case_actions(context, case) or [])
        rows += await plantalk.case_view_buttons(context, case)  # plantalk3: a mentor's button
        await edit_or_send(query_of(update), context, render_summary(context, view), rows)
        return
    title = context.t("case-summary-title", name=case.cadre.name, unit=case.unit.name)
    nav: list[tuple[str, str]] = []
    if part == "h":
        lines, nav = _history_part(context, view, page)
    else:
        render = {
            "s": _steps_part,
            "t": _talks_part,
            "r": _reflections_part,
            "a": _attendance_part,
            "q": _readiness_part,
        }[part]
        lines = render(context, view)
    rows = [nav] if nav else []
    rows.append(_back(context, case.id))
    await edit_or_send(query_of(update), context, "\n".join([title, "", *lines]), rows)


def render_case(context: AppContext, view: CaseTimeline) -> str:
    """Every part of the case at once (the summary, then each part)."""
    parts = [
        [render_summary(context, view)],
        _readiness_part(context, view),
        _steps_part(context, view),
        _talks_part(context, view),
        _reflections_part(context, view),
        _attendance_part(context, view),
        [context.t("case-events", count=len(view.events))]
        + [_event_line(context, event) for event in view.events],
    ]
    return "\n\n".join("\n".join(part) for part in parts)


def late_marks(context: AppContext, done_late: bool, entered_late: bool) -> str:
    """The two facts apart: done after the due date, entered long after it happened."""
    marks = [context.t("case-late")] if done_late else []
    if entered_late:
        marks.append(context.t("case-entered-late", days=context.settings.late_entry_days))
    return "".join(marks)


def _event_line(context: AppContext, event: AuditEvent) -> str:
    action = code_label(context.locale, "audit", event.action)
    actor = event.actor.name if event.actor else context.t("case-system")
    return context.t(
        "case-event-line", when=context.datetime(event.created_at), actor=actor, action=action
    )


@requires("dossier")
async def on_dossier(update: Update, context: AppContext) -> None:
    """The case's dossier as a PDF document, in the case's language."""
    assert update.callback_query is not None and update.effective_chat is not None
    case_id = DOSSIER.number(update.callback_query.data, "c")
    person = context.require_person()
    case = await oversight.case_in_scope(person, context.roles, case_id, *OVERSIGHT_ROLES)
    await update.callback_query.answer()
    settings = context.settings
    made = await dossier.make(
        case.id, context.clock.now(), settings.timezone, default_locale=settings.default_locale
    )
    await context.bot.send_document(
        update.effective_chat.id,
        InputFile(made.pdf, filename=made.filename),
        caption=context.t(
            "dossier-caption", id=case.id, name=case.cadre.name, day=context.date(made.day)
        ),
        parse_mode=ParseMode.HTML,
    )


# /digest and /digest_settings ------------------------------------------------------------


@requires("digest")
async def cmd_digest(update: Update, context: AppContext) -> None:
    """The digest now, as the scheduled one looks: a progress chart, then the text; an
    admin's covers the whole programme."""
    assert update.effective_chat is not None
    person = context.require_person()
    programme = Role.ADMIN in context.roles
    data = await digest.digest_now(
        person, context.clock.now(), context.settings.timezone, programme=programme
    )
    rows = digest.progress_rows(data)
    if rows:
        await context.bot.send_photo(
            update.effective_chat.id, chart.render_progress_chart(rows, context.locale)
        )
    # The digest is plain text (it goes out as such from the outbox too): escape it for HTML.
    text = digest.render_digest(data, context.locale, context.zone)
    await answer(update, context, html.escape(text), dashboard_button(context))


@requires("digest_settings")
async def cmd_digest_settings(update: Update, context: AppContext) -> None:
    person = context.require_person()
    current = context.t(f"digest-frequency-{person.digest}")
    rows = [
        [(context.t(f"digest-frequency-{f}"), DIGEST.data("f", f.value)) for f in DigestFrequency]
    ]
    await answer(update, context, context.t("digest-settings", current=current), rows)


@requires("digest_settings")
async def on_digest_frequency(update: Update, context: AppContext) -> None:
    assert update.callback_query is not None
    frequency = DIGEST.member(update.callback_query.data, "f", DigestFrequency)
    value = frequency.value
    await context.services.people.set_digest(context.require_person(), frequency)
    text = context.t("digest-settings-saved", frequency=context.t(f"digest-frequency-{value}"))
    await edit_or_send(update.callback_query, context, text)


# /stats -----------------------------------------------------------------------------------


@requires("stats")
async def cmd_stats(update: Update, context: AppContext) -> None:
    """The programme figures of the caller's scope (an admin's: all), or of one cohort."""
    assert update.effective_chat is not None
    cohort = " ".join(context.args or []).strip()[:100] or None
    person = context.require_person()
    cases = oversight.scope(person, context.roles, *OVERSIGHT_ROLES)
    figures = await stats.compute_stats(cohort, cases, context.today())
    # A monospaced block keeps the table's columns aligned.
    text = stats.render_stats(figures, context.locale, cohort)
    for part in split_message(
        html.escape(text, quote=False), MessageLimit.MAX_TEXT_LENGTH - len("<pre></pre>")
    ):
        await send_text(context, update.effective_chat.id, f"<pre>{part}</pre>")


# /export ----------------------------------------------------------------------------------


@requires("export")
async def cmd_export(update: Update, context: AppContext) -> None:
    """The XLSX workbook of every record: an admin's has all cases, a supervisor's theirs."""
    assert update.effective_chat is not None
    person = context.require_person()
    ids = None
    if Role.ADMIN not in context.roles:  # scope: an admin's export has every case
        ids = await oversight.case_ids(person, context.roles, *OVERSIGHT_ROLES)
    today = context.today()
    data = await export.export_xlsx(context.locale, str(context.zone), ids, as_of=today)
    await export.record_export(context.clock.now(), "xlsx", by=person, case_ids=ids)
    await context.bot.send_document(
        update.effective_chat.id,
        InputFile(data, filename=export.file_name(context.locale, today)),
        caption=context.t("export-file-caption", day=context.date(today)),
        parse_mode=ParseMode.HTML,
    )


def register(app: RecallApplication) -> None:
    app.add_handler(CommandHandler("overdue", cmd_overdue))
    app.add_handler(CallbackQueryHandler(on_overdue_page, pattern=OVERDUE.pattern("p")))
    app.add_handler(CommandHandler("case", cmd_case))
    app.add_handler(CallbackQueryHandler(on_case_button, pattern=CASE_VIEW.pattern("c")))
    app.add_handler(CallbackQueryHandler(on_case_part, pattern=CASE_PART.pattern()))
    app.add_handler(CallbackQueryHandler(on_dossier, pattern=DOSSIER.pattern("c")))
    app.add_handler(CommandHandler("stats", cmd_stats))
    app.add_handler(CommandHandler("export", cmd_export))
    app.add_handler(CommandHandler("digest", cmd_digest))
    app.add_handler(CommandHandler("digest_settings", cmd_digest_settings))
    app.add_handler(CallbackQueryHandler(on_digest_frequency, pattern=DIGEST.pattern("f")))
