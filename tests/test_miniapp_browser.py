"""The dashboard in a real headless Chromium (Debian's package, driven by Playwright), opened
the way Telegram opens it: launch data and theme in the URL fragment, a 390 px wide screen."""

from __future__ import annotations

import io
import json
import os
from collections.abc import AsyncIterator
from datetime import date
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio
from PIL import Image, ImageStat

from bot.devtools.demo.browser import (
    DARK_THEME,
    LIGHT_THEME,
    dashboard_url,
    missing_reason,
    phone_browser,
)
from bot.services.leaves import LeaveRequest
from models import Person
from models.enums import LeaveKind, Placement, Role
from tests.casework import enrol
from tests.chat import ChatHarness
from tests.conftest import ADMIN_ID
from tests.miniapp import serving, signed
from tests.oversight_world import (
    CADRE_ID,
    MENTOR_ID,
    OTHER_SUPERVISOR_ID,
    SUPERVISOR_ID,
    open_case,
    world,
)
from tests.test_chat_oversight import record_history

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, Page

SUP = SUPERVISOR_ID


@pytest.fixture(autouse=True)
def chromium_present() -> None:
    """Without the browser these tests cannot show anything: in CI that is a failure."""
    reason = missing_reason()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"the browser tests need Chromium: {reason}")
    pytest.skip(reason)


class Dashboard:
    """The running bot's dashboard and a phone browser to look at it."""

    def __init__(
        self, chat: ChatHarness, base: str, context: BrowserContext, requested: list[str]
    ) -> None:
        self.chat = chat
        self.base = base
        self.context = context
        self.requested = requested

    async def open(
        self,
        user_id: int,
        language: str | None = "zh-hans",
        *,
        init_data: str | None = "",
        theme: dict[str, str] | None = None,
        path: str = "/app",
    ) -> Page:
        """A page opened as `user_id` (or with the given launch data), loaded or refused."""
        if init_data == "":
            init_data = signed(user_id, self.chat.clock.now(), language)
        page = await self.context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        await page.goto(dashboard_url(self.base, init_data, theme).replace("/app#", path + "#"))
        await page.wait_for_selector("body[data-state=ready], body[data-state=error]")
        assert errors == []
        return page


@pytest_asyncio.fixture
async def dashboard(chat: ChatHarness) -> AsyncIterator[Dashboard]:
    async with serving(chat.app) as base, phone_browser(base) as (context, requested):
        yield Dashboard(chat, base, context, requested)


async def case_ids(page: Page) -> list[int]:
    values = await page.eval_on_selector_all(
        "#cases li.case", "items => items.map(i => i.dataset.caseId)"
    )
    return [int(v) for v in values]


async def test_signed_launch_data_shows_exactly_the_callers_cases(
    chat: ChatHarness, dashboard: Dashboard
) -> None:
    mine, other = await world(chat)
    shared = await open_case(chat, "刘洋", unit="白河镇政府", supervisors=["王部长", "赵部长"])
    chat.clock.advance(days=20)
    await record_history(chat, mine.id)
    page = await dashboard.open(SUP, theme=LIGHT_THEME)
    assert await page.get_attribute("body", "data-state") == "ready"
    assert sorted(await case_ids(page)) == [mine.id, shared.id]
    text = await page.inner_text("body")
    assert "王部长 的督导看板" in text and "张伟" in text
    assert "#1" not in text and "陈静" not in text
    assert "各批次进度" in text and "每周逾期事项" in text
    # Both charts are drawn: one bar per cohort, one column per week.
    assert await page.locator("#chart-cohorts g[data-cohort]").count() == 1
    assert await page.locator("#chart-weeks g[data-week]").count() == 12
    # It fits the phone's width: nothing scrolls sideways.
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390
    # Nothing was fetched from anywhere but the bot (Telegram's script is refused here).
    foreign = [u for u in dashboard.requested if not u.startswith(dashboard.base)]
    assert foreign == ["https://telegram.org/js/telegram-web-app.js"]
    # The other supervisor sees theirs.
    page = await dashboard.open(OTHER_SUPERVISOR_ID)
    assert sorted(await case_ids(page)) == [other.id, shared.id]
    # The admin sees all.
    page = await dashboard.open(ADMIN_ID)
    assert sorted(await case_ids(page)) == [mine.id, other.id, shared.id]


