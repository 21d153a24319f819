"""Hashtag pages and search over videos, users and hashtags."""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import func, or_, select

from backend.app.api.deps import OptionalUser, SessionDep
from backend.app.crud import videos as video_crud
from backend.app.crud.paging import keyset_page
from backend.app.crud.users import brief
from backend.app.schemas.common import Page
from backend.app.schemas.users import UserBrief
from backend.app.schemas.videos import VideoOut
from opentok.api.errors import not_found
from opentok.models import Hashtag, User, UserStatus, Video, VideoHashtag

router = APIRouter(tags=["search"])


class HashtagOut(BaseModel):
    tag: str
    video_count: int


class SearchResults(BaseModel):
    videos: list[VideoOut]
    users: list[UserBrief]
    hashtags: list[HashtagOut]


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def _tag_counts(session, tag_filter) -> list[HashtagOut]:  # type: ignore[no-untyped-def]
    published_ids = video_crud.published().with_only_columns(Video.id).subquery()
    rows = session.execute(
        select(Hashtag.tag, func.count(VideoHashtag.id))
        .join(VideoHashtag, VideoHashtag.hashtag_id == Hashtag.id)
        .where(tag_filter, VideoHashtag.video_id.in_(select(published_ids.c.id)))
        .group_by(Hashtag.tag)
        .order_by(func.count(VideoHashtag.id).desc(), Hashtag.tag)
        .limit(10)
    )
    return [HashtagOut(tag=t, video_count=n) for t, n in rows]


@router.get("/search")
def search(
    session: SessionDep,
    viewer: OptionalUser,
    q: str = Query(min_length=1, max_length=100),
    limit: int = Query(20, ge=1, le=50),
) -> SearchResults:
    term = q.strip().lstrip("#")
    pattern = _like(term)
    tagged = (
        select(VideoHashtag.video_id)
        .join(Hashtag, Hashtag.id == VideoHashtag.hashtag_id)
        .where(Hashtag.tag.like(pattern, escape="\\"))
    )
    videos = list(
        session.scalars(
            video_crud.published()
            .where(
                or_(
                    func.lower(Video.title).like(pattern, escape="\\"),
                    func.lower(Video.description).like(pattern, escape="\\"),
                    Video.id.in_(tagged),
                )
            )
            .order_by(Video.like_count.desc(), Video.id.desc())
            .limit(limit)
        )
    )
    users = session.scalars(
        select(User)
        .where(
            User.status != UserStatus.banned,
            or_(
                func.lower(User.username).like(pattern, escape="\\"),
                func.lower(User.display_name).like(pattern, escape="\\"),
            ),
        )
        .limit(limit)
    )
    return SearchResults(
        videos=video_crud.present(session, videos, viewer),
        users=[brief(u) for u in users],
        hashtags=_tag_counts(session, Hashtag.tag.like(pattern, escape="\\")),
    )


@router.get("/hashtags/{tag}")
def hashtag_page(
    tag: str,
    session: SessionDep,
    viewer: OptionalUser,
    cursor: str | None = None,
    limit: int = Query(12, ge=1, le=50),
) -> Page[VideoOut]:
    row = session.scalar(select(Hashtag).where(Hashtag.tag == tag.lstrip("#").lower()))
    if row is None:
        raise not_found("hashtag")
    query = (
        video_crud.published()
        .join(VideoHashtag, VideoHashtag.video_id == Video.id)
        .where(VideoHashtag.hashtag_id == row.id)
    )
    rows, next_cursor = keyset_page(session, query, Video.published_at, Video.id, cursor, limit)
    return Page(items=video_crud.present(session, rows, viewer), next_cursor=next_cursor)
