"""A headless Chromium (Debian's package) driven by Playwright, to look at the dashboard the way
Telegram's in-app browser shows it: the demo's screenshots and the browser tests use it.

Playwright's own browser downloads are never used: the system Chromium is, with a fresh
profile, and every request that is not to the page's own server is refused (the page loads
Telegram's script only inside Telegram).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, Route

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}  # a phone screen, in CSS pixels

LIGHT_THEME = {
    "bg_color": "#ffffff",
    "text_color": "#000000",
    "hint_color": "#707579",
    "link_color": "#3390ec",
    "button_color": "#3390ec",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#f4f4f5",
    "destructive_text_color": "#e53935",
}
DARK_THEME = {
    "bg_color": "#17212b",
    "text_color": "#f5f5f5",
    "hint_color": "#708499",
    "link_color": "#6ab3f3",
    "button_color": "#5288c1",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#232e3c",
    "destructive_text_color": "#ec3942",
}


class BrowserMissing(RuntimeError):
    """No Chromium at /usr/bin/chromium, or no Playwright package."""


def missing_reason() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (Debian: apt-get install chromium; `make test` does it)"
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[test]')"
    return None


def dashboard_url(base: str, init_data: str | None, theme: dict[str, str] | None = None) -> str:
    """The page's address as Telegram opens it: launch data and theme in the fragment."""
    parts = []
    if init_data is not None:
        parts.append("tgWebAppData=" + quote(init_data, safe=""))
    parts += ["tgWebAppVersion=9.0", "tgWebAppPlatform=android"]
    if theme is not None:
        parts.append("tgWebAppThemeParams=" + quote(json.dumps(theme), safe=""))
    return f"{base}/app#" + "&".join(parts)


@asynccontextmanager
async def phone_browser(origin: str) -> AsyncIterator[tuple[BrowserContext, list[str]]]:
    """A fresh Chromium profile with a phone-sized window; yields it and the list of every
    URL the pages asked for (requests anywhere but `origin` are refused)."""
    reason = missing_reason()
    if reason is not None:
        raise BrowserMissing(reason)
    from playwright.async_api import async_playwright

    requested: list[str] = []
    own = urlsplit(origin).netloc

    async def gate(route: Route) -> None:
        url = route.request.url
        requested.append(url)
        if urlsplit(url).netloc == own:
            await route.continue_()
        else:
            await route.abort()

    profile = tempfile.mkdtemp(prefix="recallbot-chromium-")
    try:
        async with async_playwright() as playwright:
            options: dict[str, Any] = {
                "executable_path": str(CHROMIUM),
                "headless": True,
                "args": CHROMIUM_ARGS,
                "viewport": PHONE,
                "device_scale_factor": 1,
                "is_mobile": True,
                "has_touch": True,
            }
            context = await playwright.chromium.launch_persistent_context(profile, **options)
            try:
                await context.route("**/*", gate)
                yield context, requested
            finally:
                await context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
