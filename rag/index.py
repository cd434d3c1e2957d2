"""Build, verify and load the index folder.

Layout (self-describing, no pickle):

    index/CURRENT                  name of the live build (replaced atomically)
    index/<build>/manifest.json    embedder, dimension, store, chunker version, corpus
                                   fingerprint, counts, build time, sha256 of every file
    index/<build>/clauses.jsonl    the clause table; row i = vector i = BM25 document i
    index/<build>/documents.json   document metadata
    index/<build>/texts.jsonl      each document's text as indexed, with its sha256 (quotes are checked against it)
    index/<build>/vectors.faiss    the dense index (or the store's own files)
    index/<build>/bm25/            BM25 arrays (npy + json) and the jieba user terms

A build is written to `index/.tmp-<build>/`, checked, renamed into place, and only
then does CURRENT point at it: a killed build never leaves a broken index, and a
reader never sees a half-built one. Its files are written read-only (0444), and a
loaded build keeps being re-verified while it is served (see rag/integrity.py).

A damaged build (unreadable CURRENT or manifest, a file that fails its checksum) is
reported by `status()` as "corrupt: …", never raised there, so `rag index --force` and
the server's own rebuild can always replace it. Messages name files relative to the
index folder, never by absolute path (they reach API clients).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import stat
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np

from .chunker import CHUNKER_VERSION, chunk
from .config import Settings
from .corpus import DERIVED_DIR, HTML_VERSION, CorpusError, document_file, fingerprint, load_corpus, read_regular_file
from .expand import EXPANSION_VERSION, Expander
from .hashing import sha256_file
from .integrity import Integrity
from .loaders import EXTRACT_VERSION, page_at
from .locks import folder_lock, is_held
from .models import Clause, Document, DocumentMeta
from .normalize import NORMALIZE_VERSION, normalize
from .vector_cache import VectorCache, embedder_key

log = logging.getLogger(__name__)

FORMAT_VERSION = 2  # 2: the document texts are in the build (texts.jsonl)
CURRENT = "CURRENT"
TMP_PREFIX = ".tmp-"
KEEP_OLD_BUILDS = 1
LOCK_NAME = ".build.lock"
TEXTS_FILE = "texts.jsonl"
EXPANSION_FILE = "en2zh.json"
READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH  # 0444: no in-place rewrite of a live build's files
_BUILD_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.-]*")


class IndexError_(RuntimeError):
    """The index is missing, stale, or damaged; the message says what to do."""


class IndexMissing(IndexError_):
    pass


class IndexStale(IndexError_):
    pass


class IndexCorrupt(IndexError_):
    pass


@lru_cache(maxsize=2)
def _build_embedder(backend: str, model: str | None):
    """The embedder builds use, made once per process: loading its tokenizer and session costs ~1 s, a
    tenth of re-indexing after an upload. Builds run one at a time (the build lock); queries use the
    server's own instance (rag.snapshot), so they never wait on a build's."""
    from .embed import make_embedder

    return make_embedder(backend, model)


def paged(clause: Clause, pages: list[int]) -> Clause:
    """The clause with the page it begins on, for a document with pages."""
    return clause.model_copy(update={"page": page_at(pages, clause.start)}) if pages else clause


def passage_text(clause: Clause) -> str:
    """What gets indexed for a clause: its heading path, then its text, normalised."""
    head = " ".join(clause.section_path)
    body = clause.text[len(clause.section_path[-1]) :] if clause.section_path and clause.text.startswith(
        clause.section_path[-1]
    ) else clause.text
    return normalize(f"{head} {body}")


def faiss_index_type(settings: Settings, n_vectors: int) -> str:
    """`auto`: exact search while it is cheap (a few ms below ~50k clauses, measured in evals/bench.py),
    HNSW beyond, where exact search costs tens of ms per question and HNSW keeps Recall@10 ≥ 0.97
    (1M real-shaped vectors, efSearch 256)."""
    if settings.faiss_index != "auto":
        return settings.faiss_index
    return "hnsw" if n_vectors >= settings.faiss_hnsw_from else "flat"


def build_key(settings: Settings, corpus_fp: str) -> dict:
    """Everything that, when changed, makes an existing build out of date."""
    return {
        "format_version": FORMAT_VERSION,
        "chunker_version": CHUNKER_VERSION,
        "html_version": HTML_VERSION,
        "extract_version": EXTRACT_VERSION,
        "expansion_version": EXPANSION_VERSION,
        "normalize_version": NORMALIZE_VERSION,
        "corpus_fingerprint": corpus_fp,
        "max_clause_chars": settings.max_clause_chars,
        "embedder": settings.embedder,
        "embed_model": settings.embed_model,
        "store": settings.store,
        "faiss_index": settings.faiss_index if settings.store == "faiss" else None,
        "faiss_hnsw_from": settings.faiss_hnsw_from if settings.store == "faiss" and settings.faiss_index == "auto" else None,
    }


def _checksums(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): sha256_file(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def current_build(index_dir: Path) -> Path | None:
    """The live build folder, or None when CURRENT is absent, unreadable or names no build folder
    (a damaged pointer is the same as no index: the next build replaces it)."""
    pointer = index_dir / CURRENT
    try:
        name = pointer.read_text(encoding="utf-8").strip() if pointer.is_file() else ""
    except (OSError, UnicodeDecodeError):
        return None
    if not _BUILD_NAME.fullmatch(name):
        return None
    build = index_dir / name
    return build if build.is_dir() and not build.is_symlink() else None


def read_manifest(build: Path) -> dict:
    """The build's manifest; IndexCorrupt (one line) when it is unreadable or not shaped like one."""
    try:
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        reason = e.strerror if isinstance(e, OSError) else type(e).__name__
        raise IndexCorrupt(f"{build.name}/manifest.json is unreadable ({reason}); run `rag index --force`") from None
    checksums = manifest.get("checksums") if isinstance(manifest, dict) else None
    if (not isinstance(checksums, dict) or not all(isinstance(v, str) for v in checksums.values())
            or not isinstance(manifest.get("store"), dict) or not isinstance(manifest.get("counts"), dict)):
        raise IndexCorrupt(f"{build.name}/manifest.json is not a valid manifest; run `rag index --force`")
    if any(Path(name).is_absolute() or ".." in Path(name).parts for name in checksums):
        raise IndexCorrupt(f"{build.name}/manifest.json names files outside its build; run `rag index --force`")
    return manifest


