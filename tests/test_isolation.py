"""The tests never read or write the user's library (corpus/, index/): they use tests/data/corpus and a
project of their own (tests/live.py), so `make test` passes whatever a user has uploaded."""

from __future__ import annotations

import re
from pathlib import Path

from .live import TEST_CORPUS, TEST_ROOT

TESTS = Path(__file__).resolve().parent
# ways a test could reach the repository's own corpus/ or index/
USER_LIBRARY = re.compile(
    r"""(?<!TEST_)ROOT\s*/\s*["'](?:corpus|index)["']|Settings\(\s*root\s*=\s*ROOT\b|Settings\(\s*\)"""
    r"""|["']RAG_ROOT["']\s*:\s*str\(\s*ROOT\s*\)|chdir\(\s*ROOT\s*\)|start_server\(\s*ROOT\b"""
)


def offending(text: str) -> list[str]:
    return [m.group(0) for m in USER_LIBRARY.finditer(text)]


def test_the_guard_sees_each_way_in():
    samples = ['ROOT / "corpus"', "ROOT/'index'", "Settings(root=ROOT)", "Settings()", '"RAG_ROOT": str(ROOT)',
               "monkeypatch.chdir(ROOT)", "start_server(ROOT, port)"]
    assert all(offending(s) for s in samples)
    assert not offending('TEST_ROOT / "corpus"') and not offending("Settings(root=TEST_ROOT)")


def test_no_test_reaches_the_users_library():
    found = {p.name: hits for p in sorted(TESTS.glob("*.py")) if p.name != Path(__file__).name
             and (hits := offending(p.read_text(encoding="utf-8")))}
    assert found == {}


def test_the_fixture_corpus_is_the_five_seeds_with_their_manifest():
    names = sorted(p.name for p in TEST_CORPUS.iterdir())
    assert len([n for n in names if n.endswith(".txt")]) == 5 and "manifest.json" in names
    assert TEST_ROOT.resolve().is_relative_to(TESTS)
