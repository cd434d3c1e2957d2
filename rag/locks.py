"""Exclusive locks on folders (corpus/, index/) across threads and processes.

A threading lock per path serialises the threads of one process; an advisory lock file
(flock) serialises processes, and the OS releases it if the holder is killed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_thread_locks: dict[Path, threading.RLock] = {}
_registry = threading.Lock()


@contextmanager
def folder_lock(folder: Path, name: str) -> Iterator[None]:
    path = (folder / name).resolve()
    with _registry:
        lock = _thread_locks.setdefault(path, threading.RLock())
    with lock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: the thread lock still applies
            yield
            return
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def is_held(folder: Path, name: str) -> bool:
    """Whether another holder (a process, or another open of this lock) has the lock now. Never waits
    and never creates the folder: a yes/no for messages ("a build is running"), not a guard."""
    path = folder / name
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return False
    if not path.is_file():
        return False
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False
