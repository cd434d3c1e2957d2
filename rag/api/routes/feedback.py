from __future__ import annotations

from fastapi import APIRouter

from ..deps import AssistantDep
from ..errors import ERROR_RESPONSES
from ..schemas import FeedbackRequest, FeedbackResponse

router = APIRouter(tags=["feedback"])


@router.post("/v1/feedback", response_model=FeedbackResponse, responses=ERROR_RESPONSES)
def feedback(body: FeedbackRequest, assistant: AssistantDep) -> FeedbackResponse:
    """👍 (1) or 👎 (-1) on an answer, by the `id` of an Answer (or a chat completion's `id`) the server
    gave recently, or on a question; appended to the feedback log with the question, the resolved
    question, the answer and its cited clause ids (`rag feedback export` turns the log into candidate
    gold items)."""
    entry = assistant.feedback(body.answer_id, body.rating, body.reason, body.question)
    return FeedbackResponse(recorded=True, answer_id=entry.get("answer_id"), time=str(entry["time"]))
