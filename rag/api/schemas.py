"""Request and response bodies of the HTTP API (Answer, Hit, Citation come from rag.models).

Request fields are strict: top_k must be a JSON integer (not "5", not true), the
question a JSON string. Range and length limits come from Settings and are checked
by the Assistant, so the CLI, the API and the UI refuse the same things.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, StrictInt, StrictStr

from ..models import Clause, Document, DocumentMeta, Hit

TOP_K_DOC = "passages to retrieve, 1..max_top_k (RAG_MAX_TOP_K, default 50); default 5"
DOC_IDS_DOC = "only search these documents (see GET /v1/documents); omitted or empty = all"


class AskRequest(BaseModel):
    question: StrictStr = Field(description="the question, in Chinese or English",
                                examples=["科研人员转化成果能拿多少奖励"])
    top_k: StrictInt | None = Field(None, description=TOP_K_DOC, examples=[5])
    doc_ids: list[StrictStr] | None = Field(None, description=DOC_IDS_DOC)


class SearchRequest(BaseModel):
    query: StrictStr = Field(examples=["科技成果转化 奖励 比例"])
    top_k: StrictInt | None = Field(None, description=TOP_K_DOC, examples=[5])
    doc_ids: list[StrictStr] | None = Field(None, description=DOC_IDS_DOC)
    mode: Literal["hybrid", "dense", "keyword"] = Field("hybrid", description="retrieval mode (extension)")


class SearchResponse(BaseModel):
    query: str
    hits: list[Hit]
    timings_ms: dict[str, float]


class DocumentSummary(DocumentMeta):
    clauses: int = Field(description="number of clauses in the index")


class DocumentDetail(Document):
    clause_ids: list[str] = Field(description="the document's clauses, in document order")


class ClauseDetail(Clause):
    doc_title: str


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    documents: int
    clauses: int
    build: str
    embedder: str


def doc_filter(doc_ids: list[str] | None) -> set[str] | None:
    """An empty list means no filter (as an empty multiselect does in the UI)."""
    return set(doc_ids) if doc_ids else None
