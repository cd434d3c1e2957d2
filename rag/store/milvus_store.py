"""Milvus backend: Milvus Lite (a local folder inside the index build) or a Milvus server/cluster.

Without `uri` the vectors go into a Milvus Lite database `milvus.db/` inside the index build
folder, so the build stays self-describing and is checksummed like every other file (Lite's
files do not change when the database is reopened and searched). With `uri`
(e.g. http://host:19530) the vectors go into a collection on that server; its name is
recorded in the options, and the build folder holds only the manifest entry. Set
MILVUS_TOKEN for a server that needs credentials (it is never written to the manifest).

Scores are inner products on the caller's L2-normalised vectors (metric IP, the same numbers
FAISS gives; equal to COSINE for unit vectors). Row ids are the primary key, 0..n-1 in the
order added. `search` returns FAISS-shaped arrays: (n_queries, k), best first, row -1 and
score -FLT_MAX where fewer than k rows exist.

Facts about milvus-lite 3.x this relies on: it is pure Python (it runs a gRPC server in a
thread of this process, on faiss-cpu) and holds an exclusive lock on its folder until its
server is released, which pymilvus's `close()` does not do; `close()` here releases it once
the last store of this process using that folder closes. One process at a time can open a
Lite index; to share one between processes (several API workers, say), use a Milvus server.
"""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
from pathlib import Path

import numpy as np

from .base import StoreUnavailable

LITE_DB = "milvus.db"
DEFAULT_COLLECTION = "clauses"
PK, VEC = "row", "vec"
MAX_TOPK = 16384  # Milvus's limit on k per search
INSERT_BATCH = 5000
PAD_SCORE = np.float32(-np.finfo(np.float32).max)  # what FAISS reports for a missing result

_INSTALL = ("the 'milvus' vector store needs pymilvus{extra}: pip install 'policy-rag[milvus]' "
            "(or pip install pymilvus milvus-lite)")

# Milvus Lite folders opened by this process → number of open stores (their server is shared).
_lite_users: dict[str, int] = {}
_lite_lock = threading.Lock()


def _client(uri: str):
    try:
        from pymilvus import MilvusClient
    except ImportError as exc:
        raise StoreUnavailable(_INSTALL.format(extra="")) from exc
    local = uri.endswith(".db")
    if local:
        try:
            import milvus_lite  # noqa: F401
        except ImportError as exc:
            raise StoreUnavailable(_INSTALL.format(extra=" and milvus-lite for a local index")) from exc
        key = os.path.abspath(uri)
        with _lite_lock:
            try:
                client = MilvusClient(uri)
            except Exception as exc:
                raise StoreUnavailable(
                    f"cannot open the Milvus Lite index {uri} ({exc}); is another process using it? "
                    "Milvus Lite allows one process per index; use a Milvus server (RAG_MILVUS_URI) to share one"
                ) from exc
            _lite_users[key] = _lite_users.get(key, 0) + 1
        return client
    try:
        return MilvusClient(uri=uri, token=os.environ.get("MILVUS_TOKEN", ""))
    except Exception as exc:
        raise StoreUnavailable(f"cannot connect to the Milvus server at {uri} ({exc})") from exc


def _release_lite(uri: str) -> None:
    key = os.path.abspath(uri)
    with _lite_lock:
        left = _lite_users.get(key, 0) - 1
        if left > 0:
            _lite_users[key] = left
            return
        _lite_users.pop(key, None)
    try:
        from milvus_lite.server_manager import server_manager_instance
    except ImportError:  # an older milvus-lite (a subprocess per file) has no such manager
        return
    server_manager_instance.release_server(key)


def _collection_name(folder: Path | None) -> str:
    """A fresh name per build on a shared server, so a rebuild never overwrites the live collection."""
    stem = re.sub(r"[^0-9A-Za-z_]", "_", folder.name.removeprefix(".tmp-")) if folder else ""
    return f"rag_{(stem or time.strftime('%Y%m%dT%H%M%S'))[:180]}_{uuid.uuid4().hex[:8]}"


def drop_server_collection(options: dict) -> bool:
    """Drop the server collection a build's store options name; True if one was dropped.

    A Lite database lives in its build folder and goes with it; a server collection outlives
    the folder unless dropped here (a pruned or failed build)."""
    uri, name = options.get("uri"), options.get("collection")
    if not uri or not name:
        return False
    client = _client(uri)
    try:
        if not client.has_collection(name):
            return False
        client.drop_collection(name)
        return True
    finally:
        client.close()


