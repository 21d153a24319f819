"""Writes per-account model outputs into `user_scores`; each daily job fills its own columns."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from opentok.db.base import utcnow
from opentok.models import UserScore


def upsert_user_scores(session: Session, values: dict[int, dict[str, Any]]) -> int:
    """values: user_id -> {column: value}. Other columns of an existing row are kept."""
    if not values:
        return 0
    existing = {
        row.user_id: row
        for row in session.scalars(select(UserScore).where(UserScore.user_id.in_(list(values))))
    }
    now = utcnow()
    for user_id, columns in values.items():
        row = existing.get(user_id) or UserScore(user_id=user_id)
        for key, value in columns.items():
            setattr(row, key, value)
        row.computed_at = now
        session.add(row)
    session.flush()
    return len(values)