async def test_a_screenshot_on_a_phone_is_not_blank(
    chat: ChatHarness, dashboard: Dashboard
) -> None:
    await world(chat)
    chat.clock.advance(days=12)
    page = await dashboard.open(SUP, theme=LIGHT_THEME)
    png = await page.screenshot()
    image = Image.open(io.BytesIO(png))
    assert image.size == (390, 844)
    grey = image.convert("L")
    assert ImageStat.Stat(grey).var[0] > 200  # a blank or one-colour page is near 0
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50  # text, bars and charts, not a flat fill


async def test_forged_and_expired_launch_data_are_refused(
    chat: ChatHarness, dashboard: Dashboard
) -> None:
    mine, _ = await world(chat)
    now = chat.clock.now()
    forged = signed(SUP, now, token="999999:NOT-OUR-BOT")
    page = await dashboard.open(SUP, init_data=forged)
    assert await page.get_attribute("body", "data-error") == "401"
    assert "无法确认您的身份" in await page.inner_text("#status")
    assert await case_ids(page) == []
    # Launch data more than a day old (by the bot's clock) is refused too.
    old = signed(SUP, now, "en")
    chat.clock.advance(days=1, seconds=1)
    page = await dashboard.open(SUP, "en", init_data=old)
    assert await page.get_attribute("body", "data-error") == "401"
    assert "more than a day old" in await page.inner_text("#status")
    assert await case_ids(page) == []
    # No launch data at all (the page opened outside Telegram): it says so, asks nothing.
    before = len(dashboard.requested)
    page = await dashboard.open(SUP, init_data=None)
    assert await page.get_attribute("body", "data-error") == "401"
    assert not [u for u in dashboard.requested[before:] if "/app/api/" in u]
    # A mentor and a cadre are not supervisors.
    await enrol(chat, CADRE_ID, Role.CADRE, "张伟", case_id=mine.id)
    for user_id in (MENTOR_ID, CADRE_ID):
        page = await dashboard.open(user_id)
        assert await page.get_attribute("body", "data-error") == "403"
        assert "仅供督导和管理员使用" in await page.inner_text("#status")


async def test_filters_sorting_and_a_case_timeline(
    chat: ChatHarness, dashboard: Dashboard
) -> None:
    mine, _ = await world(chat)
    await open_case(chat, "刘洋", unit="白河镇政府", cohort="2026-01 市级批次")
    late = await open_case(chat, "孙丽", unit="东山区统计局", recalled_on=mine.recalled_on)
    services = chat.app.services
    chat.clock.advance(days=12)
    await record_history(chat, mine.id)
    admin = await Person.get(telegram_id=ADMIN_ID)
    await services.cases.close(
        late.id, Placement.ORIGINAL_UNIT, by=admin, early_reason="调任，提前结束管理期"
    )
    await services.leaves.record(
        mine.id,
        LeaveRequest(LeaveKind.SICK, date(2026, 3, 13), date(2026, 3, 18), "住院治疗"),
        by=admin,
    )
    page = await dashboard.open(SUP, "en")
    leave = await page.inner_text(f"li.case[data-case-id='{mine.id}'] .leave")
    assert leave == "On leave (Sick leave, to 18 Mar 2026): no reminders meanwhile"

    assert sorted(await case_ids(page)) == [1, 3, 4]
    await page.select_option("#filter-cohort", "2026-01 市级批次")
    assert await case_ids(page) == [3]
    await page.select_option("#filter-cohort", "")
    await page.select_option("#filter-state", "closed")
    assert await case_ids(page) == [late.id]
    assert "concluded" in await page.inner_text(f"li.case[data-case-id='{late.id}'] .state")
    await page.select_option("#filter-state", "overdue")
    assert sorted(await case_ids(page)) == [1, 3]
    await page.select_option("#filter-state", "")
    await page.select_option("#filter-unit", "白河镇政府")
    assert await case_ids(page) == [3]
    await page.select_option("#filter-unit", "")
    await page.select_option("#sort", "id")
    assert await case_ids(page) == [1, 3, 4]
    await page.select_option("#sort", "progress")
    percents = await page.eval_on_selector_all(
        "#cases li.case .numbers span:last-child", "items => items.map(i => i.textContent)"
    )
    assert [int(p.rstrip("%")) for p in percents] == sorted(int(p.rstrip("%")) for p in percents)
    # A case's timeline, then only its talks, then back to the list.
    await page.click(f"li.case[data-case-id='{mine.id}']")
    await page.wait_for_selector("body[data-state=case]")
    assert await page.inner_text("#case-title") == "张伟's recall"
    types = set(
        await page.eval_on_selector_all("#entries li", "items => items.map(i => i.dataset.type)")
    )
    assert types == {"step", "talk", "attendance", "reflection", "assessment", "leave"}
    await page.click("#entry-filters button:has-text('Talk')")
    assert await page.locator("#entries li").count() == 1
    assert "attitude 4/5" in await page.inner_text("#entries")
    await page.click("#entry-filters button:has-text('Leave')")
    assert await page.locator("#entries li").count() == 1
    text = await page.inner_text("#entries li.leave.current")
    assert "13 Mar 2026 · Leave" in text and "Sick leave, to 18 Mar 2026 (6 days)" in text
    assert "Reason: 住院治疗" in text and "on leave now" in text
    await page.click("#back")
    assert await page.is_visible("#board") and not await page.is_visible("#case")


