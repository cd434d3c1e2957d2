from __future__ import annotations

from fastapi import APIRouter, Request

from ..deps import ready_assistant
from ..errors import ERROR_RESPONSES
from ..schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, responses={503: ERROR_RESPONSES[503]})
def healthz(request: Request) -> Health:
    """200 once the index is loaded and the models are warm; 503 before (or if loading failed)."""
    index = ready_assistant(request.app).index
    manifest = index.manifest
    return Health(documents=len(index.documents), clauses=len(index.clauses), build=index.build.name,
                  embedder=manifest.get("embedder", {}).get("name", "?"))
