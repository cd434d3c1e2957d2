"""A running server notices corpus files changed, added or deleted on disk."""

from __future__ import annotations

import time

import httpx

from evals.load import _free_port, prepare_project, start_server, stop_server


def _wait_for(predicate, timeout: float = 240) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_server_follows_corpus_changes_on_disk(tmp_path):
    project = prepare_project(tmp_path / "p", ["000_571a2a0449ec3df3.txt"])
    port = _free_port()
    server = start_server(project, port, tmp_path / "server.log", env={"RAG_WATCH_CORPUS_S": "0.5"})
    base = f"http://127.0.0.1:{port}"
    try:
        def docs() -> set[str]:
            return {d["doc_id"] for d in httpx.get(f"{base}/v1/documents", timeout=30).json()}

        assert docs() == {"zgc-demo-zone-opinions"}
        added = project / "corpus" / "watch_added.txt"
        added.write_text("监测新增文件\n一、新增条款\n本条款编号WATCH-4417，用于验证服务器发现磁盘上的新文件。\n", encoding="utf-8")
        assert _wait_for(lambda: "watch-added" in docs()), (tmp_path / "server.log").read_text()
        hits = httpx.post(f"{base}/v1/search", json={"query": "WATCH-4417 新增条款"}, timeout=30).json()["hits"]
        assert any("WATCH-4417" in h["text"] for h in hits)
        added.unlink()
        assert _wait_for(lambda: "watch-added" not in docs())
        assert httpx.post(f"{base}/v1/ask", json={"question": "中关村示范区领导小组的组长由谁来担任"},
                          timeout=60).status_code == 200
    finally:
        stop_server(server)
