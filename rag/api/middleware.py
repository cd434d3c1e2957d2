"""Pure ASGI middleware (streaming-safe) at the HTTP edge.

- BodyLimitMiddleware: counts the body bytes actually received, whatever the framing, and
  refuses past the limit at once (413); a body that stalls gets 408.
- ApiKeyMiddleware: the optional API key, with a per-client budget of wrong guesses (also
  for the UI login page).
- ClientLimitsMiddleware: requests in flight per client on the query routes, and an upload
  rate and size budget per client.
- HeadMiddleware: HEAD on every GET route.
"""

from __future__ import annotations

import asyncio
import hmac
import json
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .limits import InFlight, SlidingWindow, client_of, retry_after_header

# paths open without the API key: liveness, the API docs (they show the Authorize button),
# and the UI, which has its own login page (password = the API key)
OPEN_PATHS = ("/", "/favicon.ico", "/healthz", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json")
OPEN_PREFIXES = ("/ui/", "/docs-assets/")  # (the API documentation's scripts and styles: rag.api.docs_pages)
LOGIN_PATHS = ("/ui/login", "/ui/login/")  # Gradio's login form (POST)

CLOSE = (b"connection", b"close")


async def send_error(send: Send, status: int, code: str, message: str, headers: list | None = None) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode("utf-8")
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                    *(headers or [])],
    })
    await send({"type": "http.response.body", "body": body})


def route_of(scope: Scope) -> tuple[str, str]:
    return scope["method"], scope["path"].rstrip("/") or "/"


def content_length(scope: Scope) -> int | None:
    """The declared Content-Length; None when absent. Raises ValueError when it is not a number."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            length = int(value)
            if length < 0:
                raise ValueError(value)
            return length
    return None


class BodyRefused(Exception):
    """Raised inside the app's `receive` once the middleware has answered (413 or 408)."""


class _GuardedBody:
    """The app's `receive` and `send` for one request: counts body bytes, times out stalls.

    When the count passes the limit (or the body stalls), the error is sent at once — the
    app's own response, if it tries one afterwards, is dropped — and the connection is
    closed, so the rest of the body is never read."""

    def __init__(self, receive: Receive, send: Send, limit: int, idle_timeout_s: float | None) -> None:
        self._receive = receive
        self._send = send
        self.limit = limit
        self.idle_timeout_s = idle_timeout_s
        self.received = 0
        self.body_done = False
        self.refused = False
        self.started = False

    async def receive(self) -> Message:
        if self.refused:
            return {"type": "http.disconnect"}
        if self.body_done:  # e.g. a streaming response waiting for the client to go away: no timeout
            return await self._receive()
        try:
            message = await asyncio.wait_for(self._receive(), self.idle_timeout_s)
        except TimeoutError:
            await self._refuse(408, "request_timeout",
                               f"the request body stalled for more than {self.idle_timeout_s:g} s")
        if message["type"] != "http.request":
            self.body_done = True
            return message
        self.received += len(message.get("body", b""))
        if self.received > self.limit:
            await self._refuse(413, "too_large", too_large(self.limit))
        if not message.get("more_body", False):
            self.body_done = True
        return message

    async def _refuse(self, status: int, code: str, message: str) -> None:
        self.refused = True
        if not self.started:
            self.started = True
            await send_error(self._send, status, code, message, [CLOSE])
        raise BodyRefused(message)

    async def send(self, message: Message) -> None:
        if self.refused:
            return
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)


def too_large(limit: int) -> str:
    return f"the request body is larger than the limit of {limit:,} bytes"


