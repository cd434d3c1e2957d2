"""Helpers for tests that need a live HTTP server or the real index."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx


def open_assistant(settings=None):
    """The real Assistant on the real index (built first when missing or stale), warmed up."""
    from rag.assistant import Assistant
    from rag.config import Settings

    assistant = Assistant.open(settings or Settings(), build_if_needed=True)
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
