"""One contract for every vector store: FAISS flat, FAISS HNSW, Milvus Lite, and a Milvus server.

The "milvus-server" case talks gRPC to milvus-lite's own server (started in a thread on a free
port), which exercises the `uri=` code path without a real Milvus deployment.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rag.store import StoreUnavailable, VectorStore, create_store, load_store

from .conftest import TEST_ROOT

KINDS = ["faiss-flat", "faiss-hnsw", "milvus", "milvus-server"]
ROOT = Path(__file__).resolve().parents[1]


def _milvus_problem() -> str | None:
    """Why Milvus Lite cannot run here, or None when it can."""
    try:
        import milvus_lite  # noqa: F401
        import pymilvus  # noqa: F401
    except ImportError as e:
        return f"pymilvus/milvus-lite not installed ({e}); pip install 'policy-rag[milvus]'"
    return None


MILVUS_PROBLEM = _milvus_problem()


def _loud_skip(kind: str) -> None:
    if kind.startswith("milvus") and MILVUS_PROBLEM:
        pytest.skip(f"MILVUS NOT TESTED: {MILVUS_PROBLEM}")


@pytest.fixture(scope="module")
def milvus_server(tmp_path_factory):
    """A Milvus-protocol gRPC server (milvus-lite's) on a free local port."""
    if MILVUS_PROBLEM:
        pytest.skip(f"MILVUS NOT TESTED: {MILVUS_PROBLEM}")
    from milvus_lite.adapter.grpc.server import start_server_in_thread

    server, db, port = start_server_in_thread(str(tmp_path_factory.mktemp("milvus-server") / "server.db"))
    yield f"http://127.0.0.1:{port}"
    server.stop(grace=0)
    db.close()


@pytest.fixture
def factory(request, tmp_path):
    """(create(dim) -> store, reload(store) -> store) for the parametrised kind; closes what it opened."""
    kind = request.param
    _loud_skip(kind)
    uri = request.getfixturevalue("milvus_server") if kind == "milvus-server" else None
    folder = tmp_path / ".tmp-build"
    folder.mkdir()
    opened: list[VectorStore] = []

    def create(dim: int) -> VectorStore:
        if kind.startswith("faiss"):
            store = create_store("faiss", dim, index_type=kind.split("-")[1], ef_search=128)
        else:
            store = create_store("milvus", dim, folder=folder, uri=uri)
        opened.append(store)
        return store

    def reload(store: VectorStore) -> VectorStore:
        """save → close → (rename the folder, as a build does) → load."""
        nonlocal folder
        options = json.loads(json.dumps(store.save(folder)))  # options must survive the JSON manifest
        store.close()
        final = folder.parent / "build"
        folder.rename(final)
        folder = final
        again = load_store(store.kind, final, options)
        opened.append(again)
        return again

    yield create, reload
    for s in opened:
        s.close()


def unit(n: int, dim: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


parametrised = pytest.mark.parametrize("factory", KINDS, indirect=True)


@parametrised
def test_add_search_count_save_load_round_trip(factory):
    create, reload = factory
    vectors = unit(300, 32, seed=1)
    store = create(32)
    assert isinstance(store, VectorStore)
    store.add(vectors[:120])
    store.add(vectors[120:])  # row ids continue from count()
    assert store.count() == 300
    queries = unit(7, 32, seed=2)
    scores, rows = store.search(queries, 10)
    assert scores.shape == rows.shape == (7, 10)
    assert np.all(rows >= 0) and np.all(rows < 300)
    assert np.all(np.diff(scores, axis=1) <= 1e-6), "best first"
    np.testing.assert_allclose(scores, np.take_along_axis(queries @ vectors.T, rows, axis=1), atol=1e-5)

    again = reload(store)
    assert again.count() == 300
    scores2, rows2 = again.search(queries, 10)
    np.testing.assert_array_equal(rows2, rows)
    np.testing.assert_allclose(scores2, scores, atol=1e-6)


@parametrised
def test_pads_with_minus_one_when_k_exceeds_count(factory):
    create, _ = factory
    store = create(16)
    store.add(unit(5, 16, seed=3))
    scores, rows = store.search(unit(3, 16, seed=4), 10)
    assert rows.shape == scores.shape == (3, 10)
    for r in rows:
        assert sorted(r[:5]) == [0, 1, 2, 3, 4]
        assert np.all(r[5:] == -1)
    assert np.all(scores[:, 5:] < -1e30), "a pad scores below every real inner product"


@parametrised
def test_exact_top1_on_random_unit_vectors(factory):
    create, _ = factory
    vectors = unit(2000, 64, seed=5)
    store = create(64)
    store.add(vectors)
    # The stored vectors themselves, and random queries checked against brute force.
    s, r = store.search(vectors[:50], 1)
    assert list(r[:, 0]) == list(range(50))
    np.testing.assert_allclose(s[:, 0], 1.0, atol=1e-5)
    queries = unit(50, 64, seed=6)
    _, r = store.search(queries, 1)
    np.testing.assert_array_equal(r[:, 0], np.argmax(queries @ vectors.T, axis=1))


@parametrised
def test_empty_store(factory):
    create, reload = factory
    store = create(8)
    store.add(np.zeros((0, 8), np.float32))
    assert store.count() == 0
    _, rows = store.search(unit(2, 8, seed=7), 4)
    assert rows.shape == (2, 4) and np.all(rows == -1)
    again = reload(store)
    assert again.count() == 0
    assert np.all(again.search(unit(1, 8, seed=8), 3)[1] == -1)


def test_milvus_lite_database_lives_in_the_build_folder(tmp_path):
    _loud_skip("milvus")
    store = create_store("milvus", 8, folder=tmp_path)
    store.add(unit(3, 8, seed=9))
    options = store.save(tmp_path)
    store.close()
    assert options["uri"] is None and (tmp_path / options["db"]).is_dir()
    assert json.loads(json.dumps(options)) == options


def test_milvus_needs_a_folder_or_a_uri():
    _loud_skip("milvus")
    with pytest.raises(ValueError):
        create_store("milvus", 8)


def test_missing_pymilvus_gives_an_install_hint(monkeypatch, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "pymilvus", None)  # makes `import pymilvus` raise ImportError
    from rag.store import milvus_store

    with pytest.raises(StoreUnavailable, match="pip install"):
        milvus_store._client(str(tmp_path / "x.db"))


# -- the real project index on Milvus Lite ---------------------------------------------------------


@pytest.fixture(scope="module")
def milvus_assistant(tmp_path_factory):
    _loud_skip("milvus")
    from rag.assistant import Assistant
    from rag.config import Settings
    from rag.index import build_index

    settings = Settings(root=TEST_ROOT, index_dir=tmp_path_factory.mktemp("milvus-index") / "index", store="milvus")
    report = build_index(settings)  # embeds the 194 clauses once for this module
    assistant = Assistant.open(settings)
    yield settings, report, assistant
    assistant.index.store.close()


@pytest.mark.slow
def test_project_index_on_milvus_answers_the_reward_question(milvus_assistant):
    _, report, assistant = milvus_assistant
    assert report.built and report.clauses == assistant.index.store.count()
    manifest = assistant.index.manifest
    assert manifest["store"]["kind"] == "milvus"
    assert manifest["store"]["options"]["uri"] is None
    assert (report.build / manifest["store"]["options"]["db"]).is_dir(), "the Lite database is inside the build"
    assert any(name.startswith("milvus.db/") for name in manifest["checksums"]), "and checksummed with it"
    hits = assistant.search("科研人员转化成果能拿多少奖励", top_k=5).hits
    assert hits[0].clause_id == "bj-sti-transfer-action-plan:C4.P3.N10"


@pytest.mark.slow
def test_project_index_on_milvus_reloads_and_verifies(milvus_assistant):
    from rag.index import load_index, status

    settings, _, assistant = milvus_assistant
    assert status(settings)[0] == "current", "opening and searching Lite does not alter its checksummed files"
    again = load_index(settings)  # the same process may open the same build again
    try:
        assert again.store.count() == assistant.index.store.count()
        q = np.asarray(assistant.embedder.encode_queries(["科技成果转化收益"]), np.float32)
        np.testing.assert_array_equal(again.store.search(q, 5)[1], assistant.index.store.search(q, 5)[1])
    finally:
        again.store.close()


def test_a_saved_faiss_index_loads_memory_mapped_and_read_only(tmp_path):
    store = create_store("faiss", 16)
    store.add(unit(100, 16, seed=10))
    options = store.save(tmp_path)
    loaded = load_store("faiss", tmp_path, options)
    assert loaded.mapped, "IO_FLAG_MMAP_IFC: the vectors stay in the page cache, not in private memory"
    with pytest.raises(RuntimeError, match="read-only"):  # faiss itself would abort the process
        loaded.add(unit(1, 16, seed=11))
    np.testing.assert_array_equal(loaded.search(unit(2, 16, seed=12), 5)[1], store.search(unit(2, 16, seed=12), 5)[1])


@pytest.fixture
def fresh_milvus_server(tmp_path):
    """A server of its own: the module's server may have dropped long-idle client connections
    (gRPC GOAWAY "too_many_pings") by the time a late test runs."""
    if MILVUS_PROBLEM:
        pytest.skip(f"MILVUS NOT TESTED: {MILVUS_PROBLEM}")
    from milvus_lite.adapter.grpc.server import start_server_in_thread

    server, db, port = start_server_in_thread(str(tmp_path / "server.db"))
    yield f"http://127.0.0.1:{port}"
    server.stop(grace=0)
    db.close()


def test_pruned_builds_drop_their_server_collections(fresh_milvus_server, tmp_path):
    """A server collection outlives its build folder unless pruning drops it; the live build's stays."""
    from pymilvus import MilvusClient

    from rag.index import _prune_old_builds

    milvus_server = fresh_milvus_server

    names = []
    for i in range(3):
        build = tmp_path / "index" / f"2026120{i}T000000-build"
        build.mkdir(parents=True)
        store = create_store("milvus", 4, folder=build, uri=milvus_server)
        store.add(np.eye(4, dtype=np.float32))
        options = store.save(build)
        store.close()
        (build / "manifest.json").write_text(json.dumps({"store": {"kind": "milvus", "options": options}}))
        names.append(options["collection"])
    client = MilvusClient(uri=milvus_server)
    assert all(client.has_collection(n) for n in names)
    _prune_old_builds(tmp_path / "index", keep={"20261202T000000-build"})
    # the oldest is pruned; the one before the live build is kept (a server may still read it)
    assert not (tmp_path / "index" / "20261200T000000-build").exists()
    assert [client.has_collection(n) for n in names] == [False, True, True]
    client.close()
