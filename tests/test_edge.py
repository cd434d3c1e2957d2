"""The HTTP edge (issue 18): body limits whatever the framing, timeouts, per-client limits, the API key's
guess budget, HEAD, surrogates and bounded echoes, no server paths in error bodies.

Most tests run the app over a stub Assistant (the edge is under test, not retrieval); the socket
tests start uvicorn with the configuration `rag serve` uses, on a loopback port, in a thread.
"""

from __future__ import annotations

import http.client
import itertools
import json
import logging
import select
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from fastapi.testclient import TestClient

from rag.api import create_app
from rag.api.limits import SlidingWindow
from rag.api.server import GuardedH11Protocol, redact_query, uvicorn_config
from rag.config import Settings
from rag.models import Answer

from .live import live_server

KEY = "edge-test-key"
MB = 1_000_000


class StubAssistant:
    """Answers at once — or, with `hold` cleared, waits until it is set; counts who is waiting."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.index = SimpleNamespace(documents={"doc-a": None, "doc-b": None}, clauses=[], manifest={},
                                     build=SimpleNamespace(name="stub"), check_integrity=lambda: None)
        self.hold = threading.Event()
        self.hold.set()
        self.entered = threading.Semaphore(0)
        self.keeper = self  # the stub is its own IndexKeeper: uploads land in add_document below

    def _wait(self) -> None:
        self.entered.release()
        assert self.hold.wait(20)

    def ask(self, question: str, top_k: int | None = None, doc_ids: set[str] | None = None, history=(),
            lang: str | None = None) -> Answer:
        self._wait()
        return Answer(question=question, answer="stub", answered=False)

    def search(self, query: str, top_k: int | None = None, mode: str = "hybrid", doc_ids: set[str] | None = None):
        self._wait()
        return SimpleNamespace(query=query, hits=[], timings_ms={})

    def add_document(self, prepared, metadata) -> dict:
        return {"doc_id": "uploaded", "file": prepared.file_name, "replaced": False, "encoding": prepared.encoding}


def stub_settings(tmp_path: Path, **changes) -> Settings:
    (tmp_path / "corpus").mkdir(parents=True, exist_ok=True)
    return Settings(root=tmp_path, watch_corpus_s=0, **changes)


def stub_app(tmp_path: Path, ui: bool = False, **changes):
    settings = stub_settings(tmp_path, **changes)
    stub = StubAssistant(settings)
    return create_app(settings, stub, ui=ui), stub  # type: ignore[arg-type]


def check_error(r, status: int, code: str) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    return body["error"]["message"]


# -- a real server on a loopback port ----------------------------------------------------------


class Consumed:
    """Wraps an ASGI app and counts the body bytes the app pulled from the server."""

    def __init__(self, app) -> None:
        self.app = app
        self.bytes = 0

    async def __call__(self, scope, receive, send) -> None:
        async def counted():
            message = await receive()
            self.bytes += len(message.get("body", b""))
            return message

        await self.app(scope, counted, send)


@contextmanager
def serving(app, settings: Settings, **options) -> Iterator[int]:
    """uvicorn with `rag serve`'s configuration on a free loopback port, in a thread; yields the port."""
    config = uvicorn_config(app, settings, **{"log_level": "warning", "lifespan": "on", **options})
    with live_server(app, timeout=30, config=config) as base:
        yield int(base.rsplit(":", 1)[1])


