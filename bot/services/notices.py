"""The catalogue of notices: every kind of message the services queue for someone.

Each kind is one definition: the parameters it carries (and how each is shown), its
idempotency key, its category, the message ids that render it and the buttons under it.
Services queue notices by kind with `notify` (checked against the catalogue), the sender
renders from it, and the handlers take their button prefixes from here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from models import Case, Notification, Person, PlanStep
from models.enums import NotificationStatus


class Category(StrEnum):
    REMINDER = "reminder"  # to the person responsible for a step
    ALERT = "alert"  # to the people who follow someone else's step
    NOTICE = "notice"  # something happened that the reader should know
    DIGEST = "digest"


# How a parameter is shown: plain text, a number, an id (no digit grouping), a day or a
# moment in the reader's zone, an occasion (a moment with its weekday: when to be there), or
# a code named by the catalog message "<prefix>-<code>".
TEXT, COUNT, ID, DAY, MOMENT, FLAG = "text", "count", "id", "day", "moment", "flag"
OCCASION = "occasion"
STEPS = "steps"  # a list of steps: case_id, cadre, step, label, due (shown one per line)


@dataclass(frozen=True)
class Coded:
    prefix: str


ParamKind = str | Coded

# Button prefixes (callback data "<prefix>:<args>"); the handlers that answer them import them.
TALK_CORRECT_PREFIX = "tfx"  # notices2: tfx:<talk id>, the mentor corrects a talk record
ACKNOWLEDGE_PREFIX = "ack"
TALK_ANSWER_PREFIX = "tc"
OPEN_REVIEW_PREFIX = "rv"
REVISE_PREFIX = "rr"
SETTLE_PREFIX = "ts"
# Not callback data: it stands for a button that opens the dashboard (a Mini App). The chat
# layer makes it a web_app button at WEBAPP_URL, or leaves it out when none is configured.
OPEN_DASHBOARD = "@dashboard"
CASE_VIEW_PREFIX = "cv"


@dataclass(frozen=True)
class Button:
    label: str  # message id of its text
    prefix: str
    args: tuple[str, ...] = ()  # parameters packed after the prefix, in order
    suffix: tuple[str, ...] = ()  # constant parts after the args
    when: Callable[[Mapping[str, Any]], bool] | None = None
    tag: str = ""  # for a handler's own prefix: "<prefix>:<tag>:<args>"

    def data(self, params: Mapping[str, Any]) -> str:
        head = [self.prefix, self.tag] if self.tag else [self.prefix]
        return ":".join([*head, *(str(params[a]) for a in self.args), *self.suffix])


@dataclass(frozen=True)
class Notice:
    kind: str
    category: Category
    params: Mapping[str, ParamKind]
    key: str  # str.format template over the params and "person" (the recipient's id)
    buttons: tuple[tuple[Button, ...], ...] = ()
    # Message ids that render it besides `kind` (a reminder's wording follows its day count).
    variants: tuple[str, ...] = field(default=())
    free_params: bool = False  # a digest carries its own structure (digest.DigestData)
    # Parameters that may be left out (added later: rows queued before them lack them).
    optional: frozenset[str] = frozenset()

    @property
    def messages(self) -> tuple[str, ...]:
        return (self.kind, *self.variants)

    def key_for(self, person_id: int, params: Mapping[str, Any]) -> str:
        return self.key.format(person=person_id, **params)

    def check(self, params: Mapping[str, Any]) -> None:
        """A notice queued with other parameters than declared is a programming error."""
        if self.free_params:
            return
        missing = set(self.params) - set(params) - self.optional
        extra = set(params) - set(self.params) - self.optional
        if missing or extra:
            raise ValueError(f"{self.kind}: missing {sorted(missing)}, unexpected {sorted(extra)}")

    def rows(self, params: Mapping[str, Any]) -> list[list[tuple[str, str]]]:
        """Buttons as (label message id, callback data), by row; conditions applied."""
        rows = []
        for row in self.buttons:
            shown = [(b.label, b.data(params)) for b in row if b.when is None or b.when(params)]
            if shown:
                rows.append(shown)
        return rows


def _acknowledging(params: Mapping[str, Any]) -> bool:
    return params.get("step") == "acknowledge" and params.get("own") == "yes"


# What every step reminder and alert carries; `days` is worked out again when it is sent.
STEP_PARAMS: dict[str, ParamKind] = {
    "case_id": ID,
    "cadre": TEXT,
    "step": Coded("step-kind"),
    "label": TEXT,
    "due": DAY,
    "days": COUNT,
    "responsible": Coded("role"),
    "own": FLAG,
    "stage": COUNT,  # its place on the ladder (a repeat counts on past the last stage)
    "stage_day": DAY,  # the day it fires: at the reminder hour in the reader's zone
}
STEP_KEY = "step:{step_id}:due:{due}:{stage_key}:to:{person}"
ACKNOWLEDGE_BUTTON = Button(
    "plan-acknowledge-button", ACKNOWLEDGE_PREFIX, ("case_id",), when=_acknowledging
)

# notices2: one tap from every reminder and alert to its action (issue 10 point 3) -------
START_REFLECT_PREFIX = "nrf"  # nrf:<case id>   opens /reflect
START_TALK_PREFIX = "ntk"  # ntk:<case id>   opens /talk on that case
MY_PLAN_PREFIX = "npl"  # npl:<case id>   shows the cadre's plan
NUDGE_PREFIX = "nud"  # nud:<step id>   a supervisor reminds the person responsible
NUDGE_ROLES = ("supervisor", "admin")


def reader_of(params: Mapping[str, Any]) -> str:
    """The reader's part in the step: their role on the case (rows queued before the
    `reader` parameter say only whether it is the cadre's own step)."""
    reader = str(params.get("reader") or "")
    if reader:
        return reader
    return "cadre" if params.get("own") == "yes" else ""


