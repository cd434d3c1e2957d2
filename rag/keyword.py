"""Keyword retrieval: BM25 (bm25s) over jieba tokens of the normalised text.

bm25s's default tokenizer treats a whole run of Chinese characters as one token
(so every Chinese query scores 0); we hand it jieba tokens instead. The jieba
dictionary is grown with the corpus's own terms — quoted programme names, 专栏
titles, short headings — and those terms are saved with the index so that a
query is segmented exactly like the clauses were. Built once, persisted as
npy + json (no pickle), loaded into memory (memory-mapped only when large, see
rag/integrity.py); never rebuilt per query.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import NotReady
from .fusion import SCORE_DECIMALS, order_by_score

STOP_WORDS = frozenset(
    """
    的 了 和 与 及 等 在 对 是 为 将 把 被 以 于 之 其 或 也 都 而 并 从 由 向 中 上 下 个 这 那 该 此 各
    有 没有 要 能 可 可以 会 应 应当 就 还 又 再 但 则 即 如 若 并且 以及 或者 通过 进行 开展 加强 推进 推动
    什么 多少 怎么 怎样 如何 哪些 哪个 哪里 哪 几 几个 吗 呢 吧 啊 呀 么 请问 请 问 一下 是否 是不是
    我 我们 你 你们 他 她 它 他们 大家 自己 想 知道 告诉 关于 对于 规定 文件 里 里面 方面 这个 那个
    a an the of to in for on and or is are was be by with what which who how when where why does do
    can could should would will much many there their it its this that from as at
    """.split()
)
_PUNCT_RE = re.compile(r"^[\W_]+$", re.UNICODE)
_QUOTED_RE = re.compile(r"[“\"「『]([^”\"」』]{2,12})[”\"」』]")


def corpus_terms(texts: Iterable[str], headings: Iterable[str]) -> list[str]:
    """Domain terms to add to jieba's dictionary: quoted names, box titles, short headings."""
    terms: set[str] = set()
    for text in texts:
        terms.update(m.group(1).strip() for m in _QUOTED_RE.finditer(text))
    for h in headings:
        title = re.sub(r"^(专栏\s*\d+\s*:|[(（]?[一二三四五六七八九十\d]+[)）、.．]?)", "", h).strip()
        if 2 <= len(title) <= 10 and not re.search(r"[,,。;;]", title):
            terms.add(title)
    return sorted(t for t in terms if not re.fullmatch(r"[\d.%\s]+", t))


