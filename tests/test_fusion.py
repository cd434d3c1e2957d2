"""Ranked lists and their fusion, on hand-built scores (no index, no model)."""

from __future__ import annotations

import numpy as np

from rag.fusion import order_by_score, reciprocal_rank_fusion
from rag.keyword import KeywordIndex


def test_scores_that_differ_only_in_float_noise_are_ordered_by_row():
    rows = np.array([7, 3, 5])
    scores = np.array([0.812345671, 0.812345679, 0.9], dtype=np.float64)  # 7 and 3 tie to 5 decimals
    assert order_by_score(rows, scores).tolist() == [5, 3, 7]
    # the same list with the noise the other way round orders the same
    assert order_by_score(rows, np.array([0.812345679, 0.812345671, 0.9])).tolist() == [5, 3, 7]


def test_a_real_difference_still_decides():
    assert order_by_score(np.array([1, 2]), np.array([0.5, 0.6])).tolist() == [2, 1]


def test_keyword_top_k_cuts_ties_by_row_order():
    # four identical clauses tie; a fifth scores higher: the best, then the tied rows in row order
    index = KeywordIndex.build(["科技 成果 转化"] * 4 + ["成果 转化 成果 转化"])
    assert [row for row, _ in index.search("成果转化", 3)] == [4, 0, 1]


def test_rrf_ties_go_to_the_lower_row():
    fused = reciprocal_rank_fusion([[4, 2], [2, 4]], k=10)
    assert [row for row, _ in fused] == [2, 4]