def _reflecting(params: Mapping[str, Any]) -> bool:
    return params.get("step") == "reflection" and reader_of(params) == "cadre"


def _talking(params: Mapping[str, Any]) -> bool:
    reader = reader_of(params) or ("mentor" if params.get("responsible") == "mentor" else "")
    return params.get("step") == "talk" and reader == "mentor"


def _own_other(params: Mapping[str, Any]) -> bool:
    """A cadre's own step that he does not record here: his plan says what to do."""
    return reader_of(params) == "cadre" and params.get("step") not in (
        "acknowledge",
        "reflection",
    )


def _following(params: Mapping[str, Any]) -> bool:
    return reader_of(params) != "cadre"


def _nudging(params: Mapping[str, Any]) -> bool:
    return reader_of(params) in NUDGE_ROLES


STEP_BUTTONS: tuple[tuple[Button, ...], ...] = (
    (
        ACKNOWLEDGE_BUTTON,
        Button("btn-submit-reflection", START_REFLECT_PREFIX, ("case_id",), when=_reflecting),
        Button("btn-record-talk", START_TALK_PREFIX, ("case_id",), when=_talking),
        Button("btn-my-plan", MY_PLAN_PREFIX, ("case_id",), when=_own_other),
    ),
    (
        Button("btn-view", CASE_VIEW_PREFIX, ("case_id",), tag="c", when=_following),
        Button("btn-nudge", NUDGE_PREFIX, ("step_id",), when=_nudging),
    ),
)
STEP_OPTIONAL = frozenset({"reader"})
# ------------------------------------------------------------------------------------------

