"""Vector stores behind one small protocol, chosen by name and recorded in the index manifest."""

from __future__ import annotations

from pathlib import Path

from .base import StoreUnavailable, VectorStore

STORES = ("faiss", "milvus")


def create_store(kind: str, dim: int, folder: Path | None = None, **options) -> VectorStore:
    if kind == "faiss":
        from .faiss_store import FaissStore

        return FaissStore.create(dim, **{k: v for k, v in options.items() if k in ("index_type", "hnsw_m", "ef_search", "ef_construction")})
    if kind == "milvus":
        from .milvus_store import MilvusStore

        return MilvusStore.create(dim, folder=folder, **options)
    raise ValueError(f"unknown vector store '{kind}' (choose from {', '.join(STORES)})")


def load_store(kind: str, folder: Path, options: dict) -> VectorStore:
    if kind == "faiss":
        from .faiss_store import FaissStore

        return FaissStore.load(folder, options)
    if kind == "milvus":
        from .milvus_store import MilvusStore

        return MilvusStore.load(folder, options)
    raise ValueError(f"unknown vector store '{kind}' (choose from {', '.join(STORES)})")


__all__ = ["STORES", "StoreUnavailable", "VectorStore", "create_store", "load_store"]
