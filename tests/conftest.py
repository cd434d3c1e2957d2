from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


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
    """The real project index (built if missing), opened per module and warmed up. Modules that
    need other settings define their own `assistant`."""
    from rag.assistant import Assistant
    from rag.config import Settings

    a = Assistant.open(Settings(root=ROOT), build_if_needed=True)
    a.warm_up()
    return a


def doc_by_file(docs, prefix: str):
    return next(d for d in docs.values() if Path(d.path).name.startswith(prefix))
