"""The dossier's layout: fpdf2 writes A4 pages and embeds a subset of the CJK font (a
TrueType collection is fine), so the file reads the same on any machine."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fpdf import FPDF
from fpdf.fonts import FontFace

from bot.i18n import code_label, format_date, format_datetime, join_names, translate
from bot.i18n import step_name as step_label
from bot.services import oversight, readiness
from bot.services.cases import CLOSED_NOTE
from bot.services.leaves import length
from bot.services.mentoring import shown_status
from models import ReflectionVersion
from models.enums import CaseStatus, StepStatus

MAX_AUDIT = 80  # the most recent entries; the whole trail is in `recallbot audit`
FONT = "cjk"
GREY = (110, 110, 110)
HEADINGS = FontFace(emphasis=None, fill_color=(232, 232, 232))


class Pdf(FPDF):
    """A4 pages with a running head and page numbers, all text in one embedded CJK font."""

    def __init__(self, font: Path, head: str, foot: str, page_label: str) -> None:
        super().__init__(format="A4")
        self.add_font(FONT, fname=str(font))
        self.glyphs: set[int] = set(getattr(self.fonts[FONT], "cmap", {}))
        self.head, self.foot, self.page_label = head, foot, page_label
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=20)

    def clean(self, text: str) -> str:
        """Text the font can show (an emoji would print as nothing, with a warning)."""
        return "".join(c for c in text if c == "\n" or ord(c) in self.glyphs)

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font(FONT, size=8)
            self.set_text_color(*GREY)
            self.cell(0, 5, self.clean(self.head), new_x="LMARGIN", new_y="NEXT")
            self.ln(2)
            self.set_text_color(0)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, size=8)
        self.set_text_color(*GREY)
        self.cell(0, 6, self.clean(self.foot), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 6, self.page_label.replace("{page}", str(self.page_no())), align="R")
        self.set_text_color(0)

    def section(self, title: str) -> None:
        if self.get_y() > self.h - 45:
            self.add_page()
        self.ln(3)
        self.set_font(FONT, size=13)
        self.cell(0, 8, self.clean(title), new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*GREY)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)
        self.set_font(FONT, size=10)

    def para(self, text: str, *, size: float = 10, indent: float = 0) -> None:
        self.set_font(FONT, size=size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, 5.5, self.clean(text), new_x="LMARGIN", new_y="NEXT")

    def grid(
        self, widths: tuple[float, ...], head: list[str] | None, rows: list[list[str]]
    ) -> None:
        self.set_font(FONT, size=9)
        with self.table(
            col_widths=widths,
            headings_style=HEADINGS,
            first_row_as_headings=head is not None,
            line_height=5.5,
            text_align="LEFT",
        ) as table:
            for row in ([head] if head else []) + rows:
                cells = table.row()
                for value in row:
                    cells.cell(self.clean(value) or "—")
        self.ln(1)


def render(
    view: oversight.CaseTimeline,
    latest: dict[int, ReflectionVersion],
    locale: str,
    zone: ZoneInfo,
    now: datetime,
    font: Path,
) -> bytes:
    case = view.case

    def t(key: str, **params: Any) -> str:
        return translate(locale, key, **params)

    def day(value: date | None) -> str:
        return format_date(value, locale) if value else "—"

    def when(value: datetime | None) -> str:
        return format_datetime(value, locale, zone) if value else "—"

    def late(flag: bool) -> str:
        return t("dossier-late") if flag else ""

    title = t("dossier-title")
    subtitle = t("dossier-subtitle", id=case.id, name=case.cadre.name)
    made = t("dossier-made", day=format_date(now.astimezone(zone), locale))
    # fpdf2 puts the page count where "{nb}" stands once the document is finished.
    page_label = t("dossier-page", page="{page}", pages="{nb}")
    pdf = Pdf(font, f"{title} · {subtitle}", made, page_label)
    pdf.set_title(f"{title} · {subtitle}")
    pdf.set_creator("recallbot")
    pdf.set_creation_date(now)
    pdf.add_page()
    pdf.set_font(FONT, size=18)
    pdf.cell(0, 11, pdf.clean(title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=13)
    pdf.cell(0, 8, pdf.clean(subtitle), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    pdf.cell(0, 6, pdf.clean(made), align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.section(t("dossier-section-case"))
    reason = code_label(locale, "reason", case.reason) if case.reason != case.category else "—"
    status = t(f"export-case-{case.status}")
    facts = [
        ("dossier-field-cadre", case.cadre.name),
        ("dossier-field-unit", case.unit.name),
        ("dossier-field-position", case.position),
        ("dossier-field-rank", code_label(locale, "rank", case.rank)),
        ("dossier-field-principal", t("export-yes") if case.principal else t("export-no")),
        ("dossier-field-category", code_label(locale, "category", case.category)),
        ("dossier-field-reason", reason),
        ("dossier-field-cohort", case.cohort),
        (
            "dossier-field-period",
            t(
                "dossier-period",
                start=case.recalled_on,
                end=case.period_end,
                months=case.period_months,
            ),
        ),
        (
            "dossier-field-team",
            f"{join_names(view.mentors, locale) or '—'} / "
            f"{join_names(view.supervisors, locale) or '—'}",
        ),
        ("dossier-field-status", status),
    ]
    pdf.grid((45, 129), None, [[t(key), value] for key, value in facts])

    pdf.section(t("dossier-section-plan"))
    today = view.readiness.as_of
    rows = []
    for s in view.steps:
        shown = shown_status(StepStatus(s.status), s.due_on, today)
        note = t("dossier-note-closed") if s.note == CLOSED_NOTE else s.note
        rows.append(
            [
                day(s.due_on),
                step_label(locale, s.kind, s.label),
                code_label(locale, "role", s.responsible),
                code_label(locale, "step-status", shown),
                day(s.done_on),
                note,
            ]
        )
    head = [t(f"dossier-plan-{c}") for c in ("due", "step", "responsible", "status", "done")]
    pdf.grid((28, 40, 24, 22, 28, 32), [*head, t("dossier-plan-note")], rows)

    pdf.section(t("dossier-section-talks"))
    if not view.talks:
        pdf.para(t("dossier-none"))
    for talk in view.talks:
        heading = t(
            "dossier-talk-heading",
            day=talk.held_on,
            mentor=talk.mentor.name,
            place=talk.place or "—",
        )
        facts_line = t(
            "dossier-talk-facts",
            attitude=talk.attitude,
            answer=t(f"export-talk-{talk.confirmation}"),
            late=late(talk.late),
        )
        pdf.para(f"• {heading} · {facts_line}")
        for key, text in (
            ("dossier-talk-summary", talk.summary),
            ("dossier-talk-actions", talk.actions),
            ("dossier-talk-comment", talk.cadre_comment),
        ):
            if text.strip():
                pdf.para(t(key, text=text.strip()), size=9.5, indent=4)

    pdf.section(t("dossier-section-attendance"))
    if not view.attendance:
        pdf.para(t("dossier-none"))
    else:
        rows = [
            [
                when(mark.session.starts_at),
                code_label(locale, "session-kind", mark.session.kind),
                mark.session.title,
                code_label(locale, "attendance", mark.status or "none"),
            ]
            for mark in view.attendance
        ]
        head = [t(f"dossier-attendance-{c}") for c in ("when", "kind", "title", "status")]
        pdf.grid((38, 28, 80, 28), head, rows)

    pdf.section(t("dossier-section-reflections"))
    if not view.reflections:
        pdf.para(t("dossier-none"))
    for line in view.reflections:
        reflection = line.reflection
        pdf.para(
            "• "
            + t(
                "dossier-reflection-heading",
                day=format_date(reflection.created_at.astimezone(zone), locale),
                versions=line.versions,
                status=t(f"export-reflection-{reflection.status}"),
                late=late(reflection.late),
            )
        )
        version = latest.get(reflection.id)
        if version is not None and version.text.strip():
            pdf.para(t("dossier-reflection-text", text=version.text.strip()), size=9.5, indent=4)
        elif version is not None and (version.file_name or version.file_kind):
            name = version.file_name or version.file_kind or ""
            pdf.para(t("dossier-reflection-file", name=name), size=9.5, indent=4)

    pdf.section(t("dossier-section-assessments"))
    if not view.assessments:
        pdf.para(t("dossier-none"))
    for a in view.assessments:
        heading = t(
            "dossier-assessment-heading",
            day=a.assessed_on,
            kind=code_label(locale, "assessment-kind", a.kind),
            grade=code_label(locale, "grade", a.grade),
            assessor=a.assessor.name,
            late=late(a.late),
        )
        pdf.para(f"• {heading}")
        for key, text in (
            ("dossier-assessment-comments", a.comments),
            ("dossier-assessment-recommendation", a.recommendation),
        ):
            if text.strip():
                pdf.para(t(key, text=text.strip()), size=9.5, indent=4)

    pdf.section(t("dossier-section-readiness"))
    for text in readiness.lines(view.readiness, locale):
        pdf.para(f"• {text}")

    pdf.section(t("dossier-section-leaves"))
    if not view.leaves:
        pdf.para(t("dossier-no-leaves"))
    for leave in view.leaves:
        leave_text = t(
            "leave-line",
            kind=t(f"leave-kind-{leave.kind}"),
            start=leave.starts_on,
            end=leave.ends_on,
            days=length(leave),
            extended=t("leave-line-extended") if leave.extends_period else "",
        )
        pdf.para(f"• {leave_text}")
        pdf.para(t("dossier-leave-reason", reason=leave.reason), size=9.5, indent=4)

    pdf.section(t("dossier-section-outcome"))
    if case.status == CaseStatus.CLOSED:
        outcome = t(
            "dossier-outcome",
            day=day(case.closed_on),
            placement=code_label(locale, "placement", case.placement or ""),
            disposition=code_label(locale, "disposition", case.disposition or "none"),
        )
        pdf.para(outcome)
    else:
        pdf.para(t("dossier-outcome-open"))

    pdf.section(t("dossier-section-audit"))
    events = view.events[-MAX_AUDIT:]
    if len(view.events) > len(events):
        pdf.para(t("dossier-audit-more", count=len(view.events) - len(events)), size=9)
    rows = [
        [
            when(event.created_at),
            event.actor.name if event.actor else translate(locale, "case-system"),
            code_label(locale, "audit", event.action),
        ]
        for event in events
    ]
    head = [t(f"dossier-audit-{c}") for c in ("when", "who", "what")]
    if rows:
        pdf.grid((40, 50, 84), head, rows)
    else:
        pdf.para(t("dossier-none"))
    return bytes(pdf.output())
