"""Every gateway router, mounted under /api by the app."""

from fastapi import APIRouter

from backend.app.api.routes import (
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
for module in (auth, users, uploads, tus, videos, engagement, comments, reports, search, feed):
    api_router.include_router(module.router)
# Trust and safety, trends, engagement forecast and the admin dashboard's analytics.
for module in (trends, engagement_forecast, analytics, trust):
    api_router.include_router(module.router)

# MLOps views (drift reports, alerts, model versions); apart from the admin package.
from backend.app.api.routes import admin_mlops  # noqa: E402

api_router.include_router(admin_mlops.router)
