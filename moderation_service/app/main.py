"""The moderation service (FastAPI, port 8001): `uvicorn moderation_service.app.main:app --port 8001`.

Workers call it over HTTP (`opentok.clients.moderation`) as soon as content arrives.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from moderation_service.app.api.main import api_router
from moderation_service.app.state import ServiceState
from opentok.api.errors import install_error_handlers
from opentok.core.config import get_settings
from opentok.observability import install_observability

log = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.service = await ServiceState.load()
    if app.state.service.degraded:
        log.warning("moderation service is DEGRADED: no comment model; every comment is held for review")
    yield
    await app.state.service.close()


def create_app() -> FastAPI:
    settings = get_settings()
    settings.check_secure()
    docs = settings.expose_docs
    app = FastAPI(
        title="OpenTok moderation",
        version="0.1.0",
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    install_error_handlers(app)
    install_observability(app, "moderation")
    app.include_router(api_router)
    return app


app = create_app()