def exchange(port: int, head: bytes, body: Iterable[bytes] = (), timeout: float = 20) -> tuple[int, dict, bytes, int]:
    """Send `head`, then the pieces of `body` until the server answers; return (status, headers, body,
    bytes of body sent). Reads the answer as soon as there is one, as a careful client does."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head)
        sent = 0
        for piece in body:
            readable, writable, _ = select.select([sock], [sock], [], timeout)
            if readable or not writable:
                break
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                break
            sent += len(piece)
        response = http.client.HTTPResponse(sock)
        response.begin()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data, sent


def rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


CHUNK = 64 * 1024
CHUNKED_PIECE = f"{CHUNK:x}\r\n".encode() + b"x" * CHUNK + b"\r\n"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """One server over the stub with a 1 s request timeout; yields (port, Consumed, settings)."""
    settings = stub_settings(tmp_path_factory.mktemp("live"), request_timeout_s=1.0)
    counted = Consumed(create_app(settings, StubAssistant(settings), ui=False))  # type: ignore[arg-type]
    with serving(counted, settings) as port:
        yield port, counted, settings


def test_content_length_plus_chunked_body_is_refused_at_the_limit(live):
    """CL: 5 with Transfer-Encoding: chunked used to carry any body past the limit (300 MB read whole)."""
    port, counted, settings = live
    limit = settings.max_body_bytes
    head = (b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")
    counted.bytes = 0
    rss0, t0 = rss_bytes(), time.perf_counter()
    status, headers, body, sent = exchange(port, head, itertools.repeat(CHUNKED_PIECE, 300 * MB // CHUNK))
    seconds, grown = time.perf_counter() - t0, rss_bytes() - rss0
    assert status == 413 and json.loads(body)["error"]["code"] == "too_large"
    assert headers.get("connection") == "close"
    assert limit < counted.bytes <= limit + 512 * 1024, counted.bytes  # at most one read past the limit
    assert sent < 50 * MB and seconds < 10, (sent, seconds)  # the client was stopped early
    assert grown < 50 * MB, grown


def test_chunked_upload_is_refused_before_it_is_read_whole(live):
    port, counted, settings = live
    limit = settings.max_upload_bytes + 64 * 1024
    boundary = "edgeboundary"
    start = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
             "Content-Type: text/plain\r\n\r\n").encode()
    first = f"{len(start):x}\r\n".encode() + start + b"\r\n"
    head = (f"POST /v1/documents HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n").encode()
    counted.bytes = 0
    status, _, body, sent = exchange(port, head, itertools.chain([first], itertools.repeat(CHUNKED_PIECE, 60 * MB // CHUNK)))
    assert status == 413, body
    assert limit < counted.bytes <= limit + 512 * 1024, counted.bytes
    assert sent < 40 * MB


def test_a_body_shorter_than_its_content_length_times_out(live):
    port, _, settings = live
    head = b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    t0 = time.perf_counter()
    status, headers, body, _ = exchange(port, head + b'{"question"', timeout=10)
    assert status == 408 and json.loads(body)["error"]["code"] == "request_timeout"
    assert headers.get("connection") == "close"
    assert time.perf_counter() - t0 < settings.request_timeout_s + 3


def test_half_sent_request_heads_are_closed(live):
    """1,000 half-sent requests used to stay open 40 s and more; now each gets 408 within the timeout."""
    port, _, settings = live
    socks = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(50)]
    idle = socket.create_connection(("127.0.0.1", port), timeout=10)  # connects and sends nothing
    t0 = time.perf_counter()
    try:
        for s in socks:
            s.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Ty")
        for s in socks:
            data = b""
            while chunk := s.recv(65536):
                data += chunk
            assert data.startswith(b"HTTP/1.1 408"), data[:80]
            assert json.loads(data.split(b"\r\n\r\n", 1)[1])["error"]["code"] == "request_timeout"
        assert idle.recv(1) == b""  # closed without a word
        assert time.perf_counter() - t0 < settings.request_timeout_s + 5
    finally:
        for s in [*socks, idle]:
            s.close()


@pytest.mark.parametrize("raw", [b"GARBAGE\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                                 b"GET /healthz HTTP/1.1\r\nBad Header Line\r\n\r\n"])
def test_malformed_requests_get_a_json_400(live, raw):
    port = live[0]
    status, headers, body, _ = exchange(port, raw)
    assert status == 400 and headers["content-type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "bad_request"


def test_head_on_a_live_server(live):
    port = live[0]
    get = httpx.get(f"http://127.0.0.1:{port}/healthz")
    head = httpx.head(f"http://127.0.0.1:{port}/healthz")
    assert head.status_code == get.status_code == 200
    assert head.content == b"" and head.headers["content-length"] == get.headers["content-length"]


def test_keys_in_urls_stay_out_of_the_access_log(tmp_path):
    settings = stub_settings(tmp_path, api_key=KEY)
    app = create_app(settings, StubAssistant(settings), ui=False)  # type: ignore[arg-type]
    records: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Capture()
    with serving(app, settings, log_level="info", access_log=True) as port:
        logging.getLogger("uvicorn.access").addHandler(handler)
        try:
            r = httpx.get(f"http://127.0.0.1:{port}/v1/documents?api_key={KEY}&page=2&Token=t0k3n")
        finally:
            logging.getLogger("uvicorn.access").removeHandler(handler)
    assert r.status_code == 401 and "not accepted" in r.json()["error"]["message"]
    logged = [m for m in records if "/v1/documents" in m]
    assert logged and all(KEY not in m and "t0k3n" not in m for m in logged), logged
    assert "api_key=[redacted]" in logged[0] and "page=2" in logged[0]


def test_serve_configuration(tmp_path):
    """What `rag serve` runs: keep-alive, concurrency and head-size limits, the head deadline from Settings."""
    config = uvicorn_config(object(), stub_settings(tmp_path, request_timeout_s=7), host="127.0.0.1", port=0)
    assert (config.timeout_keep_alive, config.limit_concurrency, config.h11_max_incomplete_event_size) == (
        5, 1000, 16 * 1024)
    assert isinstance(config.http, type) and issubclass(config.http, GuardedH11Protocol)
    assert config.http.head_timeout_s == 7


def test_redact_query():
    assert redact_query("/x") == "/x"
    assert redact_query("/x?q=1&apiKey=s&x_auth=t&session_hash=u") == (
        "/x?q=1&apiKey=[redacted]&x_auth=[redacted]&session_hash=[redacted]")


# -- per-client limits --------------------------------------------------------------------------


def test_sliding_window():
    now = [0.0]
    window = SlidingWindow(3, 60.0, clock=lambda: now[0])
    for t in (0, 10, 20):
        now[0] = t
        assert window.retry_after("a") is None
        window.add("a")
    now[0] = 30
    assert window.retry_after("a") == pytest.approx(30)  # the first event leaves at t=60
    assert window.retry_after("b") is None
    now[0] = 60
    assert window.retry_after("a") is None
    event = window.add("a")
    assert window.retry_after("a") == pytest.approx(10)
    window.cancel("a", event)
    assert window.retry_after("a") is None


def test_in_flight_cap_per_client(tmp_path):
    app, stub = stub_app(tmp_path, max_in_flight_per_client=2)
    mine, other = TestClient(app), TestClient(app, client=("10.0.0.9", 4000))
    stub.hold.clear()
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(mine.post("/v1/ask", json={"question": "q"}).status_code))
               for _ in range(2)]
    try:
        for t in threads:
            t.start()
        for _ in threads:
            assert stub.entered.acquire(timeout=10)
        r = mine.post("/v1/search", json={"query": "q"})
        check_error(r, 429, "too_many_requests")
        assert r.headers["retry-after"] == "1"
        check_error(mine.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "q"}]}),
                    429, "too_many_requests")
        assert mine.get("/v1/models").status_code == 200  # only the query routes are capped
        theirs = threading.Thread(target=lambda: results.append(other.post("/v1/ask", json={"question": "q"}).status_code))
        theirs.start()
        assert stub.entered.acquire(timeout=10)  # another client is not held back
        threads.append(theirs)
    finally:
        stub.hold.set()
        for t in threads:
            t.join(20)
    assert results == [200, 200, 200]
    assert mine.post("/v1/ask", json={"question": "q"}).status_code == 200  # the slots were released


def upload(client: TestClient, name: str, data: bytes):
    return client.post("/v1/documents", files={"file": (name, data, "text/plain")})


def test_upload_budget_per_client(tmp_path):
    app, _ = stub_app(tmp_path, uploads_per_minute=2, upload_bytes_per_hour=6000, allow_uploads=True)
    mine, other = TestClient(app), TestClient(app, client=("10.0.0.7", 4000))
    text = ("星火燎原示范工程通知。" * 60).encode()  # 1,800 bytes
    check_error(upload(mine, "empty.txt", b""), 422, "bad_input")  # refused uploads are not charged
    assert upload(mine, "a.txt", text).status_code == 202
    assert upload(mine, "b.txt", text).status_code == 202
    r = upload(mine, "c.txt", text)
    assert "uploads per minute" in check_error(r, 429, "too_many_requests")
    assert 50 <= int(r.headers["retry-after"]) <= 60
    assert upload(other, "c.txt", text).status_code == 202
    assert upload(other, "d.txt", text).status_code == 202
    # the byte budget: three bodies of about 2,000 bytes (file and framing) fit in 6,500 bytes an hour, four do not
    app2, _ = stub_app(tmp_path / "2", uploads_per_minute=100, upload_bytes_per_hour=6500, allow_uploads=True)
    c2 = TestClient(app2)
    for name in ("a.txt", "b.txt", "c.txt"):
        assert upload(c2, name, text).status_code == 202
    r = upload(c2, "d.txt", text)
    assert "bytes per hour" in check_error(r, 429, "too_many_requests")
    assert int(r.headers["retry-after"]) > 3000


def test_429_is_in_the_published_schema(tmp_path):
    app, _ = stub_app(tmp_path)
    paths = TestClient(app).get("/openapi.json").json()["paths"]
    for path, method in [("/v1/ask", "post"), ("/v1/search", "post"), ("/v1/chat/completions", "post"),
                         ("/v1/documents", "post")]:
        assert "429" in paths[path][method]["responses"]


# -- the API key and the UI login --------------------------------------------------------------


def test_empty_key_header_does_not_hide_a_bearer_token(tmp_path):
    app, _ = stub_app(tmp_path, api_key=KEY)
    c = TestClient(app)
    assert c.get("/v1/models", headers={"X-API-Key": "", "Authorization": f"Bearer {KEY}"}).status_code == 200
    assert c.get("/v1/models", headers={"X-API-Key": "  ", "Authorization": f"Bearer {KEY}"}).status_code == 200
    check_error(c.get("/v1/models", headers={"X-API-Key": "", "Authorization": "Bearer "}), 401, "unauthorized")


def test_wrong_keys_are_rate_limited_per_client(tmp_path):
    app, _ = stub_app(tmp_path, api_key=KEY, auth_failures_per_minute=3)
    guesser, honest = TestClient(app), TestClient(app, client=("10.0.0.5", 4000))
    for i in range(3):
        check_error(guesser.get("/v1/models", headers={"X-API-Key": f"guess{i}"}), 401, "unauthorized")
    r = guesser.get("/v1/models", headers={"X-API-Key": KEY})  # even the right key: guessing is paused
    check_error(r, 429, "too_many_requests")
    assert 1 <= int(r.headers["retry-after"]) <= 60
    check_error(guesser.get("/v1/models"), 401, "unauthorized")  # no key offered: not a guess
    assert honest.get("/v1/models", headers={"Authorization": f"Bearer {KEY}"}).status_code == 200
    assert guesser.get("/healthz").status_code == 200


def test_ui_login_failures_are_rate_limited(tmp_path):
    app, _ = stub_app(tmp_path, ui=True, api_key=KEY, auth_failures_per_minute=2)
    c = TestClient(app)
    for _ in range(2):
        assert c.post("/ui/login", data={"username": "me", "password": "wrong"}).status_code == 400
    r = c.post("/ui/login", data={"username": "me", "password": KEY})
    check_error(r, 429, "too_many_requests")
    assert "retry-after" in r.headers
    other = TestClient(app, client=("10.0.0.6", 4000))
    assert other.post("/ui/login", data={"username": "me", "password": KEY}).status_code == 200


# -- surrogates, bounded echoes, no server paths ------------------------------------------------

SURROGATE_BODIES = [
    ("/v1/ask", '{"question": "科技", "doc_ids": ["\\ud800"]}'),
    ("/v1/search", '{"query": "科技", "doc_ids": ["doc-a", "\\udfff"]}'),
    ("/v1/chat/completions", '{"doc_ids": ["\\ud83d"], "messages": [{"role": "user", "content": "科技"}]}'),
    ("/v1/chat/completions", '{"model": "\\ud800x", "messages": [{"role": "user", "content": "科技"}]}'),
    ("/v1/chat/completions", '{"model": "\\udc00", "stream": true, "messages": [{"role": "user", "content": "科技"}]}'),
    ("/v1/chat/completions", '{"doc_ids": ["\\udc00"], "stream": true, "messages": [{"role": "user", "content": "q"}]}'),
]


@pytest.mark.parametrize(("path", "raw"), SURROGATE_BODIES)
def test_lone_surrogates_are_a_clean_422(tmp_path, path, raw):
    """These were 500s, and with stream=true a 200 followed by a cut stream."""
    app, _ = stub_app(tmp_path)
    r = TestClient(app, raise_server_exceptions=False).post(path, content=raw.encode(),
                                                          headers={"content-type": "application/json"})
    assert r.headers["content-type"] == "application/json"
    assert "surrogate" in check_error(r, 422, "bad_request")


def test_doc_ids_are_bounded_and_unknown_ones_quoted_briefly(tmp_path):
    app, _ = stub_app(tmp_path)
    c = TestClient(app)
    many = [f"no-such-doc-{i}" for i in range(100)]
    message = check_error(c.post("/v1/ask", json={"question": "q", "doc_ids": ["doc-a", *many[:99]]}), 404, "not_found")
    assert "and 94 more" in message and message.count("no-such-doc-") == 5 and len(message) < 400
    r = c.post("/v1/search", json={"query": "q", "doc_ids": [f"x{i}" for i in range(50_000)]})
    check_error(r, 422, "bad_request")
    assert len(r.content) < 1000  # was a 389 KB body
    check_error(c.post("/v1/ask", json={"question": "q", "doc_ids": ["x" * 5000]}), 422, "bad_request")
    check_error(c.post("/v1/ask", json={"question": "q", "doc_ids": ["a\nb"]}), 422, "bad_request")
    assert c.post("/v1/ask", json={"question": "q", "doc_ids": ["doc-b"]}).status_code == 200
    assert c.post("/v1/ask", json={"question": "q", "doc_ids": []}).status_code == 200


def test_long_paths_and_ids_are_not_echoed_whole(tmp_path):
    app, _ = stub_app(tmp_path)
    c = TestClient(app)
    for url in ["/v1/models/" + "m" * 20_000, "/v1/nothing/" + "y" * 20_000]:
        r = c.get(url)
        assert r.status_code == 404 and len(r.content) < 400, len(r.content)
    r = c.post("/v1/chat/completions", json={"model": "m" * 201, "messages": [{"role": "user", "content": "q"}]})
    check_error(r, 422, "bad_request")


def test_no_server_paths_in_error_bodies(tmp_path):
    settings = stub_settings(tmp_path)
    app = create_app(settings, None, ui=False)
    index_file = settings.resolved_index_dir() / "20260101T000000-x" / "manifest.json"
    app.state.startup_error = f"cannot read {index_file}: invalid JSON; corpus at {settings.resolved_corpus_dir()}"

    @app.get("/boom")
    def boom():
        raise OSError(f"[Errno 2] No such file: '{tmp_path}/secret/place'")

    c = TestClient(app, raise_server_exceptions=False)  # no lifespan: the load error stays as set
    message = check_error(c.get("/healthz"), 503, "not_ready")
    assert str(tmp_path) not in message and "/tmp" not in message, message
    assert "manifest.json" in message and "corpus at corpus" in message  # the file named, not where it lives
    r = c.get("/boom")
    assert r.status_code == 500 and str(tmp_path) not in r.text and "secret" not in r.text


# -- HEAD on every GET route ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_client():
    from .live import open_assistant

    assistant = open_assistant()
    with TestClient(create_app(assistant.settings, assistant), raise_server_exceptions=False) as c:
        yield c, assistant


def test_head_on_every_get_route(real_client):
    c, assistant = real_client
    doc_id = next(iter(assistant.index.documents))
    values = {"doc_id": doc_id, "clause_id": assistant.index.clauses[0].clause_id, "model_id": "policy-rag"}
    paths = [path for path, ops in c.get("/openapi.json").json()["paths"].items() if "get" in ops]
    assert "/healthz" in paths and len(paths) >= 6
    for template in [*paths, "/", "/docs", "/openapi.json", "/ui/"]:
        url = template.format(**values)
        got, head = c.get(url, follow_redirects=False), c.head(url, follow_redirects=False)
        assert head.status_code == got.status_code and head.status_code < 400, (url, head.status_code)
        assert head.content == b"", url
        assert head.headers.get("content-type") == got.headers.get("content-type"), url
        if "content-length" in got.headers and url not in ("/ui/",):
            assert head.headers["content-length"] == got.headers["content-length"], url


def test_head_on_a_post_only_route_is_a_405_naming_head(real_client):
    c, _ = real_client
    r = c.head("/v1/ask")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    r = c.put("/healthz")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"
    assert "method PUT" in r.json()["error"]["message"]
