"""The demo's look at the supervisor's dashboard: the real page, served by the bot's own routes,
opened in headless Chromium as Telegram would open it, and saved as phone screenshots."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from bot.chat.app import RecallApplication
from bot.devtools.demo.browser import LIGHT_THEME, dashboard_url, missing_reason, phone_browser
from bot.web.initdata import launch_data
from bot.web.miniapp import setup_miniapp

LOAD_TIMEOUT_MS = 30_000


@dataclass
class Screenshots:
    files: list[Path] = field(default_factory=list)
    missing: str | None = None  # why there are none (no browser here)
    state: str = ""  # what the page showed: ready, or error


async def screenshot_dashboard(
    app: RecallApplication, user_id: int, name: str, language: str, out: Path
) -> Screenshots:
    """dashboard.png (the list) and dashboard-case.png (the case most overdue) in `out`."""
    reason = missing_reason()
    if reason is not None:
        return Screenshots(missing=reason)
    web_app = web.Application()
    setup_miniapp(web_app, app)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    shots = Screenshots()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        token = app.services.settings.bot_token.get_secret_value()
        now = app.services.clock.now()
        init_data = launch_data(user_id, token, now, first_name=name, language_code=language)
        async with phone_browser(base) as (context, _requested):
            page = await context.new_page()
            await page.goto(dashboard_url(base, init_data, LIGHT_THEME))
            ready = "body[data-state=ready], body[data-state=error]"
            await page.wait_for_selector(ready, timeout=LOAD_TIMEOUT_MS)
            shots.state = await page.get_attribute("body", "data-state") or ""
            board = out / "dashboard.png"
            await page.screenshot(path=str(board))
            shots.files.append(board)
            if shots.state == "ready" and await page.locator("li.case").count():
                await page.locator("li.case").first.click()
                await page.wait_for_selector("body[data-state=case]", timeout=LOAD_TIMEOUT_MS)
                case = out / "dashboard-case.png"
                await page.screenshot(path=str(case))
                shots.files.append(case)
    finally:
        await runner.cleanup()
    return shots
