from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .live import TEST_CORPUS, TEST_ROOT, prepare_test_root

ROOT = Path(__file__).resolve().parents[1]
CORPUS = TEST_CORPUS  # never the user's corpus/ (tests/live.py)
prepare_test_root()


@pytest.fixture(scope="session")
def docs():
    from rag.corpus import load_corpus

    return {d.doc_id: d for d in load_corpus(CORPUS, ROOT)}


@pytest.fixture(scope="session")
def clauses(docs):
    from rag.chunker import chunk

    return {doc_id: chunk(doc_id, d.text) for doc_id, d in docs.items()}


@pytest.fixture(scope="module")
def assistant():
    """The tests' project index (tests/live.py; built if missing), opened per module and warmed up. Modules that
    need other settings define their own `assistant`."""
    from rag.assistant import Assistant
    from rag.config import Settings

    a = Assistant.open(Settings(root=TEST_ROOT), build_if_needed=True)
    a.warm_up()
    return a


def doc_by_file(docs, prefix: str):
    return next(d for d in docs.values() if Path(d.path).name.startswith(prefix))


def copy_corpus(source: Path, files, dest: Path) -> Path:
    """A corpus folder at `dest` holding `files` of `source` and their manifest entries (the user's
    corpus/ is never a test fixture)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in files:
        shutil.copyfile(source / name, dest / name)
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"] = [e for e in manifest["documents"] if e["file"] in files]
    (dest / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return dest
