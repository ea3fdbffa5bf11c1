"""How a queued notice looks in Telegram: text in the reader's words, buttons, a chart.

The services' catalogue (bot/services/notices.py) says what each notice carries; this
module shows it: each parameter as its kind says, in the reader's language and zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot.i18n import (
    code_label,
    format_date,
    format_datetime,
    format_occasion,
    step_name,
    translate,
)
from bot.services.catchup import MAX_ASSIGNED_ITEMS
from bot.services.chart import render_progress_chart
from bot.services.digest import DIGEST_MESSAGE, progress_rows, render_digest
from bot.services.notices import (
    CASE_ASSIGNED,
    CASE_VIEW_PREFIX,
    DAY,
    ID,
    JOIN_SUMMARY,
    MOMENT,
    NUDGE_PREFIX,
    OCCASION,
    OPEN_DASHBOARD,
    SESSION_NOTICES,
    STEP_REMINDER,
    TALK_CONFIRM_REQUEST,
    TALK_CORRECTED,
    TEXT,
    Coded,
    ParamKind,
    notice_of,
    step_message,
)
from bot.services.outgoing import Outgoing
from models import Notification


@dataclass
class Rendered:
    text: str
    markup: InlineKeyboardMarkup | None = None
    chart: bytes | None = None
    voice: str | None = None  # a voice note sent before the text (a talk's voice summary)
    scan: tuple[str, str] | None = None  # (photo | document, file id) sent before the text


def _shown(kind: ParamKind, value: Any, locale: str, zone: ZoneInfo) -> Any:
    if isinstance(kind, Coded):
        return code_label(locale, kind.prefix, value) if isinstance(value, str) else value
    if kind == DAY and isinstance(value, str) and value:
        return format_date(date.fromisoformat(value), locale)
    if kind == MOMENT and isinstance(value, str) and value:
        return format_datetime(datetime.fromisoformat(value), locale, zone)
    if kind == OCCASION and isinstance(value, str) and value:
        return format_occasion(datetime.fromisoformat(value), locale, zone)
    if kind == ID:
        return str(value)  # ids are not quantities: no digit grouping
    return value


def render_text(message: str, params: dict[str, Any], locale: str, zone: str | ZoneInfo) -> str:
    """A queued message as text in the reader's language and time zone."""
    tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
    if message == DIGEST_MESSAGE:
        return render_digest(params, locale, tz)
    notice = notice_of(message)
    if notice is JOIN_SUMMARY:
        return _join_summary(params, locale, tz)
    if notice is CASE_ASSIGNED:
        return _assigned(params, locale)
    shown = {
        name: _shown(notice.params.get(name, TEXT), value, locale, tz)
        for name, value in params.items()
    }
    if "step" in params:
        shown["step"] = step_name(locale, params["step"], params.get("label", ""))
    if "days_signed" in params:
        message = step_message(notice, params["days_signed"], params.get("step", ""))
    if notice is STEP_REMINDER and params.get("session_at"):
        # notices2: the session's own date, time and place, not the step's due date.
        message = "reminder-session-step"
        shown["session_at"] = format_occasion(
            datetime.fromisoformat(params["session_at"]), locale, tz
        )
        shown["session_place"] = params.get("session_place") or translate(
            locale, "session-place-unknown"
        )
    if notice is TALK_CONFIRM_REQUEST and "actions" in params:
        message = "talk-confirm-full"
    if notice in (TALK_CONFIRM_REQUEST, TALK_CORRECTED) and "actions" in params:
        shown.setdefault("place", "")
        shown["place"] = params.get("place") or "—"
        shown["changed"] = ", ".join(
            translate(locale, f"talk-field-{name}") for name in params.get("changed", "").split()
        )
    return translate(locale, message, **shown).strip()


