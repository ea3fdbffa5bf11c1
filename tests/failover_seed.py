"""Seed a failover test's database: people, each with one notice due now.

Every third person is a recalled cadre with a case opened today and a step reminder (the
first stage of the ladder for acknowledging the plan, as the scheduler queues it); the others
get a step-less notice. Run as a program (`python -m tests.failover_seed URL COUNT
FIRST_CHAT`), so that the test process keeps its own database state apart from the
instances' database."""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta

from bot.clock import SystemClock
from bot.db import close_db, init_db
from bot.services.cases import CaseService, NewCase
from bot.services.notices import notify
from models import Person, PlanStep
from models.enums import Rank, StepKind

CADRE_EVERY = 3  # one person in three gets a step reminder
CLOSED_CASE_IDS = 1_000_000


async def seed(url: str, count: int, first_chat: int) -> None:
    await init_db(url)
    clock = SystemClock()
    now = clock.now()
    cases = CaseService(clock)
    try:
        cadres = [n for n in range(count) if n % CADRE_EVERY == 0]
        for n in cadres:
            case = await cases.open(
                NewCase(f"干部{n}", "青山县农业农村局", Rank.SECTION, "inaction", cases.today(), 3)
            )
            await Person.filter(id=case.cadre_id).update(telegram_id=first_chat + n)
        await Person.bulk_create(
            [
                Person(name=f"干部{n}", telegram_id=first_chat + n, created_at=now)
                for n in range(count)
                if n not in cadres
            ]
        )
        for person in await Person.filter(telegram_id__gte=first_chat).order_by("id"):
            step = await PlanStep.get_or_none(
                case__cadre_id=person.id, kind=StepKind.ACKNOWLEDGE
            ).prefetch_related("case")
            if step is None:
                # About a case of an earlier programme, gone from this database: an id far
                # from the ones the test's admin creates, or the new case would make the
                # notice one about somebody else's case, withheld at send time.
                await notify(
                    person,
                    "case-closed-notice",
                    now=now,
                    case_id=CLOSED_CASE_IDS + person.id,
                    cadre=person.name,
                    placement="original_unit",
                    disposition="none",
                )
                continue
            # The ladder's first stage, with the key the scheduler gives it (so that a tick of
            # an instance queues nothing more). Its stage day is yesterday: it is due at once,
            # whatever the hour, as after a night of downtime.
            await notify(
                person,
                "reminder-step-upcoming",
                now=now,
                case=step.case,
                plan_step=step,
                case_id=step.case_id,
                step_id=step.id,
                cadre=person.name,
                step=str(step.kind),
                label=step.label,
                due=step.due_on.isoformat(),
                days=(step.due_on - cases.today()).days,
                responsible=str(step.responsible),
                stage=0,
                stage_key="stage:0",
                stage_day=(cases.today() - timedelta(days=1)).isoformat(),
                own="yes",
            )
    finally:
        await close_db()


if __name__ == "__main__":
    asyncio.run(seed(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
