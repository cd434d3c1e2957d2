"""The HTTP API on the real index: every route, the CONTRACT.md shapes, and one error envelope for bad input."""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from rag.api import create_app
from rag.config import Settings
from rag.models import MARKER_RE

from .conftest import TEST_ROOT
from .live import open_assistant

pytestmark = pytest.mark.slow

# the field lists of CONTRACT.md
ANSWER_FIELDS = {"question": str, "answer": str, "answered": bool, "citations": list, "hits": list, "timings_ms": dict}
CITATION_FIELDS = {"n": int, "clause_id": str, "doc_id": str, "doc_title": str, "section_path": list, "quote": str,
                   "start": int, "end": int}
HIT_FIELDS = {"clause_id": str, "doc_id": str, "doc_title": str, "section_path": list, "text": str, "start": int,
              "end": int, "score": float}
DOC_FIELDS = {"doc_id": str, "title": str, "path": str, "script": str}

ANSWERABLE = "廊坊给新认定的市级协同创新基地多少奖励"
UNANSWERABLE = "火星移民的住房补贴标准是多少？"


@pytest.fixture(scope="module")
def assistant():
    return open_assistant()


@pytest.fixture(scope="module")
def client(assistant):
    with TestClient(create_app(assistant.settings, assistant), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def doc_texts(client):
    return {d["doc_id"]: client.get(f"/v1/documents/{d['doc_id']}").json()["text"]
            for d in client.get("/v1/documents").json()}


def check_fields(obj: dict, fields: dict[str, type], what: str) -> None:
    for name, kind in fields.items():
        assert name in obj, f"{what} lacks '{name}'"
        if kind is float:
            assert isinstance(obj[name], int | float) and not isinstance(obj[name], bool), f"{what}.{name}"
        else:
            assert isinstance(obj[name], kind) and not (kind is int and isinstance(obj[name], bool)), f"{what}.{name}"


def check_hit(hit: dict, doc_texts: dict[str, str]) -> None:
    check_fields(hit, HIT_FIELDS, "Hit")
    assert all(isinstance(p, str) for p in hit["section_path"])
    assert doc_texts[hit["doc_id"]][hit["start"] : hit["end"]] == hit["text"]


def check_error(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code, body
    return body["error"]


# -- happy paths -----------------------------------------------------------------


def test_healthz(client, assistant):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["clauses"] == len(assistant.index.clauses)


def test_healthz_503_until_loaded(tmp_path):
    app = create_app(Settings(root=tmp_path), ui=False)  # no lifespan run: nothing loaded
    c = TestClient(app, raise_server_exceptions=False)
    check_error(c.get("/healthz"), 503, "not_ready")
    check_error(c.post("/v1/ask", json={"question": "科技成果转化"}), 503, "not_ready")


def test_ask_answer_matches_contract(client, doc_texts):
    r = client.post("/v1/ask", json={"question": ANSWERABLE, "top_k": 5})
    assert r.status_code == 200, r.text
    a = r.json()
    check_fields(a, ANSWER_FIELDS, "Answer")
    assert a["answered"] is True and "10万元" in a["answer"]
    assert {"retrieve", "total"} <= set(a["timings_ms"])
    assert 0 < len(a["hits"]) <= 5
    for h in a["hits"]:
        check_hit(h, doc_texts)
    assert a["citations"]
    for c in a["citations"]:
        check_fields(c, CITATION_FIELDS, "Citation")
        assert doc_texts[c["doc_id"]][c["start"] : c["end"]] == c["quote"]
    assert {int(n) for n in MARKER_RE.findall(a["answer"])} == {c["n"] for c in a["citations"]}


def test_ask_abstains(client):
    r = client.post("/v1/ask", json={"question": UNANSWERABLE})
    assert r.status_code == 200, r.text
    a = r.json()
    assert a["answered"] is False and a["citations"] == [] and not MARKER_RE.search(a["answer"])


def test_ask_default_top_k_and_doc_filter(client):
    a = client.post("/v1/ask", json={"question": "科研人员转化成果能拿多少奖励"}).json()
    assert len(a["hits"]) <= 5
    a = client.post("/v1/ask", json={"question": ANSWERABLE, "doc_ids": ["lf-sti-transfer-plan-2016"]}).json()
    assert {h["doc_id"] for h in a["hits"]} == {"lf-sti-transfer-plan-2016"}


def test_search(client, doc_texts):
    r = client.post("/v1/search", json={"query": "科技成果转化 奖励 比例", "top_k": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) >= {"query", "hits", "timings_ms"} and body["query"] == "科技成果转化 奖励 比例"
    assert 0 < len(body["hits"]) <= 3
    scores = [h["score"] for h in body["hits"]]
    assert scores == sorted(scores, reverse=True)
    for h in body["hits"]:
        check_hit(h, doc_texts)
    assert {"retrieve", "total"} <= set(body["timings_ms"])


def test_search_doc_filter_and_mode(client):
    body = client.post("/v1/search", json={"query": "奖励", "doc_ids": ["bj-sti-transfer-action-plan"],
                                           "mode": "keyword"}).json()
    assert body["hits"] and {h["doc_id"] for h in body["hits"]} == {"bj-sti-transfer-action-plan"}


def test_documents(client, assistant):
    docs = client.get("/v1/documents").json()
    assert len(docs) == len(assistant.documents())
    for d in docs:
        check_fields(d, DOC_FIELDS, "Document")
        assert "text" not in d and d["clauses"] > 0
    detail = client.get(f"/v1/documents/{docs[0]['doc_id']}").json()
    check_fields(detail, {**DOC_FIELDS, "text": str, "clause_ids": list}, "Document")
    assert detail["text"] == assistant.document(docs[0]["doc_id"]).text


def test_every_clause_by_id(client, assistant, doc_texts):
    """Clause ids hold ':' '.' '@' …: they work raw and percent-encoded."""
    for clause in assistant.index.clauses:
        for path in (clause.clause_id, quote(clause.clause_id, safe="")):
            r = client.get(f"/v1/clauses/{path}")
            assert r.status_code == 200, (path, r.text)
            c = r.json()
            assert c["clause_id"] == clause.clause_id and c["doc_title"]
            assert doc_texts[c["doc_id"]][c["start"] : c["end"]] == c["text"]


def test_openapi_docs(client):
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    for path in ("/v1/ask", "/v1/search", "/v1/documents", "/v1/documents/{doc_id}", "/v1/clauses/{clause_id}",
                 "/v1/chat/completions", "/v1/models", "/healthz"):
        assert path in spec["paths"], path


def test_ui_is_mounted(client):
    r = client.get("/ui/")
    assert r.status_code == 200 and "<html" in r.text.lower()
    assert client.get("/", follow_redirects=False).headers["location"] == "/ui/"


# -- errors: one envelope, 4xx, never 500 ------------------------------------------

LONG = "科" * (Settings(root=TEST_ROOT).max_question_chars + 1)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"question": ""}, 422, "bad_input"),
        ({"question": "   \n\t\u3000 "}, 422, "bad_input"),
        ({"question": LONG}, 422, "bad_input"),
        ({"question": "科技\x00成果"}, 422, "bad_input"),
        ({"question": "\ud800 lone surrogate"}, 422, "bad_input"),
        ({"question": 5}, 422, "bad_request"),
        ({"question": ["科技"]}, 422, "bad_request"),
        ({"question": None}, 422, "bad_request"),
        ({}, 422, "bad_request"),
        ({"question": "科技成果转化", "top_k": "5"}, 422, "bad_request"),
        ({"question": "科技成果转化", "top_k": True}, 422, "bad_request"),
        ({"question": "科技成果转化", "top_k": 5.5}, 422, "bad_request"),
        ({"question": "科技成果转化", "top_k": 0}, 422, "bad_input"),
        ({"question": "科技成果转化", "top_k": -1}, 422, "bad_input"),
        ({"question": "科技成果转化", "top_k": 1000}, 422, "bad_input"),
        ({"question": "科技成果转化", "top_k": 10**40}, 422, "bad_input"),
        ({"question": "科技成果转化", "doc_ids": ["no-such-doc"]}, 404, "not_found"),
        ({"question": "科技成果转化", "doc_ids": "bj-sti-transfer-action-plan"}, 422, "bad_request"),
        ([{"question": "科技成果转化"}], 422, "bad_request"),
        ("科技成果转化", 422, "bad_request"),
    ],
)
def test_ask_bad_input(client, body, status, code):
    err = check_error(client.post("/v1/ask", content=json.dumps(body), headers={"content-type": "application/json"}),
                      status, code)
    assert "Traceback" not in err["message"]


