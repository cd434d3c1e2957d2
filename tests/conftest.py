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


def doc_by_file(docs, prefix: str):
    return next(d for d in docs.values() if Path(d.path).name.startswith(prefix))
