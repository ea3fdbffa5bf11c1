"""Inline-button data: short prefixes, packed and parsed in this one place."""

from __future__ import annotations

from bot.services.errors import DomainError

MAX_BYTES = 64
SEP = ":"
MAX_ID_DIGITS = 9  # record ids are 32-bit integers in the database


def is_id(text: str) -> bool:
    """A record id as buttons and people write it: ASCII digits only ("²" and "١" pass
    str.isdigit() but not int()), short enough for the database (20 digits overflow it)."""
    return text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS


def pack(prefix: str, *parts: object) -> str:
    data = SEP.join([prefix, *(str(part) for part in parts)])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data too long: {data!r}")
    return data


def unpack(data: str | None, prefix: str, count: int) -> list[str]:
    """The parts after the prefix; forged or malformed data is a domain error."""
    if not data:
        raise DomainError("error-stale-button")
    head, *parts = data.split(SEP)
    if head != prefix or len(parts) != count:
        raise DomainError("error-stale-button")
    return parts


def unpack_ints(data: str | None, prefix: str, count: int) -> list[int]:
    parts = unpack(data, prefix, count)
    if not all(is_id(part) for part in parts):
        raise DomainError("error-stale-button")
    return [int(part) for part in parts]