def _join_summary(params: dict[str, Any], locale: str, zone: ZoneInfo) -> str:
    """The summary a person gets on joining: a heading, then one line per open step."""
    own = params["role"] == "cadre"
    lines = [
        translate(locale, f"join-summary-{'cadre' if own else 'scope'}", count=params["count"])
    ]
    if params.get("leave_end"):  # (summaries queued before leaves were shown have none)
        kind = translate(locale, f"leave-kind-{params['leave_kind']}")
        end = format_date(date.fromisoformat(params["leave_end"]), locale)
        lines.insert(0, translate(locale, "join-summary-on-leave", kind=kind, end=end))
    for item in params["items"]:
        days = item["days_signed"]
        when = (
            translate(locale, "join-when-overdue", days=days)
            if days > 0
            else translate(locale, "join-when-today")
            if days == 0
            else translate(locale, "join-when-ahead", days=-days)
        )
        if item.get("leave_end") and not own:
            end = format_date(date.fromisoformat(item["leave_end"]), locale)
            when = translate(locale, "join-when-on-leave", when=when, end=end)
        lines.append(
            translate(
                locale,
                "join-summary-line-own" if own else "join-summary-line",
                cadre=item["cadre"],
                case_id=str(item["case_id"]),
                step=step_name(locale, item["step"], item["label"]),
                due=format_date(date.fromisoformat(item["due"]), locale),
                when=when,
            )
        )
    if params["count"] > len(params["items"]):
        lines.append(
            translate(locale, "digest-more", count=params["count"] - len(params["items"]))
        )
    if params.get("sessions"):  # notices2: the cadre's coming sessions, in the same message
        lines += ["", translate(locale, "join-summary-sessions", count=len(params["sessions"]))]
        for session in params["sessions"]:
            lines.append(
                translate(
                    locale,
                    "join-summary-session-line",
                    kind=code_label(locale, "session-kind", session["kind"]),
                    title=session["title"],
                    starts_at=format_occasion(
                        datetime.fromisoformat(session["starts_at"]), locale, zone
                    ),
                    place=session["place"] or translate(locale, "session-place-unknown"),
                )
            )
    return "\n".join(lines)


def _button(label: str, data: str, locale: str, webapp_url: str) -> InlineKeyboardButton | None:
    label, _, whose = label.partition("|")
    text = translate(locale, label) + (f" · {whose}" if whose else "")
    if data == OPEN_DASHBOARD:
        if not webapp_url:
            return None
        return InlineKeyboardButton(text, web_app=WebAppInfo(webapp_url))
    return InlineKeyboardButton(text, callback_data=data)


def _assigned(params: dict[str, Any], locale: str) -> str:
    """Cases newly assigned to the reader: a heading, one line per case, how to see them."""
    items = params["cases"]
    count = max(int(params["count"]), len(items))
    lines = [translate(locale, "case-assigned", count=count)]
    for item in items:
        lines.append(
            translate(
                locale,
                "case-assigned-line",
                case_id=str(item["case_id"]),
                cadre=item["cadre"],
                unit=item["unit"],
                role=code_label(locale, "role", item["role"]),
            )
        )
    if count > len(items):
        lines.append(translate(locale, "digest-more", count=count - len(items)))
    lines.append(translate(locale, "case-assigned-how"))
    return "\n".join(lines)


def _markup(
    rows: list[list[tuple[str, str]]], locale: str, webapp_url: str = ""
) -> InlineKeyboardMarkup | None:
    keyboard = []
    for row in rows:
        buttons = [_button(label, data, locale, webapp_url) for label, data in row]
        if shown := [b for b in buttons if b is not None]:
            keyboard.append(shown)
    return InlineKeyboardMarkup(keyboard) if keyboard else None


