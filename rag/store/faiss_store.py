"""FAISS backend: exact inner product (IndexFlatIP) by default, HNSW for large corpora."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

FILE_NAME = "vectors.faiss"


class FaissStore:
    kind = "faiss"

    def __init__(self, index, index_type: str) -> None:
        self._index = index
        self.index_type = index_type
        self._lock = threading.Lock()  # add() must not race search()

    @classmethod
    def create(cls, dim: int, index_type: str = "flat", hnsw_m: int = 32, ef_search: int = 128) -> FaissStore:
        import faiss

        if index_type == "flat":
            index = faiss.IndexFlatIP(dim)
        elif index_type == "hnsw":
            index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 200
            index.hnsw.efSearch = ef_search
        else:
            raise ValueError(f"unknown FAISS index type '{index_type}' (use flat or hnsw)")
        return cls(index, index_type)

    def add(self, vectors: np.ndarray) -> None:
        with self._lock:
            self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = max(1, min(k, self.count() or 1))
        scores, rows = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return scores, rows

    def count(self) -> int:
        return int(self._index.ntotal)

    def save(self, folder: Path) -> dict:
        import faiss

        faiss.write_index(self._index, str(folder / FILE_NAME))
        return {"index_type": self.index_type, "file": FILE_NAME}

    @classmethod
    def load(cls, folder: Path, options: dict, mmap: bool = True) -> FaissStore:
        import faiss

        path = str(folder / options.get("file", FILE_NAME))
        flags = faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY if mmap else 0
        try:
            index = faiss.read_index(path, flags)
        except RuntimeError:  # not every index type can be memory-mapped
            index = faiss.read_index(path)
        if options.get("index_type") == "hnsw":
            index.hnsw.efSearch = options.get("ef_search", 128)
        return cls(index, options.get("index_type", "flat"))

    def close(self) -> None:
        pass