def verify(build: Path, manifest: dict) -> Integrity:
    """Raise IndexCorrupt if any file is missing, truncated or altered; else the verified state."""
    integrity = Integrity(build, manifest.get("checksums", {}))
    problem = integrity.verify_all()
    if problem:
        raise IndexCorrupt(f"{problem}; run `rag index --force`")
    return integrity


@dataclass
class BuildReport:
    built: bool
    build: Path
    documents: int
    clauses: int
    seconds: float
    reason: str


def status(settings: Settings) -> tuple[str, Path | None]:
    """('current' | 'stale' | 'missing' | 'corrupt: …', build)."""
    index_dir = settings.resolved_index_dir()
    build = current_build(index_dir)
    if build is None:
        return "missing", None
    try:
        manifest = read_manifest(build)
    except IndexCorrupt as e:  # reported, not raised: a rebuild (`rag index --force`, the server) replaces it
        return f"corrupt: {e}", build
    key = build_key(settings, fingerprint(settings.resolved_corpus_dir()))
    if manifest.get("key") != key:
        return "stale", build
    try:
        verify(build, manifest)
    except IndexCorrupt as e:
        return f"corrupt: {e}", build
    return "current", build


def build_index(
    settings: Settings,
    force: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    batch_size: int | None = None,
) -> BuildReport:
    """(Re)build the index unless it is current; a build already running elsewhere is waited for
    (and usually makes this call a no-op). See `_build_index_locked`."""
    from .ingest import recover_uploads

    # an upload interrupted by a crash is finished (or its staged file dropped) before the corpus is read
    if settings.resolved_corpus_dir().is_dir():
        recover_uploads(settings.resolved_corpus_dir())
    # One build at a time per index folder: a second builder's clean-up of temporary folders
    # would otherwise delete a first builder's folder while it is being written.
    with folder_lock(settings.resolved_index_dir(), LOCK_NAME):
        return _build_index_locked(settings, force, progress, batch_size)


