"""The one object the CLI, the API, the UI and the evaluation all call.

It owns the loaded index, the embedder and the retriever, validates input,
and swaps in a rebuilt index atomically (requests in flight finish on the old
one). It knows nothing of HTTP.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .config import Settings
from .errors import BadInput, NotFound, NotReady
from .index import IndexError_, LoadedIndex, build_index, load_documents, load_index, status
from .models import Answer, Clause, Document, DocumentMeta, Hit, ShortAnswer
from .retriever import HybridRetriever, Mode


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    timings_ms: dict[str, float]


def _clean(text: object, settings: Settings, what: str = "question") -> str:
    if not isinstance(text, str):
        raise BadInput(f"the {what} must be a string")
    if "\x00" in text:
        raise BadInput(f"the {what} contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(f"the {what} contains invalid characters (lone surrogates)") from None
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable() or ch == "\u3000").strip()
    if not text:
        raise BadInput(f"the {what} is empty")
    if len(text) > settings.max_question_chars:
        raise BadInput(f"the {what} is {len(text):,} characters long; the limit is {settings.max_question_chars:,}")
    return text


class Assistant:
    def __init__(self, settings: Settings | None = None, index: LoadedIndex | None = None, embedder=None) -> None:
        self.settings = settings or Settings()
        self._index = index
        self._embedder = embedder
        self._lock = threading.RLock()
        self._docs: dict[str, Document] | None = None

    @classmethod
    def open(cls, settings: Settings | None = None, build_if_needed: bool = False) -> Assistant:
        """Load the index; with `build_if_needed`, (re)build it first when missing, stale or damaged."""
        settings = settings or Settings()
        if build_if_needed and status(settings)[0] != "current":
            build_index(settings)  # rebuilds unless a concurrent build has just made it current
        try:
            index = load_index(settings)
        except IndexError_ as e:
            raise NotReady(str(e)) from None
        return cls(settings, index)

    # -- loaded state ---------------------------------------------------------

    @property
    def index(self) -> LoadedIndex:
        if self._index is None:
            raise NotReady("no index is loaded; run `rag index`")
        return self._index

    @property
    def embedder(self):
        if self._embedder is None:
            from .embed import make_embedder

            meta = self.index.manifest["embedder"]
            self._embedder = make_embedder(meta["backend"], meta.get("model"))
            if self._embedder.name != meta["name"]:
                raise NotReady(f"the index was built with embedder {meta['name']}, but {self._embedder.name} loaded")
        return self._embedder

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.index, self.embedder, self.settings)

    def reload(self) -> None:
        """Swap in the current build (after `rag index` or an upload); in-flight requests keep the old one."""
        index = load_index(self.settings)
        with self._lock:
            self._index = index
            self._docs = None
            for name in ("retriever", "extractive", "composer", "policy"):
                self.__dict__.pop(name, None)

    def warm_up(self) -> None:
        """Load models and caches now rather than on the first request."""
        self.retriever.retrieve("科技成果转化", top_k=1)
        getattr(self.composer, "warm_up", lambda: None)()

    # -- queries --------------------------------------------------------------

    def _top_k(self, top_k: object) -> int:
        if isinstance(top_k, bool) or not isinstance(top_k, int):
            raise BadInput("top_k must be an integer")
        if not 1 <= top_k <= self.settings.max_top_k:
            raise BadInput(f"top_k must be between 1 and {self.settings.max_top_k}")
        return top_k

    def search(
        self, query: str, top_k: int | None = None, mode: Mode = "hybrid", doc_ids: set[str] | None = None
    ) -> SearchResult:
        t0 = time.perf_counter()
        query = _clean(query, self.settings, "query")
        top_k = self._top_k(self.settings.default_top_k if top_k is None else top_k)
        if doc_ids is not None:
            unknown = doc_ids - set(self.index.documents)
            if unknown:
                raise NotFound(f"unknown document(s): {', '.join(sorted(unknown))}")
        with self._lock:
            retriever = self.retriever
        result = retriever.retrieve(query, top_k, mode=mode, doc_ids=doc_ids)
        timings = {k: round(v, 2) for k, v in result.timings_ms.items()}
        timings["total"] = round((time.perf_counter() - t0) * 1000, 2)
        return SearchResult(query, result.hits, timings)

    @cached_property
    def extractive(self):
        from .compose import ExtractiveComposer

        return ExtractiveComposer(self.index.keyword, self.index.expander, self.index.documents)

    @cached_property
    def policy(self):
        """The abstention gates and the fitted answerability model, applied to every composer's draft."""
        from .answer.features import Featurizer
        from .answer.policy import AnswerPolicy, load_model

        best = (self.settings.dense_weight + self.settings.keyword_weight) / (self.settings.rrf_k + 1)
        featurizer = Featurizer(self.index.keyword, self.index.expander, self.index.documents, best_score=best)
        choice = self.settings.answer_model
        model = None if choice == "none" else load_model(Path(choice)) if choice else load_model()
        return AnswerPolicy(featurizer, model)

    @cached_property
    def composer(self):
        """The configured composer: the LLM one when an endpoint is configured, else extractive."""
        if self.settings.llm_base_url and self.settings.llm_model:
            from .llm import LLMComposer

            return LLMComposer(self.settings)
        return self.extractive

    def ask(self, question: str, top_k: int | None = None, doc_ids: set[str] | None = None) -> Answer:
        """Answer from the documents with verified citations, or say plainly that they do not answer."""
        t0 = time.perf_counter()
        q, found = self.retrieve_for_answer(question, top_k, doc_ids)
        t1 = time.perf_counter()
        draft = self._compose_verified(q, found.hits)
        timings = dict(found.timings_ms)
        timings["compose"] = round((time.perf_counter() - t1) * 1000, 2)
        timings["total"] = round((time.perf_counter() - t0) * 1000, 2)
        short = getattr(draft, "short", None)
        return Answer(question=found.query, answer=draft.answer, answered=draft.answered,
                      citations=draft.citations, hits=found.hits, timings_ms=timings, meta=draft.meta,
                      short_answer=ShortAnswer(text=short.text, text_en=short.english, citation=short.n) if short else None)

    def retrieve_for_answer(self, question: str, top_k: int | None = None, doc_ids: set[str] | None = None):
        """The analysed question and the hits an answer is composed from (what `ask` composes on;
        `rag eval --ablate` composes on them many times)."""
        from .question import analyse

        question = _clean(question, self.settings, "question")
        found = self.search(question, top_k, doc_ids=doc_ids)
        q = analyse(found.query)
        if len(q.places) >= 2 and doc_ids is None:
            found = self._search_per_place(q, found)
        return q, found

    def _search_per_place(self, q, found: SearchResult) -> SearchResult:
        """A question naming several places ("北京和廊坊分别…") is answered from each place's own
        documents: retrieve within each, then interleave, so no place crowds the others out."""
        per_place: list[list[Hit]] = []
        for place in q.places:
            docs = {d.doc_id for d in self.documents() if place in f"{d.title}{d.issuer or ''}"}
            if docs:
                per_place.append(self.search(found.query, len(found.hits), doc_ids=docs).hits)
        if len(per_place) < 2:
            return found
        merged: list[Hit] = []
        for group in zip(*per_place, strict=False):
            merged.extend(h for h in group if h.clause_id not in {m.clause_id for m in merged})
        return SearchResult(found.query, merged[: len(found.hits)], found.timings_ms)

    def _compose_verified(self, q, hits: list[Hit]):
        """Compose, check, repair, then judge: an LLM draft that cannot be repaired (or an unreachable
        model) gives way to the extractive one, which is checked like any other; whichever draft
        stands goes through the same abstention gates (rag.answer.policy). Never returns unverified."""
        from .llm import LLMUnavailable
        from .verify import check, repair

        def problems_of(text, citations):
            return check(text, citations, lambda d: self.document(d).text, self._clause_or_none)

        composer = self.composer
        fallback: dict[str, object] = {}
        while True:
            try:
                draft = composer.compose(q, hits)
            except LLMUnavailable as e:
                fallback = {"fallback": "extractive", "llm_error": str(e)}
                composer = self.extractive
                continue
            draft.meta = {**draft.meta, **fallback}
            if not draft.answered:
                return draft
            problems = problems_of(draft.answer, draft.citations)
            if not problems:
                return self.policy.judge(q, draft, hits)
            draft.meta["checker"] = [p.detail for p in problems]
            text, citations = repair(draft.answer, draft.citations, problems)
            if citations and not problems_of(text, citations):
                draft.answer, draft.citations = text, citations
                draft.meta["repaired"] = True
                return self.policy.judge(q, draft, hits)
            if composer is self.extractive:  # it quotes verbatim: failing here is a bug, never shown as an answer
                raise RuntimeError(f"extractive answer failed verification: {problems}")
            fallback = {"fallback": "extractive", "checker": draft.meta["checker"]}
            composer = self.extractive

    def _clause_or_none(self, clause_id: str) -> Clause | None:
        row = self.index.row_of(clause_id)
        return None if row is None else self.index.clauses[row]

    # -- documents and clauses ------------------------------------------------

    def documents(self) -> list[DocumentMeta]:
        return list(self.index.documents.values())

    def document(self, doc_id: str) -> Document:
        with self._lock:
            if self._docs is None:
                self._docs = load_documents(self.index, self.settings)
            docs = self._docs
        if doc_id not in docs:
            raise NotFound(f"unknown document '{doc_id}'")
        return docs[doc_id]

    def clause(self, clause_id: str) -> Clause:
        row = self.index.row_of(clause_id)
        if row is None:
            raise NotFound(f"unknown clause '{clause_id}'")
        return self.index.clauses[row]

    # -- uploads and re-indexing without downtime (see rag/ingest.py and rag/reindex.py) ---------
    #
    # add_document writes the file and its manifest entry, then asks the one background worker
    # for a re-index. Queries keep using the served index until the new build is swapped in by
    # reload(). Before corpus/ changes, the served index's document texts are read into memory,
    # so quotes and offsets keep matching that index even when an upload replaces a file.

    _reindex_worker = None  # the Reindexer, made on first use

    def add_document(self, prepared, metadata: dict | None = None) -> dict:
        """Add a checked upload (rag.ingest.prepare_upload) to corpus/ and schedule a re-index; returns at once."""
        from .ingest import write_document

        entry = write_document(prepared, metadata, self.settings, before_write=self._pin_document_texts)
        self.reindex()
        return {"doc_id": entry["doc_id"], "file": entry["file"], "status": "indexing",
                "replaced": entry["replaced"], "encoding": prepared.encoding}

    def reindex(self) -> None:
        """Schedule a re-index of corpus/ on the background worker (coalesced with one already pending)."""
        self._reindexer().request()

    def wait_for_index(self, timeout: float | None = None) -> bool:
        """Block until no re-index is running or pending; False on timeout."""
        return self._reindexer().wait_idle(timeout)

    def index_status(self) -> dict:
        """The served build and the background worker's state (building, pending, last_error …)."""
        index = self.index
        return {"build": index.build.name, "built_at": index.manifest.get("built_at"),
                "documents": len(index.documents), "clauses": len(index.clauses), **self._reindexer().status()}

    def _reindexer(self):
        from .reindex import BACKGROUND_BATCH_SIZE, Reindexer

        with self._lock:
            if self._reindex_worker is None:
                self._reindex_worker = Reindexer(
                    lambda: build_index(self.settings, batch_size=BACKGROUND_BATCH_SIZE), self._swap_in)
            return self._reindex_worker

    def _pin_document_texts(self) -> None:
        with self._lock:
            if self._docs is None and self._index is not None:
                self._docs = load_documents(self._index, self.settings)

    def _swap_in(self, report) -> str:
        """Serve a finished build — unless corpus/ changed while it was built ("superseded": build again)."""
        from .index import IndexStale
        from .ingest import corpus_lock

        if not report.built and self._index is not None and report.build == self._index.build:
            return "up to date"
        with corpus_lock(self.settings.resolved_corpus_dir()):  # no upload lands between the check and the pin
            try:
                self.reload()
            except IndexStale:
                return "superseded"
            self._pin_document_texts()
        with self._lock:
            self.retriever  # noqa: B018 - made now, not by the next request
        return "swapped"
