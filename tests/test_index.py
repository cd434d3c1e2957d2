"""The index folder: self-describing, atomic, checksummed; stale and damaged indexes are noticed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.config import Settings
from rag.errors import NotReady
from rag.index import IndexCorrupt, IndexMissing, IndexStale, build_index, current_build, load_index, status

from .conftest import CORPUS


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A two-document corpus (000 and 004) so each build takes seconds, not a minute."""
    root = tmp_path_factory.mktemp("proj")
    (root / "corpus").mkdir()
    for name in ("000_571a2a0449ec3df3.txt", "004_61ad411d8b1f8f89.txt"):
        shutil.copy(CORPUS / name, root / "corpus" / name)
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"] = [d for d in manifest["documents"] if d["file"][:3] in ("000", "004")]
    (root / "corpus" / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    settings = Settings(root=root)
    report = build_index(settings)
    assert report.built
    return settings


def test_manifest_describes_the_build(small):
    build = current_build(small.resolved_index_dir())
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["embedder"]["name"].startswith(f"{small.embedder}:") and manifest["embedder"]["dim"] == 384
    assert manifest["key"]["embedder"] == manifest["embedder"]["backend"] == small.embedder
    assert manifest["key"]["chunker_version"] and manifest["key"]["corpus_fingerprint"]
    assert manifest["counts"]["documents"] == 2 and manifest["counts"]["clauses"] > 20
    assert {"clauses.jsonl", "documents.json", "vectors.faiss"} <= set(manifest["checksums"])
    assert not list(build.rglob("*.pkl")) and not list(build.rglob("*.pickle"))


def test_second_build_is_a_no_op(small):
    before = current_build(small.resolved_index_dir())
    report = build_index(small)
    assert not report.built and report.reason == "index is current"
    assert current_build(small.resolved_index_dir()) == before


def test_loaded_index_answers(small):
    assistant = Assistant.open(small)
    answer = assistant.ask("廊坊给新认定的市级协同创新基地多少奖励")
    assert answer.answered and any("10万元" in c.quote for c in answer.citations)


def test_auto_vector_index_is_exact_for_a_small_corpus_and_hnsw_for_a_large_one(small, tmp_path):
    manifest = json.loads((current_build(small.resolved_index_dir()) / "manifest.json").read_text(encoding="utf-8"))
    assert small.faiss_index == "auto" and manifest["store"]["options"]["index_type"] == "flat"

    # the same corpus, with the threshold below its size: the build is HNSW, and answers alike
    large = small.model_copy(update={"index_dir": tmp_path / "index", "faiss_hnsw_from": 10})
    assert build_index(large).built
    build = current_build(large.resolved_index_dir())
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["store"]["options"]["index_type"] == "hnsw" and manifest["counts"]["clauses"] > 10
    index = load_index(large)
    assert index.store.index_type == "hnsw" and index.store.count() == manifest["counts"]["clauses"]
    answer = Assistant.open(large).ask("廊坊给新认定的市级协同创新基地多少奖励")
    assert answer.answered and any("10万元" in c.quote for c in answer.citations)
    # a changed threshold is a changed build
    assert status(small.model_copy(update={"faiss_hnsw_from": 20}))[0] == "stale"


def test_missing_index_is_reported(tmp_path):
    settings = Settings(root=tmp_path, corpus_dir=CORPUS)
    with pytest.raises(IndexMissing, match="run `rag index`"):
        load_index(settings)
    with pytest.raises(NotReady):
        Assistant.open(settings)


def test_a_damaged_file_is_detected_and_the_serving_path_rebuilds(small):
    build = current_build(small.resolved_index_dir())
    target = build / "clauses.jsonl"
    data = target.read_bytes()
    os.chmod(target, 0o644)  # a build's files are read-only (0444)
    target.write_bytes(data[: len(data) // 2])  # truncated, as by a full disk
    assert status(small)[0].startswith("corrupt")
    with pytest.raises(IndexCorrupt, match=r"clauses\.jsonl .*checksum"):
        load_index(small)
    assistant = Assistant.open(small, build_if_needed=True)
    assert status(small)[0] == "current"
    assert assistant.ask("廊坊给新认定的市级协同创新基地多少奖励").answered


def test_an_altered_byte_is_detected(small):
    build = current_build(small.resolved_index_dir())
    target = build / "vectors.faiss"
    data = bytearray(target.read_bytes())
    data[-5] ^= 0xFF
    os.chmod(target, 0o644)  # a build's files are read-only (0444)
    target.write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt, match=r"vectors\.faiss"):
        load_index(small)
    build_index(small, force=True)


def test_a_changed_or_deleted_corpus_file_makes_the_index_stale(small):
    path = small.resolved_corpus_dir() / "000_571a2a0449ec3df3.txt"
    original = path.read_bytes()
    try:
        path.write_bytes(original + "\n补充一句。\n".encode())
        assert status(small)[0] == "stale"
        with pytest.raises(IndexStale, match="run `rag index`"):
            load_index(small)
        path.unlink()
        assert status(small)[0] == "stale"
    finally:
        path.write_bytes(original)
    assert status(small)[0] == "current"


def test_kill_9_during_a_build_leaves_the_previous_index_intact(small):
    index_dir = small.resolved_index_dir()
    before = current_build(index_dir)
    env = {**os.environ, "RAG_ROOT": str(small.root)}
    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "index", "--force", "--quiet"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        # Kill it while it writes the new build (the temporary folder exists, CURRENT not yet switched).
        while time.monotonic() < deadline and proc.poll() is None and not list(index_dir.glob(".tmp-*")):
            time.sleep(0.02)
        assert proc.poll() is None, "the build finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert current_build(index_dir) == before
    load_index(small)  # verifies every checksum
    assert status(small)[0] == "current"
    build_index(small, force=True)
    assert not list(index_dir.glob(".tmp-*")), "leftovers of the killed build are cleaned up by the next one"


def test_cli_without_an_index_says_what_to_do(tmp_path):
    env = {**os.environ, "RAG_ROOT": str(tmp_path), "RAG_CORPUS_DIR": str(CORPUS)}
    out = subprocess.run([sys.executable, "-m", "rag.cli", "search", "科技"], env=env, capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.strip().startswith("rag: no index in") and "Traceback" not in out.stderr
    assert Path(tmp_path / "index").exists() is False


def test_concurrent_builds_never_break_each_other(small):
    """Two builders at once (a server re-index and `rag index`, say) are serialised by a lock:
    neither deletes the other's folder, and the published build is complete."""
    import threading

    errors: list[BaseException] = []

    def build() -> None:
        try:
            build_index(small, force=True)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not errors, errors
    load_index(small)  # every file of the live build is present and matches its checksum
    assert status(small)[0] == "current"
    assert not list(small.resolved_index_dir().glob(".tmp-*"))
