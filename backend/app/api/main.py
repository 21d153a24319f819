"""Every gateway router, mounted under /api by the app."""

from fastapi import APIRouter

from backend.app.api.routes import (
    admin,
    analytics,
    auth,
    comments,
    engagement,
    engagement_forecast,
    feed,
    reports,
    search,
    trends,
    trust,
    uploads,
    users,
    videos,
)

api_router = APIRouter()
for module in (auth, users, uploads, videos, engagement, comments, reports, search, feed, admin):
    api_router.include_router(module.router)
# Trust and safety, trends, engagement forecast and the admin dashboard's analytics.
for module in (trends, engagement_forecast, analytics, trust):
    api_router.include_router(module.router)
