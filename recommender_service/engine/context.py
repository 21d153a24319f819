"""What a request needs from the database, read live at request time: the artifact may be a
day old, but what the user watched a minute ago must already be excluded and count."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from opentok.db.base import utcnow
from opentok.models import Comment, Like, User, UserPreference, Video, VideoStatus, WatchEvent
from recommender_service.engine import profiles
from recommender_service.engine.exploration import load_posteriors

HISTORY_LIMIT = 500


@dataclass
class UserContext:
    user_id: int | None
    known: bool = False
    history: dict[int, float] = field(default_factory=dict)  # video_id -> profile weight
    watched: set[int] = field(default_factory=set)
    interests: list[str] = field(default_factory=list)
    preferences: list[str] = field(default_factory=list)
    posteriors: dict[str, tuple[float, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class FreshVideo:
    video_id: int
    creator_id: int
    category: str


def load_user_context(session: Session, user_id: int | None) -> UserContext:
    ctx = UserContext(user_id=user_id)
    if user_id is None:
        return ctx
    user = session.get(User, user_id)
    if user is None:
        return ctx
    ctx.known = True
    ctx.interests = [str(i) for i in (user.interests or [])]
    pref = session.get(UserPreference, user_id)
    ctx.preferences = [str(c) for c in (pref.top_categories if pref else [])]
    ctx.watched = set(
        session.scalars(select(WatchEvent.video_id).where(WatchEvent.user_id == user_id).distinct())
    )
    recent_watches = session.execute(
        select(WatchEvent.video_id, WatchEvent.completed)
        .where(WatchEvent.user_id == user_id)
        .order_by(WatchEvent.created_at.desc())
        .limit(HISTORY_LIMIT)
    )
    for video_id, completed in recent_watches:
        profiles.add_interaction(ctx.history, video_id, viewed=True, completed=bool(completed))
    liked = session.scalars(
        select(Like.video_id)
        .where(Like.user_id == user_id)
        .order_by(Like.created_at.desc())
        .limit(HISTORY_LIMIT)
    ).all()
    for video_id in liked:
        profiles.add_interaction(ctx.history, video_id, liked=True)
    ctx.watched.update(liked)
    commented = session.scalars(
        select(Comment.video_id)
        .where(Comment.user_id == user_id)
        .order_by(Comment.created_at.desc())
        .limit(HISTORY_LIMIT)
    )
    for video_id in commented:
        profiles.add_interaction(ctx.history, video_id, commented=True)
    ctx.posteriors = load_posteriors(session, user_id)
    return ctx


def fresh_videos(session: Session, hours: float, limit: int = 50) -> list[FreshVideo]:
    """Recently published videos, least seen first: the guaranteed-exposure pool. Read live,
    so a video published after the last rebuild is already in it."""
    since = utcnow() - timedelta(hours=hours)
    rows = session.execute(
        select(Video.id, Video.owner_id, Video.category)
        .where(Video.status == VideoStatus.published, Video.deleted_at.is_(None), Video.published_at >= since)
        .order_by(Video.view_count.asc(), Video.published_at.desc())
        .limit(limit)
    )
    return [FreshVideo(int(i), int(o), str(c)) for i, o, c in rows]


def live_ids(session: Session, ids: Iterable[int]) -> set[int]:
    """The subset still published and not deleted (the artifact may be older than a takedown).

    Selects by primary key only and filters here: with the status in the WHERE clause SQLite
    prefers the (status, published_at) index and scans every published video.
    """
    ids = list(set(ids))
    out: set[int] = set()
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Video.id, Video.status, Video.deleted_at).where(Video.id.in_(ids[start : start + 500]))
        )
        out.update(i for i, status, deleted in rows if status == VideoStatus.published and deleted is None)
    return out


def db_trending(session: Session, exclude: set[int], limit: int) -> list[tuple[int, int, str, float]]:
    """Most-liked published videos straight from the database: the answer while no artifact
    exists yet (first start) or when the artifact knows nothing the user has not seen."""
    stmt = (
        select(Video.id, Video.owner_id, Video.category, Video.like_count)
        .where(Video.status == VideoStatus.published, Video.deleted_at.is_(None))
        .order_by(Video.like_count.desc(), Video.view_count.desc(), Video.published_at.desc())
        .limit(limit + len(exclude))
    )
    rows = [(int(i), int(o), str(c), float(n)) for i, o, c, n in session.execute(stmt) if i not in exclude]
    return rows[:limit]
