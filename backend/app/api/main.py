"""Every gateway router, mounted under /api by the app."""

from fastapi import APIRouter

from backend.app.api.routes import (
    admin,
    admin_mlops,
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
    tus,
    uploads,
    users,
    videos,
)

api_router = APIRouter()
for module in (auth, users, uploads, tus, videos, engagement, comments, reports, search, feed, admin):
    api_router.include_router(module.router)
# Trust and safety, trends, engagement forecast, the admin dashboard's analytics, MLOps views.
for module in (trends, engagement_forecast, analytics, trust, admin_mlops):
    api_router.include_router(module.router)