async def test_dark_theme_and_english(chat: ChatHarness, dashboard: Dashboard) -> None:
    await world(chat)
    page = await dashboard.open(SUP, "en", theme=DARK_THEME)
    background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    colour = await page.evaluate("getComputedStyle(document.body).color")
    assert (background, colour) == ("rgb(23, 33, 43)", "rgb(245, 245, 245)")
    assert await page.evaluate("document.documentElement.lang") == "en"
    text = await page.inner_text("body")
    assert "Progress by cohort" in text and "Overdue steps by week" in text
    # Opened as /app/ (a link typed with a slash): the same page, in the light theme.
    page = await dashboard.open(SUP, "zh-hans", theme=LIGHT_THEME, path="/app/")
    assert page.url.split("#")[0] == dashboard.base + "/app"
    background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(255, 255, 255)"
    assert "各批次进度" in await page.inner_text("body")


# What telegram-web-app.js provides, recording what the page asks of it.
FAKE_TELEGRAM = """
window.Telegram = {WebApp: Object.assign(WEB_APP, {
  ready() { window.told = (window.told || []).concat("ready"); },
  expand() { window.told = (window.told || []).concat("expand"); },
  onEvent(name) { window.told = (window.told || []).concat(name); },
  BackButton: {
    show() { window.back = "shown"; },
    hide() { window.back = "hidden"; },
    onClick(f) { window.backClick = f; },
  },
})};
"""


async def test_inside_telegram_the_page_uses_telegram_web_app(
    chat: ChatHarness, dashboard: Dashboard
) -> None:
    """Telegram's script gives the launch data, the theme and the back button."""
    mine, _ = await world(chat)
    web_app = {
        "initData": signed(SUP, chat.clock.now(), "en"),
        "initDataUnsafe": {"user": {"id": SUP, "language_code": "en"}},
        "themeParams": DARK_THEME,
    }
    await dashboard.context.add_init_script(FAKE_TELEGRAM.replace("WEB_APP", json.dumps(web_app)))
    page = await dashboard.open(SUP, init_data=None)  # nothing in the URL fragment
    assert await case_ids(page) == [mine.id]
    assert await page.evaluate("window.told") == ["themeChanged", "ready", "expand"]
    assert "Progress by cohort" in await page.inner_text("body")
    background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(23, 33, 43)"
    await page.click(f"li.case[data-case-id='{mine.id}']")
    await page.wait_for_selector("body[data-state=case]")
    assert await page.evaluate("window.back") == "shown"
    await page.evaluate("window.backClick()")  # Telegram's back button pressed
    assert await page.is_visible("#board") and await page.evaluate("window.back") == "hidden"