def _build_index_locked(
    settings: Settings,
    force: bool,
    progress: Callable[[str, int, int], None] | None,
    batch_size: int | None,
) -> BuildReport:
    """(Re)build the index unless it is current. `progress(stage, done, total)` reports embedding.

    `batch_size` passages are embedded per call (None: the embedder's own measured choice); the
    embedding engine is shared with queries one call at a time, so a background re-index uses
    small batches to let queries in between."""
    from .expand import build as build_expander
    from .keyword import KeywordIndex, corpus_terms
    from .store import create_store

    started = time.perf_counter()
    index_dir = settings.resolved_index_dir()
    state, build = status(settings)
    if state == "current" and not force:
        manifest = read_manifest(build)
        return BuildReport(False, build, manifest["counts"]["documents"], manifest["counts"]["clauses"], 0.0,
                           "index is current")

    corpus_dir = settings.resolved_corpus_dir()
    corpus_fp = fingerprint(corpus_dir)
    docs = load_corpus(corpus_dir, settings.root)
    clauses = [paged(c, d.pages) for d in docs for c in chunk(d.doc_id, d.text, settings.max_clause_chars)]
    if not clauses:  # (bm25s cannot index nothing; an empty build would answer nothing anyway)
        raise CorpusError(f"{corpus_dir.name}/ holds no document with text; add one (`rag add FILE`)")
    passages = [passage_text(c) for c in clauses]

    embedder = _build_embedder(settings.embedder, settings.embed_model)
    done, to_embed = 0, len(passages)

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("embed", done, to_embed)

    def embed(todo: list[str]) -> np.ndarray:
        nonlocal to_embed
        to_embed = len(todo)
        return embedder.encode_passages(todo, batch_size=batch_size, progress=tick)

    def keyword_side():
        headings = {c.section_path[-1] for c in clauses if c.section_path}
        keyword = KeywordIndex.build(passages, corpus_terms((d.text for d in docs), headings))
        # Title words too: English questions name documents ("the Zhongguancun opinion" → 意见), and a
        # clause's title is part of the context its sentences are judged in.
        titles = {w for d in docs for w in keyword.tokenizer.words(normalize(d.title))}
        return keyword, build_expander(keyword.vocabulary() | titles)

    # The keyword side (jieba, CC-CEDICT: pure Python) is built while the embedder, which releases
    # the GIL, encodes: several seconds off every build.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="keyword-build") as pool:
        keyword_future = pool.submit(keyword_side)
        embedded = 0
        if not passages:
            vectors = np.zeros((0, embedder.dim), "f4")
        elif settings.vector_cache:  # only passages no earlier build embedded (rag.vector_cache)
            cache = VectorCache(index_dir, *embedder_key(embedder, settings.embedder, settings.embed_model))
            vectors, embedded = cache.encode(passages, embed)
        else:
            vectors, embedded = embed(passages), len(passages)
        keyword, expander = keyword_future.result()

    name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") + f"-{corpus_fp[:8]}"
    index_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_tmp(index_dir)
    tmp = index_dir / f"{TMP_PREFIX}{name}"
    tmp.mkdir()
    store = None
    try:
        store = create_store(settings.store, embedder.dim, folder=tmp, index_type=faiss_index_type(settings, len(vectors)),
                             uri=settings.milvus_uri)
        store.add(vectors)
        store_options = store.save(tmp)
        store.close()
        titles = {d.doc_id: d.title for d in docs}
        keyword.save(tmp / "bm25")
        expander.save(tmp / "bm25" / EXPANSION_FILE)
        with (tmp / "clauses.jsonl").open("w", encoding="utf-8") as f:
            for c in clauses:
                f.write(json.dumps({**c.model_dump(), "doc_title": titles[c.doc_id]}, ensure_ascii=False) + "\n")
        with (tmp / TEXTS_FILE).open("w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps({"doc_id": d.doc_id, "sha256": hashlib.sha256(d.text.encode("utf-8")).hexdigest(),
                                    "text": d.text}, ensure_ascii=False) + "\n")
        (tmp / "documents.json").write_text(
            json.dumps([DocumentMeta(**d.model_dump(exclude={"text"})).model_dump() for d in docs],
                       ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        seconds = time.perf_counter() - started
        manifest = {
            "key": build_key(settings, corpus_fp),
            "embedder": {"name": embedder.name, "dim": embedder.dim, "backend": settings.embedder,
                         "model": settings.embed_model},
            "store": {"kind": settings.store, "options": store_options},
            "counts": {"documents": len(docs), "clauses": len(clauses), "embedded": embedded},
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "build_seconds": round(seconds, 2),
            "checksums": _checksums(tmp),
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        _make_read_only(tmp, manifest["checksums"])
        final = index_dir / name
        os.replace(tmp, final)
        _point_current_at(index_dir, name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if store is not None and hasattr(store, "drop") and settings.milvus_uri:
            try:
                store.drop()  # the failed build's collection on the server
            except Exception as e:  # the original error matters more
                log.warning("could not drop the failed build's Milvus collection: %s", e)
        raise
    _prune_old_builds(index_dir, keep={name})
    return BuildReport(True, final, len(docs), len(clauses), seconds, state)


def _make_read_only(build: Path, checksums: dict[str, str]) -> None:
    """0444 on the build's files, so no one rewrites a served file in place by accident (a memory-mapped
    file rewritten or truncated under a reader would corrupt answers or kill it). Folders stay writable:
    pruning an old build deletes files, which a read-only file does not prevent and which a reader
    survives. A Milvus Lite database is left as it is (its server opens it for writing)."""
    for name in [*checksums, "manifest.json"]:
        if not name.startswith("milvus.db"):
            os.chmod(build / name, READ_ONLY)


def _point_current_at(index_dir: Path, name: str) -> None:
    pointer_tmp = index_dir / f"{TMP_PREFIX}{CURRENT}"
    pointer_tmp.write_text(name + "\n", encoding="utf-8")
    os.replace(pointer_tmp, index_dir / CURRENT)  # atomic: readers see the old or the new build


def _remove_stale_tmp(index_dir: Path) -> None:
    for p in index_dir.glob(f"{TMP_PREFIX}*"):
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)


def _prune_old_builds(index_dir: Path, keep: set[str]) -> None:
    """Keep the live build and the one before it (a server may still be reading that one)."""
    builds = sorted(p for p in index_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    old = [p for p in builds if p.name not in keep]
    for p in old[:-KEEP_OLD_BUILDS] if KEEP_OLD_BUILDS else old:
        _release_external(p)
        shutil.rmtree(p, ignore_errors=True)


def _release_external(build: Path) -> None:
    """Drop what a build keeps outside its folder (a Milvus server collection) before deleting it."""
    from .store import release_store

    try:
        store = json.loads((build / "manifest.json").read_text(encoding="utf-8")).get("store", {})
        if release_store(store.get("kind", ""), store.get("options") or {}):
            log.info("dropped the Milvus collection of pruned build %s", build.name)
    except Exception as e:  # an unreadable manifest or an unreachable server must not stop a build
        log.warning("could not release the store of pruned build %s: %s", build.name, e)


@dataclass
class LoadedIndex:
    build: Path
    manifest: dict
    clauses: list[Clause]
    doc_titles: list[str]  # per clause row
    documents: dict[str, DocumentMeta]
    store: object
    keyword: object
    expander: Expander
    integrity: Integrity | None = None  # None: made in memory (evals), not loaded from a build

    def check_integrity(self) -> str | None:
        """Cheap re-verification of the build's files (see rag/integrity.py); None while intact."""
        return None if self.integrity is None else self.integrity.check()

    def row_of(self, clause_id: str) -> int | None:
        return self._rows.get(clause_id)

    def normalised_text(self, row: int) -> str:
        """A clause's text normalised like questions (tw2sp …), computed once per row on demand."""
        text = self._normalised.get(row)
        if text is None:
            text = self._normalised[row] = normalize(self.clauses[row].text)
        return text

    def __post_init__(self) -> None:
        self._rows = {c.clause_id: i for i, c in enumerate(self.clauses)}
        self._normalised: dict[int, str] = {}


def _advice(index_dir: Path) -> str:
    """What to do about a missing or stale index: wait when a build is running (a server re-indexing
    after an upload, or another `rag index`), else build one."""
    if is_held(index_dir, LOCK_NAME):
        return "a build is running now (a server re-indexing, or another `rag index`); try again when it ends"
    return "run `rag index`"


def load_index(settings: Settings, check_fresh: bool = True) -> LoadedIndex:
    """Load the current build after verifying every checksum. Files below `index_mmap_min_bytes` are
    read into memory (nothing served depends on the files afterwards); larger ones are memory-mapped
    and guarded (see rag/integrity.py). Any damage is IndexCorrupt with a one-line message."""
    index_dir = settings.resolved_index_dir()
    build = current_build(index_dir)
    if build is None:
        raise IndexMissing(f"no index in {index_dir.name}/; {_advice(index_dir)}")
    manifest = read_manifest(build)
    if check_fresh and manifest.get("key") != build_key(settings, fingerprint(settings.resolved_corpus_dir())):
        raise IndexStale(f"the index is out of date with the corpus or the settings; {_advice(index_dir)}")
    integrity = verify(build, manifest)
    try:
        index = _read_build(build, manifest, integrity, settings.index_mmap_min_bytes)
    except IndexCorrupt:
        raise
    except Exception as e:  # checksums passed, yet the files do not load: a build this code cannot read
        raise IndexCorrupt(f"{build.name}: cannot be loaded ({type(e).__name__}); run `rag index --force`") from e
    problem = integrity.check()  # a file rewritten while it was being read
    if problem:
        raise IndexCorrupt(f"{problem}; run `rag index --force`")
    return index


def _read_build(build: Path, manifest: dict, integrity: Integrity, mmap_min_bytes: int) -> LoadedIndex:
    from .expand import Expander
    from .keyword import KeywordIndex
    from .store import load_store

    clauses, titles = [], []
    with (build / "clauses.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            titles.append(row.pop("doc_title"))
            clauses.append(Clause(**row))
    documents = {d["doc_id"]: DocumentMeta(**d) for d in json.loads((build / "documents.json").read_text("utf-8"))}
    kind, options = manifest["store"]["kind"], manifest["store"]["options"]
    store_bytes = sum((build / n).stat().st_size for n in manifest["checksums"] if "/" not in n and n.endswith(".faiss"))
    store = load_store(kind, build, options, mmap=store_bytes >= mmap_min_bytes)
    bm25_bytes = sum((build / n).stat().st_size for n in manifest["checksums"] if n.startswith("bm25/") and n.endswith(".npy"))
    keyword = KeywordIndex.load(build / "bm25", mmap=bm25_bytes >= mmap_min_bytes)
    expander = Expander.load(build / "bm25" / EXPANSION_FILE)
    if store.count() != len(clauses) or keyword.n_docs != len(clauses):
        raise IndexCorrupt(f"{build.name}: vector/keyword/clause counts disagree; run `rag index --force`")
    integrity.guard(part for part in (store, keyword) if getattr(part, "mapped", False))
    return LoadedIndex(build, manifest, clauses, titles, documents, store, keyword, expander, integrity)


def load_documents(index: LoadedIndex, settings: Settings) -> dict[str, Document]:
    """Full documents (with text) for quoting: the texts the build was made from (texts.jsonl, covered by
    its checksums), so quotes are checked against the build being served whatever corpus/ holds now.
    A build made before texts were kept reads the corpus files (never through a symbolic link)."""
    texts_path = index.build / TEXTS_FILE
    if texts_path.is_file():
        texts = {}
        with texts_path.open(encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                if hashlib.sha256(row["text"].encode("utf-8")).hexdigest() != row["sha256"]:
                    raise IndexCorrupt(f"the text of '{row['doc_id']}' in the build does not match its sha256; "
                                       "run `rag index --force`")
                texts[row["doc_id"]] = row["text"]
        return {d: Document(**meta.model_dump(), text=texts[d]) for d, meta in index.documents.items()}
    docs = {}
    corpus_dir = settings.resolved_corpus_dir()
    for meta in index.documents.values():
        path = document_file(meta.path, settings.root, corpus_dir)
        data = read_regular_file(path, in_derived=path.parent.name == DERIVED_DIR)
        docs[meta.doc_id] = Document(**meta.model_dump(), text=data.decode("utf-8"))
    return docs
