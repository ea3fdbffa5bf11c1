"""The demo's script: a small programme played through the chat, day by day.

Everybody acts the way a person would in Telegram: commands, typed answers, button presses.
The script decides *when* people act (most are diligent, one cadre falls behind); the bot
decides everything else. The clock moves a day at a time, and after each move the
scheduler's jobs run exactly as they would in production.
"""

from __future__ import annotations

import contextlib
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.devtools.demo.dashboard import Screenshots, screenshot_dashboard
from bot.devtools.demo.world import Actor, DemoWorld
from bot.i18n import format_date, translate
from bot.services.cases import window_opens
from models import (
    Case,
    Leave,
    Notification,
    Person,
    PlanStep,
    Reflection,
    Talk,
    TrainingSession,
)
from models.enums import CaseStatus, ReflectionStatus, StepKind, StepStatus

ZONE = ZoneInfo("Asia/Shanghai")
START = date(2026, 3, 2)  # a Monday
# The supervisor opens the dashboard mid-period, while one cadre is behind.
DASHBOARD_DAY = START + timedelta(days=51)
LINK = re.compile(r"start=(\S+)")
LEAVE_RECORDED = date(2026, 4, 4)
LEAVE = (date(2026, 4, 6), date(2026, 4, 14))  # 周芳 away: her talk of 8 April moves
# 张伟 writes a second reflection a week after his first, before the next one's window opens.
EARLY_REFLECTION = START + timedelta(days=20)
# A second supervisor of the lagging cadre's case is invited only once his steps are overdue
# (first thing on a Friday, before anybody acts).
LATE_JOIN = START + timedelta(days=18)
STEP_NOTICES = (
    "reminder-step-upcoming", "reminder-step-due", "reminder-step-overdue", "alert-step-due",
    "alert-step-overdue", "alert-case-status",
)  # fmt: skip


@dataclass
class CaseScript:
    """One cadre's case as the admin enters it, and how the people of the case behave."""

    cadre: Actor
    unit: str
    position: str
    rank: str
    principal: bool
    category: str
    reason: str
    months: int
    mentor: Actor
    lagging: bool = False
    case_id: int = 0
    placement: str = "original_unit"
    disposition: str = "none"
    grade: str = "competent"
    late_supervisors: tuple[Actor, ...] = ()  # on the case from the start, invited later


@dataclass
class Cast:
    admin: Actor
    supervisor: Actor
    mentors: list[Actor]
    cases: list[CaseScript]
    extended: CaseScript
    late_supervisor: Actor
    enrolled: set[int] = field(default_factory=set)


def cast(locale: str) -> Cast:
    def person(telegram_id: int, name: str, role: str) -> Actor:
        return Actor(telegram_id, name, role, locale)

    admin = person(1000, "刘处长", "admin")
    supervisor = person(4001, "王部长", "supervisor")
    deputy = person(4002, "马主任", "supervisor")
    li, chen = person(2001, "李老师", "mentor"), person(2002, "陈老师", "mentor")
    zhang = CaseScript(
        person(3001, "张伟", "cadre"),
        "青山县农业农村局",
        "副局长",
        "section",
        True,
        "discipline",
        "inaction",
        3,
        li,
        grade="competent",
    )
    zhao = CaseScript(
        person(3002, "赵敏", "cadre"),
        "白石镇人民政府",
        "副镇长",
        "section",
        False,
        "key_tasks",
        "environmental_protection",
        4,
        li,
        placement="other_unit",
        grade="excellent",
        disposition="promoted",
    )
    sun = CaseScript(
        person(3003, "孙浩", "cadre"),
        "东山区统计局",
        "科员",
        "staff",
        False,
        "assessment",
        "assessment_low",
        3,
        chen,
        lagging=True,
        placement="other_unit",
        grade="basically_competent",
        late_supervisors=(deputy,),
    )
    zhou = CaseScript(
        person(3004, "周芳", "cadre"),
        "西河乡党委",
        "党委副书记",
        "section",
        True,
        "party_building",
        "party_building_weak",
        3,
        chen,
    )
    return Cast(
        admin,
        supervisor,
        [li, chen],
        [zhang, zhao, sun, zhou],
        extended=zhou,
        late_supervisor=deputy,
    )


