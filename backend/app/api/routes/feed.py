"""Feeds: For You, Following and Trending, each paged by an opaque cursor.

For You is served by the recommender service; when it is slow (short client timeout), down
or out of items, trending fills the page, so the feed is never empty while anything is
published, for signed-in and anonymous viewers alike.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta

from fastapi import APIRouter, Query
from sqlalchemy import case, select

from backend.app.api.deps import CurrentUser, OptionalUser, SessionDep
from backend.app.crud import videos as video_crud
from backend.app.crud.paging import keyset_page
from backend.app.schemas.common import Page, decode_cursor, encode_cursor
from backend.app.schemas.videos import VideoOut
from backend.app.services import recommendations
from opentok.api.errors import ApiError
from opentok.db.base import utcnow
from opentok.models import Follow, Video
from opentok.observability.metrics import record_feed_fallback

router = APIRouter(prefix="/feed", tags=["feed"])
TRENDING_WINDOW = timedelta(days=7)


def _chronological(session, query, viewer, cursor: str | None, limit: int) -> Page[VideoOut]:  # type: ignore[no-untyped-def]
    rows, next_cursor = keyset_page(session, query, Video.published_at, Video.id, cursor, limit)
    return Page(items=video_crud.present(session, rows, viewer), next_cursor=next_cursor)


@router.get("")
def for_you(
    session: SessionDep, viewer: OptionalUser, cursor: str | None = None, limit: int = Query(10, ge=1, le=50)
) -> Page[VideoOut]:
    served = recommendations.decode_served(cursor)
    picks = recommendations.recommended(viewer.id if viewer else None, limit, served)
    seen = set(served)
    visible = {}
    if picks:
        query = video_crud.published().where(Video.id.in_([p.video_id for p in picks]))
        visible = {v.id: v for v in session.scalars(query)}
    chosen = [
        (visible[p.video_id], p.reason) for p in picks if p.video_id in visible and p.video_id not in seen
    ]
    chosen = chosen[:limit]
    if len(chosen) < limit:  # recommender down, slow or out of items: trending fills the page
        record_feed_fallback("unavailable" if not picks else "short")
        taken = seen | {v.id for v, _ in chosen}
        chosen += [(v, "trending") for v in trending_videos(session, limit - len(chosen), exclude=taken)]
    items = video_crud.present(session, [v for v, _ in chosen], viewer)
    for item, (_, reason) in zip(items, chosen, strict=True):
        item.reason = reason
    if viewer is not None and chosen:
        recommendations.record_impressions(session, viewer.id, [(v.id, r) for v, r in chosen])
    more = len(chosen) == limit
    next_cursor = recommendations.encode_served(served + [v.id for v, _ in chosen]) if more else None
    return Page(items=items, next_cursor=next_cursor)


@router.get("/following")
def following(
    session: SessionDep, user: CurrentUser, cursor: str | None = None, limit: int = Query(10, ge=1, le=50)
) -> Page[VideoOut]:
    followed = select(Follow.followee_id).where(Follow.follower_id == user.id)
    return _chronological(
        session, video_crud.published().where(Video.owner_id.in_(followed)), user, cursor, limit
    )


def trending_videos(session, limit: int, offset: int = 0, exclude: Collection[int] = ()) -> list[Video]:  # type: ignore[no-untyped-def]
    """Engagement over the last week first, then older videos, so the feed is never empty
    while anything is published. One ordering keeps offset paging consistent."""
    score = Video.like_count * 1 + Video.comment_count * 2 + Video.view_count * 0.5 + Video.share_count * 2
    recent = case((Video.published_at >= utcnow() - TRENDING_WINDOW, 1), else_=0)
    query = video_crud.published().order_by(
        recent.desc(), score.desc(), Video.published_at.desc(), Video.id.desc()
    )
    if exclude:
        query = query.where(Video.id.not_in(list(exclude)))
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