def test_validation_messages_are_readable(client):
    err = check_error(client.post("/v1/ask", json={"question": "科技", "top_k": "5"}), 422, "bad_request")
    assert err["message"].startswith("top_k:")
    err = check_error(client.post("/v1/ask", json={}), 422, "bad_request")
    assert "question" in err["message"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"query": " "}, 422, "bad_input"),
        ({"query": LONG}, 422, "bad_input"),
        ({"query": 5}, 422, "bad_request"),
        ({"question": "wrong field"}, 422, "bad_request"),
        ({"query": "奖励", "top_k": "5"}, 422, "bad_request"),
        ({"query": "奖励", "top_k": False}, 422, "bad_request"),
        ({"query": "奖励", "top_k": 0}, 422, "bad_input"),
        ({"query": "奖励", "top_k": -1}, 422, "bad_input"),
        ({"query": "奖励", "top_k": 1000}, 422, "bad_input"),
        ({"query": "奖励", "mode": "magic"}, 422, "bad_request"),
        ({"query": "奖励", "doc_ids": ["nope"]}, 404, "not_found"),
    ],
)
def test_search_bad_input(client, body, status, code):
    check_error(client.post("/v1/search", json=body), status, code)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"question": "x",',  # truncated
        b"not json at all",
        b"",
        b'{"question": "\xff\xfe broken utf-8"}',
        b"[" * 50_000 + b"]" * 50_000,  # deeply nested
        b'{"question": "a", "question": 5}',
        b"\x00\x01\x02",
    ],
)
def test_malformed_bodies(client, raw):
    r = client.post("/v1/ask", content=raw, headers={"content-type": "application/json"})
    assert 400 <= r.status_code < 500, r.text
    check_error(r, r.status_code)


