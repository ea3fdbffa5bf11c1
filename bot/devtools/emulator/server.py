"""Loopback HTTP server that behaves like the Telegram Bot API (tests, demo, benchmarks)."""

from __future__ import annotations

import asyncio
import html
import json
import math
import mimetypes
import re
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from bot.devtools.emulator.schema import Schema

JSON = dict[str, Any]
ChatId = int | str

_MEDIA = {
    "sendPhoto": "photo",
    "sendDocument": "document",
    "sendVoice": "voice",
    "sendAudio": "audio",
    "sendVideo": "video",
    "sendAnimation": "animation",
}
_MESSAGE_SENDS = {"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"}
_DESCRIPTIONS = {
    400: "Bad Request: injected failure",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
}
_QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


@dataclass
class Request:
    """One call the bot made, with decoded parameters, uploaded files and the HTTP status."""

    method: str
    params: JSON
    files: dict[str, bytes] = field(default_factory=dict)
    status: int = 200
    filenames: dict[str, str] = field(default_factory=dict)
    via: str = ""  # which client, when it used base_url_via(name)


@dataclass
class SentMessage:
    """A message the bot sent, kept up to date by later edits and deletion."""

    chat_id: ChatId
    message_id: int
    method: str
    date: int
    text: str | None = None
    caption: str | None = None
    parse_mode: str | None = None
    entities: list[JSON] | None = None
    reply_markup: JSON | None = None
    document: bytes | None = None
    photo: bytes | None = None
    voice: bytes | None = None
    content: bytes | None = None
    file_id: str | None = None
    filename: str | None = None
    mime_type: str | None = None
    edit_date: int | None = None
    edits: int = 0
    deleted: bool = False
    media: JSON | None = None


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    filename: str | None
    mime_type: str | None


@dataclass
class _Fault:
    method: str
    status: int
    times: int
    retry_after: int | None = None
    chat_id: ChatId | None = None
    description: str | None = None
    seconds: float = 0.0


@dataclass
class _Queued:
    update: JSON
    forced: bool = False


