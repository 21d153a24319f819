"""Rows for trust-and-safety tests, inserted straight into a test database."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy.orm import Session

from opentok.db.base import utcnow
from opentok.models import (
    Comment,
    CommentStatus,
    Hashtag,
    User,
    Video,
    VideoHashtag,
    VideoStatus,
    WatchEvent,
)


def user(session: Session, **fields: object) -> User:
    name = f"u_{secrets.token_hex(4)}"
    row = User(username=name, email=f"{name}@example.com", password_hash="x", **fields)
    session.add(row)
    session.flush()
    return row


def video(session: Session, owner: User, **fields: object) -> Video:
    fields.setdefault("title", "a video")
    fields.setdefault("status", VideoStatus.published)
    fields.setdefault("published_at", utcnow())
    row = Video(owner_id=owner.id, **fields)
    session.add(row)
    session.flush()
    return row


def tag(session: Session, v: Video, name: str, at: datetime | None = None) -> None:
    row = session.query(Hashtag).filter_by(tag=name).one_or_none()
    if row is None:
        row = Hashtag(tag=name)
        session.add(row)
        session.flush()
    session.add(VideoHashtag(video_id=v.id, hashtag_id=row.id, created_at=at or utcnow()))
    session.flush()


def watch(
    session: Session, u: User | None, v: Video, at: datetime, watched_ms: int = 5000, completed: bool = False
) -> None:
    session.add(
        WatchEvent(
            user_id=u.id if u else None,
            video_id=v.id,
            created_at=at,
            watched_ms=watched_ms,
            completed=completed,
        )
    )


def comment(session: Session, u: User, v: Video, text: str, **fields: object) -> Comment:
    fields.setdefault("status", CommentStatus.approved)
    row = Comment(user_id=u.id, video_id=v.id, text=text, **fields)
    session.add(row)
    session.flush()
    return row
