from __future__ import annotations

from fastapi import APIRouter

from ..deps import KeeperDep
from ..errors import ERROR_RESPONSES
from ..schemas import IndexStatus

router = APIRouter(tags=["index"])


@router.get("/v1/index", response_model=IndexStatus, responses={s: ERROR_RESPONSES[s] for s in (401, 503)})
def index_status(keeper: KeeperDep) -> IndexStatus:
    """The build being served, and whether a re-index (after an upload) is running or pending."""
    return IndexStatus(**keeper.status())
