"""The dashboard's JSON API over HTTP: who may call it, and exactly which cases they see."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode

import aiohttp

from bot.services.leaves import LeaveRequest
from bot.web.initdata import sign
from models import Person
from models.enums import LeaveKind, Role
from tests.casework import enrol
from tests.chat import ChatHarness, text_of
from tests.conftest import ADMIN_ID
from tests.miniapp import api_for, serving, signed
from tests.oversight_world import (
    CADRE_ID,
    MENTOR_ID,
    OTHER_SUPERVISOR_ID,
    SUPERVISOR_ID,
    open_case,
    world,
)
from tests.test_chat_oversight import record_history

SUP = SUPERVISOR_ID


def ids(body: dict[str, Any]) -> list[int]:
    return [int(row["id"]) for row in body["cases"]]


async def test_a_supervisor_sees_only_their_cases(chat: ChatHarness) -> None:
    mine, other = await world(chat)
    third = await open_case(chat, "刘洋", unit="白河镇政府", supervisors=["王部长", "赵部长"])
    now = chat.clock.now()
    async with api_for(chat.app) as api:
        status, body = await api.get("/app/api/cases", signed(SUP, now))
        assert status == 200 and ids(body) == [mine.id, third.id]
        status, body = await api.get("/app/api/cases", signed(OTHER_SUPERVISOR_ID, now))
        assert status == 200 and ids(body) == [other.id, third.id]
        status, body = await api.get("/app/api/cases", signed(ADMIN_ID, now))
        assert status == 200 and ids(body) == [mine.id, other.id, third.id]
        # The same scope as the chat's /overdue, /stats and /export.
        assert "陈静" not in text_of(await chat.send(SUP, "/overdue"))


async def test_another_supervisors_case_is_not_found(chat: ChatHarness) -> None:
    mine, other = await world(chat)
    now = chat.clock.now()
    async with api_for(chat.app) as api:
        own = signed(SUP, now)
        status, body = await api.get(f"/app/api/cases/{mine.id}", own)
        assert status == 200 and body["id"] == mine.id
        for forged in (str(other.id), "999", "0", "99999999999", "1.0", "-1", "abc", "1%20"):
            status, body = await api.get(f"/app/api/cases/{forged}", own)
            assert status == 404, forged
            assert "陈静" not in json.dumps(body, ensure_ascii=False)
        # The other supervisor does see it; and neither sees the other's in the list.
        theirs = signed(OTHER_SUPERVISOR_ID, now)
        status, body = await api.get(f"/app/api/cases/{other.id}", theirs)
        assert status == 200 and "陈静" in body["title"]


async def test_forged_expired_and_missing_launch_data_get_401(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    now = chat.clock.now()
    good = signed(SUP, now)
    fields = dict(parse_qsl(good))
    # Someone else's id in a copy of the supervisor's launch data (the hash is now wrong).
    user = json.loads(fields["user"]) | {"id": OTHER_SUPERVISOR_ID}
    tampered = urlencode(fields | {"user": json.dumps(user)})
    refused = {
        "no header": None,
        "empty": "",
        "another bot's token": signed(SUP, now, token="654321:OTHER"),
        "tampered user": tampered,
        "no hash": urlencode({k: v for k, v in fields.items() if k != "hash"}),
        "hash of the right length, wrong": good[: -len("0" * 64)] + "0" * 64,
        "not a query string": "garbage",
        "non-ASCII hash": urlencode(fields | {"hash": "签名"}),
        "duplicated field": good + "&auth_date=" + fields["auth_date"],
        "from the future": signed(SUP, now + timedelta(hours=1)),
        "too long": "a=" + "x" * 5000,
    }
    async with api_for(chat.app) as api:
        assert (await api.get("/app/api/cases", good))[0] == 200
        for name, init_data in refused.items():
            for path in ("/app/api/cases", f"/app/api/cases/{mine.id}"):
                status, body = await api.get(path, init_data)
                assert (status, body) == (401, {"error": "unauthorized"}), name
        async with api.session.get(api.base + "/app/api/cases") as response:
            assert response.headers["WWW-Authenticate"] == "tma"
        bearer = {"Authorization": f"Bearer {good}"}
        async with api.session.get(api.base + "/app/api/cases", headers=bearer) as response:
            assert response.status == 401
        # A day old is still fine; a second more is too old (by the bot's clock).
        chat.clock.advance(days=1)
        assert (await api.get("/app/api/cases", good))[0] == 200
        chat.clock.advance(seconds=1)
        assert (await api.get("/app/api/cases", good)) == (401, {"error": "unauthorized"})
        assert (await api.get("/app/api/cases", signed(SUP, chat.clock.now())))[0] == 200


async def test_people_who_are_not_supervisors_or_admins_get_403(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    await enrol(chat, CADRE_ID, Role.CADRE, "张伟", case_id=mine.id)
    now = chat.clock.now()
    async with api_for(chat.app) as api:
        for user_id in (MENTOR_ID, CADRE_ID, 987654321):  # a mentor, a cadre, a stranger
            for path in ("/app/api/cases", f"/app/api/cases/{mine.id}"):
                assert await api.get(path, signed(user_id, now)) == (403, {"error": "forbidden"})
        # A supervisor whose role is taken away loses the dashboard at once.
        assert (await api.get("/app/api/cases", signed(SUP, now)))[0] == 200
        await chat.app.services.people.revoke(Role.SUPERVISOR, "王部长")
        assert await api.get("/app/api/cases", signed(SUP, now)) == (403, {"error": "forbidden"})


async def test_progress_and_overdue_steps_in_both_languages(chat: ChatHarness) -> None:
    await world(chat)
    chat.clock.advance(days=10)  # 12 March: the plan's acknowledgement is 7 days overdue
    now = chat.clock.now()
    async with api_for(chat.app) as api:
        status, zh = await api.get("/app/api/cases", signed(SUP, now, "zh-hans"))
        assert status == 200 and zh["locale"] == "zh-CN"
        (row,) = zh["cases"]
        assert row["state"] == "overdue" and row["state_label"] == "有逾期"
        assert row["days_overdue"] == 7 and row["overdue"] == 2 and row["done"] == 0
        assert row["overdue_label"] == "逾期 2 项，最长 7 天"
        first = row["overdue_steps"][0]
        assert first["text"] == "确认管理计划：应于 2026年3月5日 完成，已逾期 7 天"
        assert row["progress_label"] == f"已完成 0/{row['total']} 项"
        assert zh["summary"] == "截至 2026年3月12日：共 1 名干部，1 名有逾期事项"
        assert zh["cohorts"][0]["label"] == "2026-03 县级批次"
        status, en = await api.get("/app/api/cases", signed(SUP, now, "en-US"))
        assert en["locale"] == "en"
        assert en["cases"][0]["overdue_label"] == "2 steps overdue, the oldest by 7 days"
        assert en["cases"][0]["overdue_steps"][0]["text"] == (
            "Acknowledge the plan: due 5 Mar 2026, 7 days overdue"
        )
        assert en["summary"] == "As of 12 Mar 2026: 1 recall, 1 with overdue steps"
        # A language we do not have: the person's own choice (/lang), else the default.
        status, other = await api.get("/app/api/cases", signed(SUP, now, "de"))
        assert other["locale"] == "zh-CN"
        await Person.filter(telegram_id=SUP).update(locale="en")
        status, other = await api.get("/app/api/cases", signed(SUP, now, "de"))
        assert other["locale"] == "en"
        status, zh = await api.get("/app/api/cases", signed(SUP, now, "zh-hans"))
        assert zh["locale"] == "zh-CN"  # Telegram's language comes first, as the page's


async def test_a_case_timeline_has_every_record(chat: ChatHarness) -> None:
    mine, _ = await world(chat)
    chat.clock.advance(days=15)  # 17 March
    await record_history(chat, mine.id)
    async with api_for(chat.app) as api:
        status, body = await api.get(f"/app/api/cases/{mine.id}", signed(SUP, chat.clock.now()))
        assert status == 200 and body["title"] == "张伟 的召回管理"
        assert "帮带人：李老师；督导：王部长" in body["facts"]
        kinds = {entry["type"] for entry in body["entries"]}
        assert kinds == {"step", "talk", "attendance", "reflection", "assessment"}
        dates = [entry["date"] for entry in body["entries"]]
        assert dates == sorted(dates)
        by_type = {e["type"]: e for e in reversed(body["entries"])}
        assert by_type["talk"]["title"] == "谈心谈话（李老师，态度 4/5）"
        assert by_type["talk"]["late"] is True and by_type["talk"]["detail"].endswith("…")
        assert by_type["attendance"]["status_label"] == "迟到"
        assert by_type["reflection"]["status_label"] == "待审阅"
        assert by_type["assessment"]["status_label"].startswith("称职")
        ack = next(e for e in body["entries"] if e["title"] == "确认管理计划")
        assert ack["status"] == "overdue" and ack["date"] == "2026-03-05"
        status, body = await api.get(
            f"/app/api/cases/{mine.id}", signed(SUP, chat.clock.now(), "en")
        )
        assert body["title"] == "张伟's recall"
        assert {e["type_label"] for e in body["entries"]} >= {"Talk", "Attendance"}


async def test_leaves_in_the_list_and_in_the_timeline(chat: ChatHarness) -> None:
    """A cadre on leave today is marked in the list; every leave is on the case's timeline."""
    mine, _ = await world(chat)
    chat.clock.advance(days=15)  # 17 March
    supervisor = await Person.get(name="王部长")
    leaves = chat.app.services.leaves
    await leaves.record(
        mine.id,
        LeaveRequest(LeaveKind.SICK, date(2026, 3, 16), date(2026, 3, 20), "住院治疗", True),
        by=supervisor,
    )
    await leaves.record(
        mine.id,
        LeaveRequest(LeaveKind.OFFICIAL, date(2026, 4, 6), date(2026, 4, 8), "省里培训"),
        by=supervisor,
    )
    async with api_for(chat.app) as api:
        now = chat.clock.now()
        status, body = await api.get("/app/api/cases", signed(SUP, now))
        (row,) = body["cases"]
        assert row["leave_label"] == "离岗中（病假，至 2026年3月20日），期间不发提醒"
        status, body = await api.get("/app/api/cases", signed(OTHER_SUPERVISOR_ID, now))
        assert [r["leave_label"] for r in body["cases"]] == [""]
        status, body = await api.get(f"/app/api/cases/{mine.id}", signed(SUP, now))
        shown = [e for e in body["entries"] if e["type"] == "leave"]
        assert [(e["date"], e["title"]) for e in shown] == [
            ("2026-03-16", "病假，至 2026年3月20日（5 天）"),
            ("2026-04-06", "公务外出，至 2026年4月8日（3 天）"),
        ]
        assert [(e["status"], e["status_label"]) for e in shown] == [
            ("current", "离岗中 · 管理期顺延 5 天"),
            ("", ""),
        ]
        assert shown[0]["type_label"] == "离岗" and shown[0]["detail"] == "事由：住院治疗"
        dates = [entry["date"] for entry in body["entries"]]
        assert dates == sorted(dates)
        status, body = await api.get(f"/app/api/cases/{mine.id}", signed(SUP, now, "en"))
        shown = [e for e in body["entries"] if e["type"] == "leave"]
        assert shown[0]["title"] == "Sick leave, to 20 Mar 2026 (5 days)"
        assert shown[0]["status_label"] == "on leave now · period extended by 5 days"
        assert shown[0]["type_label"] == "Leave"
        # Another supervisor's case: not found, its leaves with it.
        status, _ = await api.get(f"/app/api/cases/{mine.id}", signed(OTHER_SUPERVISOR_ID, now))
        assert status == 404


