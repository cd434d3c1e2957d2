"""Helpers for tests that need a live HTTP server or the real index."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
# The five seed documents and their manifest as the tests know them: never the user's corpus/, which
# uploads change (after which the tests once failed: "assert 8 == 5").
TEST_CORPUS = REPO / "tests" / "data" / "corpus"
# The project the tests answer from: a copy of TEST_CORPUS with its own index, kept between runs
# (building the index takes ~10-20 s) and refreshed whenever the fixture corpus changes.
TEST_ROOT = REPO / "tests" / ".cache" / "project"


def _same_files(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.iterdir() if p.is_file())
    if not b.is_dir() or names != sorted(p.name for p in b.iterdir() if p.is_file()):
        return False
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in names)


def prepare_test_root() -> Path:
    corpus = TEST_ROOT / "corpus"
    if not _same_files(TEST_CORPUS, corpus):
        shutil.rmtree(corpus, ignore_errors=True)
        corpus.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(TEST_CORPUS, corpus, ignore=shutil.ignore_patterns(".*"))
    return TEST_ROOT


def project_settings(**overrides):
    """Settings of the tests' own project (TEST_ROOT)."""
    from rag.config import Settings

    return Settings(root=prepare_test_root(), **overrides)


def open_assistant(settings=None):
    """The real Assistant on the tests' project index (built first when missing or stale), warmed up."""
    from rag.assistant import Assistant

    assistant = Assistant.open(settings or project_settings(), build_if_needed=True)
    assistant.warm_up()
    return assistant


@contextmanager
def live_server(app, timeout: float = 60.0, config=None) -> Iterator[str]:
    """Run `app` with uvicorn in a background thread on a free loopback port; yield its base URL.
    `config`: a uvicorn.Config for `app` (default: warnings only, lifespan on)."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(config or uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    try:
        while True:
            if not thread.is_alive():
                raise RuntimeError("the test server stopped during startup")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the test server was not ready within {timeout:.0f} s")
            time.sleep(0.1)
        yield base
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()