STEP_REMINDER = Notice(
    "reminder-step-upcoming",
    Category.REMINDER,
    {**STEP_PARAMS, "step_id": ID, "stage_key": TEXT},
    STEP_KEY,
    STEP_BUTTONS,
    variants=(
        "reminder-step-due",
        "reminder-step-overdue",
        "reminder-session-overdue",
        "reminder-session-step",  # notices2: an own session step with its session scheduled
    ),
    optional=STEP_OPTIONAL,
)
STEP_ALERT = Notice(
    "alert-step-due",
    Category.ALERT,
    {**STEP_PARAMS, "step_id": ID, "stage_key": TEXT},
    STEP_KEY,
    STEP_BUTTONS,
    variants=("alert-step-overdue",),
    optional=STEP_OPTIONAL,
)
CASE_STATUS_ALERT = Notice(
    "alert-case-status",
    Category.ALERT,
    {
        **STEP_PARAMS,
        "step_id": ID,
        "stage_key": TEXT,
        "done": COUNT,
        "open": COUNT,
        "overdue": COUNT,
        "total": COUNT,
    },
    STEP_KEY,
    STEP_BUTTONS,
    optional=STEP_OPTIONAL,
)
OUTCOME_MISSING_ALERT = Notice(
    "alert-outcome-missing",
    Category.ALERT,
    {**STEP_PARAMS, "step_id": ID, "stage_key": TEXT, "repeat": COUNT, "end": DAY},
    STEP_KEY,
    STEP_BUTTONS,
    optional=STEP_OPTIONAL,
)
PERSON_UNREACHABLE = Notice(
    "alert-person-unreachable",
    Category.ALERT,
    {"name": TEXT, "person_id": ID, "epoch": COUNT},
    "unreachable:{person_id}:{epoch}:to:{person}",
)
JOIN_SUMMARY = Notice(
    "join-summary",
    Category.REMINDER,
    {
        "role": Coded("role"),
        "items": STEPS,  # each with its case's leave_end ("" when not on leave today)
        "count": COUNT,
        "case_id": ID,
        "acknowledge": FLAG,
        "leave_kind": TEXT,  # a cadre on leave today: the leave's kind and last day
        "leave_end": DAY,
    },
    "joined:{person}:{role}",
    (
        (
            Button(
                "plan-acknowledge-button",
                ACKNOWLEDGE_PREFIX,
                ("case_id",),
                when=lambda p: p.get("acknowledge") == "yes",
            ),
        ),
    ),
)
# To a mentor or supervisor, when cases are assigned to them (one per person and batch: a
# case opened, an invite for a case, an import); `cases`: case_id, cadre, unit, role.
ASSIGNED_CASES = "assigned-cases"
CASE_ASSIGNED = Notice(
    "case-assigned",
    Category.NOTICE,
    {"batch": TEXT, "cases": ASSIGNED_CASES, "count": COUNT, "case_id": ID},
    "assigned:{batch}:to:{person}",
    (
        (
            Button(
                "btn-view-case",
                CASE_VIEW_PREFIX,
                ("case_id",),
                tag="c",
                when=lambda p: str(p.get("case_id", 0)) not in ("", "0"),
            ),
        ),
    ),
)
DIGEST = Notice(
    "digest",
    Category.DIGEST,
    {},
    "digest:{person}:{slot_day}",
    ((Button("webapp-open", OPEN_DASHBOARD),),),
    free_params=True,
)
TALK_CONFIRM_REQUEST = Notice(
    "talk-confirm-request",
    Category.NOTICE,
    {"talk_id": ID, "held_on": DAY, "mentor": TEXT, "summary": TEXT, "voice": FLAG},
    "talk:{talk_id}:confirm",
    (
        (
            Button("btn-talk-confirm", TALK_ANSWER_PREFIX, ("talk_id",), ("y",)),
            Button("btn-talk-dispute", TALK_ANSWER_PREFIX, ("talk_id",), ("n",)),
        ),
    ),
    # notices2: the full record (issue 10 point 4); rows queued before it show the summary.
    variants=("talk-confirm-full",),
    optional=frozenset({"place", "attitude", "actions", "voice_file", "scan_file", "scan_kind"}),
)
TALK_DISPUTED = Notice(
    "talk-disputed",
    Category.NOTICE,
    {"cadre": TEXT, "talk_id": ID, "held_on": DAY, "comment": TEXT},
    "talk:{talk_id}:disputed",
    # notices2: correct the record, or keep it and say how the dispute was settled.
    (
        (
            Button("btn-talk-correct", TALK_CORRECT_PREFIX, ("talk_id",)),
            Button("btn-talk-keep", SETTLE_PREFIX, ("talk_id",)),
        ),
    ),
)
# A session as its invitation and its eve reminder name it.
SESSION_PARAMS: dict[str, ParamKind] = {
    "session_id": ID,
    "case_id": ID,
    "kind": Coded("session-kind"),
    "title": TEXT,
    "starts_at": OCCASION,
    "place": TEXT,
}
SESSION_INVITATION = Notice(
    "session-invitation",
    Category.NOTICE,
    SESSION_PARAMS,
    "session:{session_id}:{case_id}",
)
REFLECTION_TO_REVIEW = Notice(
    "reflection-to-review",
    Category.NOTICE,
    {"cadre": TEXT, "reflection_id": ID, "version": COUNT},
    "reflection:{reflection_id}:{version}:{person}",
    ((Button("btn-open-review", OPEN_REVIEW_PREFIX, ("reflection_id",)),),),
)
REFLECTION_ACCEPTED = Notice(
    "reflection-accepted",
    Category.NOTICE,
    # `submitted`: when the reviewed version was sent, the report's name in the text (no id)
    {"reflection_id": ID, "version": COUNT, "comment": TEXT, "submitted": MOMENT},
    "reflection:{reflection_id}:review:{version}",
)
REFLECTION_REVISION_REQUESTED = Notice(
    "reflection-revision-requested",
    Category.NOTICE,
    {"reflection_id": ID, "version": COUNT, "comment": TEXT, "submitted": MOMENT},
    "reflection:{reflection_id}:review:{version}",
    ((Button("btn-revise", REVISE_PREFIX, ("reflection_id",)),),),
)
TALK_SETTLED = Notice(
    "talk-settled",
    Category.NOTICE,
    {"talk_id": ID, "held_on": DAY, "by": TEXT, "settlement": TEXT},
    "talk:{talk_id}:settled",
)
MAKE_UP_SESSION_NEEDED = Notice(
    "make-up-session-needed",
    Category.NOTICE,
    {
        "session_id": ID,
        "cadre": TEXT,
        "case_id": ID,
        "title": TEXT,
        "starts_at": MOMENT,
        "attendance": TEXT,
        "step": Coded("step-kind"),
        "label": TEXT,
        "due": DAY,
    },
    "makeup:{session_id}:{case_id}:{person}",
)
CASE_EXTENDED = Notice(
    "case-extended-notice",
    Category.NOTICE,
    {"case_id": ID, "cadre": TEXT, "months": COUNT, "end": DAY},
    "extend:{case_id}:{months}:{person}",
)
CASE_CLOSED = Notice(
    "case-closed-notice",
    Category.NOTICE,
    {
        "case_id": ID,
        "cadre": TEXT,
        "placement": Coded("placement"),
        "disposition": Coded("disposition"),
    },
    "closed:{case_id}:{person}",
)
# To the cadre, when a leave is recorded or changed (leave_kind is matched in the catalog).
LEAVE_PARAMS: dict[str, ParamKind] = {
    "case_id": ID,
    "leave_id": ID,
    "leave_kind": TEXT,
    "start": DAY,
    "end": DAY,
    "period_end": DAY,
    "extended": TEXT,
}
LEAVE_KEY = "{leave_id}:{leave_kind}:{start}:{end}:{extended}:{person}"
LEAVE_RECORDED = Notice(
    "leave-recorded-notice", Category.NOTICE, LEAVE_PARAMS, "leave:" + LEAVE_KEY
)
LEAVE_CORRECTED = Notice(
    "leave-corrected-notice", Category.NOTICE, LEAVE_PARAMS, "leave-corrected:" + LEAVE_KEY
)

