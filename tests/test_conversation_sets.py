"""Validate the conversation sets (evals/conversations*.jsonl, the CONTRACT's conversation items): each line an
object with the contract's keys, ids unique, the last turn the follow-up (no assistant reply), answerable
items' evidence verbatim in their seed document, unanswerable ones with none."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .test_gold import ROOT, SEED_FILES

KEYS = {"id", "lang", "turns", "followup", "answerable", "evidence", "answer_any", "answer_all", "kind"}
KINDS = {"ellipsis", "pronoun", "swap", "slot", "refinement", "standalone", "unanswerable"}
FILES = sorted((ROOT / "evals").glob("conversations*.jsonl"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, str]:
    texts = {}
    for f in SEED_FILES:
        path = ROOT / "tests" / "data" / "corpus" / f
        if not path.is_file():
            path = ROOT.parent / "shared" / "corpus-seeds" / f
        if not path.is_file():
            pytest.skip(f"{f} is in neither tests/data/corpus nor ../shared/corpus-seeds")
        texts[f] = _squash(path.read_text(encoding="utf-8"))
    return texts


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_a_conversation_set_keeps_the_contract(path: Path, seed_texts: dict[str, str]):
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert items and len({it["id"] for it in items}) == len(items)
    problems = []
    for it in items:
        if not KEYS <= set(it) or it["kind"] not in KINDS or it["lang"] not in {"zh-Hans", "zh-Hant", "en"}:
            problems.append((it.get("id"), "keys, kind or lang"))
            continue
        turns = it["turns"]
        if len(turns) < 2 or turns[-1].get("assistant") is not None or not all(t.get("user") for t in turns):
            problems.append((it["id"], "turns"))
        if it["answerable"]:
            seeds = it.get("seed") or []
            seeds = seeds if isinstance(seeds, list) else [seeds]
            if not it["evidence"] or not all(
                    any(_squash(span) in seed_texts.get(s, "") for s in seeds) for span in it["evidence"]):
                problems.append((it["id"], "evidence not in its seed"))
        elif it["evidence"] or it["answer_any"] or it["answer_all"]:
            problems.append((it["id"], "an unanswerable item with answers"))
    assert not problems, problems
