"""Integrity of a loaded build while it is served.

Checksums are verified when a build is loaded; after that, someone (a stray script, a full disk,
an attacker with file access) may still rewrite or truncate its files. Two defences:

- Files smaller than `Settings.index_mmap_min_bytes` are read into memory once their checksum has
  passed, so what is served no longer depends on the files at all, and a truncated file cannot
  kill the process (a memory-mapped page past the new end of a file raises SIGBUS). Larger files
  stay memory-mapped, and every file of a build is written read-only (0444).
- `Integrity.check()` re-verifies the files cheaply: a stat signature (size, mtime, ctime, inode)
  per file, and the sha256 only of a file whose signature moved. The server calls it on a timer
  (rag.watch.IndexVerifier) and from /healthz. A failure is sticky for this loaded build: health
  reports it (503) and the server rebuilds; memory-mapped parts then refuse queries, because their
  bytes can no longer be trusted.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from .hashing import sha256_file


class Guarded(Protocol):
    """A memory-mapped part of the index (FAISS store, BM25 arrays) that can be told to refuse queries."""

    def refuse(self, reason: str) -> None: ...


def signature(path: Path) -> tuple[int, int, int, int] | None:
    """What changes when a file is written, truncated or replaced; ctime cannot be set back by a user."""
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


class Integrity:
    """The checksums a build was verified against and the files' signatures at that moment."""

    def __init__(self, build: Path, checksums: dict[str, str]) -> None:
        self.build = build
        self.checksums = dict(checksums)
        self._signatures: dict[str, tuple[int, int, int, int] | None] = {}
        self._guarded: list[Guarded] = []
        self._lock = threading.Lock()
        self.failure: str | None = None
        self.checks = 0

    def verify_all(self) -> str | None:
        """Hash every file (at load); records each file's signature taken just before its hash, so a
        write during or after the hashing moves the signature and is caught by the next `check`."""
        with self._lock:
            for name in self.checksums:
                problem = self._verify(name)
                if problem:
                    return problem
            return None

    def guard(self, parts: Iterable[Guarded]) -> None:
        """Parts to stop when a check fails (the memory-mapped ones: their bytes are the files')."""
        self._guarded.extend(parts)

    def check(self) -> str | None:
        """None while every file is as verified; else a one-line reason (no absolute path), kept."""
        with self._lock:
            self.checks += 1
            if self.failure is None:
                for name in self.checksums:
                    if signature(self.build / name) != self._signatures.get(name):
                        problem = self._verify(name)
                        if problem:
                            self._fail(problem)
                            break
            return self.failure

    def _verify(self, name: str) -> str | None:
        path = self.build / name
        self._signatures[name] = sig = signature(path)
        if sig is None or not path.is_file():
            return f"{self.build.name}/{name} is missing"
        try:
            digest = sha256_file(path)
        except OSError as e:
            return f"{self.build.name}/{name} cannot be read ({e.strerror})"
        if digest != self.checksums[name]:
            return f"{self.build.name}/{name} does not match its checksum (truncated or altered)"
        return None

    def _fail(self, problem: str) -> None:
        self.failure = problem
        for part in self._guarded:
            part.refuse(problem)
