"""Notice corpus files changed, added or deleted on disk while the server runs.

Every `interval` seconds a cheap stat signature (names, sizes, mtimes) of corpus/ is taken;
only when it changes is the content fingerprint computed and compared with the one the
served index was built from. A difference asks the background re-indexer for a build
(coalesced like an upload), so the server follows the corpus without a restart and keeps
answering from the previous index meanwhile.

`IndexVerifier` is the same kind of timer for the index itself: it re-verifies the served
build's files and asks for a rebuild when one no longer matches its checksum.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Self

from .corpus import CorpusError, fingerprint

log = logging.getLogger("rag.watch")


def _signature(corpus_dir: Path) -> tuple:
    try:
        return tuple(sorted((p.name, st.st_size, st.st_mtime_ns)
                            for p in corpus_dir.iterdir() if p.is_file() for st in [p.stat()]))
    except OSError:
        return ()


class _Timer:
    """A daemon thread that calls `_tick` every `interval` seconds until `stop`."""

    name = "rag-timer"

    def __init__(self, keeper, interval: float) -> None:
        self.keeper = keeper
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._tick()

    def _tick(self) -> None:
        raise NotImplementedError


class CorpusWatcher(_Timer):
    name = "rag-corpus-watch"

    def __init__(self, keeper, interval: float) -> None:
        super().__init__(keeper, interval)
        self.changes_seen = 0
        self._last = _signature(keeper.settings.resolved_corpus_dir())

    def check(self) -> bool:
        """True (and a re-index requested) when the corpus differs from what the served index was built from."""
        corpus_dir = self.keeper.settings.resolved_corpus_dir()
        try:
            current = fingerprint(corpus_dir)
        except (CorpusError, OSError) as e:
            log.warning("corpus unreadable: %s", e)
            return False
        served = self.keeper.snapshot().index.manifest["key"]["corpus_fingerprint"]
        if current == served:
            return False
        status = self.keeper.status()
        if status["building"] or status["pending"]:
            return False  # the build under way re-reads the corpus (and is superseded if it moves on)
        self.changes_seen += 1
        log.info("corpus changed on disk; re-indexing in the background")
        self.keeper.reindex()
        return True

    def _tick(self) -> None:
        now = _signature(self.keeper.settings.resolved_corpus_dir())
        if now != self._last:
            self._last = now
            self.check()


class IndexVerifier(_Timer):
    """Re-verifies the served build every `interval` seconds (rag/integrity.py: a stat per file, a
    sha256 only for a file that moved). A failure is logged, shown by /healthz (503), and asks the
    background re-indexer for a rebuild; the rebuilt build, once swapped in, is verified afresh.
    If that rebuild fails, it is asked for again at most every `retry_after` checks."""

    name = "rag-index-verify"

    def __init__(self, keeper, interval: float, retry_after: int = 12) -> None:
        super().__init__(keeper, interval)
        self.retry_after = retry_after
        self._damaged = None  # the loaded index found damaged, and checks since its rebuild was asked for
        self._since_request = 0
        self.failures_seen = 0

    def check(self) -> str | None:
        """Verify the served build now; returns the failure (None while intact)."""
        index = self.keeper.snapshot().index
        problem = index.check_integrity()
        if problem is None:
            return None
        if index is not self._damaged:
            self._damaged, self._since_request = index, 0
            self.failures_seen += 1
            log.error("the served index failed verification: %s; rebuilding it", problem)
            self.keeper.reindex()
        else:
            self._since_request += 1
            status = self.keeper.status()
            if self._since_request >= self.retry_after and not (status["building"] or status["pending"]):
                self._since_request = 0
                self.keeper.reindex()
        return problem

    def _tick(self) -> None:
        try:
            self.check()
        except Exception:  # the timer must survive anything (say, an index being swapped)
            log.exception("index verification failed to run")
