"""How `rag serve` runs the app under uvicorn: connection limits, timeouts, and a clean access log.

uvicorn alone waits forever for a request head that never completes (a connection that sends
half a request line holds a slot indefinitely) and answers a malformed request with plain text.
`GuardedH11Protocol` adds a deadline for the request head and answers malformed requests with
the API's JSON error envelope. Bodies that stall are timed out by BodyLimitMiddleware.

The settings `rag serve` uses (SERVER_LIMITS, plus request_timeout_s from Settings):
- a request head must arrive complete within request_timeout_s (default 15 s) of the
  connection opening or of its first byte on a kept-alive connection, else 408 and close;
- a request body that sends nothing for request_timeout_s gets 408 (BodyLimitMiddleware);
- idle kept-alive connections close after 5 s; request heads are limited to 16 KiB (h11);
- at most 1,000 connections or requests at once; more get 503.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any
from urllib.parse import unquote_plus

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..config import Settings

SERVER_LIMITS: dict[str, Any] = {
    "timeout_keep_alive": 5,
    "limit_concurrency": 1000,
    "h11_max_incomplete_event_size": 16 * 1024,
}


def _raw_error(status: int, reason: str, code: str, message: str) -> bytes:
    body = json.dumps({"error": {"code": code, "message": message}}).encode("utf-8")
    head = (f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n")
    return head.encode("ascii") + body


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on the request head and JSON 400s."""

    head_timeout_s: float = 15.0
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._watch_head()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _waiting_on_client(self) -> bool:
        """The connection waits for bytes from the client that no app is waiting for: the head of a
        request (the app's body reads have their own timeout), or the rest of a body nobody reads."""
        theirs = self.conn.their_state
        return theirs is h11.IDLE or (theirs is h11.SEND_BODY and self.conn.our_state is h11.DONE)

    def _watch_head(self) -> None:
        # a deadline, not an idle timer: a head sent one byte at a time must still finish in time
        if self.transport.is_closing() or not self._waiting_on_client():
            self._cancel_head_timer()
        elif self._head_timer is None:
            self._head_timer = self.loop.call_later(self.head_timeout_s, self._head_timed_out)

    def _partial_head(self) -> bool:
        return bool(self.conn.trailing_data[0])

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing() or not self._waiting_on_client():
            return
        if self.conn.their_state is h11.IDLE and self._partial_head():
            self.transport.write(_raw_error(408, "Request Timeout", "request_timeout",
                                            f"the request head was not complete within {self.head_timeout_s:g} s"))
        self.transport.close()

    def send_400_response(self, msg: str) -> None:
        self._cancel_head_timer()
        self.transport.write(_raw_error(400, "Bad Request", "bad_request",
                                        "malformed HTTP request (request line, headers or framing)"))
        self.transport.close()


def guarded_protocol(head_timeout_s: float) -> type[GuardedH11Protocol]:
    return type("GuardedH11Protocol", (GuardedH11Protocol,), {"head_timeout_s": head_timeout_s})


def uvicorn_config(app: Any, settings: Settings, **options: Any):
    """The uvicorn.Config `rag serve` runs: SERVER_LIMITS and the guarded protocol; `options` add to them."""
    import uvicorn

    return uvicorn.Config(app, http=guarded_protocol(settings.request_timeout_s), **{**SERVER_LIMITS, **options})


# -- the access log never shows a secret passed in a URL ----------------------------------------

_SECRET_NAME = re.compile(r"key|token|secret|passw|auth|session|sig", re.IGNORECASE)


def redact_query(path: str) -> str:
    """'/v1/x?api_key=abc&q=1' → '/v1/x?api_key=[redacted]&q=1'."""
    base, sep, query = path.partition("?")
    if not sep:
        return path
    parts = []
    for part in query.split("&"):
        name, eq, _value = part.partition("=")
        parts.append(f"{name}=[redacted]" if eq and _SECRET_NAME.search(unquote_plus(name)) else part)
    return base + "?" + "&".join(parts)


class RedactQueryFilter(logging.Filter):
    """uvicorn logs `client - "METHOD path?query HTTP/x" status`: the path argument is redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (*args[:2], redact_query(args[2]), *args[3:])
        return True


def install_access_log_redaction() -> None:
    """Idempotent; uvicorn's logging setup keeps logger filters, so this holds for any uvicorn run."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactQueryFilter) for f in access.filters):
        access.addFilter(RedactQueryFilter())
