"""Which documents a question is asked of: by id, by issuer, by kind and by date of issue — policies are
searched by who issued them and when. The filters combine (all must hold) into the set of doc_ids
retrieval is restricted to (the `doc_ids` machinery); a document without an issue date never matches
a date filter (its date is unknown, not in range)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import NotFound
from .models import DocumentMeta
from .normalize import normalize


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return json.loads((Path(__file__).parent / "lexicons" / "doctypes.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _types() -> tuple[str, ...]:
    return tuple(_lexicon()["types"])


def english_kinds(word: str) -> tuple[str, ...]:
    """The Chinese kinds an English document word may stand for (regulation(s) → 条例, 规定, 办法); () if none."""
    names = _lexicon()["english"]
    word = word.lower()
    return tuple(names.get(word) or names.get(word + "s") or names.get(word.rstrip("s")) or ())


_BRACKETS_RE = re.compile(r"[(（][^()（）]*[)）]\s*$")


def doc_type(title: str) -> str | None:
    """The kind of document a title names: 关于印发《…规划》的通知(下) → 通知; 洛阳市科学技术进步条例 → 条例."""
    text = normalize(title).strip()
    while _BRACKETS_RE.search(text):  # trailing notes: (下), (节选:…), (2016—2018年)
        text = _BRACKETS_RE.sub("", text).strip()
    text = re.sub(r"《[^《》]*》", "", text) if not text.endswith("》") else text.strip("《》")
    # the kind ending last, the longer on a tie (办法, not 法)
    best = max(((text.rfind(t) + len(t), len(t), t) for t in _types() if t in text), default=None)
    return best[2] if best else None


@dataclass(frozen=True)
class DocFilter:
    issuers: tuple[str, ...] = ()  # parts of issuers' names (市科学技术局, 北京市人民政府): any of them
    doc_type: str | None = None  # one of doctypes.json's kinds
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None

    def __bool__(self) -> bool:
        return any((self.issuers, self.doc_type, self.date_from, self.date_to))

    def matches(self, doc: DocumentMeta) -> bool:
        named = normalize(f"{doc.issuer or ''}{doc.title}")  # (a title often names its issuer: 北京市人民政府关于…)
        if self.issuers and not any(normalize(i) in named for i in self.issuers):
            return False
        if self.doc_type and doc_type(doc.title) != self.doc_type:
            return False
        if self.date_from or self.date_to:
            if not doc.date:
                return False
            if (self.date_from and doc.date < self.date_from) or (self.date_to and doc.date[:len(self.date_to)] > self.date_to):
                return False
        return True

    def describe(self) -> str:
        parts = {"issuers": "|".join(self.issuers), "doc_type": self.doc_type, "date_from": self.date_from, "date_to": self.date_to}
        return ", ".join(f"{k}={v}" for k, v in parts.items() if v)


def select(documents: Mapping[str, DocumentMeta], doc_ids: set[str] | None, wanted: DocFilter) -> set[str] | None:
    """The doc_ids to answer from (None: all); NotFound when no document passes the filters."""
    if not wanted:
        return doc_ids
    chosen = {d for d, doc in documents.items() if (doc_ids is None or d in doc_ids) and wanted.matches(doc)}
    if not chosen:
        raise NotFound(f"no document matches the filters ({wanted.describe()}); see GET /v1/documents")
    return chosen
