"""What every batch backend gets, checked without a model: length-sorted batches and the query cache."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from rag.embed.base import BatchEmbedder
from rag.embed.query_cache import QueryCache


class Recorder(BatchEmbedder):
    """A fake backend: a text's vector is a one-hot of its length; every batch is recorded."""

    query_cache_size = 3

    def __init__(self) -> None:
        self._name, self._dim = "fake", 64
        self.batches: list[tuple[list[str], bool]] = []

    def _encode_batch(self, batch: list[str], query: bool) -> np.ndarray:
        self.batches.append((batch, query))
        out = np.zeros((len(batch), self._dim), np.float32)
        out[np.arange(len(batch)), [len(t) for t in batch]] = 1.0
        return out


def lengths(vectors: np.ndarray) -> list[int]:
    return vectors.argmax(axis=1).tolist()


def test_batches_are_sorted_by_length_and_rows_keep_input_order():
    emb = Recorder()
    texts = ["x" * n for n in (9, 1, 7, 3, 8, 2, 5)]
    out = emb.encode_passages(texts, batch_size=3)
    assert lengths(out) == [9, 1, 7, 3, 8, 2, 5]
    assert [[len(t) for t in b] for b, _ in emb.batches] == [[1, 2, 3], [5, 7, 8], [9]]


def test_backend_batch_size_is_the_default():
    emb = Recorder()
    emb.batch_size = 2
    emb.encode_passages(["a", "b", "c"])
    assert [len(b) for b, _ in emb.batches] == [2, 1]
    with pytest.raises(ValueError):
        emb.encode_passages(["a"], batch_size=0)
    with pytest.raises(ValueError):
        emb.encode_queries(["a"], batch_size=0)


def test_repeated_queries_are_not_encoded_again():
    emb = Recorder()
    first = emb.encode_queries(["ab", "abc"])
    again = emb.encode_queries(["abc", "ab", "ab", "abcd"])
    assert lengths(again) == [3, 2, 2, 4]
    assert [b for b, _ in emb.batches] == [["ab", "abc"], ["abcd"]]
    np.testing.assert_array_equal(first[0], again[1])
    assert emb.query_cache.hits == 2


def test_passages_are_not_cached():
    emb = Recorder()
    emb.encode_passages(["ab"])
    emb.encode_passages(["ab"])
    assert len(emb.batches) == 2
    assert len(emb.query_cache) == 0


def test_least_recently_used_query_is_evicted():
    emb = Recorder()  # room for 3
    emb.encode_queries(["a", "bb", "ccc"])
    emb.encode_queries(["a"])  # now "bb" is the oldest
    emb.encode_queries(["dddd"])
    emb.batches.clear()
    emb.encode_queries(["a", "ccc", "dddd", "bb"])
    assert [b for b, _ in emb.batches] == [["bb"]]


def test_cached_vectors_cannot_be_changed_by_a_caller():
    emb = Recorder()
    out = emb.encode_queries(["ab"])
    out[:] = 7.0
    assert lengths(emb.encode_queries(["ab"])) == [2]
    assert np.linalg.norm(emb.encode_queries(["ab"])[0]) == pytest.approx(1.0)


def test_query_progress_counts_cached_and_repeated_texts():
    emb = Recorder()
    emb.encode_queries(["a"])
    calls: list[int] = []
    emb.encode_queries(["a", "bb", "bb", "ccc"], batch_size=1, progress=calls.append)
    assert sum(calls) == 4
    assert calls[0] == 2  # "a" cached, the second "bb" a repeat


def test_query_cache_is_thread_safe():
    cache = QueryCache(size=50)
    barrier = threading.Barrier(4)

    def work(k: int) -> None:
        barrier.wait()
        for i in range(500):
            cache.put(f"{k}-{i}", np.full(4, i, np.float32))
            cache.get(f"{k}-{i - 1}")

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cache) == 50


def test_zero_size_cache_keeps_nothing():
    cache = QueryCache(size=0)
    cache.put("a", np.ones(2))
    assert cache.get("a") is None
    with pytest.raises(ValueError):
        QueryCache(size=-1)
