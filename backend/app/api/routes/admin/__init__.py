"""The moderators' and admins' API under /api/admin: one module per area.

Every route depends on `ModeratorUser` or `AdminUser`, so the API itself refuses
ordinary users; the dashboard's own checks are only a convenience.
"""

from fastapi import APIRouter

from backend.app.api.routes.admin import decisions, models, policy, queue, users

router = APIRouter(prefix="/admin", tags=["admin"])
for module in (queue, decisions, users, policy, models):
    router.include_router(module.router)
