"""Programme figures, counted by the database, and their plain-text rendering."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from bot.i18n import Translator, code_label
from bot.services import catalog
from bot.services.leaves import on_leave_count
from models import Case, Leave, PlanStep, Talk
from models.enums import (
    OPEN_STEP_STATUSES,
    CaseStatus,
    Disposition,
    Placement,
    Rank,
    StepKind,
    StepStatus,
)

GROUPS = {
    "by_cohort": "cohort",
    "by_rank": "rank",
    "by_category": "category",
    "by_reason": "reason",
    "by_placement": "placement",
    "by_disposition": "disposition",
}


async def _counts(cases: QuerySet[Case], field: str) -> dict[str, int]:
    rows = await cases.annotate(n=Count("id")).group_by(field).values_list(field, "n")
    return {str(value): int(n) for value, n in rows if value is not None and n}


async def compute_stats(
    cohort: str | None = None, cases: QuerySet[Case] | None = None, today: date | None = None
) -> dict[str, Any]:
    """Counts of the cases (all, or a scope given as a queryset), optionally of one cohort;
    with `today`, also `on_leave`: active cases whose cadre is on leave that day."""
    cases = cases if cases is not None else Case.all()
    if cohort is not None:
        # Telegram passes NUL through; PostgreSQL refuses it even in a query (no cohort has it).
        cases = cases.filter(cohort=cohort.replace("\x00", ""))
    status = await _counts(cases, "status")
    principal = (
        await cases.annotate(n=Count("id")).group_by("principal").values_list("principal", "n")
    )
    flags = {bool(value): int(n) for value, n in principal}
    stats: dict[str, Any] = {
        "total": sum(status.values()),
        "active": status.get(CaseStatus.ACTIVE.value, 0),
        "completed": status.get(CaseStatus.CLOSED.value, 0),
        "principal": {"yes": flags.get(True, 0), "no": flags.get(False, 0)},
    }
    for key, field in GROUPS.items():
        stats[key] = await _counts(cases, field)
    if today is not None:
        # Only the scope's cases with a leave that day are handed to the rule (leaves are few;
        # all 100,000 ids as parameters cost a second to build and send).
        away = cases.filter(
            id__in=Subquery(
                Leave.filter(starts_on__lte=today, ends_on__gte=today).values("case_id")
            )
        )
        ids = [int(row["id"]) for row in await away.values("id")]
        stats["on_leave"] = await on_leave_count(ids, today)
        stats["compliance"] = await compliance(cases, today)
    return stats


async def compliance(cases: QuerySet[Case], today: date) -> dict[str, int]:
    """How the plans are kept, over the cases' steps as of `today`: steps done on time and
    done late, steps overdue (open, due before today), and the talks held against those
    planned (talk steps due by today, not waived). One pass over the steps, one count of the
    talks."""
    steps, talks = PlanStep.all(), Talk.all()
    if not _everything(cases):  # an admin's scope: no IN over every case (100k: 3x slower)
        scope = Subquery(cases.values("id"))
        steps, talks = steps.filter(case_id__in=scope), talks.filter(case_id__in=scope)
    rows = await steps.annotate(
        on_time=Count("id", _filter=Q(status=StepStatus.DONE)),
        late=Count("id", _filter=Q(status=StepStatus.DONE_LATE)),
        overdue=Count("id", _filter=Q(status__in=OPEN_STEP_STATUSES, due_on__lt=today)),
        talks_planned=Count(
            "id",
            _filter=Q(kind=StepKind.TALK, due_on__lte=today) & ~Q(status=StepStatus.WAIVED),
        ),
    ).values("on_time", "late", "overdue", "talks_planned")
    counts = {key: int(value or 0) for key, value in (rows[0] if rows else {}).items()}
    counts["talks_held"] = await talks.filter(held_on__lte=today).count()
    return counts


def _everything(cases: QuerySet[Case]) -> bool:
    """Whether a scope is every case (the same statement as Case.all())."""
    return cases.sql(params_inline=True) == Case.all().sql(params_inline=True)


def on_time_rate(counts: dict[str, int]) -> float | None:
    """The share of the steps due so far that were done on time (None: none due yet)."""
    due = counts.get("on_time", 0) + counts.get("late", 0) + counts.get("overdue", 0)
    return counts.get("on_time", 0) / due if due else None


# Rendering -------------------------------------------------------------------------------

SECTIONS = (
    ("by_category", "category", catalog.categories),
    ("by_reason", "reason", catalog.all_reasons),
    ("by_rank", "rank", lambda: tuple(Rank)),
    ("by_placement", "placement", lambda: tuple(Placement)),
    ("by_disposition", "disposition", lambda: tuple(Disposition)),
)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(rows: list[tuple[str, int]]) -> list[str]:
    widest = max(_width(name) for name, _ in rows)
    return [f"  {name}{' ' * (widest - _width(name))}  {count:>5}" for name, count in rows]


def render_stats(stats: dict[str, Any], locale: str, cohort: str | None = None) -> str:
    """The figures as a plain-text table with the catalog's labels."""
    t = Translator(locale)
    lines = [t("stats-title-cohort", cohort=cohort) if cohort else t("stats-title")]
    if not stats["total"]:
        return "\n".join([*lines, t("stats-empty")])
    lines.append(
        t("stats-summary", total=stats["total"], active=stats["active"], done=stats["completed"])
    )
    lines.append(t("stats-principal", yes=stats["principal"]["yes"], no=stats["principal"]["no"]))
    if stats.get("on_leave"):
        lines.append(t("stats-on-leave", count=stats["on_leave"]))
    kept = stats.get("compliance")
    if kept:
        rate = on_time_rate(kept)
        lines += [
            "",
            t("stats-heading-compliance"),
            t(
                "stats-on-time",
                rate=t("stats-rate-none") if rate is None else f"{rate:.0%}",
                on_time=kept.get("on_time", 0),
                late=kept.get("late", 0),
            ),
            t("stats-overdue-steps", count=kept.get("overdue", 0)),
            t(
                "stats-talks-held",
                held=kept.get("talks_held", 0),
                planned=kept.get("talks_planned", 0),
            ),
        ]
    for key, prefix, codes in SECTIONS:
        counts = stats.get(key, {})
        rows = [
            (code_label(t.locale, prefix, code), counts[code])
            for code in codes()
            if counts.get(code)
        ]
        if key == "by_reason":
            # A case imported with only a category code has that code as its reason.
            rows += [
                (t("stats-reason-unspecified", category=code_label(locale, "category", code)), n)
                for code, n in sorted(counts.items())
                if code in catalog.categories() and n
            ]
        if rows:
            lines += ["", t(f"stats-heading-{prefix}"), *_table(rows)]
    cohorts = stats.get("by_cohort", {})
    if cohorts and not cohort:
        rows = [(name or t("stats-no-cohort"), cohorts[name]) for name in sorted(cohorts)]
        lines += ["", t("stats-heading-cohort"), *_table(rows)]
    return "\n".join(lines)
