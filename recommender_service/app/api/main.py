"""Every router of the recommender API."""

from fastapi import APIRouter

from recommender_service.app.api.routes import admin, events, health, recommendations

api_router = APIRouter()
for module in (health, recommendations, events, admin):
    api_router.include_router(module.router)