def test_non_json_content_type(client):
    r = client.post("/v1/ask", content=b"question=hi", headers={"content-type": "application/x-www-form-urlencoded"})
    check_error(r, 422, "bad_request")


def test_oversized_body(client, assistant):
    limit = assistant.settings.max_body_bytes
    big = json.dumps({"question": "科技", "padding": "x" * limit}).encode()
    check_error(client.post("/v1/ask", content=big, headers={"content-type": "application/json"}), 413, "too_large")

    def chunked():  # no Content-Length: counted while reading
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536

    check_error(client.post("/v1/ask", content=chunked(), headers={"content-type": "application/json"}),
                413, "too_large")


def test_unknown_ids_and_routes(client):
    check_error(client.get("/v1/documents/no-such-doc"), 404, "not_found")
    check_error(client.get("/v1/clauses/no-such-doc:C1.P2"), 404, "not_found")
    check_error(client.get("/v1/clauses/" + quote("x:(1)/a b?c#d", safe="")), 404, "not_found")
    check_error(client.get("/v1/clauses/bj-sti-transfer-action-plan:C4.P3.N10/extra"), 404, "not_found")
    check_error(client.get("/v1/nothing-here"), 404, "not_found")
    check_error(client.get("/v1/ask"), 405, "method_not_allowed")
    check_error(client.delete("/v1/documents"), 405, "method_not_allowed")


def test_cli_has_serve():
    from rag.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9001"])
    assert (args.host, args.port) == ("0.0.0.0", 9001)


# -- API key and CORS --------------------------------------------------------------

KEY = "s3cret-key-for-tests"


@pytest.fixture(scope="module")
def keyed(assistant):
    settings = assistant.settings.model_copy(update={"api_key": KEY, "cors_origins": ["https://example.org"]})
    with TestClient(create_app(settings, assistant, ui=False), raise_server_exceptions=False) as c:
        yield c


def test_api_key_required(keyed):
    body = {"question": ANSWERABLE}
    check_error(keyed.post("/v1/ask", json=body), 401, "unauthorized")
    check_error(keyed.post("/v1/ask", json=body, headers={"Authorization": "Bearer wrong"}), 401, "unauthorized")
    check_error(keyed.post("/v1/ask", json=body, headers={"X-API-Key": KEY[:-1]}), 401, "unauthorized")
    check_error(keyed.get("/v1/documents"), 401, "unauthorized")
    check_error(keyed.post("/v1/ask", content=b"{broken", headers={"content-type": "application/json"}), 401)
    check_error(keyed.get("/v1/unknown"), 401, "unauthorized")
    assert keyed.post("/v1/ask", json=body, headers={"Authorization": f"Bearer {KEY}"}).status_code == 200
    assert keyed.post("/v1/ask", json=body, headers={"X-API-Key": KEY}).status_code == 200
    assert keyed.get("/v1/documents", headers={"authorization": f"bearer {KEY}"}).status_code == 200
    assert keyed.get("/healthz").status_code == 200


def test_api_key_off_by_default(client):
    assert client.get("/v1/documents").status_code == 200


def test_cors(keyed):
    r = keyed.options("/v1/ask", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                                         "Access-Control-Request-Headers": "authorization,content-type"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://example.org"
    r = keyed.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


# -- CPU work does not block the event loop ------------------------------------------


def test_healthz_answers_while_asks_run(client):
    """Routes doing CPU work are `def` routes (thread pool): a burst of asks leaves /healthz responsive."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(client.post, "/v1/ask", json={"question": ANSWERABLE}) for _ in range(8)]
        t0 = time.perf_counter()
        assert client.get("/healthz").status_code == 200
        health_ms = (time.perf_counter() - t0) * 1000
        assert all(f.result().status_code == 200 for f in futures)
    assert health_ms < 5000


def test_ui_login_with_api_key(assistant):
    """The browser cannot send the header: with a key set, the UI asks for it on Gradio's login page."""
    settings = assistant.settings.model_copy(update={"api_key": KEY})
    with TestClient(create_app(settings, assistant), raise_server_exceptions=False) as c:
        assert c.get("/ui/config").status_code == 401
        assert c.post("/ui/login", data={"username": "me", "password": "wrong"}).status_code == 400
        assert c.post("/ui/login", data={"username": "me", "password": KEY}).status_code == 200
        assert c.get("/ui/config").status_code == 200
