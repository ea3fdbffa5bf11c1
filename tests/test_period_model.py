"""A model-based test of whole management periods (hypothesis stateful testing).

Random sequences of what happens in a real programme: records of every kind on random
dates, early and late; waivers, reschedules and extensions, on the last day too; time
jumping ahead; people changing zone and joining late; quiet hours and holidays. After
every action the rules must hold:

(a) no step is done on a date before its window opened, except an admin's recorded
    exception;
(b) every record is kept;
(c) nobody is sent a reminder about a step already finished when it was sent, nor two
    messages about one step within an hour;
(d) every message goes out in working hours of the reader's zone at that moment, and on a
    working day when SKIP_HOLIDAYS is set;
(e) every day count in a reminder is the one true when it was sent, in the reader's zone;
(f) an extension keeps every done step's record and moves every open step tied to the end
    or the middle of the period.

`RECALLBOT_MODEL_EXAMPLES` sets how many periods to play (default 500, fixed seed).
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from tortoise import Tortoise

from bot.chat.notifications import render_text
from bot.chat.sender import Sender
from bot.clock import ManualClock
from bot.config import Settings
from bot.db import tortoise_config
from bot.services.activities import TalkRecord
from bot.services.cases import NewCase, window_opens
from bot.services.errors import DomainError
from bot.services.registry import Services
from bot.services.working_time import in_quiet_hours, is_workday
from models import (
    Assessment,
    AuditEvent,
    Case,
    Notification,
    Person,
    PlanStep,
    Reflection,
    RoleGrant,
    Talk,
)
from models.enums import (
    OPEN_STEP_STATUSES,
    AssessmentKind,
    Grade,
    NotificationStatus,
    Rank,
    Role,
    StepStatus,
)

EXAMPLES = int(os.environ.get("RECALLBOT_MODEL_EXAMPLES", "500"))
ZONES = ["Asia/Shanghai", "America/Los_Angeles", "Europe/London", "Pacific/Auckland"]
START = datetime(2026, 9, 14, 2, 0, tzinfo=UTC)  # a Monday, 10:00 in Beijing
DONE = (StepStatus.DONE, StepStatus.DONE_LATE)
LATE = ("mentor", "supervisor")
REPORT = "这一个月我认真反思了工作作风漂浮、落实不力的问题，决心改正，请组织监督。"


@dataclass
class Delivered:
    chat_id: int
    message_id: int
    text: str
    at: datetime
    zone: str


@dataclass
class RecordingBot:
    """Stands in for Telegram: keeps every message with the moment and the reader's zone."""

    clock: ManualClock
    zones: dict[int, str]
    delivered: list[Delivered] = field(default_factory=list)

    async def send_message(self, chat_id: int, text: str, **_: Any) -> Any:
        message = Delivered(
            chat_id, len(self.delivered) + 1, text, self.clock.now(), self.zones[chat_id]
        )
        self.delivered.append(message)
        return message

    async def send_photo(self, chat_id: int, photo: bytes, **_: Any) -> Any:
        return await self.send_message(chat_id, "<chart>")


