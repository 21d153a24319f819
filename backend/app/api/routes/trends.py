"""Trending hashtags, computed on request from recent posts and views (see opentok.trust_safety.trends)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from backend.app.api.deps import SessionDep
from backend.app.schemas.trust_safety import TrendOut, TrendsOut
from opentok.db.base import utcnow
from opentok.trust_safety import trends

router = APIRouter(tags=["trends"])


@router.get("/trends")
def get_trends(
    session: SessionDep,
    window_hours: int = Query(trends.WINDOW_HOURS, ge=1, le=168),
    limit: int = Query(20, ge=1, le=100),
    sort: Literal["score", "burst"] = "score",
) -> TrendsOut:
    now = utcnow()
    items = trends.compute_trends(session, now=now, window_hours=window_hours, limit=limit, sort=sort)
    return TrendsOut(
        window_hours=window_hours,
        sort=sort,
        generated_at=now,
        items=[TrendOut(**row) for row in trends.as_dicts(items)],
    )
