"""Hybrid retrieval: dense (FAISS or another store) + keyword (BM25), fused by RRF.

Both sides over-fetch `fetch_k` candidates; keyword rows with a zero score are
never included; the lists are fused with weighted reciprocal rank fusion
(`rag.fusion`), so `Hit.score` is the fused RRF score: higher is better, the best
possible value is (dense_weight + keyword_weight) / (rrf_k + 1). No score
threshold drops hits here; deciding whether the hits answer is the composer's job.

English (non-Chinese) questions reach the keyword side through CC-CEDICT term
expansion (`rag.expand`); the dense side is multilingual.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

from .config import Settings
from .expand import coherence, translation_weights
from .fusion import order_by_score, reciprocal_rank_fusion
from .index import LoadedIndex
from .models import Hit
from .normalize import cjk_ratio, normalize
from .question import count_statement

Mode = Literal["hybrid", "dense", "keyword"]


@dataclass
class Retrieval:
    hits: list[Hit]
    timings_ms: dict[str, float] = field(default_factory=dict)
    dense_rows: list[int] = field(default_factory=list)
    keyword_rows: list[int] = field(default_factory=list)


class HybridRetriever:
    def __init__(self, index: LoadedIndex, embedder, settings: Settings, flagged: frozenset[int] = frozenset()
                 ) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self.flagged = flagged  # rows with instruction-like text: their hits say so (Hit.flagged)

    def _dense(self, normalised: str, k: int, expansion: list[str]) -> tuple[list[int], dict[int, float]]:
        # For an English question the Chinese expansion terms ride along as a pseudo-translation:
        # the small multilingual model matches them far better than the English alone.
        text = f"{normalised} {' '.join(expansion)}" if expansion else normalised
        vector = self.embedder.encode_queries([text])
        scores, rows = self.index.store.search(vector, k)
        found = rows[0] >= 0
        similarity = {int(r): round(float(s), 4) for r, s in zip(rows[0][found], scores[0][found], strict=True)}
        return [int(r) for r in order_by_score(rows[0][found], scores[0][found])], similarity

    def _keyword(self, normalised: str, k: int, groups: list[list[str]]) -> list[int]:
        keyword = self.index.keyword
        if not groups:
            return [row for row, _ in keyword.search(normalised, k)]
        # English question: its own tokens that the corpus contains verbatim are exact matches;
        # dictionary renderings are weighed as alternatives (rag.expand.translation_weights).
        weights = translation_weights(groups)
        for term, factor in coherence(groups, keyword.rows_of).items():
            weights[term] *= factor
        for token in keyword.tokenizer(normalised):
            weight = self.settings.exact_token_weight if token.isascii() else 1.0
            weights[token] = max(weights.get(token, 0.0), weight)
        return [row for row, _ in keyword.weighted_search(weights, k)]

    def retrieve(
        self, query: str, top_k: int = 5, mode: Mode = "hybrid", doc_ids: set[str] | None = None
    ) -> Retrieval:
        t0 = time.perf_counter()
        normalised = normalize(query)
        n = len(self.index.clauses)
        # A document filter thins the candidate lists, so fetch more before filtering.
        fetch = min(n, max(self.settings.fetch_k, top_k) * (4 if doc_ids else 1))
        timings: dict[str, float] = {}
        groups = self.index.expander.expand_grouped(query) if cjk_ratio(query) < 0.5 else []
        expansion = [term for group in groups for term in group]
        dense_rows: list[int] = []
        similarity: dict[int, float] = {}
        keyword_rows: list[int] = []
        if mode in ("hybrid", "dense"):
            t = time.perf_counter()
            dense_rows, similarity = self._dense(normalised, fetch, expansion)
            timings["dense"] = (time.perf_counter() - t) * 1000
        if mode in ("hybrid", "keyword"):
            t = time.perf_counter()
            keyword_rows = self._keyword(normalised, fetch, groups)
            timings["keyword"] = (time.perf_counter() - t) * 1000
        if doc_ids is not None:
            dense_rows = [r for r in dense_rows if self.index.clauses[r].doc_id in doc_ids]
            keyword_rows = [r for r in keyword_rows if self.index.clauses[r].doc_id in doc_ids]
        if mode == "hybrid":
            lists = [dense_rows, keyword_rows]
            weights = [self.settings.dense_weight, self.settings.keyword_weight]
            stating = count_statement(normalised) if cjk_ratio(query) >= 0.5 else None
            if stating is not None:
                # a third ranked list: the candidates that state the count asked for
                seen = dict.fromkeys(keyword_rows + dense_rows)
                lists.append([r for r in seen if stating.search(self.index.normalised_text(r))])
                weights.append(self.settings.keyword_weight)
            fused = reciprocal_rank_fusion(lists, weights, k=self.settings.rrf_k)
        else:
            rows = dense_rows or keyword_rows
            fused = reciprocal_rank_fusion([rows], k=self.settings.rrf_k)
        hits = [self._hit(row, score, similarity.get(row)) for row, score in fused[:top_k]]
        timings["retrieve"] = (time.perf_counter() - t0) * 1000
        return Retrieval(hits, timings, dense_rows, keyword_rows)

    def _hit(self, row: int, score: float, dense_score: float | None = None) -> Hit:
        c = self.index.clauses[row]
        doc = self.index.documents.get(c.doc_id)
        return Hit(
            clause_id=c.clause_id,
            doc_id=c.doc_id,
            doc_title=self.index.doc_titles[row],
            section_path=c.section_path,
            text=c.text,
            start=c.start,
            end=c.end,
            score=round(score, 6),
            dense_score=dense_score,
            tier=doc.tier if doc is not None else "official",
            flagged=row in self.flagged,
            page=c.page,
        )
