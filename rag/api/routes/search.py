from __future__ import annotations

from fastapi import APIRouter

from ..deps import AssistantDep
from ..errors import ERROR_RESPONSES
from ..schemas import SearchRequest, SearchResponse, doc_filter

router = APIRouter(tags=["search"])


@router.post("/v1/search", response_model=SearchResponse, responses=ERROR_RESPONSES)
def search(body: SearchRequest, assistant: AssistantDep) -> SearchResponse:
    """Retrieval only: the best-matching clauses, best first."""
    found = assistant.search(body.query, body.top_k, mode=body.mode, doc_ids=doc_filter(body.doc_ids, assistant.index.documents, body))
    return SearchResponse(query=found.query, hits=found.hits, timings_ms=found.timings_ms)
