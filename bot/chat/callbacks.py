"""Inline-button data: prefixes claimed in one place, packed and parsed in this one place.

Every prefix is claimed once, by the module that answers it (`claim(prefix, owner)`); a
second claim of the same prefix raises at import, so the application does not start, and
`check` (called when the handlers are registered) refuses a button pattern whose prefix
nobody claimed. Data is `<prefix>:<tag>:<value>`: the tag says what was pressed (`c` a
case, `p` a page, `d` a day, `ok` save or cancel...), the value which one.

Notice buttons (bot/services/notices.py) carry the catalogue's `<prefix>:<args>` instead
(`ack:<case id>`, `tc:<talk id>:y`): they sit under messages already in people's chats, so
their shape stays; the handlers claim their prefixes too and read them with `Prefix.ids`
and `Prefix.parts`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from telegram.ext import CallbackQueryHandler

from bot.services.errors import DomainError

MAX_BYTES = 64
SEP = ":"
MAX_ID_DIGITS = 9  # record ids are 32-bit integers in the database
PREFIX_SHAPE = re.compile(r"^[a-z]{1,8}$")

T = TypeVar("T")
E = TypeVar("E", bound=Enum)


class PrefixTaken(ValueError):
    """Two owners claimed one button prefix: their buttons would reach each other's handlers."""


def is_id(text: str) -> bool:
    """A record id as buttons and people write it: ASCII digits only ("²" and "١" pass
    str.isdigit() but not int()), short enough for the database (20 digits overflow it)."""
    return text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS


def pack(prefix: str, *parts: object) -> str:
    data = SEP.join([prefix, *(str(part) for part in parts)])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data too long: {data!r}")
    return data


def stale() -> DomainError:
    return DomainError("error-stale-button")


@dataclass(frozen=True)
class Prefix:
    """A claimed prefix: makes its buttons' data and patterns, and reads pressed data."""

    name: str
    owner: str

    def data(self, tag: str, value: object = "") -> str:
        return pack(self.name, tag, value)

    def pattern(self, tag: str | None = None, value: str | None = None) -> str:
        """A pattern for this prefix, one tag of it, or one tag and value exactly."""
        if tag is None:
            return rf"^{self.name}{SEP}"
        if value is None:
            return rf"^{self.name}{SEP}{re.escape(tag)}{SEP}"
        return rf"^{self.name}{SEP}{re.escape(tag)}{SEP}{re.escape(value)}$"

    def split(self, data: str | None) -> tuple[str, str]:
        """The tag and the value of `<prefix>:<tag>:<value>` data."""
        head, _, rest = (data or "").partition(SEP)
        tag, _, value = rest.partition(SEP)
        if head != self.name or not tag or not value:
            raise stale()
        return tag, value

    def value(self, data: str | None, tag: str) -> str:
        """The value of `<prefix>:<tag>:<value>` data (anything else is a stale button)."""
        got, value = self.split(data)
        if got != tag:
            raise stale()
        return value

    def number(self, data: str | None, tag: str) -> int:
        value = self.value(data, tag)
        if not is_id(value):
            raise stale()
        return int(value)

    def choice(self, data: str | None, tag: str, allowed: Iterable[T]) -> T:
        """A value that must be one of the offered choices (compared as text)."""
        value = self.value(data, tag)
        for option in allowed:
            if str(option.value if isinstance(option, Enum) else option) == value:
                return option
        raise stale()

    def member(self, data: str | None, tag: str, enum: type[E]) -> E:
        return self.choice(data, tag, list(enum))

    def args(self, *args: object) -> str:
        """A notice's `<prefix>:<args>` data (as the catalogue packs it)."""
        return pack(self.name, *args)

    def parts(self, data: str | None, count: int) -> list[str]:
        """The parts after the prefix of a notice's `<prefix>:<args>` data."""
        if not data:
            raise stale()
        head, *parts = data.split(SEP)
        if head != self.name or len(parts) != count:
            raise stale()
        return parts

    def ids(self, data: str | None, count: int) -> list[int]:
        parts = self.parts(data, count)
        if not all(is_id(part) for part in parts):
            raise stale()
        return [int(part) for part in parts]


_CLAIMS: dict[str, Prefix] = {}


def claim(name: str, owner: str) -> Prefix:
    """Claim a prefix for `owner` (a module or form name); a second owner is refused."""
    if not PREFIX_SHAPE.match(name):
        raise ValueError(f"button prefix {name!r}: 1 to 8 lowercase letters")
    held = _CLAIMS.get(name)
    if held is not None and held.owner != owner:
        raise PrefixTaken(f"button prefix {name!r} claimed by {held.owner} and {owner}")
    _CLAIMS[name] = Prefix(name, owner)
    return _CLAIMS[name]


def claimed() -> dict[str, str]:
    """Every claimed prefix and its owner."""
    return {name: prefix.owner for name, prefix in sorted(_CLAIMS.items())}


def check(patterns: Iterable[str]) -> None:
    """Start-up check: every button pattern the application answers names a claimed prefix."""
    for pattern in patterns:
        match = re.match(rf"^\^([a-z]+){SEP}", pattern)
        if match is None or match.group(1) not in _CLAIMS:
            raise PrefixTaken(f"button pattern {pattern!r} names no claimed prefix")


def patterns_of(handlers: Iterable[Any]) -> Iterator[str]:
    """The button patterns of handlers, forms included (their entry points and steps)."""
    for handler in handlers:
        inner = [
            *getattr(handler, "entry_points", []),
            *(h for hs in getattr(handler, "states", {}).values() for h in hs),
            *getattr(handler, "fallbacks", []),
        ]
        if inner:
            yield from patterns_of(inner)
        if isinstance(handler, CallbackQueryHandler) and handler.pattern is not None:
            pattern = handler.pattern
            yield pattern if isinstance(pattern, str) else getattr(pattern, "pattern", "")
