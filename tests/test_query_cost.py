"""What one question may cost: the dense side embeds at most max_query_tokens tokens of it, and
the query engine never shares its lock with an index build's engine."""

from __future__ import annotations

import numpy as np
import pytest

from rag.embed.base import QUERY_CHARS_PER_TOKEN, BatchEmbedder


class Recording(BatchEmbedder):
    """A backend that cannot cut at a token count: it records what it was given."""

    _name, _dim = "recording", 2

    def __init__(self) -> None:
        self.seen: list[str] = []

    def _encode_batch(self, batch: list[str], query: bool) -> np.ndarray:
        self.seen.extend(batch)
        return np.ones((len(batch), 2), dtype=np.float32)


def test_backends_without_a_tokenizer_get_the_query_cut_by_characters():
    e = Recording()
    e.max_query_tokens = 8
    e.encode_queries(["政" * 1000])
    e.encode_passages(["策" * 1000])  # passages are never cut
    assert [len(t) for t in e.seen] == [8 * QUERY_CHARS_PER_TOKEN, 1000]


@pytest.fixture(scope="module")
def onnx():
    from rag.embed import make_embedder

    return make_embedder("e5-onnx")


def test_e5_onnx_embeds_at_most_max_query_tokens(onnx):
    head = "科技成果转化所获收益用于奖励科研人员的比例是多少"
    a, b = head + "，北京市的规定如何？" * 40, head + "，廊坊市又有哪些不同的安排？" * 40
    assert len(onnx.token_ids(head, True)) < 32 < len(onnx.token_ids(a, True))
    try:
        onnx.max_query_tokens = None
        assert float(onnx.encode_queries([a])[0] @ onnx.encode_queries([b])[0]) < 0.999
        onnx.max_query_tokens = len(onnx.token_ids(head, True))  # both share exactly these first tokens
        onnx.query_cache.clear()
        va, vb = onnx.encode_queries([a, b])
        assert float(va @ vb) > 0.9999
        # passages are never cut
        pa, pb = onnx.encode_passages([a, b])
        assert float(pa @ pb) < 0.999
    finally:
        onnx.max_query_tokens = None
        onnx.query_cache.clear()


def test_a_build_engine_never_shares_the_query_engine_lock(onnx):
    from rag.embed import make_embedder

    build_engine = make_embedder("e5-onnx")  # what rag.index makes for a build
    assert build_engine._engine_lock is not onnx._engine_lock
    with build_engine._engine_lock:  # a build's batch in progress …
        assert onnx.encode_queries(["科技成果转化奖励"]).shape == (1, onnx.dim)  # … does not block a query


def test_long_questions_take_one_lane_and_never_hold_up_short_ones(assistant, monkeypatch):
    import rag.assistant
    from rag.errors import Busy

    monkeypatch.setattr(rag.assistant, "LONG_LANE_WAIT_S", 0.2)
    long_question = "科技成果转化收益如何分配？" * 20  # 260 characters
    assert assistant.ask(long_question).question  # the lane is free: answered
    assert assistant._long_lane.acquire(timeout=1)  # another long question is being answered …
    try:
        with pytest.raises(Busy, match="fewer than"):
            assistant.ask(long_question)  # … so this one waits 0.2 s, then is told to retry
        assert assistant.ask("科技成果转化收益如何分配").question  # short questions never wait for the lane
    finally:
        assistant._long_lane.release()