def _one_assignment(item: Outgoing) -> Outgoing:
    """Several "assigned to you" rows as one: every case listed once under one heading."""
    cases = [case for params in item.params for case in params["cases"]]
    count = sum(max(int(params["count"]), len(params["cases"])) for params in item.params)
    only = cases[0]["case_id"] if count == 1 and cases else 0
    listed = cases[:MAX_ASSIGNED_ITEMS]
    merged = {**item.params[0], "cases": listed, "count": count, "case_id": only}
    return Outgoing(item.rows[:1], [merged])


def render_outgoing(item: Outgoing, locale: str, zone: str, webapp_url: str = "") -> Rendered:
    """One message: a notice, or one reader's reminders listed under a heading (a dashboard
    button opens `webapp_url`; without one it is left out)."""
    if len(item.rows) > 1 and all(n.message == CASE_ASSIGNED.kind for n in item.rows):
        item = _one_assignment(item)
    texts, rows = [], []
    several = len(item.rows) > 1
    voice = None
    scan: tuple[str, str] | None = None
    buttons: list[tuple[str, str]] = []
    for n, params in zip(item.rows, item.params, strict=True):
        texts.append(render_text(n.message, params, locale, zone))
        voice = voice or params.get("voice_file") or None
        if params.get("scan_file"):
            scan = (
                "photo" if params.get("scan_kind") == "photo" else "document",
                params["scan_file"],
            )
        for row in notice_of(n.message).rows(params):
            if not several:
                rows.append(row)
                continue
            for label, data in row:
                if params.get("cadre") and params.get("own") != "yes":
                    # Each button names whose it is (查看 · 张伟; 提醒本人 · 张伟 · 谈心谈话).
                    label = _whose(label, data, params, locale)
                if (label, data) not in buttons:
                    buttons.append((label, data))
    if several:
        # The actions first, one a row; then the views and reminders to others, two a row;
        # the dashboard last, under the digest that comes last.
        following = (CASE_VIEW_PREFIX + ":", NUDGE_PREFIX + ":")
        rows = [[b] for b in buttons if not b[1].startswith(following) and b[1] != OPEN_DASHBOARD]
        others = [b for b in buttons if b[1].startswith(following)]
        rows += [others[i : i + 2] for i in range(0, len(others), 2)]
        rows += [[b] for b in buttons if b[1] == OPEN_DASHBOARD]
    text = _joined(item, texts, locale) if several else texts[0]
    chart = None
    digest = next((n for n in item.rows if n.message == DIGEST_MESSAGE), None)
    if digest is not None:
        bars = progress_rows(digest.params)
        chart = render_progress_chart(bars, locale) if bars else None
    return Rendered(text, _markup(rows[:MAX_ROWS], locale, webapp_url), chart, voice, scan)


def _whose(label: str, data: str, params: dict[str, Any], locale: str) -> str:
    whose = str(params["cadre"])
    if data.startswith(NUDGE_PREFIX + ":") and params.get("step"):
        whose += " · " + step_name(locale, params["step"], params.get("label", ""))
    return f"{label}|{whose}"


MAX_ROWS = 20  # buttons under one joined message (Telegram takes 100; a phone shows fewer)


def _joined(item: Outgoing, texts: list[str], locale: str) -> str:
    """Several notices for one reader as one message: a heading that counts them (reminders
    and alerts, or session notices), then each; a digest among them comes last."""
    digest = [t for n, t in zip(item.rows, texts, strict=True) if n.message == DIGEST_MESSAGE]
    rest = [t for n, t in zip(item.rows, texts, strict=True) if n.message != DIGEST_MESSAGE]
    sessions = all(n.message in SESSION_NOTICES for n in item.rows)
    key = "sessions-joined" if sessions else "reminders-joined"
    head = [translate(locale, key, count=len(rest))] if len(rest) > 1 else []
    return "\n\n".join([*head, *rest, *digest])


def render(notification: Notification, locale: str, zone: str) -> Rendered:
    """A single queued notice as it stands (the demo shows the last digest this way)."""
    return render_outgoing(Outgoing([notification], [dict(notification.params)]), locale, zone)
