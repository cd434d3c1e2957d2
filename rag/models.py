"""The core types every layer shares: Document, Clause, Hit, Citation, Answer.

They are flat and serialisable (pydantic), so the CLI, the HTTP API, the UI and
the evaluation all exchange exactly the shapes fixed in CONTRACT.md.
"""

from __future__ import annotations

import re
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

MARKER_RE = re.compile(r"\[(\d+)\]")

# Where a document came from: `official` (the shipped corpus and files an administrator adds
# with `rag add` or by hand) or `uploaded` (POST /v1/documents). Answers label uploaded sources.
Tier = Literal["official", "uploaded"]


class DocumentMeta(BaseModel):
    """What the manifest says about one source document (no text)."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    title: str
    path: str  # relative to the repository root; offsets refer to this file's UTF-8 text
    issuer: str | None = None
    number: str | None = None  # document number, e.g. 京政办发〔2016〕50号
    date: str | None = None  # ISO date of issue
    short_title: str | None = None  # the name answers lead with (default: rag.answer.messages.short_name(title))
    script: str = "zh-Hans"  # zh-Hans | zh-Hant
    source: str | None = None
    notes: str | None = None
    tier: Tier = "official"
    pages: list[int] = Field(default_factory=list)  # offset where each page begins (PDF, scans); [] = no pages


class Document(DocumentMeta):
    """A loaded document: metadata plus its text exactly as stored."""

    text: str = Field(repr=False)


class Clause(BaseModel):
    """One clause of a document, with exact character offsets into its text."""

    model_config = ConfigDict(frozen=True)

    clause_id: str
    doc_id: str
    section_path: list[str]
    text: str
    start: int
    end: int
    level: int = 0  # depth in the heading tree; 0 = preamble / top
    parent: str | None = None  # clause_id of the enclosing heading's clause
    part: int = 0  # >0 when a long clause was split; parts share section_path
    page: int | None = None  # 1-based page where the clause begins (PDF, scans); None for unpaged text

    @model_validator(mode="after")
    def _span_matches_length(self) -> Clause:
        if self.end - self.start != len(self.text) or self.start < 0:
            raise ValueError(f"clause {self.clause_id}: offsets {self.start}..{self.end} do not fit its text")
        return self


class Hit(BaseModel):
    """A retrieved clause. `score` is the fused retrieval score (higher is better); `dense_score` the
    cosine of the question's and the clause's vectors when the dense side found the clause."""

    clause_id: str
    doc_id: str
    doc_title: str
    section_path: list[str]
    text: str
    start: int
    end: int
    score: float
    dense_score: float | None = None
    tier: Tier = "official"  # the document's source tier
    # the clause contains instruction-like text ("ignore previous instructions"); those sentences
    # are never quoted in an answer (rag.answer.instructions)
    flagged: bool = False
    page: int | None = None  # 1-based page where the clause begins (documents with pages)


class Citation(BaseModel):
    """A marker [n] in an answer and the verbatim source text it stands for."""

    n: int
    clause_id: str
    doc_id: str
    doc_title: str
    section_path: list[str]
    quote: str
    start: int
    end: int
    tier: Tier = "official"  # `uploaded`: the answer labels this source "(uploaded, not official)"
    page: int | None = None  # 1-based page where the quote begins (documents with pages: PDF, scans)
    # `document`: a document-level fact cited from the document record (rag.answer.docfacts); `field`
    # names it (issuer, number, date, posted, effective, title). Its quote is the record's value: read
    # from a record line of the text (start/end are its offsets) or from the manifest (start = end = 0).
    kind: Literal["clause", "document"] = "clause"
    field: str | None = None


class ShortAnswer(BaseModel):
    """The asked-for value as the document writes it (不低于百分之七十, 10万元, 2016年11月29日, 是/否), its
    English rendering for English questions, and the marker of the citation whose quote holds it."""

    text: str
    text_en: str | None = None
    citation: int


class Answer(BaseModel):
    # names this answer for feedback (POST /v1/feedback); the server remembers its latest answers
    id: str = Field(default_factory=lambda: f"ans-{uuid.uuid4().hex[:20]}")
    question: str
    answer: str
    answered: bool
    citations: list[Citation] = Field(default_factory=list)
    hits: list[Hit] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    meta: dict[str, object] = Field(default_factory=dict)
    short_answer: ShortAnswer | None = None
    # the standalone question a follow-up was answered as ("那廊坊呢？" → "廊坊的…是多少？"); None when
    # the question was answered as typed
    resolved_question: str | None = None

    @model_validator(mode="after")
    def _markers_match_citations(self) -> Answer:
        used = {int(m) for m in MARKER_RE.findall(self.answer)}
        cited = {c.n for c in self.citations}
        if used != cited:
            raise ValueError(f"answer markers {sorted(used)} do not match citations {sorted(cited)}")
        short = self.short_answer
        if short is not None:
            quote = next((c.quote for c in self.citations if c.n == short.citation), None)
            if quote is None or (short.text not in ("是", "否") and short.text not in quote):
                raise ValueError(f"short answer {short.text!r} is not in its cited quote")
        return self