class Period(RuleBasedStateMachine):
    """One case from its recall to a while after its end."""

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.run(self._open_db())
        self.clock = ManualClock(START)
        self.records = {"talk": 0, "reflection": 0, "assessment": 0}

    def run(self, work: Any) -> Any:
        return self.loop.run_until_complete(work)

    async def _open_db(self) -> None:
        # Each action runs in its own task: the connections live in the global fallback,
        # as in `recallbot run`.
        await Tortoise.init(
            config=tortoise_config("sqlite://:memory:"), _enable_global_fallback=True
        )
        await Tortoise.generate_schemas()

    def teardown(self) -> None:
        self.run(Tortoise.close_connections())
        self.loop.close()

    @initialize(
        months=st.integers(3, 6),
        recalled_days_ago=st.integers(0, 40),
        skip_holidays=st.booleans(),
        quiet=st.sampled_from([(21, 8), (22, 7), (20, 9)]),
        mentor_joined=st.booleans(),
        supervisor_joined=st.booleans(),
    )
    def open_case(
        self,
        months: int,
        recalled_days_ago: int,
        skip_holidays: bool,
        quiet: tuple[int, int],
        mentor_joined: bool,
        supervisor_joined: bool,
    ) -> None:
        self.settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            bot_token="1:T",
            timezone="Asia/Shanghai",
            skip_holidays=skip_holidays,
            quiet_hours_start=quiet[0],
            quiet_hours_end=quiet[1],
        )
        self.services = Services.build(self.clock, self.settings)
        self.zones: dict[int, str] = {}
        self.bot = RecordingBot(self.clock, self.zones)
        self.sender = Sender(
            self.bot,  # type: ignore[arg-type]
            self.services,
            rate_per_second=1e6,
            per_chat_interval=0,
        )
        self.reminders = self.services.reminders
        recalled = (START - timedelta(days=recalled_days_ago)).date()
        self.case = self.run(
            self.services.cases.open(
                NewCase(
                    "张伟",
                    "青山县农业农村局",
                    Rank.SECTION,
                    "inaction",
                    recalled,
                    months,
                    mentors=["李老师"],
                    supervisors=["王部长"],
                )
            )
        )
        self.run(self._people(mentor_joined, supervisor_joined))
        self.delivered_seen = 0

    async def _people(self, mentor_joined: bool, supervisor_joined: bool) -> None:
        admin = await Person.create(name="组织部小刘", telegram_id=1000, created_at=START)
        await RoleGrant.create(person=admin, role=Role.ADMIN)
        self.zones[1000] = "Asia/Shanghai"
        self.people = {"admin": admin}
        for key, name, joined in (
            ("cadre", "张伟", True),
            ("mentor", "李老师", mentor_joined),
            ("supervisor", "王部长", supervisor_joined),
        ):
            person = await Person.get(name=name)
            self.people[key] = person
            if joined:
                await self._join(key)

    async def _join(self, key: str) -> None:
        person = self.people[key]
        role = {"cadre": Role.CADRE, "mentor": Role.MENTOR, "supervisor": Role.SUPERVISOR}[key]
        case_id = self.case.id if role == Role.CADRE else None
        token, _ = await self.services.people.create_invite(role, person.name, case_id=case_id)
        telegram_id = 5000 + person.id
        self.zones[telegram_id] = person.timezone or "Asia/Shanghai"
        self.people[key] = await self.services.people.redeem(token, telegram_id, "zh-CN")

    # Time -----------------------------------------------------------------------------

    @rule(hours=st.integers(1, 30) | st.sampled_from([72, 24 * 7, 24 * 20]))
    def time_passes(self, hours: int) -> None:
        self.run(self._pass(hours))

    async def _pass(self, hours: int) -> None:
        # The jobs run every few hours of the way (as after downtime when the gap is long).
        step = 6 if hours <= 72 else hours
        for _ in range(0, hours, step):
            self.clock.advance(hours=min(step, hours))
            while (await self.reminders.tick(self.clock.now())).more:
                pass
            await self.sender.drain()

    # Records --------------------------------------------------------------------------

    def today(self) -> date:
        return self.clock.now().astimezone(ZoneInfo("Asia/Shanghai")).date()

    @rule(days_ago=st.integers(0, 20))
    def record_talk(self, days_ago: int) -> None:
        held = max(self.case.recalled_on, self.today() - timedelta(days=days_ago))
        record = TalkRecord(held, "会议室", "谈了近期工作。", 4)
        if self._try(
            self.services.activities.record_talk(self.case.id, record, mentor=self._mentor())
        ):
            self.records["talk"] += 1

    @rule()
    def submit_reflection(self) -> None:
        from bot.services.activities import ReflectionContent

        work = self.services.activities.submit_reflection(
            ReflectionContent(text=REPORT), cadre=self.people["cadre"]
        )
        if self._try(work):
            self.records["reflection"] += 1

    @rule(
        kind=st.sampled_from(list(AssessmentKind)),
        by=st.sampled_from(["mentor", "supervisor", "admin"]),
        reason=st.sampled_from(["", "本人调离"]),
    )
    def record_assessment(self, kind: AssessmentKind, by: str, reason: str) -> None:
        assessor = self._mentor() if by == "mentor" else self.people[by]
        work = self.services.activities.record_assessment(
            self.case.id, kind, Grade.COMPETENT, assessor=assessor, early_reason=reason
        )
        if self._try(work):
            self.records["assessment"] += 1

    @rule()
    def acknowledge(self) -> None:
        self._try(self.services.cases.acknowledge(self.case, self.people["cadre"]))

    # Decisions on the plan ------------------------------------------------------------

    @rule(pick=st.integers(0, 30))
    def waive(self, pick: int) -> None:
        step = self.run(self._open_step(pick))
        if step is not None:
            work = self.services.cases.waive_step(step.id, "因公出差", by=self.people["admin"])
            self._try(work)

    @rule(pick=st.integers(0, 30), days=st.integers(0, 40))
    def reschedule(self, pick: int, days: int) -> None:
        step = self.run(self._open_step(pick))
        if step is not None:
            work = self.services.cases.reschedule_step(
                step.id, self.today() + timedelta(days=days), "另行安排", by=self.people["admin"]
            )
            self._try(work)

    @rule(more=st.integers(1, 3))
    def extend(self, more: int) -> None:
        self.run(self._extend(more))

    async def _extend(self, more: int) -> None:
        case = await Case.get(id=self.case.id)
        before = {s.id: s for s in await PlanStep.filter(case=case)}
        try:
            extended = await self.services.cases.extend(
                case.id, case.period_months + more, by=self.people["admin"], reason="整改未完成"
            )
        except DomainError:
            return
        delta = extended.period_end - case.period_end
        for step in await PlanStep.filter(case=case):
            old = before.get(step.id)
            if old is None:
                continue  # added by the extension
            if old.status in DONE:  # (f) a done step keeps its record
                assert (step.status, step.done_on, step.due_on) == (
                    old.status,
                    old.done_on,
                    old.due_on,
                )
            elif old.status in OPEN_STEP_STATUSES and old.anchor == "end":
                # Its place in the new period, on the first working day from there if asked.
                place = (old.planned_on or old.due_on) + delta
                assert place <= step.due_on < place + timedelta(days=12), (old.kind, step.due_on)
                if self.settings.skip_holidays:
                    assert is_workday(step.due_on)
                else:
                    assert step.due_on == place

    # People ---------------------------------------------------------------------------

    @rule(who=st.sampled_from(["cadre", "mentor", "supervisor"]), zone=st.sampled_from(ZONES))
    def change_zone(self, who: str, zone: str) -> None:
        person = self.people[who]
        self.run(self.services.people.set_timezone(person, zone))
        if person.telegram_id is not None:
            self.zones[person.telegram_id] = zone

    @precondition(
        lambda self: any(self.people[k].telegram_id is None for k in ("mentor", "supervisor"))
    )
    @rule(who=st.sampled_from(["mentor", "supervisor"]))
    def join_late(self, who: str) -> None:
        if self.people[who].telegram_id is None:
            self.run(self._join(who))

    # Helpers --------------------------------------------------------------------------

    def _mentor(self) -> Person:
        return self.people["mentor"]

    def _try(self, work: Any) -> bool:
        """Run an action; a refusal (a domain error) is an answer, not a failure."""
        try:
            self.run(work)
        except DomainError:
            return False
        return True

    async def _open_step(self, pick: int) -> PlanStep | None:
        steps = await PlanStep.filter(case_id=self.case.id, status__in=OPEN_STEP_STATUSES)
        return sorted(steps, key=lambda s: s.id)[pick % len(steps)] if steps else None

    # Invariants -----------------------------------------------------------------------

    @invariant()
    def rules_hold(self) -> None:
        if not hasattr(self, "case"):
            return
        self.run(self._check())

    async def _check(self) -> None:
        # (a) nothing done before its window, but an admin's recorded exception
        excepted = {
            e.details.get("step") for e in await AuditEvent.filter(action="window-exception")
        }
        for step in await PlanStep.filter(case_id=self.case.id, status__in=DONE):
            assert step.done_on is not None
            if step.id not in excepted and step.kind != "acknowledge":
                assert step.done_on >= window_opens(step), (step.kind, step.due_on, step.done_on)
        # (b) every record kept
        assert await Talk.filter(case_id=self.case.id).count() == self.records["talk"]
        assert await Reflection.filter(case_id=self.case.id).count() == self.records["reflection"]
        assert await Assessment.filter(case_id=self.case.id).count() == self.records["assessment"]
        await self._check_messages()

    async def _check_messages(self) -> None:
        fresh = self.bot.delivered[self.delivered_seen :]
        self.delivered_seen = len(self.bot.delivered)
        window = self.services.settings
        for message in fresh:
            # (d) working hours in the reader's zone at that moment, working days if asked
            local = message.at.astimezone(ZoneInfo(message.zone))
            quiet = in_quiet_hours(
                local.time(), time(window.quiet_hours_start), time(window.quiet_hours_end)
            )
            assert not quiet, (local, message.text)
            if window.skip_holidays:
                assert is_workday(local.date()), (local, message.text)
        by_id = {m.message_id: m for m in fresh}
        rows = await Notification.filter(
            status=NotificationStatus.SENT, telegram_message_id__in=list(by_id)
        ).select_related("step", "person")
        for row in rows:
            message = by_id[row.telegram_message_id]  # type: ignore[index]
            if row.step is None:
                continue
            # (c) not about a step finished before it was sent
            if row.step.done_at is not None:
                assert row.step.done_at >= message.at, (row.key, row.step.status)
            # (e) the day count is the one true at that moment, in the reader's zone
            today = message.at.astimezone(ZoneInfo(message.zone)).date()
            signed = (today - row.step.due_on).days
            if row.step.due_on.isoformat() == row.params["due"]:
                params = {**row.params, "days": abs(signed), "days_signed": signed}
                expected = render_text(row.message, params, "zh-CN", message.zone)
                if row.message != "alert-case-status":
                    assert expected in message.text, (expected, message.text)
        # (c) never two messages about one step within an hour
        sent = await Notification.filter(
            status=NotificationStatus.SENT, step_id__not_isnull=True
        ).values_list("person_id", "step_id", "telegram_message_id", "sent_at")
        last: dict[tuple[int, int], tuple[int, datetime]] = {}
        for person_id, step_id, message_id, sent_at in sorted(sent, key=lambda r: r[3]):
            previous = last.get((person_id, step_id))
            if previous is not None and previous[0] != message_id:
                assert sent_at - previous[1] >= timedelta(hours=1), (person_id, step_id)
            last[(person_id, step_id)] = (message_id, sent_at)


def test_whole_periods_keep_their_rules() -> None:
    run_state_machine_as_test(
        Period,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=12,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        ),
    )