# notices2 ----------------------------------------------------------------------------------
# A supervisor's "remind them" (提醒本人): to the person responsible, at most once a day.
NUDGE = Notice(
    "reminder-nudge",
    Category.REMINDER,
    {
        "case_id": ID,
        "step_id": ID,
        "cadre": TEXT,
        "step": Coded("step-kind"),
        "label": TEXT,
        "due": DAY,
        "by": TEXT,
        "own": FLAG,
        "responsible": Coded("role"),
        "reader": TEXT,
        "day": DAY,
    },
    "nudge:{step_id}:{day}:to:{person}",
    STEP_BUTTONS,
)
# To a cadre on a session's roster, the day before it.
SESSION_EVE = Notice(
    "reminder-session-tomorrow",
    Category.REMINDER,
    SESSION_PARAMS,
    "session:{session_id}:eve:{starts_at}:{case_id}",
    ((Button("btn-my-plan", MY_PLAN_PREFIX, ("case_id",)),),),
)
# To the cadre, when the mentor corrected a talk record: the record again, to confirm.
TALK_CORRECTED = Notice(
    "talk-corrected",
    Category.NOTICE,
    {
        "talk_id": ID,
        "held_on": DAY,
        "mentor": TEXT,
        "place": TEXT,
        "summary": TEXT,
        "attitude": COUNT,
        "actions": TEXT,
        "voice": FLAG,
        "voice_file": TEXT,
        "changed": TEXT,
        "revision": COUNT,
    },
    "talk:{talk_id}:corrected:{revision}",
    TALK_CONFIRM_REQUEST.buttons,
)
# To the cadre on a session's roster, when it is moved or cancelled.
SESSION_CHANGE_PARAMS: dict[str, ParamKind] = {
    "session_id": ID,
    "case_id": ID,
    "kind": Coded("session-kind"),
    "title": TEXT,
    "starts_at": OCCASION,
    "place": TEXT,
    "was_at": OCCASION,
    "was_place": TEXT,
}
SESSION_MOVED = Notice(
    "session-moved",
    Category.NOTICE,
    SESSION_CHANGE_PARAMS,
    "session:{session_id}:moved:{starts_at}:{place}:{case_id}",
)
SESSION_CANCELLED = Notice(
    "session-cancelled",
    Category.NOTICE,
    SESSION_CHANGE_PARAMS,
    "session:{session_id}:cancelled:{case_id}",
)
# Rows queued together for one reader that go out as one message (issue 10 point 10): the
# sender joins a reader's reminders, alerts and digest, a reader's session notices, and the
# cases assigned to a reader (four /newcase in a row are one "assigned to you" message).
SESSION_NOTICES = ("session-invitation", "session-moved", "session-cancelled")


