"""The vector-store protocol: rows are clause positions 0..n-1 in the index's clause table."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class VectorStore(Protocol):
    kind: str  # recorded in the index manifest so the index reloads with the same backend

    def add(self, vectors: np.ndarray) -> None:
        """Append L2-normalised float32 rows; their row ids continue from count()."""

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, rows), each (n_queries, k), best first; inner product; row -1 pads."""

    def count(self) -> int: ...

    def save(self, folder: Path) -> dict:
        """Write into `folder`; return the options needed to load it again."""

    def close(self) -> None: ...


class StoreUnavailable(RuntimeError):
    """A backend cannot be used here; the message says what to install or configure."""
