from __future__ import annotations

from collections import Counter

from fastapi import APIRouter

from ..deps import AssistantDep
from ..errors import ERROR_RESPONSES
from ..schemas import ClauseDetail, DocumentDetail, DocumentSummary

router = APIRouter(tags=["documents"])


@router.get("/v1/documents", response_model=list[DocumentSummary], responses=ERROR_RESPONSES)
def list_documents(assistant: AssistantDep) -> list[DocumentSummary]:
    """The indexed documents' metadata (no text)."""
    counts = Counter(c.doc_id for c in assistant.index.clauses)
    return [DocumentSummary(**d.model_dump(), clauses=counts[d.doc_id]) for d in assistant.documents()]


@router.get("/v1/documents/{doc_id}", response_model=DocumentDetail, responses=ERROR_RESPONSES)
def get_document(doc_id: str, assistant: AssistantDep) -> DocumentDetail:
    """One document: metadata and its full text (offsets in citations refer to this text)."""
    doc = assistant.document(doc_id)
    ids = [c.clause_id for c in assistant.index.clauses if c.doc_id == doc_id]
    return DocumentDetail(**doc.model_dump(), clause_ids=ids)


@router.get("/v1/clauses/{clause_id:path}", response_model=ClauseDetail, responses=ERROR_RESPONSES)
def get_clause(clause_id: str, assistant: AssistantDep) -> ClauseDetail:
    """One clause by id (ids contain ':' '.' and brackets; percent-encode them or not)."""
    clause = assistant.clause(clause_id)
    row = assistant.index.row_of(clause_id)
    return ClauseDetail(**clause.model_dump(), doc_title=assistant.index.doc_titles[row])
