"""All routers of the moderation API (video moderation adds its router here)."""

from fastapi import APIRouter

from moderation_service.app.api.routes import bullying_type, comments, health, models, policy, videos

api_router = APIRouter()
for module in (health, comments, bullying_type, policy, models, videos):
    api_router.include_router(module.router)
