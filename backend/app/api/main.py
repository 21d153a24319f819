"""Every gateway router, mounted under /api by the app."""

from fastapi import APIRouter

from backend.app.api.routes import (
    auth,
    comments,
    engagement,
    feed,
    reports,
    search,
    tus,
    uploads,
    users,
    videos,
)

api_router = APIRouter()
for module in (auth, users, uploads, tus, videos, engagement, comments, reports, search, feed):
    api_router.include_router(module.router)
