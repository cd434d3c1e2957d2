"""One background worker that rebuilds the index after uploads, coalescing the requests.

`request()` sets a "pending" flag and wakes the worker. The worker clears the flag, builds,
and hands the build to `swap`. Requests that arrive while a build runs only set the flag
again, so any number of them lead to exactly one more build afterwards — which reads the
corpus as it is then, uploads included. Queries never wait for any of this: the index
module writes each build to a temporary folder and renames it, and `swap` replaces the
served index in one step (in-flight requests finish on the old one).

A build that fails (say, a file in corpus/ that cannot be read) changes nothing that is
served: the error is kept for `status()` and logged, and the next request tries again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from .corpus import without_paths

log = logging.getLogger("rag.reindex")

# Passages per embedding call in a background build. Queries share the embedding engine one call
# at a time, so a query waits for at most one batch: measured on 2 cores, batches of 32 kept some
# queries waiting 5-7 s during a re-index, batches of 2-4 about 1-2 s, for a build ~1.5x as long.
BACKGROUND_BATCH_SIZE = 4

# swapped: the new build is served | up to date: nothing to build | superseded: the corpus changed
# during the build, so it was not served and another build follows | failed: see last_error
Result = Literal["swapped", "up to date", "superseded", "failed"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def public_error(e: BaseException) -> str:
    """One line for `last_error` (GET /v1/index): the error's own message, with any server path cut to
    a file name (an OSError names the file it failed on by its absolute path)."""
    if isinstance(e, OSError) and e.strerror:
        name = Path(str(e.filename)).name if e.filename else ""
        return f"{e.strerror}: {name}" if name else e.strerror
    message = getattr(e, "message", None) or str(e) or type(e).__name__
    return without_paths(" ".join(message.split()))


class Reindexer:
    def __init__(self, build: Callable[[], object], swap: Callable[[object], Result], name: str = "rag-reindex") -> None:
        self._build = build
        self._swap = swap
        self._name = name
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._pending = False
        self._building = False
        self.requests = 0  # re-index requests received
        self.builds = 0  # builds run (each may have served many requests)
        self.last_result: Result | None = None
        self.last_error: str | None = None
        self.last_error_at: str | None = None
        self.last_build_seconds: float | None = None
        self.last_finished_at: str | None = None

    def request(self) -> None:
        """Ask for a re-index; returns at once. Coalesces with a build already pending."""
        with self._cond:
            self.requests += 1
            self._pending = True
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no build is running or pending; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: not (self._pending or self._building), timeout)

    def status(self) -> dict:
        with self._cond:
            return {
                "building": self._building,
                "pending": self._pending,
                "requests": self.requests,
                "builds": self.builds,
                "last_result": self.last_result,
                "last_error": self.last_error,
                "last_error_at": self.last_error_at,
                "last_build_seconds": self.last_build_seconds,
                "last_finished_at": self.last_finished_at,
            }

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending)
                self._pending = False
                self._building = True
            t0 = time.perf_counter()
            error: str | None = None
            result: Result = "failed"
            try:
                result = self._swap(self._build())
            except Exception as e:  # a failed build must not stop the worker or the service
                error = public_error(e)
                log.exception("re-index failed; still serving the previous index")
            with self._cond:
                self._building = False
                self.builds += 1
                self.last_result = result
                self.last_build_seconds = round(time.perf_counter() - t0, 2)
                self.last_finished_at = _now()
                if error is None:
                    self.last_error = self.last_error_at = None
                else:
                    self.last_error, self.last_error_at = error, self.last_finished_at
                if result == "superseded":  # the corpus moved on during the build: build again
                    self._pending = True
                self._cond.notify_all()
            log.info("re-index %s in %.1f s", result, self.last_build_seconds)
