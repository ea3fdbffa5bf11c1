"""Three `recallbot run` on one PostgreSQL database, in polling and in webhook mode: the
active one is killed (SIGKILL), then the next one stalls (SIGSTOP past its lease, SIGCONT),
all during a busy run. Every update is handled once, every reminder delivered once, a form
started before the kill is finished on the new active instance, and the stalled instance
sends nothing after it lost its lease.

PostgreSQL only (several instances are not supported on SQLite): it runs in the PostgreSQL
pass of `make test`, which fails when no server listens on 127.0.0.1:5432. Every wait is on
observed state (log lines, emulator records, database rows) with generous timeouts, so a
slow start or a busy machine makes it slower, never red.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import asyncpg
import pytest
import pytest_asyncio

from bot.devtools.emulator import BotApiEmulator
from bot.devtools.emulator.server import SentMessage
from tests.chat import button_data
from tests.conftest import TEST_DATABASE_URL
from tests.failover_seed import CADRE_EVERY
from tests.instances import Instance, base_env, free_port, recallbot_cli, wait_until

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL.startswith("postgres"),
    reason="several instances need PostgreSQL: runs in the PostgreSQL pass (make test-pg)",
)

ADMIN = 777
REMINDERS = 300
FIRST_CHAT = 600_000
STRANGERS = 900_000
LEASE_SECONDS = 5
SECRET = "failover-secret"


@pytest_asyncio.fixture
async def database() -> AsyncIterator[str]:
    server = TEST_DATABASE_URL.rsplit("/", 1)[0]
    name = f"test_recallbot_failover_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(f"{server}/postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    yield f"{server}/{name}"
    admin = await asyncpg.connect(f"{server}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def rows(url: str, sql: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(url)
    try:
        return list(await connection.fetch(sql))
    finally:
        await connection.close()


class Admin:
    """The admin at the keyboard: types and presses, waiting for each answer."""

    def __init__(self, emu: BotApiEmulator, database: str) -> None:
        self.emu = emu
        self.database = database
        self.last_update = 0
        emu.make_user(ADMIN, "组织部小刘")

    def answers(self) -> int:
        methods = {"sendmessage", "editmessagetext", "editmessagereplymarkup"}
        return sum(
            r.method.lower() in methods and r.status == 200 and r.params.get("chat_id") == ADMIN
            for r in self.emu.requests
        )

    def newest_with_buttons(self) -> SentMessage | None:
        return next((m for m in reversed(self.emu.sent(ADMIN)) if m.reply_markup), None)

    async def act(self, item: str) -> None:
        if self.last_update:
            # As a person reads before tapping: an instance killed between its answer and
            # the record leaves the update to the next one, which answers it again; the
            # button to press is on that newest answer.
            await _wait_recorded(self.database, self.last_update)
        before = self.answers()
        if item.startswith("@"):
            label = item[1:]
            try:
                await wait_until(
                    lambda: (
                        label
                        in str(
                            (self.newest_with_buttons() or SentMessage(0, 0, "", 0)).reply_markup
                        )
                    ),
                    what=f"a button {label!r}",
                )
            except TimeoutError as missing:
                seen = [(m.text, m.reply_markup) for m in self.emu.sent(ADMIN)[-4:]]
                raise TimeoutError(f"{missing}; the admin's last messages: {seen}") from None
            message = self.newest_with_buttons()
            assert message is not None
            update = self.emu.callback(ADMIN, button_data(message, label), message.message_id)
        else:
            update = self.emu.message(ADMIN, item)
        self.last_update = int(update["update_id"])
        await wait_until(lambda: self.answers() > before, what=f"an answer to {item!r}")


def delivered(emu: BotApiEmulator) -> Counter[int]:
    return Counter(
        int(m.chat_id)
        for m in emu.sent()
        if isinstance(m.chat_id, int) and FIRST_CHAT <= m.chat_id < FIRST_CHAT + REMINDERS
    )


ACTIVE = "is active (lease epoch"


async def next_active(instances: list[Instance], before: dict[str, int]) -> Instance:
    """The instance that logged becoming active since `before` (counts per instance)."""

    def newly() -> list[Instance]:
        return [i for i in instances if i.logged(ACTIVE) > before.get(i.name, 0)]

    await wait_until(newly, what="an instance taking over")
    (found,) = newly()
    return found


def actives(instances: list[Instance]) -> dict[str, int]:
    return {i.name: i.logged(ACTIVE) for i in instances}


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_three_instances_fail_over_without_losing_or_repeating_anything(
    database: str, mode: str
) -> None:
    async with BotApiEmulator() as emu, aiohttp.ClientSession() as http:
        emu.webhook_timeout = 3.0

        def env_for(name: str) -> dict[str, str]:
            env = base_env(
                BOT_TOKEN="123456:FAILOVER",
                DATABASE_URL=database,
                TELEGRAM_BASE_URL=emu.base_url_via(name),
                TELEGRAM_BASE_FILE_URL=emu.base_file_url,
                ADMIN_TELEGRAM_IDS=str(ADMIN),
                LEASE_SECONDS=str(LEASE_SECONDS),
                SEND_RATE_PER_SECOND="10",
                SEND_PER_CHAT_SECONDS="0",
                TICK_SECONDS="3600",
                # Whatever the hour and the day the test runs: no quiet hours, no holidays.
                QUIET_HOURS_START="0",
                QUIET_HOURS_END="0",
                SKIP_HOLIDAYS="false",
            )
            if mode == "webhook":
                port = free_port()
                env |= {
                    "WEBHOOK_URL": f"http://127.0.0.1:{port}/tg",
                    "WEBHOOK_SECRET": SECRET,
                    "WEBHOOK_LISTEN": f"127.0.0.1:{port}",
                }
            return env

        code, output = await recallbot_cli("db", "upgrade", env=env_for("setup"))
        assert code == 0, output
        seed = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.failover_seed", database, str(REMINDERS),
            str(FIRST_CHAT),
        )  # fmt: skip
        assert await seed.wait() == 0
        args = ("run", "--webhook") if mode == "webhook" else ("run",)
        names = ["alpha", "beta", "gamma"]
        instances = [Instance(name, env_for(name), args) for name in names]
        alpha, beta, gamma = instances
        strangers = iter(range(STRANGERS, STRANGERS + 1_000))
        asked: list[int] = []

        written: list[int] = []  # the update ids people sent

        def stranger_writes() -> None:
            uid = next(strangers)
            emu.make_user(uid, f"路人{uid}")
            written.append(int(emu.message(uid, "/start")["update_id"]))
            asked.append(uid)

        try:
            await alpha.start()
            assert await next_active(instances, {}) is alpha
            await beta.start()
            await gamma.start()
            await beta.wait_logged("standing by")
            await gamma.wait_logged("standing by")
            if mode == "webhook":
                for standby in (beta, gamma):
                    async with http.get(f"http://127.0.0.1:{standby.port}/healthz") as answer:
                        assert answer.status == 503
                        assert (await answer.json())["role"] == "standby"

            # A busy run: reminders going out, people writing, the admin in a form.
            admin = Admin(emu, database)
            await wait_until(lambda: len(delivered(emu)) >= 20, what="20 reminders")
            for _ in range(5):
                stranger_writes()
            for item in ("/newcase", "刘洋", "东山区住房和城乡建设局", "科长"):
                await admin.act(item)
            await wait_until(lambda: all(emu.sent(uid) for uid in asked), what="replies")
            assert len(delivered(emu)) < REMINDERS  # still busy sending

            # SIGKILL the active instance; people keep writing while nobody is active.
            before = actives(instances)
            await alpha.kill()
            for _ in range(5):
                stranger_writes()
            second = await next_active(instances, before)
            assert second in (beta, gamma)
            for item in ("@乡科级", "@是", "@重点任务", "@生态环保工作不力"):
                await admin.act(item)
            if mode == "webhook":
                # A standby stores what is posted to it; the active instance handles it.
                third_standby = gamma if second is beta else beta
                uid = next(strangers)
                emu.make_user(uid, f"路人{uid}")
                posted = emu.message(uid, "/start")
                emu._queue = [q for q in emu._queue if q.update is not posted]
                async with http.post(
                    f"http://127.0.0.1:{third_standby.port}/tg",
                    json=posted,
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                ) as answer:
                    assert answer.status == 200
                written.append(int(posted["update_id"]))
                asked.append(uid)
            await wait_until(lambda: all(emu.sent(uid) for uid in asked), what="replies")

            # SIGSTOP the new active instance past its lease, during the drain, then SIGCONT.
            await wait_until(lambda: len(delivered(emu)) >= REMINDERS // 3, what="reminders")
            stalled = second
            before = actives(instances)
            standing = stalled.logged("standing by")
            stalled.signal(signal.SIGSTOP)
            for _ in range(5):
                stranger_writes()
            third = await next_active(instances, before)
            assert third is not stalled and third is not alpha
            cut = len(emu.requests)
            stalled.signal(signal.SIGCONT)
            await stalled.wait_logged("lease lost")
            await stalled.wait_logged("standing by", standing + 1)
            for item in ("2026-03 区级批次", "@今天", "@4 个月", "李老师", "王部长", "@确认保存"):
                await admin.act(item)
            await wait_until(lambda: all(emu.sent(uid) for uid in asked), what="replies")

            # Everything that can be delivered is, and nothing is left in flight.
            def settled() -> bool:
                return len(delivered(emu)) >= REMINDERS - 1

            await wait_until(settled, what="the reminders")
            statuses = await _wait_statuses(database)
            end = len(emu.requests)  # before the clean stops below hand the lease around
        finally:
            for instance in instances:
                if instance.process is not None and instance.process.returncode is None:
                    await instance.stop()
                print(f"--- {instance.name}\n{instance.log[-6000:]}")  # shown when a test fails
            for m in emu.sent(ADMIN)[-6:]:
                print(f"--- to the admin: {m.text[:200]!r} {m.reply_markup}")

        # The stalled instance sent nothing new (and polled nothing) after it lost its lease:
        # at most the one message whose fence check it had passed when SIGSTOP froze it (a
        # check and the write it allows cannot be one step; docs/reliability.md).
        after = [r for r in emu.requests[cut:end] if r.via == stalled.name]
        assert len(after) <= 1 and all(r.method == "sendMessage" for r in after), after

        # Every reminder delivered once: never twice, and each missing one is a row the
        # outbox itself records as "may have been sent" (claimed by the SIGKILLed instance
        # just as it died, at most one).
        per_chat = delivered(emu)
        assert max(per_chat.values()) == 1
        uncertain = {int(r["telegram_id"]) for r in statuses if r["status"] == "uncertain"}
        missing = set(range(FIRST_CHAT, FIRST_CHAT + REMINDERS)) - set(per_chat)
        why = [dict(r) for r in statuses if int(r["telegram_id"]) in missing]
        assert missing <= uncertain and len(uncertain) <= 1, (missing, uncertain, why)
        assert {r["status"] for r in statuses} <= {"sent", "uncertain"}
        # One person in three got a step reminder (checked again at send time), the others a
        # plain notice: both kinds went out, none was dropped or joined with another.
        kinds = Counter(r["message"] for r in statuses)
        reminded = len(range(0, REMINDERS, CADRE_EVERY))
        assert kinds == {
            "reminder-step-upcoming": reminded,
            "case-closed-notice": REMINDERS - reminded,
        }, kinds
        texts = {int(m.chat_id): m.text or "" for m in emu.sent() if m.chat_id in per_chat}
        steps = [texts[c] for c in per_chat if (c - FIRST_CHAT) % CADRE_EVERY == 0]
        assert steps and all("确认管理计划" in text for text in steps), steps[:3]

        # Every update handled once: one answer per person who wrote. Except where an instance
        # was killed or stalled between sending an answer and recording the update (with its
        # form state, in one transaction): the update is still in the store, unrecorded, and
        # the instance that recorded it answered again. Counted, and reported.
        handled_by = {
            int(r["update_id"]): r["handled_by"]
            for r in await rows(database, "SELECT update_id, handled_by FROM incoming_update")
        }
        answered_twice = 0
        for uid, update_id in zip(asked, written, strict=True):
            assert handled_by.get(update_id), (uid, update_id)
            vias = answered_by(emu, uid)
            if len(vias) == 2:
                interrupted = {alpha.name, stalled.name}
                assert vias[0] in interrupted and vias[1] == handled_by[update_id], (uid, vias)
                answered_twice += 1
            else:
                assert len(vias) == 1, (uid, vias)

        # The form started on alpha was saved on the third active instance.
        cases = await rows(
            database,
            "SELECT c.id FROM recall_case c JOIN person p ON p.id = c.cadre_id "
            "WHERE p.name = '刘洋'",
        )
        assert len(cases) == 1
        saved = [
            r
            for r in emu.requests
            if r.params.get("chat_id") == ADMIN
            and "已启动召回管理" in str(r.params.get("text", ""))
        ]
        assert len(saved) == 1 and saved[0].via == third.name
        assert emu.violations == []
        report = {
            "mode": mode,
            "delivered": sum(per_chat.values()),
            "uncertain": len(uncertain),
            "updates": len(asked),
            "answered twice": answered_twice,
        }
        print("failover figures:", report)


async def _wait_recorded(database: str, update_id: int) -> None:
    """Until the update is recorded as handled (by whichever instance handled it to the end)."""
    sql = f"SELECT 1 FROM incoming_update WHERE update_id = {update_id} AND handled_at IS NOT NULL"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 180
    while not await rows(database, sql):
        assert loop.time() < deadline, f"update {update_id} never recorded as handled"
        await asyncio.sleep(0.1)


def answered_by(emu: BotApiEmulator, chat_id: int) -> list[str]:
    """Which instances sent the messages `chat_id` received, in order."""
    return [
        r.via
        for r in emu.requests
        if r.method == "sendMessage" and r.status == 200 and r.params.get("chat_id") == chat_id
    ]


async def _wait_statuses(database: str) -> list[Any]:
    """The reminders' final statuses, once none is pending or being sent."""
    sql = (
        "SELECT n.status, n.message, n.last_error, p.telegram_id "
        "FROM notification n JOIN person p ON p.id = n.person_id "
        f"WHERE p.telegram_id >= {FIRST_CHAT} AND p.telegram_id < {FIRST_CHAT + REMINDERS}"
    )
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 180
    while True:
        found = await rows(database, sql)
        if all(r["status"] not in ("pending", "sending") for r in found):
            return found
        if loop.time() > deadline:
            raise TimeoutError(Counter(r["status"] for r in found))
        await asyncio.sleep(0.2)
