"""The document texts live in the build (texts.jsonl): quotes are checked against the build being served,
whatever corpus/ holds meanwhile; a damaged texts file is refused like any damaged build file."""

from __future__ import annotations

import os

import pytest

from rag.config import Settings
from rag.index import TEXTS_FILE, IndexCorrupt, build_index
from rag.snapshot import Snapshot

TEXT = "某某措施\n一、对孵化器给予奖励50万元。\n"


def test_texts_come_from_the_build_not_the_corpus(tmp_path):
    (tmp_path / "corpus").mkdir()
    doc = tmp_path / "corpus" / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    settings = Settings(root=tmp_path)
    build_index(settings)
    doc.write_text("完全不同的文字。\n", encoding="utf-8")  # edited after the build
    snap = Snapshot.load(settings, check_fresh=False)
    assert snap.document("a").text == TEXT
    assert all(snap.document(c.doc_id).text[c.start:c.end] == c.text for c in snap.index.clauses)
    doc.unlink()  # even gone
    assert Snapshot.load(settings, check_fresh=False).document("a").text == TEXT


def test_a_damaged_texts_file_is_refused(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(TEXT, encoding="utf-8")
    settings = Settings(root=tmp_path)
    report = build_index(settings)
    texts = report.build / TEXTS_FILE
    os.chmod(texts, 0o644)
    texts.write_text(texts.read_text(encoding="utf-8").replace("50万元", "90万元"), encoding="utf-8")
    with pytest.raises(IndexCorrupt):
        Snapshot.load(settings)
