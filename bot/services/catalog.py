"""The recall reason catalog (a data file: bot/data/reasons.toml)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from bot.services.errors import DomainError

CATALOG_PATH = Path(__file__).resolve().parent.parent / "data" / "reasons.toml"


@cache
def reasons_by_category() -> dict[str, tuple[str, ...]]:
    data = tomllib.loads(CATALOG_PATH.read_text(encoding="utf-8"))
    return {category: tuple(entry["reasons"]) for category, entry in data.items()}


def categories() -> tuple[str, ...]:
    return tuple(reasons_by_category())


def all_reasons() -> tuple[str, ...]:
    return tuple(code for codes in reasons_by_category().values() for code in codes)


def category_of(reason: str) -> str:
    for category, codes in reasons_by_category().items():
        if reason in codes:
            return category
    raise DomainError("error-unknown-reason", reason=reason)


def resolve(code: str) -> tuple[str, str]:
    """A reason code or a category code -> (reason, category); a bare category keeps its code."""
    if code in reasons_by_category():
        return code, code
    return code, category_of(code)
