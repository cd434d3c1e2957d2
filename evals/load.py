"""Bounded load tests on loopback: an upload (and so a re-index) in the middle, a cited document
replaced again and again, and maximum-length questions beside normal ones.

    python -m evals.load [--clients 32] [--seconds 60] [--upload-at 0.3]
    python -m evals.load --scenario replace [--clients 16] [--swaps 10] [--seconds 300]
    python -m evals.load --scenario long [--seconds 30]

It copies the corpus into a temporary project, starts `rag serve` on a free loopback port,
and runs N concurrent clients posting gold questions to /v1/ask for T seconds. At the given
fraction of the run it uploads a new document, which triggers a background re-index;
queries keep being served from the old index until the new one is complete. Reports
requests, errors (any non-200 or invalid Answer), p50/p95/max latency, throughput, how long
the re-index took, and whether the new document became searchable.

`replace`: N clients ask questions answered from one document (and fetch the cited clause)
while that document is replaced `--swaps` times, each version moving every offset; counts
5xx (target 0). `long`: four normal clients alone for T seconds, then again beside two clients
sending maximum-length questions; reports the normal clients' throughput and p95 in both
phases (targets: >= 50 % of the throughput, p95 <= 3x). Only 127.0.0.1 is ever contacted;
every loop is bounded in count and time. The server accepts uploads (RAG_ALLOW_UPLOADS=1).
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


def _questions(seed: str | None = None) -> list[str]:
    """Gold questions (those whose evidence is in the file `seed`, when given)."""
    lines = (ROOT / "evals" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines if line.strip()]
    return [i["question"] for i in items if seed is None or (i.get("seed") == seed and i.get("answerable"))]


def _latency(ordered: list[float]) -> dict:
    return {
        "p50": round(statistics.median(ordered), 1) if ordered else None,
        "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 1) if ordered else None,
        "max": round(ordered[-1], 1) if ordered else None,
    }


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
    # Every simulated client comes from 127.0.0.1, so the per-client in-flight cap (8 by default,
    # tested in tests/test_edge.py) would count them as one client and refuse the 9th request
    # with a 429: a CI run failed that way when the uploader's search met 8 asking clients.
    env = {**os.environ, "RAG_ROOT": str(project), "RAG_ALLOW_UPLOADS": "1", "RAG_MAX_IN_FLIGHT_PER_CLIENT": "0",
           **(env or {})}
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
            r = http.post("/v1/search", json={"query": "LOADTEST-7731 上传条款", "top_k": 3})
            reindex["search_status"] = r.status_code
            hits = r.json().get("hits", []) if r.status_code == 200 else []
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
        "latency_ms": _latency(ordered),
        "reindex": reindex,
    }


REPLACED_FILE = "000_571a2a0449ec3df3.txt"


def replace_under_load(base: str, project: Path, clients: int = 16, swaps: int = 10, seconds: float = 300) -> dict:
    """Clients ask questions answered from REPLACED_FILE and fetch the first cited clause, while the
    file is replaced `swaps` times (each version with a preface of another length, so every offset
    moves); stops after the last swap is served or after `seconds`. Counts 5xx and other failures."""
    questions = _questions(REPLACED_FILE)
    original = (project / "corpus" / REPLACED_FILE).read_text(encoding="utf-8")
    statuses: dict[int, int] = {}
    failures: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()
    stop = threading.Event()
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            for i in range(MAX_REQUESTS_PER_CLIENT):
                if stop.is_set() or time.monotonic() >= deadline:
                    return
                t = time.perf_counter()
                codes, problem = [], None
                try:
                    r = http.post("/v1/ask", json={"question": questions[(n * 7919 + i) % len(questions)]})
                    codes.append(r.status_code)
                    cited = r.json().get("citations") if r.status_code == 200 else None
                    if cited:
                        codes.append(http.get(f"/v1/clauses/{cited[0]['clause_id']}").status_code)
                    if any(c >= 500 for c in codes):
                        problem = f"{codes}: {r.text[:160]}"
                except httpx.HTTPError as e:
                    problem = f"{type(e).__name__}: {e}"
                with lock:
                    latencies.append((time.perf_counter() - t) * 1000)
                    for c in codes:
                        statuses[c] = statuses.get(c, 0) + 1
                    if problem:
                        failures.append(problem)

    swap_seconds: list[float] = []

    def swapper() -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            for i in range(1, swaps + 1):
                if time.monotonic() >= deadline:
                    break
                build = http.get("/v1/index").json()["build"]
                preface = f"（第{i}次替换：" + "内容不变。" * (i % 4 + 1) + "）\n\n"
                t = time.perf_counter()
                r = http.post("/v1/documents", data={"replace": "true"},
                              files={"file": (REPLACED_FILE, (preface + original).encode(), "text/plain")})
                if r.status_code != 202:
                    failures.append(f"upload {r.status_code}: {r.text[:160]}")
                    break
                while time.monotonic() < deadline:
                    status = http.get("/v1/index").json()
                    if status["build"] != build and not status["building"] and not status["pending"]:
                        swap_seconds.append(time.perf_counter() - t)
                        break
                    time.sleep(0.2)
        stop.set()

    started = time.monotonic()
    swap_thread = threading.Thread(target=swapper)
    swap_thread.start()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    swap_thread.join(60)
    elapsed = time.monotonic() - started
    return {
        "scenario": "replace-under-load",
        "clients": clients,
        "seconds": round(elapsed, 1),
        "swaps": len(swap_seconds),
        "swap_seconds_mean": round(statistics.mean(swap_seconds), 1) if swap_seconds else None,
        "requests": sum(statuses.values()),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "http_5xx": sum(v for k, v in statuses.items() if k >= 500),
        "failures": len(failures),
        "failure_samples": failures[:5],
        "latency_ms": _latency(sorted(latencies)),
    }


def long_question(max_chars: int = 2000) -> list[str]:
    """Maximum-length questions made of real ones, one per gold question to start from (so the
    query cache never helps)."""
    qs = _questions()
    out = []
    for start in range(len(qs)):
        text = ""
        i = start
        while len(text) < max_chars:
            text += qs[i % len(qs)]
            i += 1
        out.append(text[:max_chars])
    return out


def _clients(base: str, questions: list[str], n: int, stop_at: float, offset: int = 0) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client(k: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=120) as http:
            for i in range(MAX_REQUESTS_PER_CLIENT):
                if time.monotonic() >= stop_at:
                    return
                # a numbered variant: never in the server's query cache, so every ask embeds
                question = f"{questions[(offset + k * 7919 + i) % len(questions)]}（{offset}-{k}-{i}）"[:2000]
                t = time.perf_counter()
                try:
                    ok = http.post("/v1/ask", json={"question": question}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                with lock:
                    latencies.append((time.perf_counter() - t) * 1000)
                    errors += not ok

    with ThreadPoolExecutor(n) as pool:
        list(pool.map(client, range(n)))
    return latencies, errors


def long_questions_beside_normal(base: str, seconds: float = 30, normal: int = 4, long: int = 2) -> dict:
    """Normal clients alone, then beside `long` clients sending maximum-length questions."""
    questions = _questions()
    long_qs = long_question()
    _clients(base, questions, normal, time.monotonic() + 3)  # warm-up, not counted
    idle, idle_errors = _clients(base, questions, normal, time.monotonic() + seconds)
    stop_at = time.monotonic() + seconds
    long_result: dict[str, tuple[list[float], int]] = {}
    thread = threading.Thread(target=lambda: long_result.setdefault("r", _clients(base, long_qs, long, stop_at)))
    thread.start()
    loaded, loaded_errors = _clients(base, questions, normal, stop_at, offset=1)
    thread.join(180)
    long_lat, long_errors = long_result.get("r", ([], 0))
    idle_p95 = _latency(sorted(idle))["p95"]
    loaded_p95 = _latency(sorted(loaded))["p95"]
    return {
        "scenario": "long-question",
        "seconds_per_phase": seconds,
        "normal_clients": normal,
        "long_clients": long,
        "long_question_chars": len(long_qs[0]),
        "idle": {"requests": len(idle), "errors": idle_errors, "throughput_rps": round(len(idle) / seconds, 1),
                 "latency_ms": _latency(sorted(idle))},
        "with_long": {"requests": len(loaded), "errors": loaded_errors,
                      "throughput_rps": round(len(loaded) / seconds, 1), "latency_ms": _latency(sorted(loaded))},
        "long": {"requests": len(long_lat), "errors": long_errors, "latency_ms": _latency(sorted(long_lat))},
        "throughput_kept": round(len(loaded) / len(idle), 3) if idle else None,
        "p95_ratio": round(loaded_p95 / idle_p95, 2) if idle_p95 and loaded_p95 else None,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scenario", choices=("upload", "replace", "long"), default="upload")
    p.add_argument("--clients", type=int, default=None, help="upload: 32, replace: 16 (long: 4 normal + 2 long)")
    p.add_argument("--seconds", type=float, default=None, help="upload: 60; replace: at most 300; long: 30 per phase")
    p.add_argument("--upload-at", type=float, default=0.3, help="fraction of the run; negative = no upload")
    p.add_argument("--swaps", type=int, default=10, help="replace: how many times the document is replaced")
    p.add_argument("--out", default=None, help="default evals/reports/load.json, load-replace.json, load-long.json")
    args = p.parse_args(argv)
    names = {"upload": "load.json", "replace": "load-replace.json", "long": "load-long.json"}
    out = Path(args.out or ROOT / "evals" / "reports" / names[args.scenario])
    with tempfile.TemporaryDirectory(prefix="rag-load-") as tmp:
        files = [REPLACED_FILE] if args.scenario == "replace" else None  # small: a swap every few seconds
        project = prepare_project(Path(tmp) / "project", files)
        port = _free_port()
        server = start_server(project, port, Path(tmp) / "server.log")
        base = f"http://127.0.0.1:{port}"
        try:
            if args.scenario == "replace":
                report = replace_under_load(base, project, args.clients or 16, args.swaps, args.seconds or 300)
                ok = report["http_5xx"] == 0 and report["failures"] == 0
            elif args.scenario == "long":
                report = long_questions_beside_normal(base, args.seconds or 30)
                ok = (report["throughput_kept"] or 0) >= 0.5 and (report["p95_ratio"] or 99) <= 3
            else:
                report = run(args.clients or 32, args.seconds or 60, None if args.upload_at < 0 else args.upload_at,
                             base)
                ok = report["errors"] == 0
        finally:
            stop_server(server)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
