"""One error envelope for everything: {"error": {"code", "message"}} with the right status.

Domain errors (RagError) carry their own code and status; request validation
errors become 422 "bad_request" with a readable message; unknown routes 404;
anything else is a genuine server fault, logged and answered 500 without a traceback.

Messages are bounded (MAX_MESSAGE_CHARS; a quoted path at most MAX_QUOTE_CHARS) and never
show the server's folders: the project root, corpus and index folders become relative names.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
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
    408: "request_timeout",
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
    503: "the index is not loaded yet, is being rebuilt after a failed check, or the long-question lane is busy",
})


MAX_MESSAGE_CHARS = 1000
MAX_QUOTE_CHARS = 120


def quote_input(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """Client input inside a message: at most `limit` characters, unpaired surrogates replaced."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote_list(items: Sequence[str], shown: int = 5) -> str:
    """'a, b, c, d, e and 7 more': at most `shown` items, each quoted with quote_input."""
    text = ", ".join(quote_input(x, 60) for x in items[:shown])
    return text + (f" and {len(items) - shown} more" if len(items) > shown else "")


def _folders(request: Request) -> list[tuple[str, str]]:
    """(absolute folder, what a client sees instead), longest first."""
    settings = getattr(request.app.state, "settings", None)
    pairs: list[tuple[Path, str]] = [(Path(tempfile.gettempdir()), "<tmp>"), (Path.home(), "~")]
    if settings is not None:
        root = Path(settings.root)
        pairs += [(root, "."), (root.resolve(), "."), (settings.resolved_corpus_dir(), "corpus"),
                  (settings.resolved_index_dir(), "index")]
    found = {str(p): name for p, name in pairs if str(p) not in ("", "/", ".")}
    return sorted(found.items(), key=lambda kv: -len(kv[0]))


def public_message(request: Request, message: str) -> str:
    """A message fit for a client: server folders made relative, length bounded."""
    for folder, name in _folders(request):
        # '<root>/index/x' → 'index/x', '<root>' → '.'; '/rootless' is not '/root' followed by 'less'
        message = message.replace(folder + "/", "" if name == "." else name + "/")
        message = re.sub(re.escape(folder) + r"(?![\w.-])", name, message)
    return quote_input(message, MAX_MESSAGE_CHARS)


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": quote_input(message, MAX_MESSAGE_CHARS)}},
                        status_code=status, headers=headers)


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
        elif kind == "string_unicode":
            parts.append(f"{'.'.join(loc) or 'body'}: not valid Unicode (a lone surrogate)")
        else:
            parts.append(f"{'.'.join(loc) or 'body'}: {err.get('msg', 'invalid value')}")
    if len(errors) > 3:
        parts.append(f"and {len(errors) - 3} more")
    return "; ".join(parts)


async def _rag_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RagError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return error_response(exc.status, exc.code, public_message(request, exc.message), headers)


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
    allowed = {m for pattern, methods in table if pattern.fullmatch(path) for m in methods}
    return sorted(allowed | ({"HEAD"} if "GET" in allowed else set()))  # HeadMiddleware answers HEAD


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = HTTP_CODES.get(exc.status_code, "http_error")
    method = "HEAD" if request.scope.get("rag.head") else request.method
    path = quote_input(request.url.path)
    if exc.status_code == 404 and exc.detail == "Not Found":
        message = f"no such route: {method} {path} (see /docs)"
    elif exc.status_code == 405:
        message = f"method {method} is not allowed on {path}"
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
        message = public_message(request, exc.detail if isinstance(exc.detail, str) else str(exc.detail))
    return error_response(exc.status_code, code, message, getattr(exc, "headers", None))


async def _server_fault(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "internal server error; the fault is logged on the server")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RagError, _rag_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _server_fault)
