"""Every router of the recommender API."""

from fastapi import APIRouter

from opentok.api.service_auth import ServiceAuth
from recommender_service.app.api.routes import admin, events, health, recommendations

api_router = APIRouter()
api_router.include_router(health.router)  # open, like /metrics: probes carry no token
for module in (recommendations, events, admin):
    api_router.include_router(module.router, dependencies=[ServiceAuth])
