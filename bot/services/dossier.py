"""The dossier: a case's whole record as an A4 PDF for the personnel file.

The data is gathered here; bot/services/dossier_pdf.py lays it out.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.i18n import LOCALES
from bot.services import oversight
from bot.services.dates import local_date
from bot.services.errors import DomainError
from bot.services.fonts import cjk_font_file
from models import Case, Person, ReflectionVersion


@dataclass(frozen=True)
class Dossier:
    pdf: bytes
    day: date
    locale: str
    filename: str


async def case_locale(case: Case, default: str) -> str:
    """The case's language: its cadre's, else the programme's default."""
    cadre = await Person.get(id=case.cadre_id)
    return cadre.locale if cadre.locale in LOCALES else default


async def make(
    case_id: int,
    now: datetime,
    zone: str,
    *,
    default_locale: str,
    locale: str | None = None,
) -> Dossier:
    """The dossier of a case as it stands at `now` (active or closed)."""
    case = await Case.get_or_none(id=case_id).prefetch_related("cadre", "unit")
    if case is None:
        raise DomainError("dossier-case-not-found", id=case_id)
    font = cjk_font_file()
    if font is None:
        raise DomainError("dossier-no-font")
    locale = locale if locale in LOCALES else await case_locale(case, default_locale)
    today = local_date(now, zone)
    view = await oversight.timeline(case, today, zone)
    latest = await _latest_versions(case)
    # fpdf2 and fontTools take half a second to import: only when a dossier is made.
    from bot.services.dossier_pdf import render

    pdf = await asyncio.to_thread(render, view, latest, locale, ZoneInfo(zone), now, font)
    return Dossier(pdf, today, locale, f"dossier-{case.id}-{today.isoformat()}.pdf")


async def _latest_versions(case: Case) -> dict[int, ReflectionVersion]:
    latest: dict[int, ReflectionVersion] = {}
    for version in await ReflectionVersion.filter(reflection__case=case).order_by("number"):
        latest[version.reflection_id] = version  # type: ignore[attr-defined]
    return latest


async def write(path: Path, dossier: Dossier) -> None:
    await asyncio.to_thread(_write, path, dossier.pdf)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
