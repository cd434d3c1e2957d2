"""Domain errors. Each carries a stable code and the HTTP status it maps to.

The CLI prints `rag: <message>` and exits 2; the API answers
{"error": {"code", "message"}} with the status. Nothing a client sends should
surface as anything else.
"""

from __future__ import annotations


class RagError(Exception):
    code = "error"
    status = 400

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class BadInput(RagError):
    code = "bad_input"
    status = 422


class NotFound(RagError):
    code = "not_found"
    status = 404


class Conflict(RagError):
    code = "conflict"
    status = 409


class TooLarge(RagError):
    code = "too_large"
    status = 413


class Unauthorized(RagError):
    code = "unauthorized"
    status = 401


class Forbidden(RagError):
    code = "forbidden"
    status = 403


class Busy(RagError):
    """Temporary overload (e.g. the long-question lane is taken for too long): try again shortly."""

    code = "busy"
    status = 503


class NotReady(RagError):
    code = "not_ready"
    status = 503
