"""STARD scoring: article-level, parts and versions de-duplicated (pure; the data loaders skip without ../shared)."""

from __future__ import annotations

import math

import pytest

from evals.stard import dedupe, load_gold_locations, load_questions, score_ranking, stard_dir

A, B, B2, C = ("law.md", "第一条"), ("law.md", "第二条"), ("law(2000).md", "第二条"), ("other.md", "第九条")
LOCATIONS = {1: {A}, 2: {B, B2}}  # gold 2 exists in two versions of the law


def test_perfect_ranking():
    s = score_ranking([A, B, C], [1, 2], LOCATIONS)
    assert s == {"recall@10": 1.0, "recall@100": 1.0, "mrr@10": 1.0, "ndcg@10": 1.0, "hit@1": 1.0}


def test_a_second_version_of_a_found_article_earns_nothing():
    s = score_ranking([B, B2, C, A], [1, 2], LOCATIONS)
    dcg = 1 + 1 / math.log2(5)
    assert s["recall@10"] == 1.0 and s["mrr@10"] == 1.0
    assert s["ndcg@10"] == pytest.approx(dcg / (1 + 1 / math.log2(3)))


def test_ranks_beyond_ten_count_for_recall_at_100_only():
    units = [("x", str(i)) for i in range(10)] + [A]
    s = score_ranking(units, [1, 2], LOCATIONS)
    assert s["recall@10"] == 0.0 and s["recall@100"] == 0.5 and s["mrr@10"] == 0.0 and s["ndcg@10"] == 0.0


def test_dedupe_keeps_the_first_rank_of_each_article():
    unit_of = [A, A, B, C]  # rows 0 and 1 are two parts of one long article
    assert dedupe([1, 0, 3, 2], unit_of) == [A, C, B]


@pytest.mark.skipif(not (stard_dir() / "example").is_dir(), reason="STARD copy not found in ../shared/external")
def test_every_question_has_located_gold():
    locations = load_gold_locations()
    for split, n in (("train", 1235), ("dev", 308)):
        qs = load_questions(split)
        assert len(qs) == n
        assert all(q.gold and all(locations.get(g) for g in q.gold) for q in qs)


class _FakeEmbedder:
    """Deterministic 4-d 'embeddings'; can be told to die after some calls (a killed run)."""

    def __init__(self, die_after: int | None = None) -> None:
        self.calls, self.die_after = 0, die_after

    def encode_passages(self, texts, batch_size=32, progress=None):
        import numpy as np

        if self.die_after is not None and self.calls >= self.die_after:
            raise KeyboardInterrupt
        self.calls += 1
        v = np.array([[len(t), hash(t) % 97, 1.0, 2.0] for t in texts], dtype=np.float32)
        if progress:
            progress(len(texts))
        return v


def test_sharded_embedding_resumes_where_a_killed_run_stopped(tmp_path):
    from evals.stard import SHARD_ROWS, ShardedVectors

    passages = [f"第{i}条 内容" for i in range(2 * SHARD_ROWS + 100)]  # 3 shards
    folder = tmp_path / "dense"
    shards = ShardedVectors(folder, "sha-1", len(passages), 4)
    with pytest.raises(KeyboardInterrupt):
        shards.embed(_FakeEmbedder(die_after=1), passages, minutes=None)
    assert shards.missing() == [1, 2] and shards.done_rows() == SHARD_ROWS
    assert not list(folder.glob(".*tmp*")), "a shard is written whole or not at all"

    again = ShardedVectors(folder, "sha-1", len(passages), 4)
    resumed = _FakeEmbedder()
    info = again.embed(resumed, passages, minutes=None)
    assert resumed.calls == 2 and info["embedded_now"] == SHARD_ROWS + 100 and again.complete()
    np_all = again.load()
    assert np_all.shape == (len(passages), 4)
    assert np_all[-1][0] == len(passages[-1])

    other = ShardedVectors(folder, "sha-2", len(passages), 4)  # other passages: old vectors are discarded
    assert other.missing() == [0, 1, 2]