async def test_the_page_and_its_files(chat: ChatHarness) -> None:
    async with serving(chat.app) as base, aiohttp.ClientSession() as session:
        async with session.get(base + "/app") as response:
            assert response.status == 200
            assert response.content_type == "text/html"
            page = await response.text()
            csp = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "connect-src 'self'" in csp
        # Both languages' texts come from the catalogs; no file from elsewhere but Telegram's.
        assert "督导看板" in page and "Progress by cohort" in page
        assert page.count("https://") == 1 and "https://telegram.org/js/" in page
        for name, kind in (("app.js", "text/javascript"), ("app.css", "text/css")):
            async with session.get(f"{base}/app/static/{name}") as response:
                assert response.status == 200 and response.content_type == kind
                assert "https://" not in (await response.text()).replace(
                    "https://telegram.org", ""
                ).replace("http://www.w3.org/2000/svg", "")
        async with session.get(base + "/app/", allow_redirects=False) as response:
            assert (response.status, response.headers["Location"]) == (302, "../app")
        for bad in ("index.html", "..%2Fminiapp.py", "nothing.js", "%2e%2e%2f__init__.py"):
            async with session.get(f"{base}/app/static/{bad}") as response:
                assert response.status == 404, bad


async def test_sign_is_what_validate_accepts(chat: ChatHarness) -> None:
    """Launch data with extra fields Telegram adds (chat_type, signature...) is accepted."""
    await world(chat)
    now = chat.clock.now()
    fields = {
        "user": json.dumps({"id": SUP, "first_name": "王", "language_code": "zh-hans"}),
        "chat_instance": "-1234",
        "chat_type": "private",
        "auth_date": str(int(now.timestamp())),
        "signature": "c2lnbmF0dXJl",
    }
    async with api_for(chat.app) as api:
        assert (await api.get("/app/api/cases", sign(fields, "123456:TEST-TOKEN")))[0] == 200


