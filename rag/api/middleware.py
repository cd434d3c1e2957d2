"""Pure ASGI middleware (streaming-safe): request body size limit and the optional API key."""

from __future__ import annotations

import hmac
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# paths open without the API key: liveness, the API docs (they show the Authorize button),
# and the UI, which has its own login page (password = the API key)
OPEN_PATHS = ("/", "/favicon.ico", "/healthz", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json")
OPEN_PREFIXES = ("/ui/",)


async def send_error(send: Send, status: int, code: str, message: str, headers: list | None = None) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode("utf-8")
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                    *(headers or [])],
    })
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Refuse request bodies over `max_bytes` with 413, by Content-Length or by counting a chunked body.

    `route_limits` raises (or lowers) the limit for particular routes, keyed by (method, path):
    uploads (POST /v1/documents) may be as large as the upload limit plus the multipart framing,
    while every JSON route keeps `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int, route_limits: dict[tuple[str, str], int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.route_limits = dict(route_limits or {})

    def limit_for(self, scope: Scope) -> int:
        path = scope["path"].rstrip("/") or "/"
        return self.route_limits.get((scope["method"], path), self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        max_bytes = self.limit_for(scope)
        too_large = f"the request body is larger than the limit of {max_bytes:,} bytes"
        if b"content-length" in headers:
            try:
                length = int(headers[b"content-length"])
            except ValueError:
                return await send_error(send, 400, "bad_request", "invalid Content-Length header")
            if length > max_bytes:
                return await send_error(send, 413, "too_large", too_large)
            return await self.app(scope, receive, send)
        if b"chunked" not in headers.get(b"transfer-encoding", b""):
            return await self.app(scope, receive, send)
        # chunked body of unknown length: read it here (up to the limit), then replay it
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > max_bytes:
                return await send_error(send, 413, "too_large", too_large)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class ApiKeyMiddleware:
    """With a key configured, require `Authorization: Bearer <key>` or `X-API-Key: <key>`."""

    def __init__(self, app: ASGIApp, api_key: str) -> None:
        self.app = app
        self.key = api_key.encode("utf-8")

    def _authorised(self, headers: dict[bytes, bytes]) -> bool:
        offered = headers.get(b"x-api-key")
        auth = headers.get(b"authorization", b"")
        if offered is None and auth[:7].lower() == b"bearer ":
            offered = auth[7:].strip()
        return offered is not None and hmac.compare_digest(offered, self.key)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] == "OPTIONS":
            return await self.app(scope, receive, send)
        path = scope["path"]
        if path in OPEN_PATHS or path == "/ui" or path.startswith(OPEN_PREFIXES):
            return await self.app(scope, receive, send)
        if not self._authorised(dict(scope["headers"])):
            return await send_error(send, 401, "unauthorized",
                                    "missing or wrong API key: send `Authorization: Bearer <key>` or `X-API-Key`",
                                    [(b"www-authenticate", b"Bearer")])
        return await self.app(scope, receive, send)