class Scenario:
    """Plays the cast through the period; `expectations` are checked at the end."""

    def __init__(self, world: DemoWorld, cast: Cast, seed: int) -> None:
        self.world = world
        self.cast = cast
        self.random = random.Random(seed)
        self.sessions: dict[date, int] = {}
        self.revision_asked = False
        self.dashboard: Screenshots | None = None
        self.early_plan = ""  # what /plan showed after the early reflection
        self.tapped: set[str] = set()  # notices2: actions taken from a reminder's button
        # Branch views2: the talk confirmed from /start's home card, and /case's screens.
        self.home_card_confirmed: int | None = None  # the talk's id
        self.case_screens: list[str] = []
        self.typed_talk_days: list[tuple[int, date]] = []  # (case id, the day typed)

    # -- helpers ---------------------------------------------------------------------------

    def today(self) -> date:
        return self.world.clock.now().astimezone(ZONE).date()

    async def say(self, actor: Actor, text: str) -> str:
        return "\n".join(line.text for line in await self.world.say(actor, text))

    async def press(self, actor: Actor, pattern: str) -> str:
        return "\n".join(line.text for line in await self.world.press(actor, pattern))

    async def enrol(self, actor: Actor, reply: str) -> None:
        """The admin forwards the invite link; the person opens it."""
        if actor.telegram_id in self.cast.enrolled:
            return
        match = LINK.search(reply)
        if match is None:
            raise RuntimeError(f"no invite link for {actor.name} in: {reply}")
        self.world.add_actor(actor)
        await self.say(actor, f"/start {match.group(1)}")
        self.cast.enrolled.add(actor.telegram_id)

    # -- set-up ----------------------------------------------------------------------------

    async def set_up(self) -> None:
        admin = self.cast.admin
        await self.say(admin, "/start")
        for script in self.cast.cases:
            await self.open_case(script)
        await self.schedule_sessions()

    async def open_case(self, script: CaseScript) -> None:
        admin = self.cast.admin
        await self.say(admin, "/newcase")
        await self.say(admin, script.cadre.name)
        await self.say(admin, script.unit)
        await self.say(admin, script.position)
        await self.press(admin, f"nc:r:{script.rank}")
        await self.press(admin, f"nc:p:{int(script.principal)}")
        await self.press(admin, f"nc:g:{script.category}")
        await self.press(admin, f"nc:n:{script.reason}")
        await self.say(admin, "2026-03 县级批次")
        await self.press(admin, "nc:d:today")
        await self.press(admin, f"nc:m:{script.months}")
        await self.say(admin, script.mentor.name)
        supervisors = [self.cast.supervisor, *script.late_supervisors]
        await self.say(admin, "、".join(actor.name for actor in supervisors))
        saved = await self.press(admin, "nc:ok:save")
        # The reply names the cadre, not the case's id (docs/glossary.md): the id is the newest
        # case of that cadre.
        found = await Case.filter(cadre__name=script.cadre.name).order_by("-id").first()
        if found is None or script.cadre.name not in saved:
            raise RuntimeError(f"the case of {script.cadre.name} was not saved: {saved}")
        script.case_id = found.id
        for actor, role in (
            (script.cadre, "cadre"),
            (script.mentor, "mentor"),
            (self.cast.supervisor, "supervisor"),
        ):
            if actor.telegram_id not in self.cast.enrolled:
                reply = await self.press(admin, rf"iv:b:{script.case_id}:\d+:{role}")
                await self.enrol(actor, reply)

    async def schedule_sessions(self) -> None:
        """The closed training in week 2, then party-spirit education each month."""
        plan = [("training", "作风建设专题培训班", START + timedelta(days=8))]
        plan += [
            ("education", f"党性教育第{n}讲", START + timedelta(days=30 * n - 1))
            for n in range(1, 5)
        ]
        for kind, title, day in plan:
            admin = self.cast.admin
            await self.say(admin, "/session")
            await self.press(admin, f"ns:k:{kind}")
            await self.say(admin, title)
            await self.say(admin, day.isoformat())
            await self.say(admin, "10:00")
            await self.press(admin, "ns:l:180")
            await self.say(admin, "县委党校")
            await self.press(admin, "ns:g:0")
            await self.press(admin, "ns:a:done")
            await self.press(admin, "ns:ok:save")
            session = await TrainingSession.filter(title=title).order_by("-id").first()
            assert session is not None
            self.sessions[day] = session.id

    # -- the period ------------------------------------------------------------------------

    async def play(self) -> None:
        await self.set_up()
        day = self.today()
        while await Case.filter(status=CaseStatus.ACTIVE).exists():
            if day > START + timedelta(days=200):
                raise RuntimeError("the period did not end")
            await self.live(day)
            await self.world.run_jobs()
            day += timedelta(days=1)
            moment = datetime.combine(day, time(9, 30), tzinfo=ZONE)
            await self.world.advance(moment - self.world.clock.now())

    async def live(self, day: date) -> None:
        """What everybody does today."""
        await self.one_tap(day)  # notices2
        if day == LATE_JOIN:
            await self.invite_late(self.cast.late_supervisor)
        if day in self.sessions:
            await self.training_day(self.sessions[day])
        for script in self.cast.cases:
            case = await Case.get(id=script.case_id)
            if case.status != CaseStatus.ACTIVE:
                continue
            for step in await PlanStep.filter(
                case_id=case.id,
                status__in=("planned", "due", "overdue"),
                due_on__lte=day + timedelta(days=2),
            ).order_by("due_on"):
                if not self.acts_on(script, step, day):
                    continue
                await self.do_step(script, step)
        await self.confirm_from_home_card(self.cast.cases[0])
        await self.answer_notifications()
        if day == START + timedelta(days=60):
            await self.read_case_summary()
        if day == START + timedelta(days=7):
            await self.say(self.cast.supervisor, "/overdue")
        if day == START + timedelta(days=50):
            await self.extend(self.cast.extended)
        if day == LEAVE_RECORDED:
            await self.leave(self.cast.cases[3])
        if day == DASHBOARD_DAY:
            await self.look_at_dashboard()
        if day == EARLY_REFLECTION:
            await self.reflect_early(self.cast.cases[0])

    # -- notices2: one tap from a reminder to its action (issue 10 point 3) ---------------

    async def one_tap(self, day: date) -> None:
        """The first mentor records the first talk from its due-day reminder (登记谈话), and the
        supervisor, alerted that the lagging cadre's first reflection is 3 days overdue,
        presses 提醒本人 under the alert."""
        first, lagging = self.cast.cases[0], self.cast.cases[2]
        if day == START + timedelta(days=7):
            mentor = first.mentor
            with contextlib.suppress(LookupError):
                await self.press(mentor, f"ntk:{first.case_id}")
                await self.press(mentor, "tk:d:today")
                await self.say(mentor, "县委组织部谈话室")
                await self.say(mentor, f"与{first.cadre.name}谈心：从提醒直接登记，回顾首月工作。")
                await self.press(mentor, "tk:a:4")
                await self.say(mentor, "每周报送一次整改进展。")
                await self.press(mentor, "tk:ok:save")
                self.tapped.add("talk")
        step = await PlanStep.filter(
            case_id=lagging.case_id, kind=StepKind.REFLECTION, status=StepStatus.OVERDUE
        ).first()
        if step is not None and (day - step.due_on).days == 3 and "nudge" not in self.tapped:
            with contextlib.suppress(LookupError):
                await self.press(self.cast.supervisor, f"nud:{step.id}")
                self.tapped.add("nudge")

    async def one_tap_worked(self) -> bool:
        first, lagging = self.cast.cases[0], self.cast.cases[2]
        talk = await Talk.filter(case_id=first.case_id).order_by("id").first()
        nudged = await Notification.filter(
            message="reminder-nudge", case_id=lagging.case_id, status="sent"
        ).exists()
        return (
            self.tapped == {"talk", "nudge"}
            and talk is not None
            and talk.held_on == START + timedelta(days=7)
            and nudged
        )

    async def reflect_early(self, script: CaseScript) -> None:
        """A second reflection before the next one's window opens: kept, fulfilling nothing
        (or only a step whose window is open), and shown in /plan."""
        await self.reflect(script, final=False)
        self.early_plan = await self.say(script.cadre, "/plan")

    async def invite_late(self, actor: Actor) -> None:
        """The admin invites a supervisor who has been on a case since it opened; on joining
        they get one summary of the overdue steps (their alerts so far were not sent)."""
        admin = self.cast.admin
        await self.say(admin, "/invite")
        await self.press(admin, f"iv:r:{actor.role}")
        await self.say(admin, actor.name)
        await self.enrol(actor, await self.press(admin, "iv:ok:save"))

    async def look_at_dashboard(self) -> None:
        """The supervisor opens the dashboard (the Mini App) and it is saved as screenshots."""
        supervisor, app = self.cast.supervisor, self.world.app
        assert app is not None
        language = "zh-hans" if supervisor.locale == "zh-CN" else "en"
        self.dashboard = await screenshot_dashboard(
            app, supervisor.telegram_id, supervisor.name, language, self.world.out
        )

    def acts_on(self, script: CaseScript, step: PlanStep, day: date) -> bool:
        """Diligent cadres act two days ahead, others on the due day; the lagging cadre waits
        for the alerts. A training the lagging cadre missed is waived once overdue."""
        if step.kind == StepKind.TRAINING and script.lagging:
            return (day - step.due_on).days >= 3
        if step.kind in (StepKind.TRAINING, StepKind.EDUCATION):
            return False  # done by attending the sessions
        days_left = (step.due_on - day).days
        if step.responsible != "cadre":
            return days_left <= 0
        if script.lagging:
            return days_left <= -8
        return days_left <= 2

    async def do_step(self, script: CaseScript, step: PlanStep) -> None:
        kind = StepKind(step.kind)
        if kind == StepKind.TRAINING:
            await self.waive(script, step)
        elif kind == StepKind.ACKNOWLEDGE:
            await self.say(script.cadre, "/plan")
            await self.press(script.cadre, f"ack:{script.case_id}")
        elif kind == StepKind.TALK:
            await self.talk(script)
        elif kind == StepKind.REFLECTION:
            await self.reflect(script, final=step.label == "final_summary")
        elif kind == StepKind.ASSESSMENT_MID:
            await self.assess(script.mentor, script, "mid", "competent")
        elif kind == StepKind.ASSESSMENT_FINAL:
            await self.assess(self.cast.supervisor, script, "final", script.grade)
        elif kind == StepKind.DECISION:
            await self.outcome(script)

    async def talk(self, script: CaseScript) -> None:
        mentor = script.mentor
        await self.say(mentor, "/talk")
        await self.press(mentor, f"tk:c:{script.case_id}")
        # The day typed as people type it (issue 10 point 5), not tapped: 3月5日, 3/5, 5 Mar.
        day = self.today()
        if self.world.locale == "zh-CN":
            typed = self.random.choice([f"{day.month}月{day.day}日", f"{day.month}/{day.day}"])
        else:
            typed = self.random.choice([day.strftime("%-d %b"), day.strftime("%B %-d")])
        await self.say(mentor, typed)
        self.typed_talk_days.append((script.case_id, day))
        await self.say(mentor, self.random.choice(["单位会议室", "县委组织部谈话室"]))
        await self.say(mentor, f"与{script.cadre.name}谈心：回顾近期工作，查找作风方面的差距。")
        await self.press(mentor, f"tk:a:{self.random.choice([3, 4, 5])}")
        await self.say(mentor, "每周报送一次整改进展。")
        await self.press(mentor, "tk:ok:save")

    async def reflect(self, script: CaseScript, *, final: bool) -> None:
        cadre = script.cadre
        await self.say(cadre, "/reflect")
        if final:
            text = "期末总结：三个月来我深刻认识到担当作为不足的根源，已按整改清单逐项落实。"
        else:
            text = (
                "本月思想汇报：认真学习党章党规，对照检视工作作风漂浮、落实不力等问题，"
                "制定整改措施。"
            )
        with contextlib.suppress(LookupError):  # no revision pending: it asks for the text
            await self.press(cadre, "rf:r:new")
        await self.say(cadre, text)
        await self.press(cadre, "rf:ok:save")

    async def assess(self, actor: Actor, script: CaseScript, kind: str, grade: str) -> None:
        await self.say(actor, "/assess")
        await self.press(actor, f"as:c:{script.case_id}")
        await self.press(actor, f"as:k:{kind}")
        await self.press(actor, f"as:g:{grade}")
        await self.say(actor, "能够正视问题，整改态度端正。")
        await self.say(actor, "建议按期结束管理期。")
        await self.press(actor, "as:ok:save")

    async def outcome(self, script: CaseScript) -> None:
        supervisor = self.cast.supervisor
        await self.say(supervisor, "/outcome")
        await self.press(supervisor, rf"[a-z]+:c:{script.case_id}")
        await self.press(supervisor, f"po:l:{script.placement}")
        await self.press(supervisor, f"po:d:{script.disposition}")
        await self.press(supervisor, "po:ok:save")

    async def waive(self, script: CaseScript, step: PlanStep) -> None:
        supervisor = self.cast.supervisor
        await self.say(supervisor, f"/waive {script.cadre.name}")
        await self.press(supervisor, f"st:s:{step.id}")
        await self.say(supervisor, "缺席专题培训，已安排随下一期补训。")
        await self.press(supervisor, "st:ok:save")

    async def leave(self, script: CaseScript) -> None:
        """The supervisor records a week of official business; the period stays as it is."""
        supervisor = self.cast.supervisor
        await self.say(supervisor, f"/leave {script.cadre.name}")
        await self.press(supervisor, "lv:n:new")
        await self.press(supervisor, "lv:k:official")
        await self.say(supervisor, LEAVE[0].isoformat())
        await self.say(supervisor, LEAVE[1].isoformat())
        await self.say(supervisor, "赴省委党校参加专题调研。")
        await self.press(supervisor, "lv:x:n")
        await self.press(supervisor, "lv:ok:save")

    async def extend(self, script: CaseScript) -> None:
        admin = self.cast.admin
        await self.say(admin, f"/extend {script.cadre.name}")
        await self.press(admin, "pe:m:4")
        await self.say(admin, "整改任务尚未完成，延长一个月。")
        await self.press(admin, "pe:ok:save")

    async def training_day(self, session_id: int) -> None:
        """Cadres check in with the QR link; each mentor then marks the roster."""
        li = self.cast.mentors[0]
        await self.say(li, "/checkin")
        await self.press(li, f"ck:s:{session_id}")
        link = None
        for message in reversed(self.world.emu.sent(li.telegram_id)):
            found = re.search(r"start=(ci-\S+)", message.caption or message.text or "")
            if found:
                link = found.group(1)
                break
        for script in self.cast.cases:
            active = await Case.filter(id=script.case_id, status=CaseStatus.ACTIVE).exists()
            if link and active and not script.lagging and script.mentor is li:
                await self.say(script.cadre, f"/start {link}")
        await self.world.advance(timedelta(hours=3))  # the session is over: mark the roster
        for mentor in self.cast.mentors:
            await self.say(mentor, "/attendance")
            await self.press(mentor, f"at:s:{session_id}")
            await self.press(mentor, "at:all:1")
            for script in self.cast.cases:
                if (
                    script.mentor is mentor
                    and script.lagging
                    and session_id == min(self.sessions.values())
                ):
                    # Present -> late -> absent: the lagging cadre missed the training.
                    await self.press(mentor, f"at:t:{script.case_id}")
                    await self.press(mentor, f"at:t:{script.case_id}")
            await self.press(mentor, "at:ok:save")

    async def answer_notifications(self) -> None:
        """Cadres confirm talk records; mentors review what was submitted."""
        for script in self.cast.cases:
            while True:
                try:
                    await self.press(script.cadre, r"tc:\d+:y")
                except LookupError:
                    break
        for mentor in self.cast.mentors:
            for reflection in await Reflection.filter(
                status=ReflectionStatus.SUBMITTED,
                case__assignments__person__telegram_id=(mentor.telegram_id),
            ).distinct():
                await self.review(mentor, reflection)
        for script in self.cast.cases:
            pending = await Reflection.filter(
                case_id=script.case_id, status=ReflectionStatus.REVISION_REQUESTED
            ).first()
            if pending is not None:
                await self.revise(script, pending.id)

    async def review(self, mentor: Actor, reflection: Reflection) -> None:
        """Accept, except the first reflection of the second cadre: that one goes back once."""
        send_back = not self.revision_asked and reflection.case_id == self.cast.cases[1].case_id
        await self.say(mentor, "/review")
        await self.press(mentor, f"rw:r:{reflection.id}")
        if send_back:
            self.revision_asked = True
            await self.press(mentor, "rw:d:revise")
            await self.say(mentor, "请结合生态环保督察反馈的具体问题再谈一谈。")
        else:
            await self.press(mentor, "rw:d:accept")
        await self.press(mentor, "rw:ok:save")

    async def revise(self, script: CaseScript, reflection_id: int) -> None:
        cadre = script.cadre
        await self.say(cadre, "/reflect")
        await self.press(cadre, f"rf:r:{reflection_id}")
        await self.say(
            cadre, "修改稿：针对督察反馈的河道整治滞后问题，我负有直接责任，已制定三项整改措施。"
        )
        await self.press(cadre, "rf:ok:save")

    async def take_dossier(self) -> None:
        """The supervisor files the lagging cadre's dossier, from /case."""
        supervisor, case_id = self.cast.supervisor, self.cast.cases[2].case_id
        await self.say(supervisor, f"/case {case_id}")
        await self.press(supervisor, f"dos:c:{case_id}")

    def dossier(self) -> tuple[str, bytes] | None:
        """The dossier PDF the supervisor received: its file name and content."""
        for message in reversed(self.world.emu.sent(self.cast.supervisor.telegram_id)):
            if message.content and (message.filename or "").startswith("dossier-"):
                return message.filename or "dossier.pdf", message.content
        return None

    # -- branch views2: no dead ends (issue 10 point 1), /case as a summary (point 10) ------

    async def confirm_from_home_card(self, script: CaseScript) -> None:
        """Once: the cadre taps 有异议 under a talk record, thinks better of it and sends
        /cancel; the notice's buttons are gone, but /start's home card has the record, and the
        cadre confirms it there."""
        if self.home_card_confirmed is not None:
            return
        talk = await Talk.filter(case_id=script.case_id, confirmation="pending").first()
        if talk is None:
            return
        cadre = script.cadre
        try:
            await self.press(cadre, rf"tc:{talk.id}:n")
        except LookupError:  # the notice is not in the chat yet
            return
        await self.say(cadre, "/cancel")
        await self.say(cadre, "/start")
        card = self.world.emu.sent(cadre.telegram_id)[-1]  # the home card
        home, _, _ = self.world.find_button(cadre, rf"tc:{talk.id}:y")
        await self.press(cadre, rf"tc:{talk.id}:y")
        if home.message_id == card.message_id:
            self.home_card_confirmed = talk.id

    async def read_case_summary(self) -> None:
        """The supervisor reads the lagging cadre's /case: a summary, then the plan steps and
        the history behind its buttons, and back."""
        supervisor, case_id = self.cast.supervisor, self.cast.cases[2].case_id
        self.case_screens.append(await self.say(supervisor, f"/case {case_id}"))
        for part in ("s", "h"):
            self.case_screens.append(await self.press(supervisor, rf"cvp:{part}:{case_id}:0"))
            await self.press(supervisor, rf"cvp:b:{case_id}:0")

    async def views_expectations(self) -> list[tuple[str, bool]]:
        talk = (
            await Talk.get_or_none(id=self.home_card_confirmed)
            if self.home_card_confirmed is not None
            else None
        )
        screens = self.case_screens
        return [
            ("demo-check-home-card", talk is not None and talk.confirmation == "confirmed"),
            (
                "demo-check-case-summary",
                len(screens) == 3
                and screens[0].count("\n") < 12
                and all(len(screen.splitlines()) > 3 for screen in screens[1:]),
            ),
        ]

    # -- expectations ----------------------------------------------------------------------

    async def expectations(self) -> list[tuple[str, bool]]:
        sun = self.cast.cases[2]
        sun_id = sun.cadre.telegram_id
        chen_id = sun.mentor.telegram_id
        supervisor_id = self.cast.supervisor.telegram_id

        async def got(telegram_id: int, *messages: str) -> int:
            return await Notification.filter(
                person__telegram_id=telegram_id, message__in=messages, status="sent"
            ).count()

        cases = await Case.all()
        dossier = self.dossier()
        zhou = self.cast.cases[3]
        away = (
            datetime.combine(LEAVE[0], time(0), tzinfo=ZONE),
            datetime.combine(LEAVE[1] + timedelta(days=1), time(0), tzinfo=ZONE),
        )
        zhao_reflection = await Reflection.filter(case_id=self.cast.cases[1].case_id).first()
        return [
            (
                "demo-check-outcomes",
                all(c.status == CaseStatus.CLOSED and c.placement for c in cases),
            ),
            (
                "demo-check-reminded",
                await got(sun_id, "reminder-step-due") > 0
                and await got(sun_id, "reminder-step-overdue") > 0,
            ),
            ("demo-check-mentor-told", await got(chen_id, "alert-step-overdue") > 0),
            (
                "demo-check-supervisor-alerted",
                await got(supervisor_id, "alert-step-overdue") > 0
                and await got(supervisor_id, "alert-case-status") > 0,
            ),
            (
                "demo-check-digests",
                await got(supervisor_id, "digest") >= 15,
            ),
            (
                "demo-check-extended",
                (await Case.get(id=self.cast.extended.case_id)).period_months == 4,
            ),
            (
                "demo-check-waived",
                await PlanStep.filter(
                    case_id=sun.case_id, kind=StepKind.TRAINING, status=StepStatus.WAIVED
                )
                .exclude(note="")
                .exists(),
            ),
            (
                "demo-check-late-flagged",
                await PlanStep.filter(case_id=sun.case_id, status=StepStatus.DONE_LATE).exists(),
            ),
            (
                "demo-check-revised",
                zhao_reflection is not None and await zhao_reflection.versions.all().count() == 2,
            ),
            (
                "demo-check-nothing-lost",
                not await Notification.filter(
                    status__in=("failed", "uncertain", "pending")
                ).exists(),
            ),
            (
                "demo-check-schema",
                self.world.emu.violations == [],
            ),
            (
                "demo-check-leave",
                await Leave.filter(case_id=zhou.case_id).exists()
                and not await Notification.filter(
                    case_id=zhou.case_id,
                    message__in=STEP_NOTICES,
                    created_at__gte=away[0],
                    created_at__lt=away[1],
                ).exists()
                and await Talk.filter(case_id=zhou.case_id, held_on__gt=LEAVE[1]).exists(),
            ),
            (
                "demo-check-dossier",
                dossier is not None
                and dossier[1].startswith(b"%PDF")
                and b"/FontFile2" in dossier[1],
            ),
            ("demo-check-typed-dates", await self.typed_days_kept()),
            ("demo-check-early-reflection", await self.early_reflection_kept()),
            ("demo-check-late-joiner", await self.late_joiner_summarised()),
            ("demo-check-one-tap", await self.one_tap_worked()),  # notices2
            *self.dashboard_expectations(),
            *await self.views_expectations(),
        ]

    async def typed_days_kept(self) -> bool:
        """Every talk whose day the mentor typed was saved on that day."""
        for case_id, day in self.typed_talk_days:
            if not await Talk.filter(case_id=case_id, held_on=day).exists():
                return False
        return bool(self.typed_talk_days)

    async def early_reflection_kept(self) -> bool:
        """The early reflection is kept and fulfils nothing; the next reflection step was
        done by its own report, inside its window; /plan showed the early one."""
        case_id = self.cast.cases[0].case_id
        early = [
            r
            for r in await Reflection.filter(case_id=case_id, step_id=None)
            if r.created_at.astimezone(ZONE).date() == EARLY_REFLECTION
        ]
        steps = await PlanStep.filter(
            case_id=case_id, kind=StepKind.REFLECTION, due_on__gt=EARLY_REFLECTION
        ).order_by("due_on")
        following = steps[0] if steps else None
        shown = format_date(EARLY_REFLECTION, self.world.locale)
        return (
            len(early) == 1
            and following is not None
            and following.done_on is not None
            and following.done_on >= window_opens(following) > EARLY_REFLECTION
            and translate(self.world.locale, "plan-extra-title") in self.early_plan
            and shown in self.early_plan
        )

    async def late_joiner_summarised(self) -> bool:
        """The supervisor invited late: alerts before joining recorded as not sent, then one
        summary listing the overdue steps, and the ladder went on for them."""
        person = await Person.get(telegram_id=self.cast.late_supervisor.telegram_id)
        mine = Notification.filter(person=person)
        summaries = await mine.filter(message="join-summary", status="sent")
        return (
            await mine.filter(status="dropped", last_error="not joined yet").exists()
            and len(summaries) == 1
            and int(summaries[0].params.get("count", 0)) > 0
            and await mine.filter(message__startswith="alert-", status="sent").exists()
        )

    def dashboard_expectations(self) -> list[tuple[str, bool]]:
        """The dashboard showed the supervisor's cases (where a browser could look at it)."""
        shots = self.dashboard
        if shots is not None and shots.missing:
            return []
        return [
            (
                "demo-check-dashboard",
                shots is not None and shots.state == "ready" and len(shots.files) == 2,
            )
        ]
