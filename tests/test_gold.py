"""Validate the offline evaluation gold set (evals/gold.jsonl).

Only the standard library is needed; `opencc` is used for an extra
normalised check when it is importable, never required.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "evals" / "gold.jsonl"
CORPUS = ROOT / "corpus"

SEED_FILES = [
    "000_571a2a0449ec3df3.txt",
    "001_4f30f2466e06189e.txt",
    "002_c64e5697c0ba8c7d.txt",
    "003_470e4124bf83ee45.txt",
    "004_61ad411d8b1f8f89.txt",
]
KEYS = {"id", "question", "lang", "answerable", "seed", "evidence",
        "answer_any", "answer_all", "kind"}
LANGS = {"zh-Hans", "zh-Hant", "en"}
KINDS = {"fact", "number", "list", "who", "when", "where", "how",
         "multi-doc", "unanswerable"}

# Roughly 55 % / 15 % / 20 %; the bands leave room for the remainder.
LANG_SHARE = {"zh-Hans": (0.45, 0.68), "zh-Hant": (0.10, 0.25), "en": (0.15, 0.32)}


def _load_items() -> list[dict]:
    items = []
    with GOLD.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:  # pragma: no cover - reported by the test
                pytest.fail(f"line {n} is not valid JSON: {exc}")
    return items


@pytest.fixture(scope="module")
def items() -> list[dict]:
    assert GOLD.is_file(), f"missing {GOLD}"
    return _load_items()


@pytest.fixture(scope="module")
def corpus_texts() -> dict[str, str]:
    missing = [f for f in SEED_FILES if not (CORPUS / f).is_file()]
    if missing:
        pytest.skip(f"corpus/ lacks {missing}")
    return {f: (CORPUS / f).read_text(encoding="utf-8") for f in SEED_FILES}


def _seeds(item: dict) -> list[str]:
    seed = item["seed"]
    if seed is None:
        return []
    return list(seed) if isinstance(seed, list) else [seed]


def _is_str_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) and x.strip() for x in value)


def test_every_line_parses_and_is_an_object():
    assert GOLD.is_file(), f"missing {GOLD}"
    with GOLD.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            assert line.strip(), f"blank line {n}"
            assert isinstance(json.loads(line), dict), f"line {n} is not an object"


def test_schema(items):
    for it in items:
        where = it.get("id", "?")
        assert set(it) == KEYS, f"{where}: keys {sorted(set(it) ^ KEYS)}"
        assert isinstance(it["id"], str) and re.fullmatch(r"g\d{3,}", it["id"]), where
        assert isinstance(it["question"], str) and it["question"].strip(), where
        assert it["lang"] in LANGS, where
        assert isinstance(it["answerable"], bool), where
        assert it["kind"] in KINDS, where
        for key in ("evidence", "answer_any", "answer_all"):
            assert _is_str_list(it[key]), f"{where}: {key} must be a list of non-empty strings"
        seed = it["seed"]
        assert seed is None or isinstance(seed, str) or (
            isinstance(seed, list) and seed and all(isinstance(s, str) for s in seed)), where
        for s in _seeds(it):
            assert s in SEED_FILES, f"{where}: unknown seed {s}"


def test_answerable_and_unanswerable_shapes(items):
    for it in items:
        where = it["id"]
        if it["answerable"]:
            assert it["kind"] != "unanswerable", where
            assert _seeds(it), f"{where}: answerable item needs a seed"
            assert it["evidence"], f"{where}: answerable item needs evidence"
            assert it["answer_any"] or it["answer_all"], f"{where}: needs answer keys"
        else:
            assert it["kind"] == "unanswerable", where
            assert it["seed"] is None, where
            assert it["evidence"] == [] and it["answer_any"] == [] and it["answer_all"] == [], where
        if it["kind"] == "multi-doc":
            assert isinstance(it["seed"], list) and len(set(it["seed"])) >= 2, where


def test_ids_and_questions_unique(items):
    ids = [it["id"] for it in items]
    assert len(ids) == len(set(ids)), [i for i, c in Counter(ids).items() if c > 1]
    questions = [re.sub(r"\s+", "", it["question"]) for it in items]
    dup = [q for q, c in Counter(questions).items() if c > 1]
    assert not dup, dup


def test_counts(items):
    n = len(items)
    assert n >= 150, n
    assert sum(not it["answerable"] for it in items) >= 15
    assert sum(it["kind"] == "multi-doc" for it in items) >= 3
    langs = Counter(it["lang"] for it in items)
    for lang, (lo, hi) in LANG_SHARE.items():
        share = langs[lang] / n
        assert lo <= share <= hi, f"{lang}: {share:.2f} not in [{lo}, {hi}]"


def test_every_seed_file_covered(items):
    covered = Counter(s for it in items for s in _seeds(it))
    for f in SEED_FILES:
        assert covered[f] >= 5, f"{f} covered by only {covered[f]} items"


def test_evidence_spans_are_verbatim(items, corpus_texts):
    problems = []
    for it in items:
        seeds = _seeds(it)
        for span in it["evidence"]:
            if not any(span in corpus_texts[s] for s in seeds):
                problems.append((it["id"], span))
    assert not problems, problems


def test_multi_doc_evidence_touches_every_seed(items, corpus_texts):
    for it in items:
        if it["kind"] != "multi-doc":
            continue
        for s in it["seed"]:
            assert any(span in corpus_texts[s] for span in it["evidence"]), (it["id"], s)


def test_evidence_spans_avoid_line_breaks_and_furniture(items):
    for it in items:
        for span in it["evidence"]:
            assert "\n" not in span, (it["id"], span)
            assert "-10-" not in span, (it["id"], span)
            assert 4 <= len(span) <= 80, (it["id"], span)


def test_answer_keys_occur_in_seed_text(items, corpus_texts):
    """Keys must be the documents' own wording (after Simplified conversion)."""
    opencc = pytest.importorskip("opencc")
    cc = opencc.OpenCC("t2s")

    def norm(s: str) -> str:
        return re.sub(r"\s+", "", cc.convert(s))

    texts = {f: norm(t) for f, t in corpus_texts.items()}
    problems = []
    for it in items:
        if not it["answerable"]:
            continue
        text = "".join(texts[s] for s in _seeds(it))
        for key in it["answer_all"]:
            if norm(key) not in text:
                problems.append((it["id"], "all", key))
        if it["answer_any"] and not any(norm(k) in text for k in it["answer_any"]):
            problems.append((it["id"], "any", it["answer_any"]))
    assert not problems, problems
