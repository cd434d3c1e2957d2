"""The index lifecycle: which build is served, and how a new one replaces it.

An IndexKeeper owns the served Snapshot (rag.snapshot: a build, its document texts, the retriever,
composers and policy made from them), loads it, and swaps in a rebuilt one atomically after an
upload, a removal, a metadata edit or `rag index`. It owns the one background re-index worker
(rag.reindex). It answers no question: rag.assistant does that, from the snapshot the keeper
hands it at the start of each request, so requests in flight finish on the old build and never
see a mixture. The document texts quotes are checked against live in the build itself, so
nothing here needs to pin corpus/ while it changes.
"""

from __future__ import annotations

import threading

from .config import Settings
from .errors import NotReady
from .index import IndexError_, IndexStale, LoadedIndex, build_index, status
from .models import Clause, Document, DocumentMeta
from .snapshot import Snapshot


class IndexKeeper:
    def __init__(self, settings: Settings | None = None, index: LoadedIndex | None = None, embedder=None) -> None:
        self.settings = settings or Settings()
        self._lock = threading.RLock()
        self._snapshot: Snapshot | None = Snapshot.of(self.settings, index, embedder) if index is not None else None
        self._embedder = embedder
        self._worker = None  # the Reindexer, made on first use

    @classmethod
    def open(cls, settings: Settings | None = None, build_if_needed: bool = False) -> IndexKeeper:
        """Load the index; with `build_if_needed`, (re)build it first when missing, stale or damaged."""
        settings = settings or Settings()
        keeper = cls(settings)
        for attempt in range(2):
            if build_if_needed and status(settings)[0] != "current":
                build_index(settings)  # rebuilds unless a concurrent build has just made it current
            try:
                keeper.reload()
                return keeper
            except IndexStale as e:  # a corpus file changed between the build and reading it
                if not build_if_needed or attempt:
                    raise NotReady(str(e)) from None
            except IndexError_ as e:
                raise NotReady(str(e)) from None
        raise AssertionError("unreachable")

    # -- the served snapshot --------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The snapshot to answer one request from: take it once, at the request's start."""
        snap = self._snapshot
        if snap is None:
            raise NotReady("no index is loaded; run `rag index`")
        return snap

    def reload(self) -> None:
        """Serve the current build (after `rag index`); requests in flight keep the snapshot they took.
        The query embedder is kept when the build's is the same."""
        snap = Snapshot.load(self.settings, self._current_embedder())
        with self._lock:
            self._snapshot = snap

    def _current_embedder(self):
        current = self._snapshot
        return current.embedder if current is not None else self._embedder

    # -- documents and clauses of the served build -------------------------------------

    def documents(self) -> list[DocumentMeta]:
        return list(self.snapshot().index.documents.values())

    def document(self, doc_id: str) -> Document:
        return self.snapshot().document(doc_id)

    def clause(self, clause_id: str) -> Clause:
        return self.snapshot().clause(clause_id)

    # -- changes to the library, each followed by a re-index without downtime ------------------
    #
    # Each writes corpus/ (rag.ingest, rag.library), then asks the one background worker for a
    # re-index. Queries keep using the served snapshot until the new build is swapped in.

    def add_document(self, prepared, metadata: dict | None = None, tier: str = "uploaded") -> dict:
        """Add a checked upload (rag.ingest.prepare_upload) to corpus/ and schedule a re-index; returns at once.
        The document's tier is recorded in the corpus manifest (`uploaded`: answers label it so)."""
        from .ingest import write_document

        entry = write_document(prepared, metadata, self.settings, tier=tier)
        self.reindex()
        return {"doc_id": entry["doc_id"], "file": entry["file"], "status": "indexing",
                "replaced": entry["replaced"], "encoding": prepared.encoding}

    def remove_document(self, doc_id: str) -> dict:
        """Move a document out of corpus/ into its trash (rag.library) and schedule a re-index; queries
        are answered from the current build, which still holds it, until the new one is swapped in."""
        from .library import remove_document

        result = remove_document(doc_id, self.settings)
        self.reindex()
        return {**result, "status": "indexing"}

    def edit_document(self, doc_id: str, fields: dict[str, object]) -> dict:
        """Change a document's metadata in the manifest and schedule a re-index (nothing is embedded
        again: the vectors of unchanged passages come from the cache)."""
        from .library import edit_metadata

        entry = edit_metadata(doc_id, fields, self.settings)
        self.reindex()
        return {"doc_id": doc_id, "file": entry["file"], "status": "indexing",
                "metadata": {k: entry[k] for k in ("title", "issuer", "number", "date", "script", "short_title")
                             if k in entry}}

    # -- the background re-index worker --------------------------------------------------

    def reindex(self) -> None:
        """Schedule a re-index of corpus/ on the background worker (coalesced with one already pending)."""
        self._reindexer().request()

    def wait_for_index(self, timeout: float | None = None) -> bool:
        """Block until no re-index is running or pending; False on timeout."""
        return self._reindexer().wait_idle(timeout)

    def status(self) -> dict:
        """The served build and the background worker's state (building, pending, last_error …)."""
        index = self.snapshot().index
        return {"build": index.build.name, "built_at": index.manifest.get("built_at"),
                "documents": len(index.documents), "clauses": len(index.clauses), **self._reindexer().status()}

    def _reindexer(self):
        from .reindex import BACKGROUND_BATCH_SIZE, Reindexer

        with self._lock:
            if self._worker is None:
                self._worker = Reindexer(
                    lambda: build_index(self.settings, batch_size=BACKGROUND_BATCH_SIZE), self._swap_in)
            return self._worker

    def _swap_in(self, report) -> str:
        """Serve a finished build — unless corpus/ changed while it was built ("superseded": build again)."""
        served = self._snapshot
        if not report.built and served is not None and report.build == served.index.build:
            return "up to date"
        try:
            snap = Snapshot.load(self.settings, self._current_embedder())
        except IndexStale:
            return "superseded"
        snap.retriever  # noqa: B018 - made (and the policy loaded) now, not by the next request
        snap.policy  # noqa: B018
        with self._lock:
            self._snapshot = snap
        return "swapped"
