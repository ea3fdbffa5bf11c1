"""The aiohttp server of one instance: GET /healthz, the webhook route, added routes.

It runs for the whole life of the process, on a standby too, so that a load balancer can
ask every instance who is active. Webhook posts are stored in the shared database before
they are answered 200, on the active instance and on a standby alike (a standby forwards
into the shared store rather than refusing); only the active instance handles them, in
update_id order, through `StoredUpdates`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiohttp import web
from tortoise.exceptions import BaseORMException, IntegrityError

from bot.chat.fence import LeaseLost
from bot.web.miniapp import setup_miniapp
from models import IncomingUpdate

if TYPE_CHECKING:
    from bot.chat.app import RecallApplication

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Route installers, each called once with the aiohttp application and the bot's application:
# adding a part of the web server (the Mini App) is one line here.
RouteInstaller = Callable[[web.Application, "RecallApplication"], None]
ROUTE_INSTALLERS: list[RouteInstaller] = [setup_miniapp]
STORE_POLL_SECONDS = 0.5


@dataclass
class Node:
    """What /healthz tells: this instance's name, its role now, its mode."""

    instance: str
    mode: str  # polling or webhook
    role: str = "standby"  # or active

    @property
    def active(self) -> bool:
        return self.role == "active"


def parse_listen(value: str) -> tuple[str, int]:
    """`host:port` (IPv6 in brackets) as a pair."""
    host, _, port = value.rpartition(":")
    return host.strip("[]") or "0.0.0.0", int(port)


def webhook_path(url: str) -> str:
    return urlsplit(url).path or "/"


class WebServer:
    """One aiohttp site; `wake` is set whenever an update was stored here."""

    def __init__(
        self,
        app: RecallApplication,
        node: Node,
        listen: str,
        *,
        webhook_url: str = "",
        webhook_secret: str = "",
        installers: list[RouteInstaller] | None = None,
    ) -> None:
        self.app = app
        self.node = node
        self.listen = listen
        self.secret = webhook_secret
        self.wake = asyncio.Event()
        self.web_app = web.Application()
        self.web_app.router.add_get("/healthz", self.healthz)
        if webhook_url:
            self.web_app.router.add_post(webhook_path(webhook_url), self.receive)
        for install in ROUTE_INSTALLERS if installers is None else installers:
            install(self.web_app, app)
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def start(self) -> None:
        host, port = parse_listen(self.listen)
        self._runner = web.AppRunner(self.web_app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        self.port = self._runner.addresses[0][1]
        log.info("web server listening on %s:%s", host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def healthz(self, request: web.Request) -> web.Response:
        body = {"instance": self.node.instance, "role": self.node.role, "mode": self.node.mode}
        return web.json_response(body, status=200 if self.node.active else 503)

    async def receive(self, request: web.Request) -> web.Response:
        """Store, then answer 200: an update answered is never lost, a repeat is stored once."""
        given = request.headers.get(SECRET_HEADER, "")
        if not self.secret or not hmac.compare_digest(given.encode(), self.secret.encode()):
            return web.json_response({"ok": False, "error": "forbidden"}, status=403)
        try:
            payload = await request.json()
        except ValueError:
            return web.json_response({"ok": False, "error": "not JSON"}, status=400)
        update_id = payload.get("update_id") if isinstance(payload, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool) or update_id < 0:
            return web.json_response({"ok": False, "error": "no update_id"}, status=400)
        now = self.app.services.clock.now()
        try:
            await IncomingUpdate.create(
                update_id=update_id,
                payload=payload,
                received_at=now,
                received_by=self.node.instance,
            )
        except IntegrityError:
            log.info("update %s was stored before", update_id)
        except (BaseORMException, OSError):
            log.exception("could not store update %s: Telegram will send it again", update_id)
            return web.json_response({"ok": False, "error": "store unavailable"}, status=503)
        self.wake.set()
        return web.json_response({"ok": True})


class StoredUpdates:
    """The active instance's worker: handles stored updates in order, each once."""

    def __init__(self, app: RecallApplication, wake: asyncio.Event, instance: str) -> None:
        self.app = app
        self.wake = wake
        self.instance = instance

    async def run(self) -> None:
        while True:
            try:
                handled = await self.handle_pending()
            except LeaseLost:
                return
            except Exception:
                log.exception("stored updates: could not handle them now, trying again")
                handled = 0
            if not handled:
                self.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), STORE_POLL_SECONDS)

    async def handle_pending(self, limit: int = 50) -> int:
        return await self.app.handle_stored(limit)
