"""The review queue the dashboard polls."""

from __future__ import annotations

from fastapi import APIRouter, Query

from backend.app.api.deps import ModeratorUser, SessionDep
from backend.app.crud import queue as crud
from backend.app.schemas.admin import QueueOut
from opentok.api.errors import ApiError

router = APIRouter()


@router.get("/queue")
def get_queue(
    _: ModeratorUser,
    session: SessionDep,
    type: str | None = Query(None, description="video | comment | report; all when empty"),
    limit: int = Query(100, ge=1, le=500),
) -> QueueOut:
    kinds = crud.QUEUE_TYPES
    if type:
        if type not in crud.QUEUE_TYPES:
            raise ApiError(422, "validation_error", "type must be video, comment or report", field="type")
        kinds = (type,)
    return crud.load_queue(session, kinds, limit)
