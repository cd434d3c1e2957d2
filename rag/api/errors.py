"""One error envelope for everything: {"error": {"code", "message"}} with the right status.

Domain errors (RagError) carry their own code and status; request validation
errors become 422 "bad_request" with a readable message; unknown routes 404;
anything else is a genuine server fault, logged and answered 500 without a traceback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import RagError

log = logging.getLogger("rag.api")

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "bad_request",
    429: "too_many_requests",
}


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorEnvelope(BaseModel):
    error: ErrorBody


def error_docs(descriptions: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: each status documented with the error envelope in OpenAPI."""
    return {status: {"model": ErrorEnvelope, "description": desc} for status, desc in descriptions.items()}


ERROR_RESPONSES = error_docs({
    401: "missing or wrong API key",
    404: "unknown document, clause or route",
    413: "request body too large",
    422: "bad input: wrong types, empty or oversized question, top_k out of range",
    503: "the index is not loaded yet",
})


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def validation_message(errors: Sequence[Any]) -> str:
    """'top_k: Input should be a valid integer; question: Field required' — short and readable."""
    parts = []
    for err in errors[:3]:
        kind = err.get("type", "")
        loc = [str(x) for x in err.get("loc", ()) if x != "body"]
        if kind == "json_invalid":
            detail = (err.get("ctx") or {}).get("error", "")
            parts.append("the request body is not valid JSON" + (f" ({detail})" if detail else ""))
        elif kind == "missing" and not loc:
            parts.append("the request body is missing; send a JSON object")
        else:
            parts.append(f"{'.'.join(loc) or 'body'}: {err.get('msg', 'invalid value')}")
    if len(errors) > 3:
        parts.append(f"and {len(errors) - 3} more")
    return "; ".join(parts)


async def _rag_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RagError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return error_response(exc.status, exc.code, exc.message, headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, "bad_request", validation_message(exc.errors()))


def _allowed_methods(request: Request) -> list[str]:
    """The methods the published schema documents for this path (the source of truth for clients)."""
    table = getattr(request.app.state, "allowed_methods", None)
    if table is None:
        table = []
        for template, operations in request.app.openapi().get("paths", {}).items():
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
            table.append((re.compile(pattern), sorted(m.upper() for m in operations)))
        request.app.state.allowed_methods = table
    path = request.url.path
    return sorted({m for pattern, methods in table if pattern.fullmatch(path) for m in methods})


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = HTTP_CODES.get(exc.status_code, "http_error")
    if exc.status_code == 404 and exc.detail == "Not Found":
        message = f"no such route: {request.method} {request.url.path} (see /docs)"
    elif exc.status_code == 405:
        message = f"method {request.method} is not allowed on {request.url.path}"
        # Starlette names only the first matching route's methods; a path served by several routes
        # (GET and POST /v1/documents) must list them all.
        allowed = _allowed_methods(request)
        if allowed:
            return error_response(405, code, message, {"Allow": ", ".join(allowed)})
    elif exc.status_code == 400 and exc.detail == "There was an error parsing the body":
        # e.g. JSON nested too deeply to parse: a malformed body, answered like invalid JSON
        what = "a multipart form" if request.headers.get("content-type", "").startswith("multipart/") else "JSON"
        return error_response(422, "bad_request", f"the request body could not be parsed as {what}")
    else:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return error_response(exc.status_code, code, message, getattr(exc, "headers", None))


async def _server_fault(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "internal server error; the fault is logged on the server")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RagError, _rag_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _server_fault)
