"""Feeds: For You, Following and Trending, each paged by an opaque cursor.

For You is chronological here; the recommender issue puts the ranking service in front
of it, with this as the fallback.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Query
from sqlalchemy import and_, case, or_, select

from backend.app.api.deps import CurrentUser, OptionalUser, SessionDep
from backend.app.core.errors import ApiError
from backend.app.crud import videos as video_crud
from backend.app.schemas.common import Page, decode_cursor, encode_cursor
from backend.app.schemas.videos import VideoOut
from opentok.db.base import utcnow
from opentok.models import Follow, Video

router = APIRouter(prefix="/feed", tags=["feed"])
TRENDING_WINDOW = timedelta(days=7)


def _chronological(session, query, viewer, cursor: str | None, limit: int) -> Page[VideoOut]:  # type: ignore[no-untyped-def]
    if cursor:
        when, last_id = decode_cursor(cursor)
        query = query.where(
            or_(Video.published_at < when, and_(Video.published_at == when, Video.id < last_id))
        )
    rows = list(session.scalars(query.order_by(Video.published_at.desc(), Video.id.desc()).limit(limit + 1)))
    more, rows = len(rows) > limit, rows[:limit]
    return Page(
        items=video_crud.present(session, rows, viewer),
        next_cursor=encode_cursor(rows[-1].published_at, rows[-1].id) if more else None,
    )


@router.get("")
def for_you(
    session: SessionDep, viewer: OptionalUser, cursor: str | None = None, limit: int = Query(10, ge=1, le=50)
) -> Page[VideoOut]:
    return _chronological(session, video_crud.published(), viewer, cursor, limit)


@router.get("/following")
def following(
    session: SessionDep, user: CurrentUser, cursor: str | None = None, limit: int = Query(10, ge=1, le=50)
) -> Page[VideoOut]:
    followed = select(Follow.followee_id).where(Follow.follower_id == user.id)
    return _chronological(
        session, video_crud.published().where(Video.owner_id.in_(followed)), user, cursor, limit
    )


def trending_videos(session, limit: int, offset: int = 0) -> list[Video]:  # type: ignore[no-untyped-def]
    """Engagement over the last week first, then older videos, so the feed is never empty
    while anything is published. One ordering keeps offset paging consistent."""
    score = Video.like_count * 1 + Video.comment_count * 2 + Video.view_count * 0.5 + Video.share_count * 2
    recent = case((Video.published_at >= utcnow() - TRENDING_WINDOW, 1), else_=0)
    query = video_crud.published().order_by(
        recent.desc(), score.desc(), Video.published_at.desc(), Video.id.desc()
    )
    return list(session.scalars(query.offset(offset).limit(limit)))


@router.get("/trending")
def trending(
    session: SessionDep, viewer: OptionalUser, cursor: str | None = None, limit: int = Query(10, ge=1, le=50)
) -> Page[VideoOut]:
    offset = 0
    if cursor:
        _, offset = decode_cursor(cursor)
        if offset < 0:
            raise ApiError(400, "invalid_cursor", "cursor is not valid", field="cursor")
    rows = trending_videos(session, limit + 1, offset)
    more, rows = len(rows) > limit, rows[:limit]
    return Page(
        items=video_crud.present(session, rows, viewer),
        next_cursor=encode_cursor(None, offset + limit) if more else None,
    )
