"""The cache of derived model files: built once, checked by sha256, rebuilt when corrupt, never half-written."""

from __future__ import annotations

import pytest

from rag.embed.model_cache import cached_file


def test_model_cache_builds_once_and_rebuilds_a_corrupt_file(tmp_path):
    built: list[int] = []

    def build(path):
        built.append(1)
        path.write_bytes(b"graph bytes")

    path = cached_file("model.onnx", build, tmp_path)
    assert path.read_bytes() == b"graph bytes"
    assert cached_file("model.onnx", build, tmp_path) == path
    assert len(built) == 1
    path.write_bytes(b"graph bytez")  # same size, different bytes
    assert cached_file("model.onnx", build, tmp_path).read_bytes() == b"graph bytes"
    assert len(built) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.onnx", "model.onnx.sha256"]


def test_model_cache_leaves_nothing_when_a_build_fails(tmp_path):
    def build(path):
        path.write_bytes(b"half")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        cached_file("model.onnx", build, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_model_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    from rag.embed.model_cache import cache_dir

    monkeypatch.setenv("RAG_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    monkeypatch.delenv("RAG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x" / "policy-rag"