class ApiError(Exception):
    """An error answer: HTTP status, Telegram description and optional retry_after."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


_DEFAULT_MENU: JSON = {"type": "default"}
_MENU_FIELDS = {"commands": {"type"}, "default": {"type"}, "web_app": {"type", "text", "web_app"}}


def _check_web_app_url(url: str) -> None:
    if not url.startswith("https://"):
        raise ApiError(400, "Bad Request: Web App URL is invalid: only HTTPS links are allowed")


def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
    body: JSON = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)


def _counts_as_message(method: str) -> bool:
    return (method.startswith("send") and method != "sendChatAction") or method in _MESSAGE_SENDS


def _visible_text(text: str, parse_mode: str | None) -> str:
    if (parse_mode or "").lower() == "html":
        return html.unescape(re.sub(r"<[^>]*>", "", text))
    return text


class BotApiEmulator:
    """Fake Telegram Bot API on 127.0.0.1 that the real python-telegram-bot can talk to."""

    PRIVATE_BURST = 3
    PRIVATE_PER_SECOND = 1.0
    GROUP_PER_MINUTE = 20
    GLOBAL_PER_SECOND = 30

    def __init__(
        self,
        token_username: str = "recallbot_demo_bot",
        *,
        enforce_limits: bool = False,
        check_schema: bool = True,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.username = token_username
        self.enforce_limits = enforce_limits
        self.check_schema = check_schema
        self.schema = Schema.load()
        self.requests: list[Request] = []
        self.violations: list[str] = []
        self.too_many_requests = 0
        self._clock = clock or (lambda: datetime.now(UTC))
        self._token = "0:emulator"
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._closing = asyncio.Event()
        self._wakeup = asyncio.Event()
        self._queue: list[_Queued] = []
        self._update_id = 100_000
        self._poll_generation = 0
        self._allowed_updates: list[str] = []
        self._webhook: JSON | None = None
        self._webhook_error: tuple[int, str] | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        # Every webhook post made: (update_id, HTTP status, or 0 when there was no answer).
        self.webhook_posts: list[tuple[int, int]] = []
        self.webhook_timeout = 10.0
        self.webhook_retry_seconds = 0.2
        self._users: dict[int, JSON] = {}
        self._sent: list[SentMessage] = []
        self._by_key: dict[tuple[ChatId, int], SentMessage] = {}
        self._user_messages: set[tuple[ChatId, int]] = set()
        self._last_message_id: dict[ChatId, int] = defaultdict(int)
        self._files: dict[str, _StoredFile] = {}
        self._file_paths: dict[str, _StoredFile] = {}
        self._callback_ids: set[str] = set()
        self._commands: dict[tuple[tuple[Any, ...], str], list[JSON]] = {}
        self._menu_buttons: dict[ChatId | None, JSON] = {}
        self._faults: list[_Fault] = []
        self._delays: list[_Fault] = []
        self._blocked: set[ChatId] = set()
        self._private_buckets: dict[ChatId, tuple[float, float]] = {}
        self._group_windows: dict[ChatId, deque[float]] = defaultdict(deque)
        self._global_window: deque[float] = deque()
        self._handlers: dict[str, Callable[[str, JSON, Request], Awaitable[Any]]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._commands_call,
            "getMyCommands": self._commands_call,
            "deleteMyCommands": self._commands_call,
            "setChatMenuButton": self._menu_button_call,
            "getChatMenuButton": self._menu_button_call,
            "sendMessage": self._send,
            "sendPhoto": self._send,
            "sendDocument": self._send,
            "sendVoice": self._send,
            "editMessageText": self._edit,
            "editMessageCaption": self._edit,
            "editMessageReplyMarkup": self._edit,
            "editMessageMedia": self._edit_media,  # branch views2: the check-in QR in place
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "getFile": self._get_file,
        }

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Bind 127.0.0.1 on a free port and start serving."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/via/{via}/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._download)
        self._closing, self._wakeup = asyncio.Event(), asyncio.Event()
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._port = self._runner.addresses[0][1]
        self._webhook_task = asyncio.create_task(self._deliver_to_webhook())

    async def stop(self) -> None:
        """Answer pending long polls and delays, then shut the server down."""
        self._closing.set()
        self._poke()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/bot"

    def base_url_via(self, name: str) -> str:
        """The same API, with the calls recorded as made by `name` (several bot processes)."""
        return f"http://127.0.0.1:{self._port}/via/{name}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/file/bot"

    @property
    def pending_updates(self) -> int:
        """Updates queued and not yet confirmed by the bot."""
        return len(self._queue)

    # -- inspection ----------------------------------------------------------------------------

    def sent(self, chat_id: ChatId | None = None) -> list[SentMessage]:
        """Messages the bot sent (including later deleted ones), optionally for one chat."""
        return [m for m in self._sent if chat_id is None or m.chat_id == chat_id]

    def last(self, chat_id: ChatId | None = None) -> SentMessage:
        """The newest message the bot sent (to `chat_id`); LookupError when there is none."""
        messages = self.sent(chat_id)
        if not messages:
            raise LookupError(f"the bot sent nothing to chat {chat_id}; calls: {self._summary()}")
        return messages[-1]

    def calls(self, method: str) -> list[Request]:
        """Recorded requests of one method."""
        return [r for r in self.requests if r.method.lower() == method.lower()]

    def commands_for(self, chat_id: ChatId, language_code: str | None = None) -> list[JSON]:
        """Commands shown in `chat_id` (default language: the user's), resolved like Telegram."""
        private = isinstance(chat_id, int) and chat_id > 0
        if language_code is None:
            user = self._users.get(chat_id) if isinstance(chat_id, int) else None
            language_code = (user or {}).get("language_code", "")
        scopes: list[tuple[Any, ...]] = [
            ("chat", chat_id, None),
            ("all_private_chats" if private else "all_group_chats", None, None),
            ("default", None, None),
        ]
        languages = [language_code, ""] if language_code else [""]
        for scope in scopes:
            for lang in languages:
                if (scope, lang) in self._commands:
                    return self._commands[(scope, lang)]
        return []

    def menu_button(self, chat_id: ChatId) -> JSON:
        """The menu button shown in a private chat: its own, else the bot's default."""
        return self._menu_buttons.get(chat_id) or self._menu_buttons.get(None) or _DEFAULT_MENU

    async def wait_for(self, predicate: Callable[[], object], timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Poll `predicate` until it is truthy; TimeoutError (with recent calls) otherwise."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            if loop.time() >= deadline:
                name = getattr(predicate, "__qualname__", repr(predicate))
                raise TimeoutError(
                    f"condition {name} not met within {timeout}s; pending updates: "
                    f"{self.pending_updates}; recent calls: {self._summary()}; "
                    f"violations: {self.violations}"
                )
            await asyncio.sleep(0.01)

    def _summary(self, count: int = 10) -> str:
        return ", ".join(f"{r.method}->{r.status}" for r in self.requests[-count:]) or "none"

    # -- fault injection -----------------------------------------------------------------------

    def fail(
        self,
        method: str,
        *,
        status: int,
        times: int = 1,
        retry_after: int | None = None,
        chat_id: ChatId | None = None,
        description: str | None = None,
    ) -> None:
        """Make the next `times` calls of `method` ("*" for any) fail with `status`."""
        if status == 429 and retry_after is None:
            retry_after = 1
        self._faults.append(_Fault(method, status, times, retry_after, chat_id, description))

    def delay(self, method: str, seconds: float, times: int = 1) -> None:
        """Hold the answer to the next `times` calls of `method` for `seconds`."""
        self._delays.append(_Fault(method, 200, times, seconds=seconds))

    def block(self, chat_id: ChatId) -> None:
        """Answer 403 to every call addressed to `chat_id`, as if the user blocked the bot."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: ChatId) -> None:
        self._blocked.discard(chat_id)

    @staticmethod
    def _take(faults: list[_Fault], method: str, params: JSON) -> _Fault | None:
        for fault in faults:
            if fault.method not in ("*", method) or (
                fault.chat_id is not None and params.get("chat_id") != fault.chat_id
            ):
                continue
            fault.times -= 1
            if fault.times <= 0:
                faults.remove(fault)
            return fault
        return None

    # -- simulated users and updates -----------------------------------------------------------

    def make_user(
        self,
        user_id: int,
        first_name: str,
        language_code: str = "zh-hans",
        username: str | None = None,
    ) -> JSON:
        """Register a user and return its Telegram `User` object."""
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        user["language_code"] = language_code
        self._users[user_id] = user
        return user

    def message(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: ChatId | None = None,
        now: datetime | None = None,
    ) -> JSON:
        """Queue a text message (a command when it starts with "/") and return the update."""
        msg = self._incoming(user_id, chat_id, now)
        msg["text"] = text
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]
        return self._enqueue("message", msg)

    def callback(
        self,
        user_id: int,
        data: str,
        message_id: int,
        *,
        chat_id: ChatId | None = None,
    ) -> JSON:
        """Queue a button press on the bot's message `message_id` and return the update."""
        chat = user_id if chat_id is None else chat_id
        sm = self._by_key.get((chat, message_id))
        if sm is None or sm.deleted:
            raise LookupError(f"the bot has no message {message_id} in chat {chat}")
        query_id = str(len(self._callback_ids) + 7_000_000)
        self._callback_ids.add(query_id)
        query = {
            "id": query_id,
            "from": self._user(user_id),
            "message": self._message_json(sm),
            "chat_instance": f"{abs(hash(chat)) % 10**18}",
            "data": data,
        }
        return self._enqueue("callback_query", query)

    def document(
        self,
        user_id: int,
        filename: str,
        content: bytes,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        *,
        chat_id: ChatId | None = None,
        now: datetime | None = None,
    ) -> JSON:
        """Queue a document the user sends; its bytes are downloadable via getFile."""
        msg = self._incoming(user_id, chat_id, now, caption)
        msg["document"] = self._media_json("document", self._store("document", content, filename))
        return self._enqueue("message", msg)

    def photo(
        self,
        user_id: int,
        content: bytes,
        caption: str | None = None,
        *,
        chat_id: ChatId | None = None,
        now: datetime | None = None,
    ) -> JSON:
        """Queue a photo the user sends."""
        msg = self._incoming(user_id, chat_id, now, caption)
        msg["photo"] = self._media_json("photo", self._store("photo", content, "photo.jpg"))
        return self._enqueue("message", msg)

    def voice(
        self,
        user_id: int,
        content: bytes,
        duration: int = 3,
        *,
        chat_id: ChatId | None = None,
        now: datetime | None = None,
    ) -> JSON:
        """Queue a voice note the user sends."""
        msg = self._incoming(user_id, chat_id, now)
        stored = self._store("voice", content, "voice.oga", "audio/ogg")
        msg["voice"] = self._media_json("voice", stored, duration)
        return self._enqueue("message", msg)

    def duplicate(self, update: JSON) -> JSON:
        """Deliver the very same update (same update_id) once more, even if confirmed."""
        self._queue.append(_Queued(update, forced=True))
        self._poke()
        return update

    def _enqueue(self, kind: str, payload: JSON) -> JSON:
        self._update_id += 1
        update = {"update_id": self._update_id, kind: payload}
        self._queue.append(_Queued(update))
        self._poke()
        return update

    def _poke(self) -> None:
        self._wakeup.set()
        self._wakeup = asyncio.Event()

    def _incoming(
        self,
        user_id: int,
        chat_id: ChatId | None,
        now: datetime | None,
        caption: str | None = None,
    ) -> JSON:
        chat = user_id if chat_id is None else chat_id
        message_id = self._next_message_id(chat)
        self._user_messages.add((chat, message_id))
        msg: JSON = {
            "message_id": message_id,
            "from": self._user(user_id),
            "chat": self._chat_json(chat),
            "date": self._timestamp(now),
        }
        if caption is not None:
            msg["caption"] = caption
        return msg

    def _user(self, user_id: int) -> JSON:
        return self._users.get(user_id) or self.make_user(user_id, f"User{user_id}")

    def _chat_json(self, chat_id: ChatId) -> JSON:
        if isinstance(chat_id, int) and chat_id > 0:
            user = self._users.get(chat_id, {"first_name": f"User{chat_id}"})
            chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            if "username" in user:
                chat["username"] = user["username"]
            return chat
        if isinstance(chat_id, str):
            return {"id": -(abs(hash(chat_id)) % 10**12), "type": "channel", "title": chat_id}
        kind = "supergroup" if chat_id <= -1_000_000_000_000 else "group"
        return {"id": chat_id, "type": kind, "title": f"Group {chat_id}"}

    def _timestamp(self, now: datetime | None = None) -> int:
        return int((now or self._clock()).timestamp())

    def _next_message_id(self, chat_id: ChatId) -> int:
        self._last_message_id[chat_id] += 1
        return self._last_message_id[chat_id]

    def _store(
        self, kind: str, content: bytes, filename: str | None, mime_type: str | None = None
    ) -> _StoredFile:
        n = len(self._files) + 1
        suffix = mimetypes.guess_extension(mime_type or "") or ""
        if filename and "." in filename:
            suffix = "." + filename.rsplit(".", 1)[1]
        mime = mime_type or mimetypes.guess_type(filename or "")[0]
        stored = _StoredFile(
            file_id=f"EMU{kind.upper()}{n:06d}AgAD",
            file_unique_id=f"AQAD{n:06d}",
            file_path=f"{kind}s/file_{n}{suffix}",
            content=content,
            filename=filename,
            mime_type=mime,
        )
        self._files[stored.file_id] = stored
        self._file_paths[stored.file_path] = stored
        return stored

    @staticmethod
    def _media_json(kind: str, stored: _StoredFile, duration: int = 1) -> Any:
        base: JSON = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
        }
        if kind == "photo":
            return [{**base, "width": 800, "height": 600}]
        if kind in ("video", "animation"):
            base |= {"width": 640, "height": 360}
        if kind in ("voice", "audio", "video", "animation"):
            base["duration"] = duration
        if kind == "voice":
            return {**base, "mime_type": stored.mime_type or "audio/ogg"}
        doc = {**base, "file_name": stored.filename or "file"}
        if stored.mime_type:
            doc["mime_type"] = stored.mime_type
        return doc

    def _bot_user(self, full: bool = False) -> JSON:
        prefix = self._token.split(":", 1)[0]
        name = self.username.removesuffix("_bot").replace("_", " ").title()
        user: JSON = {
            "id": int(prefix) if prefix.isdigit() else 1,
            "is_bot": True,
            "first_name": name,
            "username": self.username,
        }
        if full:
            user |= {
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
                "can_connect_to_business": False,
                "has_main_web_app": False,
            }
        return user

    def _message_json(self, sm: SentMessage) -> JSON:
        msg: JSON = {
            "message_id": sm.message_id,
            "from": self._bot_user(),
            "chat": self._chat_json(sm.chat_id),
            "date": sm.date,
        }
        if sm.text is not None:
            msg["text"] = sm.text
        if sm.entities:
            msg["caption_entities" if sm.media else "entities"] = sm.entities
        if sm.media:
            msg |= sm.media
            if sm.caption is not None:
                msg["caption"] = sm.caption
        if sm.reply_markup and "inline_keyboard" in sm.reply_markup:
            msg["reply_markup"] = sm.reply_markup
        if sm.edit_date is not None:
            msg["edit_date"] = sm.edit_date
        return msg

    # -- HTTP ----------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        self._token = request.match_info["token"]
        record = Request(request.match_info["method"], {}, via=request.match_info.get("via", ""))
        self.requests.append(record)
        try:
            await self._parse(request, record)
            method = self.schema.canonical(record.method) or record.method
            if self.check_schema:
                errors = self.schema.check(method, record.params, record.files)
                if errors:
                    self.violations.extend(errors)
                    raise ApiError(400, "Bad Request: " + "; ".join(errors))
            if delay := self._take(self._delays, method, record.params):
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._closing.wait(), delay.seconds)
            self._inject_faults(method, record.params)
            if self.enforce_limits:
                self._rate_limit(method, record.params)
            result = await self._handlers.get(method, self._fallback)(
                method, record.params, record
            )
        except ApiError as error:
            record.status = error.status
            return _error(error.status, error.description, error.retry_after)
        except Exception as error:
            record.status = 500
            self.violations.append(f"emulator failed on {record.method}: {error!r}")
            return _error(500, f"Internal Server Error: {error}")
        return web.json_response({"ok": True, "result": result})

    async def _parse(self, request: web.Request, record: Request) -> None:
        raw: dict[str, str] = dict(request.query)
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError as error:
                raise ApiError(400, "Bad Request: can't parse JSON object") from error
            if not isinstance(body, dict):
                raise ApiError(400, "Bad Request: JSON body must be an object")
            record.params = self.schema.decode(record.method, raw) | body
            return
        if request.method == "POST" and request.can_read_body:
            for name, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    record.files[name] = value.file.read()
                    record.filenames[name] = value.filename
                else:
                    raw[name] = value if isinstance(value, str) else value.decode()
        record.params = self.schema.decode(record.method, raw)

    async def _download(self, request: web.Request) -> web.Response:
        stored = self._file_paths.get(request.match_info["file_path"])
        if stored is None:
            return _error(404, "Not Found")
        return web.Response(
            body=stored.content, content_type=stored.mime_type or "application/octet-stream"
        )

    def _inject_faults(self, method: str, params: JSON) -> None:
        if fault := self._take(self._faults, method, params):
            status = fault.status
            description = fault.description or _DESCRIPTIONS.get(status)
            if status == 429:
                description = description or f"Too Many Requests: retry after {fault.retry_after}"
            raise ApiError(status, description or HTTPStatus(status).phrase, fault.retry_after)
        if params.get("chat_id") in self._blocked:
            raise ApiError(403, _DESCRIPTIONS[403])

    def _rate_limit(self, method: str, params: JSON) -> None:
        if not _counts_as_message(method):
            return
        chat: ChatId = params.get("chat_id", 0)
        now = time.monotonic()
        window = self._global_window
        while window and window[0] <= now - 1.0:
            window.popleft()
        waits = [window[0] + 1.0 - now] if len(window) >= self.GLOBAL_PER_SECOND else []
        private = isinstance(chat, int) and chat > 0
        tokens, last = self._private_buckets.get(chat, (float(self.PRIVATE_BURST), now))
        tokens = min(float(self.PRIVATE_BURST), tokens + (now - last) * self.PRIVATE_PER_SECOND)
        group = self._group_windows[chat] if not private else deque()
        if private and tokens < 1.0:
            waits.append((1.0 - tokens) / self.PRIVATE_PER_SECOND)
        elif not private:
            while group and group[0] <= now - 60.0:
                group.popleft()
            if len(group) >= self.GROUP_PER_MINUTE:
                waits.append(group[0] + 60.0 - now)
        if waits:
            self.too_many_requests += 1
            retry_after = max(1, math.ceil(max(waits)))
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
        window.append(now)
        if private:
            self._private_buckets[chat] = (tokens - 1.0, now)
        else:
            group.append(now)

    # -- methods -------------------------------------------------------------------------------

    async def _get_me(self, method: str, params: JSON, record: Request) -> Any:
        return self._bot_user(full=True)

    async def _get_updates(self, method: str, params: JSON, record: Request) -> Any:
        if self._webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        self._poll_generation += 1
        generation = self._poll_generation
        self._poke()
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"])
        offset = params.get("offset")
        limit = min(max(int(params.get("limit", 100)), 1), 100)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(int(params.get("timeout", 0)), 0)
        while True:
            batch = self._take_updates(offset, limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._closing.is_set():
                return batch
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), remaining)
            if generation != self._poll_generation:
                raise ApiError(409, _DESCRIPTIONS[409])

    def _take_updates(self, offset: int | None, limit: int) -> list[JSON]:
        queue = self._queue
        if offset is not None and offset < 0:
            confirmed = {q.update["update_id"] for q in queue if not q.forced}
            keep = set(sorted(confirmed)[offset:])
            queue = [q for q in queue if q.forced or q.update["update_id"] in keep]
        elif offset is not None:
            queue = [q for q in queue if q.forced or q.update["update_id"] >= offset]
        if self._allowed_updates:
            allowed = set(self._allowed_updates) | {"update_id"}
            queue = [q for q in queue if set(q.update) <= allowed]
        batch = sorted(queue[:limit], key=lambda q: q.update["update_id"])
        delivered = {id(q) for q in batch if q.forced}
        self._queue = [q for q in queue if id(q) not in delivered]
        return [q.update for q in batch]

    async def _set_webhook(self, method: str, params: JSON, record: Request) -> Any:
        url = params["url"]
        if not url:
            return await self._delete_webhook(method, params, record)
        # Telegram wants HTTPS; on loopback the emulator also takes plain HTTP.
        if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ApiError(400, "Bad Request: bad webhook: HTTPS url must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._queue.clear()
        self._webhook = {
            "url": url,
            "secret_token": secret,
            "allowed_updates": list(params.get("allowed_updates") or []),
        }
        self._webhook_error = None
        self._poke()
        return True

    async def _delete_webhook(self, method: str, params: JSON, record: Request) -> Any:
        if params.get("drop_pending_updates"):
            self._queue.clear()
        self._webhook = None
        self._poke()
        return True

    async def _get_webhook_info(self, method: str, params: JSON, record: Request) -> Any:
        hook = self._webhook or {}
        info: JSON = {
            "url": hook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }
        if hook.get("allowed_updates"):
            info["allowed_updates"] = hook["allowed_updates"]
        if self._webhook_error is not None:
            info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info

    @property
    def webhook(self) -> JSON | None:
        """The webhook set by the bot (url, secret_token, allowed_updates), if any."""
        return self._webhook

    async def _deliver_to_webhook(self) -> None:
        """Post queued updates to the webhook in order, each until it is answered 2xx."""
        import aiohttp

        async with aiohttp.ClientSession() as session:
            while not self._closing.is_set():
                wakeup = self._wakeup
                hook = self._webhook
                queued = self._next_for_webhook(hook)
                if hook is None or queued is None:
                    with suppress(TimeoutError):
                        await asyncio.wait_for(wakeup.wait(), 1.0)
                    continue
                update_id = queued.update["update_id"]
                headers = {}
                if hook["secret_token"]:
                    headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret_token"]
                status = 0
                try:
                    async with session.post(
                        hook["url"],
                        json=queued.update,
                        headers=headers,
                        timeout=aiohttp.ClientTimeout(total=self.webhook_timeout),
                    ) as answer:
                        status = answer.status
                except (aiohttp.ClientError, TimeoutError) as error:
                    self._webhook_error = (self._timestamp(), f"Connection failed: {error!r}")
                self.webhook_posts.append((update_id, status))
                if 200 <= status < 300:
                    if queued in self._queue:
                        self._queue.remove(queued)
                    continue
                if status:
                    self._webhook_error = (self._timestamp(), f"Wrong response: {status}")
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._closing.wait(), self.webhook_retry_seconds)

    def _next_for_webhook(self, hook: JSON | None) -> _Queued | None:
        if hook is None:
            return None
        allowed = set(hook["allowed_updates"])
        for queued in sorted(self._queue, key=lambda q: q.update["update_id"]):
            if allowed and not set(queued.update) - {"update_id"} <= allowed:
                self._queue.remove(queued)  # Telegram does not keep what was not asked for
                continue
            return queued
        return None

    async def _commands_call(self, method: str, params: JSON, record: Request) -> Any:
        scope = params.get("scope") or {"type": "default"}
        key = (
            (scope["type"], scope.get("chat_id"), scope.get("user_id")),
            params.get("language_code", ""),
        )
        if method == "getMyCommands":
            return self._commands.get(key, [])
        if method == "setMyCommands" and params["commands"]:
            self._commands[key] = params["commands"]
        else:
            self._commands.pop(key, None)
        return True

    async def _menu_button_call(self, method: str, params: JSON, record: Request) -> Any:
        chat = params.get("chat_id")
        if chat is not None and chat <= 0:
            raise ApiError(400, "Bad Request: chat_id must be a private chat")
        if method == "getChatMenuButton":
            default = self._menu_buttons.get(None, _DEFAULT_MENU)
            return default if chat is None else self.menu_button(chat)
        button = params.get("menu_button") or _DEFAULT_MENU
        kind = button.get("type")
        if kind not in _MENU_FIELDS or set(button) != _MENU_FIELDS[kind]:
            raise ApiError(400, "Bad Request: unsupported menu button")
        if kind == "web_app":
            if not button["text"].strip():
                raise ApiError(400, "Bad Request: menu button text is empty")
            _check_web_app_url(button["web_app"]["url"])
        if kind == "default":
            self._menu_buttons.pop(chat, None)
        else:
            self._menu_buttons[chat] = button
        return True

    def _check_content(self, params: JSON) -> None:
        mode = params.get("parse_mode")
        if "text" in params:
            text = _visible_text(params["text"], mode)
            if not text.strip():
                raise ApiError(400, "Bad Request: message text is empty")
            if _utf16_len(text) > 4096:
                raise ApiError(400, "Bad Request: message is too long")
        if _utf16_len(_visible_text(params.get("caption") or "", mode)) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        markup = params.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if len(button.get("callback_data", "").encode()) > 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if "web_app" in button:
                    # Telegram allows Web App buttons in private chats only.
                    chat = params.get("chat_id")
                    if not isinstance(chat, int) or chat <= 0:
                        raise ApiError(400, "Bad Request: BUTTON_TYPE_INVALID")
                    _check_web_app_url(button["web_app"]["url"])

    async def _fallback(self, method: str, params: JSON, record: Request) -> Any:
        returns = self.schema.returns(method)
        chat = params.get("chat_id")
        if not returns or "Boolean" in returns:
            return True
        if chat is not None and returns == ["Message"]:
            return await self._send(method, params, record)
        if chat is not None and method == "sendMediaGroup":
            items = [{"chat_id": chat, **m, m["type"]: m["media"]} for m in params["media"]]
            return [self._record_sent(method, item, record, item["type"]) for item in items]
        if chat is not None and returns[0].endswith("MessageId"):
            count = len(params.get("message_ids", [0]))
            ids = [{"message_id": self._next_message_id(chat)} for _ in range(count)]
            return ids if returns[0].startswith("Array") else ids[0]
        if method == "getChat" and chat is not None:
            return self.schema.sample("ChatFullInfo") | self._chat_json(chat)
        if method == "getChatMember":
            return {"status": "member", "user": self._user(params["user_id"])}
        return self.schema.sample(returns[0])

    async def _send(self, method: str, params: JSON, record: Request) -> Any:
        return self._record_sent(method, params, record, _MEDIA.get(method))

    def _record_sent(self, method: str, params: JSON, record: Request, kind: str | None) -> JSON:
        self._check_content(params)
        chat_id = params["chat_id"]
        sm = SentMessage(
            chat_id=chat_id,
            message_id=0,
            method=method,
            date=self._timestamp(),
            text=params.get("text"),
            caption=params.get("caption"),
            parse_mode=params.get("parse_mode"),
            entities=params.get("entities") or params.get("caption_entities"),
            reply_markup=params.get("reply_markup"),
        )
        if kind:
            stored = self._resolve_media(kind, params.get(kind), record)
            sm.content = stored.content
            if kind in ("photo", "document", "voice"):
                setattr(sm, kind, stored.content)
            sm.file_id, sm.filename, sm.mime_type = (
                stored.file_id,
                stored.filename,
                stored.mime_type,
            )
            sm.media = {kind: self._media_json(kind, stored, params.get("duration", 1))}
        sm.message_id = self._next_message_id(chat_id)
        self._sent.append(sm)
        self._by_key[(chat_id, sm.message_id)] = sm
        return self._message_json(sm)

    def _resolve_media(self, kind: str, value: Any, record: Request) -> _StoredFile:
        part = kind
        if isinstance(value, str) and value.startswith("attach://"):
            part = value.removeprefix("attach://")
        if part in record.files:
            filename = record.filenames.get(part)
            return self._store(kind, record.files[part], filename)
        if isinstance(value, str) and value in self._files:
            return self._files[value]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return self._store(kind, b"", value.rsplit("/", 1)[-1])
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    async def _edit(self, method: str, params: JSON, record: Request) -> Any:
        if "inline_message_id" in params:
            return True
        if "chat_id" not in params or "message_id" not in params:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        sm = self._by_key.get((params["chat_id"], params["message_id"]))
        if sm is None or sm.deleted:
            raise ApiError(400, "Bad Request: message to edit not found")
        self._check_content(params)
        markup = params.get("reply_markup")
        new = {"reply_markup": markup}
        if method == "editMessageText":
            if sm.text is None:
                raise ApiError(400, "Bad Request: there is no text in the message to edit")
            new |= {"text": params["text"], "entities": params.get("entities")}
        elif method == "editMessageCaption":
            if sm.media is None:
                raise ApiError(400, "Bad Request: there is no caption in the message to edit")
            new |= {"caption": params.get("caption"), "entities": params.get("caption_entities")}
        if method != "editMessageReplyMarkup":
            new["parse_mode"] = params.get("parse_mode")
        if all(getattr(sm, k) == v for k, v in new.items()):
            raise ApiError(400, _NOT_MODIFIED)
        for key, value in new.items():
            setattr(sm, key, value)
        sm.edit_date = self._timestamp()
        sm.edits += 1
        return self._message_json(sm)

    async def _edit_media(self, method: str, params: JSON, record: Request) -> Any:
        """A photo, document or voice message's file replaced, with its new caption."""
        if "chat_id" not in params or "message_id" not in params:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        sm = self._by_key.get((params["chat_id"], params["message_id"]))
        if sm is None or sm.deleted:
            raise ApiError(400, "Bad Request: message to edit not found")
        media = params.get("media")
        if isinstance(media, str):
            media = json.loads(media)
        if not isinstance(media, dict) or sm.media is None:
            raise ApiError(400, "Bad Request: there is no media in the message to edit")
        kind = str(media.get("type"))
        if kind not in ("photo", "document", "voice"):
            raise ApiError(400, "Bad Request: wrong media type")
        self._check_content(
            {"caption": media.get("caption"), "parse_mode": media.get("parse_mode")}
        )
        self._check_content({"reply_markup": params.get("reply_markup")})
        stored = self._resolve_media(kind, media.get("media"), record)
        sm.content = stored.content
        setattr(sm, kind, stored.content)
        sm.file_id, sm.filename, sm.mime_type = stored.file_id, stored.filename, stored.mime_type
        sm.media = {kind: self._media_json(kind, stored)}
        sm.caption = media.get("caption")
        sm.parse_mode = media.get("parse_mode")
        sm.reply_markup = params.get("reply_markup")
        sm.edit_date = self._timestamp()
        sm.edits += 1
        return self._message_json(sm)

    async def _delete_message(self, method: str, params: JSON, record: Request) -> Any:
        key = (params["chat_id"], params["message_id"])
        sm = self._by_key.get(key)
        if sm is not None and not sm.deleted:
            sm.deleted = True
        elif key in self._user_messages:
            self._user_messages.discard(key)
        else:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    async def _answer_callback_query(self, method: str, params: JSON, record: Request) -> Any:
        if params["callback_query_id"] not in self._callback_ids:
            raise ApiError(400, "Bad Request: " + _QUERY_INVALID)
        return True

    async def _get_file(self, method: str, params: JSON, record: Request) -> Any:
        stored = self._files.get(params["file_id"])
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }
