"""POST /v1/rebuild and GET /v1/model. The rebuild runs beside serving: requests keep using
the current model until the new one is written and swapped in by reference."""

from __future__ import annotations

import logging
import threading

from fastapi import APIRouter, Query, Response
from fastapi.concurrency import run_in_threadpool

from opentok.api.errors import ApiError
from opentok.db.session import session_scope
from recommender_service.app.deps import StoreDep
from recommender_service.app.schemas import RebuildOut
from recommender_service.engine import build
from recommender_service.engine.artifact import ModelStore, RecModel

router = APIRouter(prefix="/v1", tags=["admin"])
log = logging.getLogger(__name__)


def run_rebuild(store: ModelStore) -> RecModel:
    with session_scope() as session:
        model = build.rebuild(session)
    store.swap(model)
    return model


def rebuild_in_background(store: ModelStore) -> None:
    try:
        run_rebuild(store)
    except build.RebuildInProgress:
        pass
    except Exception:
        log.exception("recommender rebuild failed")


@router.post("/rebuild", response_model=RebuildOut, status_code=202)
async def rebuild(store: StoreDep, response: Response, wait: bool = Query(False)) -> RebuildOut:
    """202 and build in the background; with wait=true, 200 once the new version serves."""
    if build.is_running():
        raise ApiError(409, "rebuild_running", "a rebuild is already running")
    if wait:
        try:
            model = await run_in_threadpool(run_rebuild, store)
        except build.RebuildInProgress as exc:
            raise ApiError(409, "rebuild_running", str(exc)) from None
        response.status_code = 200
        return RebuildOut(status="done", version=model.version)
    threading.Thread(target=rebuild_in_background, args=(store,), daemon=True, name="rec-rebuild").start()
    return RebuildOut(status="started")


@router.get("/model")
def model_info(store: StoreDep) -> dict:
    model = store.current()
    if model is None:
        raise ApiError(404, "no_model", "no recommender artifact has been built yet")
    return model.describe() | {"rebuilding": build.is_running()}