async def test_every_supervisor_sees_exactly_their_assignments(chat: ChatHarness) -> None:
    """Random assignments of three supervisors (some also mentors) to twelve cases: each one's
    list and timelines are exactly their cases, before and after being taken off one."""
    rng = random.Random(15)
    names = {4101: "甲督导", 4102: "乙督导", 4103: "丙督导"}
    assigned: dict[int, set[int]] = {uid: set() for uid in names}
    for n in range(12):
        chosen = [uid for uid in names if rng.random() < 0.4]
        mentors = [names[uid] for uid in names if uid not in chosen and rng.random() < 0.3]
        case = await open_case(
            chat,
            f"干部{n}",
            supervisors=[names[uid] for uid in chosen],
            mentors=mentors or ["李老师"],
        )
        for uid in chosen:
            assigned[uid].add(case.id)
    assert all(assigned.values())  # (this seed gives each supervisor some cases)
    for uid, name in names.items():
        await Person.filter(name=name).update(telegram_id=uid)
    taken_off = next(uid for uid in names if assigned[uid])
    async with api_for(chat.app) as api:
        for round_ in ("before", "after"):
            now = chat.clock.now()
            for uid in names:
                status, body = await api.get("/app/api/cases", signed(uid, now))
                assert status == 200 and set(ids(body)) == assigned[uid], (round_, uid)
                for case_id in range(1, 14):
                    status, _ = await api.get(f"/app/api/cases/{case_id}", signed(uid, now))
                    assert status == (200 if case_id in assigned[uid] else 404), (uid, case_id)
            case_id = min(assigned[taken_off])
            await chat.app.services.people.revoke(
                Role.SUPERVISOR, names[taken_off], case_id=case_id
            )
            assigned[taken_off].discard(case_id)
