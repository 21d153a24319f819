"""All routers of the moderation API (video moderation adds its router here)."""

from fastapi import APIRouter

from moderation_service.app.api.routes import bullying_type, comments, health, models, policy, videos
from opentok.api.service_auth import ServiceAuth

api_router = APIRouter()
api_router.include_router(health.router)  # open, like /metrics: probes carry no token
for module in (comments, bullying_type, policy, models, videos):
    api_router.include_router(module.router, dependencies=[ServiceAuth])