class MilvusStore:
    kind = "milvus"

    def __init__(self, client, uri: str, collection: str, dim: int, count: int, index_type: str,
                 local: bool) -> None:
        self._client = client
        self.uri = uri
        self.collection = collection
        self.dim = dim
        self.index_type = index_type
        self._count = count
        self._local = local
        self._lock = threading.Lock()  # add() must not race search()
        self._closed = False

    # -- construction ------------------------------------------------------------

    @classmethod
    def create(
        cls,
        dim: int,
        folder: Path | None = None,
        uri: str | None = None,
        collection: str | None = None,
        index_type: str = "flat",
        hnsw_m: int = 32,
        ef_construction: int = 200,
        **_ignored,
    ) -> MilvusStore:
        """A new, empty collection: in `folder`/milvus.db (Milvus Lite) unless `uri` names a server."""
        if uri is None and folder is None:
            raise ValueError("a Milvus Lite store needs the index build folder (or pass uri= for a server)")
        local = uri is None
        target = str(Path(folder) / LITE_DB) if local else uri
        client = _client(target)  # reports a missing package as StoreUnavailable
        from pymilvus import DataType
        name = collection or (DEFAULT_COLLECTION if local else _collection_name(Path(folder) if folder else None))
        if client.has_collection(name):
            if not local:
                raise StoreUnavailable(f"collection {name!r} already exists on {uri}; choose another name")
            client.drop_collection(name)
        schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field(PK, DataType.INT64, is_primary=True)
        schema.add_field(VEC, DataType.FLOAT_VECTOR, dim=dim)
        params = client.prepare_index_params()
        if index_type == "flat":
            params.add_index(field_name=VEC, index_type="FLAT", metric_type="IP")
        elif index_type == "hnsw":
            params.add_index(field_name=VEC, index_type="HNSW", metric_type="IP",
                             params={"M": hnsw_m, "efConstruction": ef_construction})
        else:
            raise ValueError(f"unknown Milvus index type '{index_type}' (use flat or hnsw)")
        client.create_collection(name, schema=schema, index_params=params, consistency_level="Strong")
        return cls(client, target, name, dim, 0, index_type, local)

    @classmethod
    def load(cls, folder: Path, options: dict) -> MilvusStore:
        local = not options.get("uri")
        target = str(Path(folder) / options.get("db", LITE_DB)) if local else options["uri"]
        if local and not Path(target).exists():
            raise StoreUnavailable(f"{target} is missing; rebuild the index (`rag index --force`)")
        client = _client(target)
        name = options.get("collection", DEFAULT_COLLECTION)
        if not client.has_collection(name):
            if local:
                _release_lite(target)
            raise StoreUnavailable(f"collection {name!r} not found in {target}; rebuild the index")
        client.load_collection(name)
        count = int(client.get_collection_stats(name).get("row_count", 0))
        return cls(client, target, name, int(options["dim"]), count, options.get("index_type", "flat"), local)

    # -- protocol ----------------------------------------------------------------

    def add(self, vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise ValueError(f"expected vectors of shape (n, {self.dim}), got {vectors.shape}")
        with self._lock:
            for start in range(0, len(vectors), INSERT_BATCH):
                batch = vectors[start : start + INSERT_BATCH]
                rows = [{PK: self._count + i, VEC: v} for i, v in enumerate(batch.tolist())]
                self._client.insert(self.collection, rows)
                self._count += len(rows)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        queries = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, self.dim)
        k = max(1, int(k))
        scores = np.full((len(queries), k), PAD_SCORE, dtype=np.float32)
        rows = np.full((len(queries), k), -1, dtype=np.int64)
        limit = min(k, self._count, MAX_TOPK)
        if limit == 0 or len(queries) == 0:
            return scores, rows
        params = {"metric_type": "IP"}
        if self.index_type == "hnsw":
            params["params"] = {"ef": max(limit, 128)}
        with self._lock:
            results = self._client.search(self.collection, data=queries.tolist(), limit=limit, anns_field=VEC,
                                          search_params=params, output_fields=[PK])
        for qi, hits in enumerate(results):
            for j, hit in enumerate(hits[:limit]):
                pk = hit.get(PK, hit.get("id"))
                rows[qi, j] = int(pk if pk is not None else hit["entity"][PK])
                scores[qi, j] = float(hit["distance"])
        return scores, rows

    def count(self) -> int:
        return self._count

    def save(self, folder: Path) -> dict:
        """Flush; a Lite database is already inside `folder`. Returns the options `load` needs."""
        with self._lock:
            self._client.flush(self.collection)
        options = {"collection": self.collection, "dim": self.dim, "index_type": self.index_type,
                   "metric": "IP", "count": self._count}
        if self._local:
            db = Path(self.uri)
            if db.parent.resolve() != Path(folder).resolve():
                raise ValueError(f"the Milvus Lite database {db} is not inside {folder}; create the store there")
            options.update(uri=None, db=db.name)
        else:
            options["uri"] = self.uri
        return options

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._client.close()
        finally:
            if self._local:
                _release_lite(self.uri)

    def drop(self) -> None:
        """Delete the collection (a server build that is no longer needed)."""
        self._client.drop_collection(self.collection)

    def __repr__(self) -> str:
        return f"MilvusStore(uri={self.uri!r}, collection={self.collection!r}, count={self._count})"
