"""Settings from the environment or `.env` (names are a contract: see docs)."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.services.dates import DEFAULT_ZONE

TELEGRAM_BASE_URL = "https://api.telegram.org/bot"
TELEGRAM_BASE_FILE_URL = "https://api.telegram.org/file/bot"
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
LISTEN = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]*):\d{1,5}")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    bot_token: SecretStr = SecretStr("")
    database_url: str = "sqlite://data/recallbot.sqlite3"
    telegram_base_url: str = TELEGRAM_BASE_URL
    telegram_base_file_url: str = TELEGRAM_BASE_FILE_URL
    timezone: str = DEFAULT_ZONE
    default_locale: str = "zh-CN"
    admin_telegram_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    tick_seconds: int = Field(default=60, ge=1)
    send_seconds: float = Field(default=1.0, gt=0)
    send_rate_per_second: float = Field(default=25.0, gt=0)
    send_per_chat_seconds: float = Field(default=1.0, ge=0)
    http_timeout_seconds: float = Field(default=10.0, gt=0)
    quiet_hours_start: int = Field(default=21, ge=0, le=23)
    quiet_hours_end: int = Field(default=8, ge=0, le=23)
    skip_holidays: bool = True
    invite_ttl_days: int = Field(default=7, ge=1)
    bot_username: str = ""
    lease_seconds: float = Field(default=30.0, gt=0)
    instance_name: str = ""
    calendar_file: str = ""
    late_entry_days: int = Field(default=3, ge=0)
    log_level: str = "INFO"
    webapp_url: str = ""
    # Webhook mode (`recallbot run --webhook`) and the web server beside polling.
    webhook_url: str = ""
    webhook_secret: SecretStr = SecretStr("")
    webhook_listen: str = "0.0.0.0:8080"
    web_listen: str = ""

    @field_validator("admin_telegram_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(";", ",").split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}; use a name like Asia/Shanghai"
            ) from None
        return value

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in ("zh-CN", "en"):
            raise ValueError("DEFAULT_LOCALE must be zh-CN or en")
        return value

    @field_validator("calendar_file")
    @classmethod
    def _usable_calendar(cls, value: str) -> str:
        if value:
            from bot.services.working_time import WorkCalendar

            WorkCalendar.load(value)  # a CalendarFileError (a ValueError) says where and why
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
        return value.upper()

    @field_validator("webapp_url")
    @classmethod
    def _https_url(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith("https://"):
            raise ValueError("WEBAPP_URL must be an https:// URL (Telegram opens only those)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr) -> SecretStr:
        secret = value.get_secret_value()
        if secret and not WEBHOOK_SECRET.fullmatch(secret):
            raise ValueError("WEBHOOK_SECRET: 1 to 256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("webhook_listen", "web_listen")
    @classmethod
    def _host_port(cls, value: str) -> str:
        if value and not LISTEN.fullmatch(value):
            raise ValueError(f"{value!r} is not host:port (for example 127.0.0.1:8080)")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("WEBHOOK_URL must be a full URL, path included (https://...)")
        return value

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
