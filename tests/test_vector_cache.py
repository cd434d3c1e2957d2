"""Vectors kept between builds (rag.vector_cache): only unseen passages are embedded, another embedder
or a damaged cache means embedding again, never a wrong vector."""

from __future__ import annotations

import hashlib
import json
import logging

import numpy as np
import pytest

from rag.config import Settings
from rag.index import build_index, load_index, read_manifest
from rag.vector_cache import CACHE_DIR, VectorCache, embedder_key


class Fake:
    def __init__(self, name: str = "fake:v1", dim: int = 8) -> None:
        self.name, self.dim, self.calls = name, dim, []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        rows = [np.frombuffer(hashlib.sha256(f"{self.name}{t}".encode()).digest()[: self.dim], np.uint8) for t in texts]
        return np.array(rows, np.float32) / 255


def cache_for(tmp_path, fake: Fake) -> VectorCache:
    return VectorCache(tmp_path, *embedder_key(fake, "fake", None))


def test_only_unseen_passages_are_embedded_and_vectors_are_the_embedders(tmp_path):
    fake = Fake()
    first, n = cache_for(tmp_path, fake).encode(["甲", "乙", "丙"], fake.encode)
    assert n == 3 and np.array_equal(first, fake.encode(["甲", "乙", "丙"]))
    fake.calls.clear()
    second, n = cache_for(tmp_path, fake).encode(["乙", "丁", "甲"], fake.encode)
    assert n == 1 and fake.calls == [["丁"]]
    assert np.array_equal(second, fake.encode(["乙", "丁", "甲"]))
    # 丙 is kept as a spare: putting it back embeds nothing
    fake.calls.clear()
    _, n = cache_for(tmp_path, fake).encode(["丙"], fake.encode)
    assert n == 0 and fake.calls == []


def test_another_embedder_has_its_own_cache(tmp_path):
    cache_for(tmp_path, Fake()).encode(["甲", "乙"], Fake().encode)
    other = Fake(name="fake:v2")
    vectors, n = cache_for(tmp_path, other).encode(["甲", "乙"], other.encode)
    assert n == 2 and np.array_equal(vectors, other.encode(["甲", "乙"]))


@pytest.mark.parametrize("damage", ["vectors", "meta", "shape"])
def test_a_damaged_cache_is_ignored_and_the_vectors_are_still_right(tmp_path, caplog, damage):
    fake = Fake()
    cache = cache_for(tmp_path, fake)
    cache.encode(["甲", "乙"], fake.encode)
    if damage == "vectors":
        data = bytearray((cache.folder / "vectors.npy").read_bytes())
        data[-1] ^= 0xFF
        (cache.folder / "vectors.npy").write_bytes(bytes(data))
    elif damage == "meta":
        (cache.folder / "meta.json").write_text("{not json", encoding="utf-8")
    else:  # checksums recomputed over a file of the wrong shape: the shape check still refuses it
        np.save(cache.folder / "vectors.npy", np.zeros((2, 3), np.float32))
        meta = json.loads((cache.folder / "meta.json").read_text())
        from rag.hashing import sha256_file

        meta["sha256"]["vectors.npy"] = sha256_file(cache.folder / "vectors.npy")
        (cache.folder / "meta.json").write_text(json.dumps(meta))
    fake.calls.clear()
    with caplog.at_level(logging.WARNING, logger="rag.vector_cache"):
        vectors, n = cache_for(tmp_path, fake).encode(["甲", "乙"], fake.encode)
    assert n == 2 and np.array_equal(vectors, fake.encode(["甲", "乙"]))
    assert "ignoring the vector cache" in caplog.text


def test_a_build_after_adding_a_document_embeds_only_its_clauses(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("某某措施\n一、对孵化器给予奖励50万元。\n二、对众创空间给予奖励20万元。\n",
                                               encoding="utf-8")
    settings = Settings(root=tmp_path)
    first = build_index(settings)
    assert read_manifest(first.build)["counts"]["embedded"] == first.clauses
    (tmp_path / "corpus" / "b.txt").write_text("某某通知\n一、对新认定的实验室给予奖励100万元。\n", encoding="utf-8")
    second = build_index(settings)
    counts = read_manifest(second.build)["counts"]
    new = [c for c in load_index(settings).clauses if c.doc_id == "b"]
    assert counts["embedded"] == len(new) and counts["clauses"] == first.clauses + len(new)
    assert (tmp_path / "index" / CACHE_DIR).is_dir()
    third = build_index(settings, force=True)  # nothing new: nothing embedded, the same vectors
    assert read_manifest(third.build)["counts"]["embedded"] == 0
