"""The typed callback context: handlers get services, clock, person and translator from here."""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Any, Protocol, cast
from zoneinfo import ZoneInfo

from telegram.ext import CallbackContext, ExtBot

from bot.i18n import format_date, format_datetime, normalize_locale, translate
from models import Person
from models.enums import Role

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.config import Settings
    from bot.services.registry import Services


class _CarriesServices(Protocol):
    services: Services


class AppContext(CallbackContext[ExtBot[None], dict[str, Any], dict[str, Any], dict[str, Any]]):
    """Per-update context; `person` and `roles` are filled in before any handler runs."""

    person: Person | None = None
    roles: frozenset[Role] = frozenset()
    telegram_locale: str | None = None

    @property
    def services(self) -> Services:
        # The application is a RecallApplication (bot.chat.app); naming it here would make
        # the two modules import each other.
        return cast(_CarriesServices, self.application).services

    @property
    def clock(self) -> Clock:
        return self.services.clock

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def locale(self) -> str:
        if self.person is not None and self.person.locale:
            return self.person.locale
        return normalize_locale(self.telegram_locale, self.settings.default_locale)

    @property
    def zone(self) -> ZoneInfo:
        if self.person is not None and self.person.timezone:
            return ZoneInfo(self.person.timezone)
        return self.settings.zone

    @property
    def draft(self) -> dict[str, Any]:
        """The current form's draft (persisted with user_data)."""
        assert self.user_data is not None
        return self.user_data.setdefault("draft", {})

    def t(self, key: str, **params: Any) -> str:
        """Translate for the reader; text params are escaped for HTML."""
        safe = {k: html.escape(v) if isinstance(v, str) else v for k, v in params.items()}
        return translate(self.locale, key, **safe)

    def date(self, value: dt.date | dt.datetime) -> str:
        """A day in the reader's words; a moment is first put in the reader's time zone."""
        if isinstance(value, dt.datetime):
            value = value.astimezone(self.zone)
        return format_date(value, self.locale)

    def datetime(self, value: dt.datetime) -> str:
        return format_datetime(value, self.locale, self.zone)

    def today(self) -> dt.date:
        return self.clock.now().astimezone(self.zone).date()

    def require_person(self) -> Person:
        assert self.person is not None, "handler used without @requires"
        return self.person
