"""What the server writes to its logs: never the API key, never a question (at the default level)."""

from __future__ import annotations

import httpx

from evals.load import _free_port, start_server, stop_server

from .conftest import TEST_ROOT

KEY = "k-9f8e7d6c5b4a-secret"
QUESTION = "日志测试专用问题：科研人员转化成果能拿多少奖励"


def test_server_logs_neither_keys_nor_questions(tmp_path):
    port = _free_port()
    log_path = tmp_path / "server.log"
    server = start_server(TEST_ROOT, port, log_path, env={"RAG_API_KEY": KEY}, log_level="info")
    base = f"http://127.0.0.1:{port}"
    try:
        good = {"Authorization": f"Bearer {KEY}"}
        assert httpx.post(f"{base}/v1/ask", json={"question": QUESTION}, headers=good, timeout=60).status_code == 200
        assert httpx.post(f"{base}/v1/search", json={"query": QUESTION}, headers={"X-API-Key": KEY},
                          timeout=60).status_code == 200
        assert httpx.post(f"{base}/v1/ask", json={"question": QUESTION}, headers={"Authorization": "Bearer wrong"},
                          timeout=60).status_code == 401
        assert httpx.post(f"{base}/v1/ask", json={"question": ""}, headers=good, timeout=60).status_code == 422
    finally:
        stop_server(server)
    text = log_path.read_text(encoding="utf-8", errors="replace")
    assert "POST /v1/ask" in text  # the access log is there…
    assert KEY not in text and "wrong" not in text  # …but no key, right or wrong
    assert QUESTION not in text and "日志测试专用问题" not in text  # …and no question
    # libraries' chatter is not the product's: faiss's CPU probing, bm25s's and httpx's per-call lines
    assert "Could not load library" not in text and "Loading faiss" not in text, text
    assert "bm25s" not in text and "HTTP Request:" not in text, text
