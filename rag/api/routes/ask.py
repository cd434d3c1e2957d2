from __future__ import annotations

from fastapi import APIRouter

from ...models import Answer
from ..deps import AssistantDep
from ..errors import ERROR_RESPONSES
from ..schemas import AskRequest, doc_filter

router = APIRouter(tags=["ask"])


@router.post("/v1/ask", response_model=Answer, responses=ERROR_RESPONSES)
def ask(body: AskRequest, assistant: AssistantDep) -> Answer:
    """Answer from the documents with numbered, verified citations — or `answered: false`."""
    return assistant.ask(body.question, body.top_k, doc_ids=doc_filter(body.doc_ids, assistant.index.documents, body),
                         history=body.turns())
