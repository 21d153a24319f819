"""Every gateway router, mounted under /api by the app."""

from fastapi import APIRouter

from backend.app.api.routes import (
    admin,
    auth,
    comments,
    engagement,
    feed,
    reports,
    search,
    uploads,
    users,
    videos,
)

api_router = APIRouter()
for module in (auth, users, uploads, videos, engagement, comments, reports, search, feed, admin):
    api_router.include_router(module.router)
