"""The recommender server (:8002). It never builds in the request path: it serves the active
artifact and reloads when a rebuild (CLI, Celery beat or POST /v1/rebuild) activates another.

Run: `uvicorn recommender_service.app.main:app --port 8002`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from threadpoolctl import threadpool_limits

from opentok.api.errors import install_error_handlers
from opentok.core.config import get_settings
from opentok.observability import install_observability
from recommender_service.app.api.main import api_router
from recommender_service.app.api.routes.admin import rebuild_in_background
from recommender_service.engine.artifact import ModelStore

log = logging.getLogger(__name__)


def create_app() -> FastAPI:
    settings = get_settings()
    settings.check_secure()
    # Per-request linear algebra is one matrix-vector product: BLAS threads only add
    # contention (measured: p50 171 -> 71 ms on a loaded 2-core box). Scale with workers.
    threadpool_limits(1, "blas")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store: ModelStore = app.state.store
        if store.current() is None and settings.rec_build_on_start:
            # First start: build in the background; until then the feed is live trending.
            threading.Thread(
                target=rebuild_in_background, args=(store,), daemon=True, name="rec-first-build"
            ).start()
        yield

    docs = settings.expose_docs
    app = FastAPI(
        title="OpenTok recommender",
        version="1.0",
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.state.store = ModelStore(poll_s=settings.rec_reload_interval_s)
    install_error_handlers(app)
    install_observability(app, "recommender")
    app.include_router(api_router)
    return app


app = create_app()
