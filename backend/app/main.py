"""The OpenTok gateway: the API under /api, media under /media, the web apps at / and /admin."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from backend.app.api.main import api_router
from backend.app.api.routes import media
from backend.app.core.headers import SecurityHeadersMiddleware
from backend.app.frontends import mount_frontends
from opentok.api.errors import ApiError, install_error_handlers
from opentok.core.config import get_settings
from opentok.observability import install_observability


def create_app() -> FastAPI:
    settings = get_settings()
    settings.check_secure()
    app = FastAPI(
        title="OpenTok gateway",
        version="0.1.0",
        description="Auth, uploads, feeds, comments and the moderation API of OpenTok.",
        docs_url="/docs" if settings.expose_docs else None,
        redoc_url="/redoc" if settings.expose_docs else None,
        openapi_url="/openapi.json" if settings.expose_docs else None,
    )
    install_error_handlers(app)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["http://localhost:5173", "http://localhost:5174", settings.public_base_url],
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
        expose_headers=[
            "Location",
            "Upload-Offset",
            "Upload-Length",
            "Upload-Expires",
            "Tus-Resumable",
            "Tus-Version",
            "Tus-Extension",
            "Tus-Max-Size",
            "OpenTok-Video-Id",
            "X-Request-ID",
        ],  # fmt: skip
    )
    install_observability(app, "gateway")
    app.add_middleware(SecurityHeadersMiddleware)
    app.include_router(api_router, prefix="/api")

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    # Unknown /api paths answer JSON 404s instead of the web app's index page.
    api_fallback = APIRouter()

    @api_fallback.api_route(
        "/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
    )
    def no_such_api(rest: str) -> None:
        raise ApiError(404, "not_found", f"no API route /api/{rest}")

    app.include_router(api_fallback)
    app.include_router(media.router)
    mount_frontends(app)
    return app


app = create_app()
