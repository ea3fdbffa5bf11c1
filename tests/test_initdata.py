"""Telegram Mini App launch data: the documented signature, and any change to it refused."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.web.initdata import InvalidInitData, launch_data, sign, validate

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


def test_the_signature_is_the_documented_one() -> None:
    """Worked by hand from Telegram's description, independently of the module's helpers."""
    user = '{"id":279058397,"first_name":"Vladislav","language_code":"ru"}'
    auth_date = str(int(NOW.timestamp()))
    check = f"auth_date={auth_date}\nquery_id=AAHdF6IQAAAAAN0XohDhrOrc\nuser={user}"
    key = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    digest = hmac.new(key, check.encode(), hashlib.sha256).hexdigest()
    init_data = urlencode(
        {"query_id": "AAHdF6IQAAAAAN0XohDhrOrc", "user": user, "auth_date": auth_date}
    )
    accepted = validate(f"{init_data}&hash={digest}", TOKEN, NOW)
    assert (accepted.id, accepted.first_name, accepted.language_code) == (
        279058397,
        "Vladislav",
        "ru",
    )
    assert accepted.auth_date == NOW


def test_age_is_judged_by_the_given_clock() -> None:
    data = launch_data(42, TOKEN, NOW)
    assert validate(data, TOKEN, NOW + timedelta(days=1)).id == 42
    with pytest.raises(InvalidInitData, match="expired"):
        validate(data, TOKEN, NOW + timedelta(days=1, seconds=1))
    with pytest.raises(InvalidInitData, match="future"):
        validate(data, TOKEN, NOW - timedelta(minutes=6))
    assert validate(data, TOKEN, NOW - timedelta(minutes=4)).id == 42  # clocks differ a little


@pytest.mark.parametrize(
    "fields",
    [
        {"auth_date": "1772415000"},  # no user
        {"user": '{"id": 1}'},  # no auth_date
        {"user": '{"id": "1"}', "auth_date": "1772415000"},
        {"user": '{"id": true}', "auth_date": "1772415000"},
        {"user": "[1]", "auth_date": "1772415000"},
        {"user": "not json", "auth_date": "1772415000"},
        {"user": '{"id": 1}', "auth_date": "soon"},
        {"user": '{"id": 1}', "auth_date": "9" * 30},
    ],
)
def test_signed_but_malformed_data_is_refused(fields: dict[str, str]) -> None:
    with pytest.raises(InvalidInitData):
        validate(sign(fields, TOKEN), TOKEN, NOW)


TEXT = st.text(st.characters(codec="utf-8"), max_size=30)


@given(
    user_id=st.integers(min_value=1, max_value=2**52),
    name=TEXT,
    language=st.none() | st.sampled_from(["zh-hans", "en", "de"]),
)
def test_what_is_signed_is_accepted(user_id: int, name: str, language: str | None) -> None:
    user = validate(
        launch_data(user_id, TOKEN, NOW, first_name=name, language_code=language), TOKEN, NOW
    )
    assert (user.id, user.language_code) == (user_id, language)


@given(
    user_id=st.integers(min_value=1, max_value=2**52),
    field=st.sampled_from(["user", "auth_date", "query_id", "hash"]),
    change=st.sampled_from(["replace", "drop", "append"]),
    value=TEXT,
    extra=st.tuples(st.from_regex(r"[a-z_]{1,12}", fullmatch=True), TEXT),
)
def test_any_change_is_refused(
    user_id: int, field: str, change: str, value: str, extra: tuple[str, str]
) -> None:
    fields = dict(parse_qsl(launch_data(user_id, TOKEN, NOW)))
    if change == "replace":
        if fields[field] == value:
            return
        fields[field] = value
    elif change == "drop":
        del fields[field]
    elif extra[0] in fields:
        return
    else:
        fields[extra[0]] = extra[1]
    with pytest.raises(InvalidInitData):
        validate(urlencode(fields), TOKEN, NOW)


@given(token=st.text(min_size=1, max_size=50))
def test_another_bots_data_is_refused(token: str) -> None:
    if token == TOKEN:
        return
    with pytest.raises(InvalidInitData):
        validate(launch_data(7, token, NOW), TOKEN, NOW)


def test_the_user_field_is_telegram_shaped() -> None:
    fields = dict(parse_qsl(launch_data(7, TOKEN, NOW, first_name="王", language_code="zh-hans")))
    assert json.loads(fields["user"]) == {"id": 7, "first_name": "王", "language_code": "zh-hans"}
    assert set(fields) == {"query_id", "user", "auth_date", "hash"}
