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


def load_store(kind: str, folder: Path, options: dict, mmap: bool = True) -> VectorStore:
    """`mmap=False` reads the vectors into memory (FAISS; a Milvus store is opened as it is)."""
    if kind == "faiss":
        from .faiss_store import FaissStore

        return FaissStore.load(folder, options, mmap=mmap)
    if kind == "milvus":
        from .milvus_store import MilvusStore

        return MilvusStore.load(folder, options)
    raise ValueError(f"unknown vector store '{kind}' (choose from {', '.join(STORES)})")


def release_store(kind: str, options: dict) -> bool:
    """Free what a deleted build's store holds outside its folder (a Milvus server collection)."""
    if kind == "milvus" and options.get("uri"):
        from .milvus_store import drop_server_collection

        return drop_server_collection(options)
    return False


__all__ = ["STORES", "StoreUnavailable", "VectorStore", "create_store", "load_store", "release_store"]