def batch_of(message: str, category: str) -> str:
    """Which joined message a queued row belongs to ("" for one of its own)."""
    if category in (Category.REMINDER.value, Category.ALERT.value, Category.DIGEST.value):
        return "steps"
    if message in SESSION_NOTICES:
        return "sessions"
    if message == CASE_ASSIGNED.kind:
        return "assigned"
    return ""


# ------------------------------------------------------------------------------------------

CATALOGUE: dict[str, Notice] = {}
for _notice in (
    STEP_REMINDER,
    STEP_ALERT,
    CASE_STATUS_ALERT,
    OUTCOME_MISSING_ALERT,
    PERSON_UNREACHABLE,
    JOIN_SUMMARY,
    CASE_ASSIGNED,
    DIGEST,
    TALK_CONFIRM_REQUEST,
    TALK_DISPUTED,
    TALK_SETTLED,
    MAKE_UP_SESSION_NEEDED,
    SESSION_INVITATION,
    REFLECTION_TO_REVIEW,
    REFLECTION_ACCEPTED,
    REFLECTION_REVISION_REQUESTED,
    CASE_EXTENDED,
    CASE_CLOSED,
    LEAVE_RECORDED,
    LEAVE_CORRECTED,
    NUDGE,
    SESSION_EVE,
    TALK_CORRECTED,
    SESSION_MOVED,
    SESSION_CANCELLED,
):
    for _message in _notice.messages:
        CATALOGUE[_message] = _notice

STEP_NOTICES = (STEP_REMINDER, STEP_ALERT, CASE_STATUS_ALERT, OUTCOME_MISSING_ALERT)


def notice_of(message: str) -> Notice:
    """The definition of a queued message id (unknown ids are a programming error)."""
    return CATALOGUE[message]


# Steps fulfilled by attending a session that others schedule and record: an overdue one
# tells the cadre that the organisers arrange a make-up, not to record it themselves.
SESSION_STEPS = ("training", "education")


def step_message(notice: Notice, days: int, step: str = "") -> str:
    """A reminder's or an alert's wording for a day count (negative: days still left)."""
    if notice is STEP_REMINDER:
        if days < 0:
            return "reminder-step-upcoming"
        if days == 0:
            return "reminder-step-due"
        return "reminder-session-overdue" if step in SESSION_STEPS else "reminder-step-overdue"
    if notice is STEP_ALERT:
        return "alert-step-overdue" if days > 0 else "alert-step-due"
    return notice.kind


