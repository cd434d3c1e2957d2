"""create_app(): the FastAPI application — routers, one error envelope, middleware, the UI at /ui.

The Assistant lives on app.state. Given one (tests, embedding), the app is ready at
once; otherwise the lifespan loads it in a background thread — building the index
first when it is missing or stale — so the server answers /healthz with 503 until
the index is loaded and the models are warm, then 200.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Security
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import RedirectResponse, Response
from fastapi.security import APIKeyHeader, HTTPBearer

from ..assistant import Assistant
from ..config import Settings
from . import docs_pages
from .deps import ready_assistant
from .errors import install_error_handlers
from .limits import SlidingWindow
from .middleware import ApiKeyMiddleware, BodyLimitMiddleware, ClientLimitsMiddleware, HeadMiddleware
from .routes import ask, chat, documents, feedback, health, indexing, search
from .server import install_access_log_redaction

log = logging.getLogger("rag.api")

# the routes that run a query: each client may have at most max_in_flight_per_client of them in flight
QUERY_ROUTES = {("POST", "/v1/ask"), ("POST", "/v1/search"), ("POST", "/v1/chat/completions")}

DESCRIPTION = """Cited answers over Chinese science-and-technology policy documents.

Every marker `[n]` in an answer has a citation quoting the source text verbatim, with
character offsets into the document. Errors are always `{"error": {"code", "message"}}`.
The chat UI is at [/ui](/ui/); an OpenAI-compatible endpoint is at `/v1/chat/completions`.
"""


def _load(app: FastAPI) -> None:
    """Open (building if needed) and warm up the Assistant, then publish it on app.state."""
    settings: Settings = app.state.settings
    t0 = time.perf_counter()
    try:
        assistant = Assistant.open(settings, build_if_needed=True)
        assistant.warm_up()
    except Exception as e:
        app.state.startup_error = getattr(e, "message", None) or str(e) or type(e).__name__
        log.exception("could not load the index")
        return
    app.state.assistant = assistant
    _watch(app)
    index = assistant.index
    log.info("index %s loaded (%d documents, %d clauses); ready in %.1f s",
             index.build.name, len(index.documents), len(index.clauses), time.perf_counter() - t0)


def _watch(app: FastAPI) -> None:
    """Follow corpus files changed on disk (RAG_WATCH_CORPUS_S; 0 turns it off)."""
    interval = app.state.settings.watch_corpus_s
    if interval > 0 and app.state.assistant is not None and getattr(app.state, "watcher", None) is None:
        from ..watch import CorpusWatcher

        app.state.watcher = CorpusWatcher(app.state.assistant.keeper, interval).start()
    verify_s = app.state.settings.verify_index_s  # re-verify the served index (RAG_VERIFY_INDEX_S; 0: off)
    if verify_s > 0 and app.state.assistant is not None and getattr(app.state, "verifier", None) is None:
        from ..watch import IndexVerifier

        app.state.verifier = IndexVerifier(app.state.assistant.keeper, verify_s).start()


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    if app.state.assistant is None:
        threading.Thread(target=_load, args=(app,), name="rag-index-loader", daemon=True).start()
    else:
        _watch(app)
    yield
    watcher = getattr(app.state, "watcher", None)
    if watcher is not None:
        watcher.stop()
        app.state.watcher = None
    if getattr(app.state, "verifier", None) is not None:
        app.state.verifier.stop()
        app.state.verifier = None


def _mount_ui(app: FastAPI, settings: Settings) -> None:
    try:
        import gradio as gr

        from ui.app import CSS, HEAD, THEME, build_ui
    except ImportError as e:  # the API works without the UI
        log.warning("chat UI disabled: %s", e)
        return
    blocks = build_ui(lambda: ready_assistant(app))
    key = settings.api_key
    auth = None
    if key:  # the browser cannot send the header: the UI asks for the key on a login page instead

        def auth(_user: str, password: str) -> bool:
            return hmac.compare_digest(password.encode("utf-8"), key.encode("utf-8"))

    gr.mount_gradio_app(app, blocks, path="/ui", theme=THEME, css=CSS, head=HEAD, auth=auth,
                        auth_message="Enter any user name and the server's API key as the password.",
                        footer_links=[], run_history=False, ssr_mode=False, show_error=True)


def _document_limits(app: FastAPI) -> None:
    """The per-client limits (ClientLimitsMiddleware) answer 429 on the routes they guard: the published
    schema says so (added to the generated schema once, when it is first built)."""
    build = app.openapi
    limited = QUERY_ROUTES | {("POST", documents.UPLOAD_PATH)}
    response = {"description": "this client has too many requests in flight, or its upload budget is spent; "
                               "retry after the seconds in the Retry-After header",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}}}

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = build()
            for method, path in limited:
                operation = schema.get("paths", {}).get(path, {}).get(method.lower())
                if operation is not None:
                    operation.setdefault("responses", {}).setdefault("429", response)
        return build()

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(settings: Settings | None = None, assistant: Assistant | None = None, *, ui: bool = True) -> FastAPI:
    """The API (and, with `ui`, the Gradio chat at /ui) over `assistant`, or over one loaded at startup."""
    settings = settings or (assistant.settings if assistant is not None else Settings())
    app = FastAPI(title="Policy RAG", version="0.1.0", description=DESCRIPTION, lifespan=_lifespan,
                  docs_url=None, redoc_url=None)  # served offline by docs_pages
    app.state.settings = settings
    app.state.assistant = assistant
    app.state.startup_error = None
    app.state.watcher = None
    install_error_handlers(app)

    # the key is enforced by ApiKeyMiddleware; these only show the Authorize button in /docs
    secured = [Security(HTTPBearer(auto_error=False)), Security(APIKeyHeader(name="X-API-Key", auto_error=False))]
    app.include_router(health.router)
    for module in (ask, search, documents, indexing, chat, feedback):
        app.include_router(module.router, dependencies=secured if settings.api_key else None)

    _document_limits(app)
    docs_pages.install(app)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/ui/" if ui else "/docs")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    # added innermost first: CORS (outermost) → API key → per-client limits → body limit → HEAD → routes.
    # JSON routes take max_body_bytes; the upload route the upload limit plus the multipart framing.
    upload_limit = settings.max_upload_bytes + documents.MULTIPART_ALLOWANCE
    app.add_middleware(HeadMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes,
                       route_limits={("POST", documents.UPLOAD_PATH): upload_limit},
                       idle_timeout_s=settings.request_timeout_s)
    app.add_middleware(ClientLimitsMiddleware, query_routes=QUERY_ROUTES,
                       max_in_flight=settings.max_in_flight_per_client,
                       upload_route=("POST", documents.UPLOAD_PATH), uploads_per_minute=settings.uploads_per_minute,
                       upload_bytes_per_hour=settings.upload_bytes_per_hour)
    if settings.api_key:
        failures = (SlidingWindow(settings.auth_failures_per_minute, 60.0)
                    if settings.auth_failures_per_minute > 0 else None)
        app.add_middleware(ApiKeyMiddleware, api_key=settings.api_key, failures=failures)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "PATCH", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "X-API-Key"])
    install_access_log_redaction()
    if ui:
        _mount_ui(app, settings)
    return app
