"""The admin dashboard's figures for a date range, in one call (moderators and admins)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query

from backend.app.api.deps import ModeratorUser, SessionDep
from opentok.api.errors import ApiError
from opentok.trust_safety import analytics

router = APIRouter(prefix="/analytics", tags=["analytics"])


@router.get("/dashboard")
def dashboard(
    session: SessionDep,
    _: ModeratorUser,
    start: date = Query(description="First day, UTC, inclusive (YYYY-MM-DD)"),
    end: date = Query(description="Last day, UTC, inclusive (YYYY-MM-DD)"),
) -> dict[str, Any]:
    if end < start:
        raise ApiError(400, "invalid_range", "end must not be before start", field="end")
    if (end - start).days >= analytics.MAX_RANGE_DAYS:
        raise ApiError(400, "invalid_range", f"at most {analytics.MAX_RANGE_DAYS} days", field="end")
    return analytics.dashboard(session, start, end)
