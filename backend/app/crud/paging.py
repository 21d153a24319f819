"""Keyset pagination over (timestamp, id), newest first: stable under inserts, unlike offsets."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute, Session

from backend.app.schemas.common import decode_cursor, encode_cursor


def keyset_page(
    session: Session,
    query: Select[Any],
    when: InstrumentedAttribute[Any],
    row_id: InstrumentedAttribute[Any],
    cursor: str | None,
    limit: int,
) -> tuple[list[Any], str | None]:
    """One page of `query` ordered by `when, row_id` descending, and the next page's cursor."""
    if cursor:
        last_when, last_id = decode_cursor(cursor)
        query = query.where(or_(when < last_when, and_(when == last_when, row_id < last_id)))
    rows = list(session.scalars(query.order_by(when.desc(), row_id.desc()).limit(limit + 1)))
    more, rows = len(rows) > limit, rows[:limit]
    if not more:
        return rows, None
    return rows, encode_cursor(getattr(rows[-1], when.key), getattr(rows[-1], row_id.key))
