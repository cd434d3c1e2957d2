"""FAISS backend: exact inner product (IndexFlatIP) by default, HNSW for large corpora.

A saved index can be loaded memory-mapped: with faiss >= 1.8 that needs IO_FLAG_MMAP_IFC
(IO_FLAG_MMAP alone still copies a flat or HNSW index into anonymous memory, measured with faiss
1.15.1). The vectors then stay in the page cache, shared by every process that serves the same
build, and cost no private memory. The index module maps only large files (Settings.
index_mmap_min_bytes) and reads smaller ones into memory: a mapped file rewritten in place changes
what is served, and one truncated kills the process (SIGBUS). A mapped index is read-only: faiss
aborts the process on add(), so add() refuses with an error instead; and once its file fails
re-verification (rag/integrity.py) it refuses searches too.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from ..errors import NotReady

FILE_NAME = "vectors.faiss"
# HNSW search breadth: Recall@10 against exact search at 1M real-shaped vectors (evals/bench.py, part d)
# is 0.94 at 128 and 0.97 at 256, and 256 still costs only a few ms a question.
EF_SEARCH = 256


class FaissStore:
    kind = "faiss"

    def __init__(self, index, index_type: str, mapped: bool = False) -> None:
        self._index = index
        self.index_type = index_type
        self.mapped = mapped
        self.refused: str | None = None  # why searches are refused (a mapped file failed re-verification)
        self._lock = threading.Lock()  # add() must not race search()

    def refuse(self, reason: str) -> None:
        self.refused = reason

    @classmethod
    def create(cls, dim: int, index_type: str = "flat", hnsw_m: int = 32, ef_search: int = EF_SEARCH,
               ef_construction: int = 200) -> FaissStore:
        import faiss

        if index_type == "flat":
            index = faiss.IndexFlatIP(dim)
        elif index_type == "hnsw":
            index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = ef_construction
            index.hnsw.efSearch = ef_search
        else:
            raise ValueError(f"unknown FAISS index type '{index_type}' (use flat or hnsw)")
        return cls(index, index_type)

    def add(self, vectors: np.ndarray) -> None:
        if self.mapped:
            raise RuntimeError("this FAISS index is memory-mapped from a saved build and read-only; rebuild the index")
        with self._lock:
            self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        if self.refused:
            raise NotReady(f"the index failed verification ({self.refused}); it is being rebuilt")
        # (n, k) as the protocol says: FAISS itself pads missing results with row -1, score -FLT_MAX.
        scores, rows = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), max(1, int(k)))
        return scores, rows

    def count(self) -> int:
        return int(self._index.ntotal)

    def save(self, folder: Path) -> dict:
        import faiss

        faiss.write_index(self._index, str(folder / FILE_NAME))
        options = {"index_type": self.index_type, "file": FILE_NAME}
        if self.index_type == "hnsw":
            options["ef_search"] = int(self._index.hnsw.efSearch)
        return options

    @classmethod
    def load(cls, folder: Path, options: dict, mmap: bool = True) -> FaissStore:
        import faiss

        path = str(folder / options.get("file", FILE_NAME))
        mmap_flag = getattr(faiss, "IO_FLAG_MMAP_IFC", faiss.IO_FLAG_MMAP)
        mapped = mmap
        try:
            index = faiss.read_index(path, mmap_flag | faiss.IO_FLAG_READ_ONLY if mmap else 0)
        except RuntimeError:  # not every index type can be memory-mapped
            index, mapped = faiss.read_index(path), False
        if options.get("index_type") == "hnsw":
            index.hnsw.efSearch = options.get("ef_search", EF_SEARCH)
        return cls(index, options.get("index_type", "flat"), mapped=mapped)

    def close(self) -> None:
        pass