class BodyLimitMiddleware:
    """Refuse request bodies over `max_bytes` with 413: at once when Content-Length says so, else as
    soon as the bytes received pass the limit (chunked, or a Content-Length that lies — with
    Transfer-Encoding the server ignores it). A body that sends nothing for `idle_timeout_s`
    (one shorter than its Content-Length, a stalled upload) gets 408.

    `route_limits` raises (or lowers) the limit for particular routes, keyed by (method, path):
    uploads (POST /v1/documents) may be as large as the upload limit plus the multipart framing,
    while every JSON route keeps `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int, route_limits: dict[tuple[str, str], int] | None = None,
                 idle_timeout_s: float | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.route_limits = dict(route_limits or {})
        self.idle_timeout_s = idle_timeout_s or None

    def limit_for(self, scope: Scope) -> int:
        return self.route_limits.get(route_of(scope), self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limit_for(scope)
        try:
            declared = content_length(scope)
        except ValueError:
            return await send_error(send, 400, "bad_request", "invalid Content-Length header", [CLOSE])
        if declared is not None and declared > limit:
            return await send_error(send, 413, "too_large", too_large(limit), [CLOSE])
        guard = _GuardedBody(receive, send, limit, self.idle_timeout_s)
        try:
            await self.app(scope, guard.receive, guard.send)
        except BodyRefused:
            pass  # answered already


def _query_has_key(scope: Scope) -> bool:
    names = {name.lower().replace("-", "_") for name, _ in parse_qsl(scope.get("query_string", b"").decode("latin-1"))}
    return bool(names & {"api_key", "apikey", "key", "x_api_key", "token", "access_token"})


class ApiKeyMiddleware:
    """With a key configured, require `Authorization: Bearer <key>` or `X-API-Key: <key>` (an empty
    header counts as absent). A client whose guesses keep failing — wrong keys here, wrong
    passwords on the UI login page — gets 429 with Retry-After once `failures` is spent."""

    def __init__(self, app: ASGIApp, api_key: str, failures: SlidingWindow | None = None) -> None:
        self.app = app
        self.key = api_key.encode("utf-8")
        self.failures = failures

    @staticmethod
    def offered_keys(headers: dict[bytes, bytes]) -> list[bytes]:
        offered = [headers.get(b"x-api-key", b"").strip()]
        auth = headers.get(b"authorization", b"")
        if auth[:7].lower() == b"bearer ":
            offered.append(auth[7:].strip())
        return [k for k in offered if k]

    def _locked_out(self, client: str) -> float | None:
        return self.failures.retry_after(client) if self.failures is not None else None

    def _failed(self, client: str) -> None:
        if self.failures is not None:
            self.failures.add(client)

    async def _too_many(self, send: Send, wait: float) -> None:
        await send_error(send, 429, "too_many_requests",
                         "too many failed key or password attempts from this client; retry later",
                         [retry_after_header(wait)])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] == "OPTIONS":
            return await self.app(scope, receive, send)
        path = scope["path"]
        client = client_of(scope)
        if scope["method"] == "POST" and path in LOGIN_PATHS:
            return await self._login(scope, receive, send, client)
        if path in OPEN_PATHS or path == "/ui" or path.startswith(OPEN_PREFIXES):
            return await self.app(scope, receive, send)
        offered = self.offered_keys(dict(scope["headers"]))
        if offered:
            wait = self._locked_out(client)
            if wait is not None:
                return await self._too_many(send, wait)
            if any(hmac.compare_digest(k, self.key) for k in offered):
                return await self.app(scope, receive, send)
            self._failed(client)
        hint = " (a key in the URL is not accepted: URLs end up in logs)" if _query_has_key(scope) else ""
        return await send_error(send, 401, "unauthorized",
                                "missing or wrong API key: send `Authorization: Bearer <key>` or `X-API-Key`" + hint,
                                [(b"www-authenticate", b"Bearer")])

    async def _login(self, scope: Scope, receive: Receive, send: Send, client: str) -> None:
        """Gradio checks the password; a 4xx from its login route is a failed guess."""
        wait = self._locked_out(client)
        if wait is not None:
            return await self._too_many(send, wait)
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        if 400 <= status < 500:
            self._failed(client)


class ClientLimitsMiddleware:
    """Per-client limits, keyed by (method, path): at most `max_in_flight` requests in flight on the
    query routes; on the upload route at most `uploads_per_minute` accepted uploads and
    `upload_bytes_per_hour` bytes of them. Over a limit: 429 with Retry-After. An upload is
    charged when it arrives and refunded when it is refused, so a burst cannot slip past."""

    def __init__(self, app: ASGIApp, *, query_routes: set[tuple[str, str]], max_in_flight: int,
                 upload_route: tuple[str, str], uploads_per_minute: int, upload_bytes_per_hour: int) -> None:
        self.app = app
        self.query_routes = query_routes
        self.upload_route = upload_route
        self.in_flight = InFlight(max_in_flight) if max_in_flight > 0 else None
        self.uploads = SlidingWindow(uploads_per_minute, 60.0) if uploads_per_minute > 0 else None
        self.upload_bytes = SlidingWindow(upload_bytes_per_hour, 3600.0) if upload_bytes_per_hour > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            route = route_of(scope)
            if route in self.query_routes and self.in_flight is not None:
                return await self._capped(self.in_flight, scope, receive, send)
            if route == self.upload_route and (self.uploads or self.upload_bytes):
                return await self._budgeted(scope, receive, send)
        return await self.app(scope, receive, send)

    async def _capped(self, in_flight: InFlight, scope: Scope, receive: Receive, send: Send) -> None:
        client = client_of(scope)
        if not in_flight.acquire(client):
            return await send_error(send, 429, "too_many_requests",
                                    f"more than {in_flight.limit} requests from this client are in flight; "
                                    "retry when one has finished", [retry_after_header(1)])
        try:
            await self.app(scope, receive, send)
        finally:
            in_flight.release(client)

    async def _budgeted(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = client_of(scope)
        try:
            declared = content_length(scope) or 0
        except ValueError:
            declared = 0  # refused by the body limit further in
        checks = [(self.uploads, 1, "uploads per minute"), (self.upload_bytes, max(declared, 1), "upload bytes per hour")]
        for window, cost, what in checks:
            wait = window.retry_after(client, cost) if window is not None else None
            if wait is not None:
                assert window is not None
                return await send_error(send, 429, "too_many_requests",
                                        f"this client's upload budget ({window.limit:,.0f} {what}) is spent; "
                                        "retry later", [retry_after_header(wait)])
        charged = [(w, w.add(client, cost)) for w, cost, _ in checks if w is not None and cost]
        received, status = 0, 0

        async def counting() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            return message

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, counting, watch)
        finally:
            for window, event in charged:
                window.cancel(client, event)
            if 200 <= status < 300:  # accepted: charge what was really received
                if self.uploads is not None:
                    self.uploads.add(client)
                if self.upload_bytes is not None:
                    self.upload_bytes.add(client, max(received, declared))


class HeadMiddleware:
    """HEAD is GET without the body (load balancers probe /healthz with HEAD): the app answers a GET,
    the headers go out as they are (Content-Length included), the body does not."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET", "rag.head": True}, receive, headers_only)
