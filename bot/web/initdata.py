"""Telegram Mini App launch data (initData): its signature and its age, as Telegram documents.

The page receives initData from Telegram and sends it back with every API call. It is a query
string whose `hash` field is HMAC-SHA256 of the other fields (sorted, `key=value`, one a line)
under the key HMAC-SHA256("WebAppData", bot token). Only the bot knows the token, so a valid
hash proves that Telegram issued the data for this bot; `auth_date` says when.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

MAX_AGE = timedelta(days=1)
# Telegram's clock and ours may differ a little; launch data from the far future is forged.
MAX_CLOCK_SKEW = timedelta(minutes=5)
MAX_LENGTH = 4096  # real launch data is well under 2 KB


class InvalidInitData(Exception):
    """The launch data is missing, malformed, forged or too old (the reason is for the log)."""


@dataclass(frozen=True)
class WebAppUser:
    id: int
    first_name: str
    language_code: str | None
    auth_date: datetime


def secret_key(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def data_check_string(fields: Mapping[str, str]) -> str:
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields))


def signature(fields: Mapping[str, str], bot_token: str) -> str:
    message = data_check_string(fields).encode()
    return hmac.new(secret_key(bot_token), message, hashlib.sha256).hexdigest()


def sign(fields: Mapping[str, str], bot_token: str) -> str:
    """Launch data as Telegram would issue it for these fields (the demo and tests use it)."""
    return urlencode({**fields, "hash": signature(fields, bot_token)})


def launch_data(
    user_id: int,
    bot_token: str,
    auth_date: datetime,
    *,
    first_name: str = "",
    language_code: str | None = None,
) -> str:
    """Signed launch data for one user, shaped like Telegram's."""
    user: dict[str, object] = {"id": user_id, "first_name": first_name or str(user_id)}
    if language_code:
        user["language_code"] = language_code
    fields = {
        "query_id": f"AAH{user_id}",
        "user": json.dumps(user, ensure_ascii=False, separators=(",", ":")),
        "auth_date": str(int(auth_date.timestamp())),
    }
    return sign(fields, bot_token)


def validate(
    init_data: str, bot_token: str, now: datetime, max_age: timedelta = MAX_AGE
) -> WebAppUser:
    """The user the launch data was issued to, or InvalidInitData."""
    if not init_data or len(init_data) > MAX_LENGTH:
        raise InvalidInitData("empty or too long")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise InvalidInitData("not a query string") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InvalidInitData("a field appears twice")
    received = fields.pop("hash", "")
    expected = signature(fields, bot_token)
    # Compared as bytes: compare_digest refuses non-ASCII text, and a forger may send some.
    if not hmac.compare_digest(expected.encode(), received.encode()):
        raise InvalidInitData("bad signature")
    try:
        auth_date = datetime.fromtimestamp(int(fields["auth_date"]), tz=UTC)
        user = json.loads(fields["user"])
        user_id = user["id"]
    except (KeyError, ValueError, TypeError, OverflowError, OSError):
        raise InvalidInitData("no auth_date or user") from None
    if now - auth_date > max_age:
        raise InvalidInitData("expired")
    if auth_date - now > MAX_CLOCK_SKEW:
        raise InvalidInitData("issued in the future")
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise InvalidInitData("user id is not a number")
    language = user.get("language_code")
    return WebAppUser(
        id=user_id,
        first_name=str(user.get("first_name", "")),
        language_code=language if isinstance(language, str) else None,
        auth_date=auth_date,
    )
