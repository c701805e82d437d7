"""Limits on what one request may ask of the server, in one place (docs/limits.md).

Two pure ASGI middlewares, so that a refusal costs nothing of the body:

- :class:`BodyLimit` answers 413 as soon as a body is known to be too large: from its
  ``Content-Length`` before reading a byte, or, for a chunked body, at the first chunk that
  passes the limit. JSON bodies are small, uploads (``multipart/…``) larger. The nesting depth
  of a JSON body is counted while it streams in, without recursion, and a body nested deeper
  than the limit is refused with 422 before any parser sees it.
- :class:`RateLimit` counts requests per client address with the ``limits`` library (moving
  window, in memory): a generous limit for anonymous requests, a strict one for some costly
  anonymous operations, a much higher one for requests that carry credentials. Over the limit:
  429 with ``Retry-After``.

Each refusal has the one error shape, in the request's language.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterable
from typing import Any

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kcn.kit.http import error_body, get_lang, is_api

BODYLESS = frozenset({"GET", "HEAD", "OPTIONS"})


async def refuse(
    scope: Scope,
    send: Send,
    status: int,
    code: str,
    key: str,
    headers: dict[str, str] | None = None,
    **params: Any,
) -> None:
    """Answer with the error shape (or the app's error page for a page), in the request's
    language, without reading the request's body."""
    request = Request(scope)
    lang = get_lang(request)
    body = error_body(code, key, lang, [], **params)
    page = getattr(request.app.state, "error_page", None)
    response: Response
    if page is not None and not is_api(request.url.path):
        response = page(request, status, body)
        response.headers.update(headers or {})
    else:
        response = JSONResponse(body, status_code=status, headers=headers)
    response.headers["Connection"] = "close"  # the rest of the body is not wanted
    await response(scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


def megabytes(size: int) -> str:
    """``33554432`` → ``32``: the limit as people say it."""
    value = size / 1_048_576
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


_JSON_SPECIAL = re.compile(rb'[\[\]{}"\\]')


class DepthScanner:
    """Follows the nesting depth of a JSON text fed in chunks, ignoring brackets inside
    strings. A loop over the few special bytes only; no recursion, no parse."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.depth = 0
        self.in_string = False
        self.escaped = False  # a backslash ended the previous chunk inside a string

    def feed(self, chunk: bytes) -> bool:
        """False as soon as the depth passes the limit."""
        skip_to = 0
        if self.escaped and chunk:
            skip_to, self.escaped = 1, False
        for match in _JSON_SPECIAL.finditer(chunk, skip_to):
            pos = match.start()
            if pos < skip_to:
                continue
            char = chunk[pos]
            if self.in_string:
                if char == 0x5C:  # backslash: the next byte is escaped
                    if pos + 1 >= len(chunk):
                        self.escaped = True
                    skip_to = pos + 2
                elif char == 0x22:
                    self.in_string = False
            elif char == 0x22:
                self.in_string = True
            elif char in (0x5B, 0x7B):
                self.depth += 1
                if self.depth > self.limit:
                    return False
            elif char in (0x5D, 0x7D):
                self.depth -= 1
        return True


def _is_json(content_type: str) -> bool:
    # FastAPI parses a body without a content type as JSON too.
    media = content_type.split(";")[0].strip()
    return not media or media == "application/json" or media.endswith("+json")


class BodyLimit:
    """413 for a body over its kind's limit, 422 for JSON nested too deep."""

    def __init__(self, app: ASGIApp, json_bytes: int, upload_bytes: int, json_depth: int) -> None:
        self.app = app
        self.json_bytes = json_bytes
        self.upload_bytes = upload_bytes
        self.json_depth = json_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in BODYLESS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        content_type = headers.get("content-type", "").lower()
        limit = self.upload_bytes if content_type.startswith("multipart/") else self.json_bytes
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            await self._too_large(scope, send, limit)
            return
        scanner = DepthScanner(self.json_depth) if _is_json(content_type) else None
        received = 0
        refused = started = False

        async def counted_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] != "http.request":
                return message
            chunk: bytes = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                refused = True
                if not started:
                    await self._too_large(scope, send, limit)
            elif scanner is not None and not scanner.feed(chunk):
                refused = True
                if not started:
                    await refuse(
                        scope, send, 422, "too_deep", "error.too_deep", limit=self.json_depth
                    )
            return {"type": "http.disconnect"} if refused else message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the refusal has answered; whatever the app says now is dropped
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            if not refused:
                raise
            # The app saw the body end early and gave up: the refusal was the answer.

    async def _too_large(self, scope: Scope, send: Send, limit: int) -> None:
        await refuse(
            scope, send, 413, "body_too_large", "error.body_too_large", mb=megabytes(limit)
        )


class RateLimit:
    """Requests per client address in a moving window; 429 with ``Retry-After`` beyond.

    ``strict`` names ``(method, path)`` pairs that also count against ``strict_limit`` when
    made without credentials. A request carries credentials when it has an ``Authorization``
    header or the ``credential_cookie``; such requests count against ``authenticated_limit``
    only. Paths starting with one of ``exempt`` are not counted.
    """

    def __init__(
        self,
        app: ASGIApp,
        anonymous_limit: str,
        strict_limit: str,
        authenticated_limit: str,
        strict: Iterable[tuple[str, str]] = (),
        credential_cookie: str = "",
        exempt: tuple[str, ...] = ("/static/",),
    ) -> None:
        self.app = app
        self.anonymous: RateLimitItem = parse(anonymous_limit)
        self.strict_limit: RateLimitItem = parse(strict_limit)
        self.authenticated: RateLimitItem = parse(authenticated_limit)
        self.strict = frozenset(strict)
        self.cookie = credential_cookie
        self.exempt = exempt
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def _has_credentials(self, scope: Scope) -> bool:
        headers = Headers(scope=scope)
        if headers.get("authorization"):
            return True
        return bool(self.cookie) and f"{self.cookie}=" in headers.get("cookie", "")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        if self._has_credentials(scope):
            checks = [(self.authenticated, "user")]
        else:
            checks = [(self.anonymous, "anon")]
            if (scope["method"], scope["path"]) in self.strict:
                checks.append((self.strict_limit, "strict"))
        for item, kind in checks:
            if not self.limiter.hit(item, kind, client):
                reset, _remaining = self.limiter.get_window_stats(item, kind, client)
                wait = max(1, math.ceil(reset - time.time()))
                await refuse(
                    scope,
                    send,
                    429,
                    "rate_limited",
                    "error.rate_limited",
                    headers={"Retry-After": str(wait)},
                    seconds=wait,
                    limit=str(item.amount),
                )
                return
        await self.app(scope, receive, send)