@lru_cache(maxsize=1)
def _base_dictionary() -> tuple[dict[str, int], int]:
    """jieba's dictionary (word → frequency, total), loaded once per process; each Tokenizer gets a copy
    that the corpus's terms are added to."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    base = jieba.Tokenizer()
    base.initialize()
    return base.FREQ, base.total


class Tokenizer:
    """jieba search-mode segmentation (whole words and their parts) minus stop words."""

    def __init__(self, user_terms: Sequence[str] = ()) -> None:
        import jieba  # loads a 20 MB dictionary: only when keyword search is used

        jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" chatter is not for users
        self.user_terms = list(user_terms)
        self._jieba = jieba.Tokenizer()
        freq, total = _base_dictionary()
        # jieba's own initialize() with a copy of the dictionary it would load (~1 s a build saved)
        self._jieba.FREQ, self._jieba.total, self._jieba.initialized = dict(freq), total, True
        for term in self.user_terms:
            self._jieba.add_word(term, freq=2000)
        self._lock = threading.Lock()  # jieba's Tokenizer mutates caches while cutting

    def __call__(self, normalised_text: str) -> list[str]:
        with self._lock:
            tokens = self._jieba.lcut_for_search(normalised_text.lower())
        return _content(tokens)

    def words(self, normalised_text: str) -> list[str]:
        """Whole words only (jieba's precise mode): the concepts of a question, without their parts."""
        with self._lock:
            tokens = self._jieba.lcut(normalised_text.lower())
        return list(dict.fromkeys(_content(tokens)))


def _content(tokens: Iterable[str]) -> list[str]:
    return [t for t in (t.strip() for t in tokens) if t and t not in STOP_WORDS and not _PUNCT_RE.match(t)]


class KeywordIndex:
    """BM25 over clause tokens. `search` returns (row, score) with score > 0 only."""

    def __init__(self, bm25, tokenizer: Tokenizer, n_docs: int, mapped: bool = False) -> None:
        self._bm25 = bm25
        self.tokenizer = tokenizer
        self.n_docs = n_docs
        self.vocabulary_set = frozenset(bm25.vocab_dict)
        self.mapped = mapped  # arrays memory-mapped from the build's files (large indexes only)
        self.refused: str | None = None

    def refuse(self, reason: str) -> None:
        """Stop reading the mapped arrays: their file failed re-verification (rag/integrity.py)."""
        self.refused = reason

    def _check(self) -> None:
        if self.refused:
            raise NotReady(f"the index failed verification ({self.refused}); it is being rebuilt")

    @classmethod
    def build(cls, normalised_texts: Sequence[str], user_terms: Sequence[str] = ()) -> KeywordIndex:
        import bm25s

        tokenizer = Tokenizer(user_terms)
        corpus_tokens = [tokenizer(t) or ["∅"] for t in normalised_texts]  # bm25s rejects empty documents
        bm25 = bm25s.BM25(k1=1.2, b=0.75)
        bm25.index(corpus_tokens, show_progress=False)
        return cls(bm25, tokenizer, len(normalised_texts))

    def search(self, normalised_query: str, k: int, extra_tokens: Sequence[str] = ()) -> list[tuple[int, float]]:
        self._check()
        tokens = self.tokenizer(normalised_query) + list(extra_tokens)
        known = [t for t in tokens if t in self._bm25.vocab_dict]
        if not known or self.n_docs == 0:
            return []
        return self._top(self._bm25.get_scores(known), k)

    def weighted_search(self, token_weights: Mapping[str, float], k: int) -> list[tuple[int, float]]:
        """BM25 where each query token's contribution is multiplied by its weight (a token counts once)."""
        self._check()
        known = [(t, w) for t, w in token_weights.items() if w > 0 and t in self._bm25.vocab_dict]
        if not known or self.n_docs == 0:
            return []
        scores = np.zeros(self.n_docs, dtype=np.float32)
        for token, weight in known:
            scores += np.float32(weight) * self._bm25.get_scores([token])
        return self._top(scores, k)

    def _top(self, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
        k = min(k, self.n_docs)
        # every row tied with the k-th score is a candidate, so which of them make the cut is decided
        # by row order (fusion.order_by_score), not by argpartition's internal order
        kth = np.partition(-scores, k - 1)[k - 1]
        candidates = np.flatnonzero(-scores <= kth + 10.0 ** -SCORE_DECIMALS)
        top = order_by_score(candidates, scores[candidates])[:k]
        # A zero score means "no query term occurs": such rows must not dilute fusion.
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def rows_of(self, term: str) -> np.ndarray:
        """The rows whose text contains `term` (none when the corpus lacks it)."""
        self._check()
        tid = self._bm25.vocab_dict.get(term)
        if tid is None:
            return np.zeros(0, dtype=np.int64)
        indptr = self._bm25.scores["indptr"]
        return np.asarray(self._bm25.scores["indices"][indptr[tid]:indptr[tid + 1]])

    def idf(self, term: str) -> float:
        """BM25 idf of a term; a term the corpus lacks gets the highest idf (it would be the rarest)."""
        self._check()
        n = self.n_docs
        tid = self._bm25.vocab_dict.get(term)
        indptr = self._bm25.scores["indptr"]
        df = int(indptr[tid + 1] - indptr[tid]) if tid is not None else 0
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def vocabulary(self) -> set[str]:
        return set(self._bm25.vocab_dict)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(folder), show_progress=False)
        (folder / "user_terms.json").write_text(
            json.dumps({"terms": self.tokenizer.user_terms, "n_docs": self.n_docs}, ensure_ascii=False),
            encoding="utf-8",
        )

    @classmethod
    def load(cls, folder: Path, mmap: bool = True) -> KeywordIndex:
        import bm25s

        meta = json.loads((folder / "user_terms.json").read_text(encoding="utf-8"))
        bm25 = bm25s.BM25.load(str(folder), mmap=mmap, show_progress=False)
        return cls(bm25, Tokenizer(meta["terms"]), meta["n_docs"], mapped=mmap)
