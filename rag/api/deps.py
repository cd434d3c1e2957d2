"""Typed dependencies: routes get the Assistant, its IndexKeeper and the Settings from app.state, never from a global."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, Request

from ..assistant import Assistant
from ..config import Settings
from ..errors import NotReady
from ..keeper import IndexKeeper
from ..snapshot import Snapshot


def ready_assistant(app: FastAPI) -> Assistant:
    """The loaded Assistant, or NotReady (503) while the index is still loading or failed to load."""
    assistant = getattr(app.state, "assistant", None)
    if assistant is None:
        error = getattr(app.state, "startup_error", None)
        if error:
            raise NotReady(f"the index could not be loaded: {error}")
        raise NotReady("the index is still loading; try again in a few seconds")
    return assistant


def get_assistant(request: Request) -> Assistant:
    return ready_assistant(request.app)


def get_keeper(request: Request) -> IndexKeeper:
    """The owner of the served index: uploads, removals, edits and re-index status go through it."""
    return ready_assistant(request.app).keeper


def get_snapshot(request: Request) -> Snapshot:
    """The snapshot this request is answered from, taken once at its start (a re-index swapping in
    a new one meanwhile changes nothing the request sees)."""
    return ready_assistant(request.app).snapshot()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
KeeperDep = Annotated[IndexKeeper, Depends(get_keeper)]
SnapshotDep = Annotated[Snapshot, Depends(get_snapshot)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