async def notify(
    person: Person,
    message: str,
    *,
    now: datetime,
    case: Case | None = None,
    plan_step: PlanStep | None = None,
    not_before: datetime | None = None,
    status: NotificationStatus | None = None,
    reason: str = "",
    **params: Any,
) -> bool:
    """Queue a notice (a message id of the catalogue) for a person; its key, made from its
    parameters, is written once: queueing it again changes nothing. A `status` other than
    pending records a notice that cannot go out, with the reason."""
    notice = notice_of(message)
    notice.check(params)
    key = notice.key_for(person.id, params)
    if await Notification.exists(key=key):
        return False
    if status is None:
        status = NotificationStatus.PENDING if person.reachable else NotificationStatus.PAUSED
    await Notification.create(
        key=key,
        person=person,
        case=case,
        step=plan_step,
        message=message,
        category=notice.category.value,
        params=params,
        status=status,
        last_error=reason,
        not_before=not_before or now,
        created_at=now,
    )
    return True


# Branch views2: a cadre's free-text question passed to the mentors (issue 10 point 11).
CADRE_QUESTION = Notice(
    "cadre-question",
    Category.NOTICE,
    {"case_id": ID, "cadre": TEXT, "unit": TEXT, "question": TEXT, "event_id": ID},
    "question:{event_id}:{person}",
)
CATALOGUE[CADRE_QUESTION.kind] = CADRE_QUESTION


# Branch editcase3: to the cadre, when an admin gives the case another mentor (/editcase).
CASE_MENTOR_CHANGED = Notice(
    "case-mentor-changed",
    Category.NOTICE,
    {"case_id": ID, "event_id": ID, "mentor": TEXT},  # the names, joined
    "mentor:{case_id}:{event_id}:{person}",
)
CATALOGUE[CASE_MENTOR_CHANGED.kind] = CASE_MENTOR_CHANGED


# To a mentor or supervisor an admin takes off a recall (/editcase). It names no case id: the
# reader no longer sees the recall, and is only told, by the names they knew, that it is so.
CASE_UNASSIGNED = Notice(
    "case-unassigned",
    Category.NOTICE,
    {"cadre": TEXT, "unit": TEXT, "role": Coded("role"), "event_id": ID},
    "unassigned:{event_id}:{person}",
)
CATALOGUE[CASE_UNASSIGNED.kind] = CASE_UNASSIGNED


# Branch plantalk3: a talk the mentor arranged (issue 10 point 15) ---------------------------
PLANNED_TALK_PARAMS: dict[str, ParamKind] = {
    "planned_id": ID,
    "case_id": ID,
    "cadre": TEXT,
    "mentor": TEXT,
    "day": DAY,  # the day (in the mentor's zone); with a time, starts_at is shown instead
    "weekday": Coded("weekday"),
    "starts_at": OCCASION,  # "" when no time was set
    "place": TEXT,
}


def _cadre_reads(params: Mapping[str, Any]) -> bool:
    return params.get("own") == "yes"


def _mentor_reads(params: Mapping[str, Any]) -> bool:
    return params.get("own") == "no"


# To the cadre, when the mentor arranges it.
TALK_PLANNED = Notice(
    "plantalk-scheduled",
    Category.NOTICE,
    PLANNED_TALK_PARAMS,
    "plantalk:{planned_id}:scheduled:{person}",
    ((Button("btn-my-plan", MY_PLAN_PREFIX, ("case_id",)),),),
    variants=("plantalk-scheduled-day",),
)
# To the cadre and the mentor, the day before (once per day and time).
TALK_PLANNED_EVE = Notice(
    "plantalk-eve",
    Category.NOTICE,
    {**PLANNED_TALK_PARAMS, "own": FLAG},
    "plantalk:{planned_id}:eve:{day}:{starts_at}:{person}",
    (
        (
            Button("btn-my-plan", MY_PLAN_PREFIX, ("case_id",), when=_cadre_reads),
            Button("btn-record-talk", START_TALK_PREFIX, ("case_id",), when=_mentor_reads),
        ),
    ),
    variants=("plantalk-eve-day",),
)
for _notice in (TALK_PLANNED, TALK_PLANNED_EVE):
    for _message in _notice.messages:
        CATALOGUE[_message] = _notice
