from __future__ import annotations

from fastapi import APIRouter, Request

from ...corpus import without_paths
from ...errors import NotReady
from ..deps import ready_assistant
from ..errors import ERROR_RESPONSES
from ..schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, responses={503: ERROR_RESPONSES[503]})
def healthz(request: Request) -> Health:
    """200 once the index is loaded and the models are warm; 503 before, if loading failed, or when the
    served build's files no longer match their checksums (the server is then rebuilding it).

    /healthz is open even when an API key is set, so its messages never include a server path."""
    try:
        index = ready_assistant(request.app).index
    except NotReady as e:
        raise NotReady(without_paths(e.message)) from None
    problem = index.check_integrity()  # a stat per file; a sha256 only for a file that moved
    if problem:
        raise NotReady(f"the index failed verification ({problem}); it is being rebuilt")
    manifest = index.manifest
    return Health(documents=len(index.documents), clauses=len(index.clauses), build=index.build.name,
                  embedder=manifest.get("embedder", {}).get("name", "?"))
