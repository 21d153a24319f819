"""Likes, views, watch time and shares: the signals the recommender learns from."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request
from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from backend.app.api.deps import ActiveUser, OptionalUser, SessionDep
from backend.app.core import ratelimit
from backend.app.crud import videos as crud
from backend.app.schemas.videos import LikeState, ViewIn, WatchIn
from backend.app.services.recommendations import forward_outcome
from opentok.api.errors import ApiError
from opentok.core.config import get_settings
from opentok.models import Like, Video, VideoStatus, WatchEvent, WatchSource

router = APIRouter(prefix="/videos", tags=["engagement"])


class WatchRecorded(BaseModel):
    event_id: int
    view_count: int


def _published(session, video_id: int, viewer) -> Video:  # type: ignore[no-untyped-def]
    video = crud.get_visible(session, video_id, viewer)
    if video.status != VideoStatus.published:
        # Engagement only counts on public videos; owners previewing their own do not count.
        raise ApiError(409, "not_published", "this video is not published yet")
    return video


@router.post("/{video_id}/like")
def like(video_id: int, user: ActiveUser, session: SessionDep, background: BackgroundTasks) -> LikeState:
    video = _published(session, video_id, user)
    background.add_task(forward_outcome, user.id, video.id, "like")
    try:
        session.add(Like(user_id=user.id, video_id=video.id))
        session.flush()
        session.execute(update(Video).where(Video.id == video.id).values(like_count=Video.like_count + 1))
        session.commit()
    except IntegrityError:  # already liked: liking twice is a no-op
        session.rollback()
    session.refresh(video)
    return LikeState(liked=True, like_count=video.like_count)


@router.delete("/{video_id}/like")
def unlike(video_id: int, user: ActiveUser, session: SessionDep) -> LikeState:
    video = crud.get_visible(session, video_id, user)
    row = session.scalar(select(Like).where(Like.user_id == user.id, Like.video_id == video.id))
    if row is not None:
        session.delete(row)
        session.execute(update(Video).where(Video.id == video.id).values(like_count=Video.like_count - 1))
        session.commit()
        session.refresh(video)
    return LikeState(liked=False, like_count=video.like_count)


@router.post("/{video_id}/view", status_code=201)
def view(
    video_id: int, body: ViewIn, session: SessionDep, viewer: OptionalUser, request: Request
) -> WatchRecorded:
    """Sent after 3 s of play. Returns the event id that the later watch report updates."""
    key = ratelimit.caller_key(request, viewer.id if viewer else None)
    ratelimit.enforce("views", key, get_settings().rate_limit_views)
    video = _published(session, video_id, viewer)
    event = WatchEvent(
        user_id=viewer.id if viewer else None, video_id=video.id, source=WatchSource(body.source)
    )
    session.add(event)
    session.execute(update(Video).where(Video.id == video.id).values(view_count=Video.view_count + 1))
    session.commit()
    session.refresh(video)
    return WatchRecorded(event_id=event.id, view_count=video.view_count)


class WatchBody(WatchIn):
    event_id: int | None = None


@router.post("/{video_id}/watch", status_code=201)
def watch(
    video_id: int,
    body: WatchBody,
    session: SessionDep,
    viewer: OptionalUser,
    background: BackgroundTasks,
    request: Request,
) -> WatchRecorded:
    """Sent when the viewer leaves a video: watch time and whether it was completed."""
    video = _published(session, video_id, viewer)
    user_id = viewer.id if viewer else None
    event = session.get(WatchEvent, body.event_id) if body.event_id else None
    if event is None or event.video_id != video.id or event.user_id != user_id:
        # A watch without its view is a new event: counted like a view.
        ratelimit.enforce("views", ratelimit.caller_key(request, user_id), get_settings().rate_limit_views)
        event = WatchEvent(user_id=user_id, video_id=video.id, source=WatchSource(body.source))
        session.add(event)
    # A new event has no column defaults until it is flushed.
    event.watched_ms = max(event.watched_ms or 0, body.watched_ms)
    event.completed = bool(event.completed) or body.completed
    session.commit()
    if user_id is not None:  # the outcome moves this viewer's exploration posteriors at once
        background.add_task(forward_outcome, user_id, video.id, "watch", event.watched_ms, event.completed)
    return WatchRecorded(event_id=event.id, view_count=video.view_count)


@router.post("/{video_id}/share")
def share(video_id: int, session: SessionDep, viewer: OptionalUser, request: Request) -> dict[str, int | str]:
    key = ratelimit.caller_key(request, viewer.id if viewer else None)
    ratelimit.enforce("shares", key, get_settings().rate_limit_shares)
    video = _published(session, video_id, viewer)
    session.execute(update(Video).where(Video.id == video.id).values(share_count=Video.share_count + 1))
    session.commit()
    session.refresh(video)
    return {"share_count": video.share_count, "url": f"/v/{video.id}"}
