"""The user's library: take a document out of corpus/ (into a trash kept for a while) and edit a
document's metadata. Uploads are rag.ingest; both write under the same corpus lock.

A removal moves the file (and what was derived from it: `.derived/<file>.txt`, its page record) into
`corpus/.trash/<time>-<file>/` beside a copy of its manifest entry, then drops the entry from the
manifest. Each step is one rename; a crash between the move and the manifest write leaves an entry
naming no file, which the loader ignores (and a later upload of that name reuses its doc_id). Trash
older than `trash_days` is deleted at the next removal; until then `mv corpus/.trash/<…>/<file>
corpus/` (plus the entry) brings a document back.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from .config import Settings
from .corpus import DERIVED_DIR, corpus_files, slug
from .errors import Conflict, NotFound
from .ingest import _fsync_folder, _read_manifest, _recover_locked, _write_manifest, check_metadata, corpus_lock

log = logging.getLogger(__name__)
TRASH_DIR = ".trash"
ENTRY_FILE = "manifest-entry.json"


def _find(corpus_dir: Path, manifest: dict, doc_id: str) -> tuple[Path, dict]:
    by_file = {e.get("file"): e for e in manifest["documents"] if isinstance(e, dict)}
    for path in corpus_files(corpus_dir):
        entry = by_file.get(path.name, {})
        if (entry.get("doc_id") or slug(path.stem)) == doc_id:
            return path, entry
    raise NotFound(f"no document '{doc_id}' in the corpus")


def purge_trash(corpus_dir: Path, older_than_days: float) -> int:
    """Delete trash entries older than the given age; returns how many."""
    trash = corpus_dir / TRASH_DIR
    if not trash.is_dir():
        return 0
    cutoff = time.time() - older_than_days * 86_400
    purged = 0
    for item in trash.iterdir():
        if item.is_dir() and not item.is_symlink() and item.stat().st_mtime < cutoff:
            shutil.rmtree(item, ignore_errors=True)
            purged += 1
    return purged


def remove_document(doc_id: str, settings: Settings) -> dict:
    """Move the document's file out of corpus/ into the trash and drop its manifest entry; returns
    {"doc_id", "file", "trash"} (the trash folder, relative to corpus/). NotFound for an unknown id."""
    corpus_dir = settings.resolved_corpus_dir()
    with corpus_lock(corpus_dir):
        _recover_locked(corpus_dir)
        manifest = _read_manifest(corpus_dir)
        path, entry = _find(corpus_dir, manifest, doc_id)
        if len(corpus_files(corpus_dir)) == 1:
            raise Conflict(f"'{doc_id}' is the only document; add another before removing it (an index needs one)")
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        item = corpus_dir / TRASH_DIR / f"{stamp}-{path.name}"
        item.mkdir(parents=True)
        (item / ENTRY_FILE).write_text(json.dumps({**entry, "file": path.name, "doc_id": doc_id,
                                                   "removed": datetime.now(UTC).isoformat(timespec="seconds")},
                                                  ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(path, item / path.name)  # the document leaves the corpus here
        _fsync_folder(corpus_dir)
        others = [e for e in manifest["documents"] if not (isinstance(e, dict) and e.get("file") == path.name)]
        if len(others) != len(manifest["documents"]):
            _write_manifest(corpus_dir, {**manifest, "documents": others})
        derived = corpus_dir / DERIVED_DIR
        for extra in (derived / f"{path.name}.txt", derived / f"{path.name}.pages.json"):
            if extra.is_file() and not extra.is_symlink():
                os.replace(extra, item / extra.name)
        purged = purge_trash(corpus_dir, settings.trash_days)
    if purged:
        log.info("deleted %d trash entr%s older than %g days", purged, "y" if purged == 1 else "ies",
                 settings.trash_days)
    return {"doc_id": doc_id, "file": path.name, "trash": f"{TRASH_DIR}/{item.name}"}


def edit_metadata(doc_id: str, fields: dict[str, object], settings: Settings) -> dict:
    """Set the given metadata fields (title, issuer, number, date, script, short_title; validated as for uploads; an
    empty string clears a field) in the document's manifest entry; returns the entry."""
    checked = check_metadata({k: v for k, v in fields.items() if v is not None and v != ""})
    cleared = {k for k, v in fields.items() if v == ""}
    check_metadata({k: None for k in cleared})  # unknown names are refused for clearing too
    corpus_dir = settings.resolved_corpus_dir()
    with corpus_lock(corpus_dir):
        _recover_locked(corpus_dir)
        manifest = _read_manifest(corpus_dir)
        path, entry = _find(corpus_dir, manifest, doc_id)
        updated = {**{k: v for k, v in entry.items() if k not in cleared}, "doc_id": doc_id, "file": path.name,
                   **checked, "edited": datetime.now(UTC).isoformat(timespec="seconds")}
        others = [e for e in manifest["documents"] if not (isinstance(e, dict) and e.get("file") == path.name)]
        _write_manifest(corpus_dir, {**manifest, "documents": [*others, updated]})
    return updated
