"""Bounded load test on loopback, with a document upload (and so a re-index) in the middle.

    python -m evals.load [--clients 32] [--seconds 60] [--upload-at 0.3] [--port 0]

It copies the corpus into a temporary project, starts `rag serve` on a free loopback port,
and runs N concurrent clients posting gold questions to /v1/ask for T seconds. At the given
fraction of the run it uploads a new document, which triggers a background re-index;
queries keep being served from the old index until the new one is complete. Reports
requests, errors (any non-200 or invalid Answer), p50/p95/max latency, throughput, how long
the re-index took, and whether the new document became searchable. Only 127.0.0.1 is ever
contacted; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
UPLOAD_NAME = "load_test_upload.txt"
UPLOAD_TEXT = "负载测试上传文件\n一、上传条款\n本条款用于验证上传文档后无停机重建索引，编号LOADTEST-7731。\n"
MAX_REQUESTS_PER_CLIENT = 100_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _questions() -> list[str]:
    lines = (ROOT / "evals" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def prepare_project(dest: Path, files: list[str] | None = None) -> Path:
    """A throwaway project: the corpus (or some of its files) with a trimmed manifest."""
    corpus = dest / "corpus"
    corpus.mkdir(parents=True)
    manifest = json.loads((ROOT / "corpus" / "manifest.json").read_text(encoding="utf-8"))
    entries = [d for d in manifest["documents"] if files is None or d["file"] in files]
    for entry in entries:
        shutil.copy(ROOT / "corpus" / entry["file"], corpus / entry["file"])
    manifest["documents"] = entries
    (corpus / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return dest


def start_server(
    project: Path, port: int, log_path: Path, env: dict[str, str] | None = None, log_level: str = "warning"
) -> subprocess.Popen:
    """`rag serve` on 127.0.0.1:port for `project`, logging to `log_path`; returns once /healthz is 200."""
    env = {**os.environ, "RAG_ROOT": str(project), **(env or {})}
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "serve", "--port", str(port), "--log-level", log_level],
                                env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300  # may build the index first
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited:\n" + log_path.read_text())
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise RuntimeError("server not ready within 300 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def run(clients: int, seconds: float, upload_at: float | None, base: str) -> dict:
    questions = _questions()
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(n: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            for i in range(MAX_REQUESTS_PER_CLIENT):
                if time.monotonic() >= stop_at:
                    return
                q = questions[(n * 7919 + i) % len(questions)]
                t = time.perf_counter()
                try:
                    r = http.post("/v1/ask", json={"question": q})
                    ok = r.status_code == 200 and "answered" in r.json() and "citations" in r.json()
                    problem = None if ok else f"{r.status_code}: {r.text[:120]}"
                except httpx.HTTPError as e:
                    problem = f"{type(e).__name__}: {e}"
                with lock:
                    latencies.append((time.perf_counter() - t) * 1000)
                    if problem:
                        errors.append(problem)

    reindex: dict = {}

    def uploader() -> None:
        time.sleep(seconds * upload_at)
        with httpx.Client(base_url=base, timeout=60) as http:
            t = time.perf_counter()
            r = http.post("/v1/documents", files={"file": (UPLOAD_NAME, UPLOAD_TEXT.encode(), "text/plain")},
                          data={"title": "负载测试上传文件"})
            reindex["upload_status"] = r.status_code
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                status = http.get("/v1/index").json()
                if not status.get("building") and not status.get("pending"):
                    break
                time.sleep(0.5)
            reindex["seconds"] = round(time.perf_counter() - t, 1)
            hits = http.post("/v1/search", json={"query": "LOADTEST-7731 上传条款", "top_k": 3}).json()["hits"]
            reindex["searchable"] = any("LOADTEST-7731" in h["text"] for h in hits)

    threads = [threading.Thread(target=uploader)] if upload_at is not None else []
    for t in threads:
        t.start()
    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    elapsed = time.monotonic() - started
    for t in threads:
        t.join(660)
    ordered = sorted(latencies)
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:5],
        "throughput_rps": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {
            "p50": round(statistics.median(ordered), 1) if ordered else None,
            "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 1) if ordered else None,
            "max": round(ordered[-1], 1) if ordered else None,
        },
        "reindex": reindex,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--upload-at", type=float, default=0.3, help="fraction of the run; negative = no upload")
    p.add_argument("--out", default=str(ROOT / "evals" / "reports" / "load.json"))
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rag-load-") as tmp:
        project = prepare_project(Path(tmp) / "project")
        port = _free_port()
        server = start_server(project, port, Path(tmp) / "server.log")
        try:
            report = run(args.clients, args.seconds, None if args.upload_at < 0 else args.upload_at,
                         f"http://127.0.0.1:{port}")
        finally:
            stop_server(server)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0 if report["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
