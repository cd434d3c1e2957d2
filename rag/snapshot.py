"""One immutable view of what a request is answered from.

A Snapshot holds a loaded build, the document texts that build was made from, and the
parts made from them (retriever, composers, answer policy). The Assistant serves one
snapshot at a time and swaps in a new one after a re-index; a request takes the current
snapshot once, at its start, and uses only it. So retrieval, composition, verification
and the clause route always see one build and its own texts, never a mixture.

Texts are read when the snapshot is made (the server's swap holds the corpus lock while
it does), and every clause is checked against them: a corpus file changed after the
build shows up here as IndexStale, not later as a quote that fails verification.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import NotFound, NotReady
from .index import IndexStale, LoadedIndex, load_documents, load_index
from .models import Clause, Document


def make_query_embedder(index: LoadedIndex, settings: Settings, current=None):
    """The embedder queries use for `index`: `current` when it is the one the index was built with.

    It is the server's own instance (an index build makes another), so queries never wait on a
    build's lock, and it embeds at most settings.max_query_tokens tokens of a question."""
    from .embed import make_embedder

    meta = index.manifest["embedder"]
    if current is not None and current.name == meta["name"]:
        embedder = current
    else:
        embedder = make_embedder(meta["backend"], meta.get("model"))
        if embedder.name != meta["name"]:
            raise NotReady(f"the index was built with embedder {meta['name']}, but {embedder.name} loaded")
    if hasattr(embedder, "max_query_tokens"):
        embedder.max_query_tokens = settings.max_query_tokens or None
    return embedder


def check_texts(index: LoadedIndex, documents: dict[str, Document]) -> None:
    """IndexStale unless every clause is exactly its document's text at its offsets."""
    for clause in index.clauses:
        doc = documents.get(clause.doc_id)
        if doc is None or doc.text[clause.start : clause.end] != clause.text:
            raise IndexStale(f"document '{clause.doc_id}' changed after the index was built; run `rag index`")


class Snapshot:
    """A build, its document texts, and what is made from them; never changed once made."""

    def __init__(self, settings: Settings, index: LoadedIndex, documents: dict[str, Document], embedder=None
                 ) -> None:
        self.settings = settings
        self.index = index
        self.documents = documents
        self._embedder = embedder
        self._lock = threading.RLock()  # the parts below are made once, on first use (one may need another)
        self._parts: dict[str, Any] = {}

    @classmethod
    def load(cls, settings: Settings, embedder=None, check_fresh: bool = True) -> Snapshot:
        """The current build with its texts (IndexError_ when missing, stale or damaged)."""
        index = load_index(settings, check_fresh=check_fresh)
        return cls.of(settings, index, embedder)

    @classmethod
    def of(cls, settings: Settings, index: LoadedIndex, embedder=None) -> Snapshot:
        documents = load_documents(index, settings)
        check_texts(index, documents)
        return cls(settings, index, documents, embedder)

    # -- parts, made once --------------------------------------------------------------

    def _part(self, name: str, make):
        part = self._parts.get(name)
        if part is None:
            with self._lock:
                part = self._parts.get(name)
                if part is None:
                    part = self._parts[name] = make()
        return part

    @property
    def embedder(self):
        return self._part("embedder", lambda: make_query_embedder(self.index, self.settings, self._embedder))

    @property
    def flagged(self) -> frozenset[int]:
        """Rows of the clauses holding instruction-like text (rag.answer.instructions)."""
        from .answer.instructions import flagged_rows

        return self._part("flagged", lambda: flagged_rows(self.index.clauses))

    @property
    def retriever(self):
        from .retriever import HybridRetriever

        return self._part("retriever", lambda: HybridRetriever(self.index, self.embedder, self.settings,
                                                               flagged=self.flagged))

    @property
    def extractive(self):
        def make():
            from .compose import ExtractiveComposer

            return ExtractiveComposer(self.index.keyword, self.index.expander, self.index.documents)

        return self._part("extractive", make)

    @property
    def policy(self):
        """The abstention gates and the fitted answerability model, applied to every composer's draft."""

        def make():
            from .answer.features import Featurizer
            from .answer.policy import AnswerPolicy, load_model

            s = self.settings
            best = (s.dense_weight + s.keyword_weight) / (s.rrf_k + 1)
            featurizer = Featurizer(self.index.keyword, self.index.expander, self.index.documents, best_score=best)
            choice = s.answer_model
            model = None if choice == "none" else load_model(Path(choice)) if choice else load_model()
            return AnswerPolicy(featurizer, model)

        return self._part("policy", make)

    @property
    def composer(self):
        """The configured composer: the LLM one when an endpoint is configured, else extractive."""
        if self.settings.llm_base_url and self.settings.llm_model:
            from .llm import LLMComposer

            return self._part("composer", lambda: LLMComposer(self.settings))
        return self.extractive

    # -- documents and clauses -----------------------------------------------------------

    def document(self, doc_id: str) -> Document:
        doc = self.documents.get(doc_id)
        if doc is None:
            raise NotFound(f"unknown document '{doc_id}'")
        return doc

    def clause_or_none(self, clause_id: str) -> Clause | None:
        row = self.index.row_of(clause_id)
        return None if row is None else self.index.clauses[row]

    def clause(self, clause_id: str) -> Clause:
        clause = self.clause_or_none(clause_id)
        if clause is None:
            raise NotFound(f"unknown clause '{clause_id}'")
        return clause

    def clauses_of(self, doc_id: str) -> list[Clause]:
        """A document's clauses in index order (grouped once per snapshot: the document-fact, list and
        document routes ask for them per request)."""
        def group() -> dict[str, list[Clause]]:
            out: dict[str, list[Clause]] = {}
            for c in self.index.clauses:
                out.setdefault(c.doc_id, []).append(c)
            return out

        return self._part("clauses_by_doc", group).get(doc_id, [])
