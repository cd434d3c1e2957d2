"""A short load run with a re-index in the middle: not one request fails (evals/load.py runs the long one)."""

from __future__ import annotations

import pytest

from evals.load import _free_port, prepare_project, run, start_server, stop_server


@pytest.mark.slow
def test_concurrent_asks_survive_an_upload_and_reindex(tmp_path):
    project = prepare_project(tmp_path / "project", ["000_571a2a0449ec3df3.txt", "004_61ad411d8b1f8f89.txt"])
    port = _free_port()
    server = start_server(project, port, tmp_path / "server.log")
    try:
        report = run(clients=8, seconds=20, upload_at=0.2, base=f"http://127.0.0.1:{port}")
    finally:
        stop_server(server)
    assert report["requests"] > 50
    assert report["errors"] == 0, report["error_samples"]
    assert report["reindex"]["upload_status"] == 202
    assert report["reindex"]["searchable"], report["reindex"]
