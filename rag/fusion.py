"""Reciprocal rank fusion of ranked lists whose raw scores are not comparable.

score(row) = Σ_lists weight / (k + rank), rank counted from 1. A row missing from a
list contributes nothing for it. With k = 60 and two lists, the best possible score
is 2/61 ≈ 0.0328; the score orders hits, it is not a probability.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# Scores are compared to this many decimals before ordering a list, and equal scores go in row
# order: float32 sums differ in their last bits across CPUs (SIMD width) and libraries, and
# without this a near-tie could order two clauses differently on another machine.
SCORE_DECIMALS = 5


def order_by_score(rows: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """`rows` sorted best first by score rounded to SCORE_DECIMALS, ties broken by the lower row."""
    rows, rounded = np.asarray(rows), np.round(np.asarray(scores, dtype=np.float64), SCORE_DECIMALS)
    return rows[np.lexsort((rows, -rounded))]


def reciprocal_rank_fusion(
    ranked_lists: Sequence[Sequence[int]], weights: Sequence[float] | None = None, k: int = 60
) -> list[tuple[int, float]]:
    weights = weights or [1.0] * len(ranked_lists)
    if len(weights) != len(ranked_lists):
        raise ValueError("one weight per ranked list")
    scores: dict[int, float] = {}
    for rows, weight in zip(ranked_lists, weights, strict=True):
        for rank, row in enumerate(rows, start=1):
            scores[row] = scores.get(row, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
