"""Likes, watch events, comments and user reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from opentok.db.base import Base, BigId, utcnow
from opentok.models.enums import CommentStatus, ReportStatus, SubjectType, WatchSource, db_enum


class Like(Base):
    __tablename__ = "likes"
    __table_args__ = (UniqueConstraint("user_id", "video_id", name="uq_likes_user_video"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    video_id: Mapped[int] = mapped_column(ForeignKey("videos.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class WatchEvent(Base):
    """One view of one video: a 'view' after 3 s of play, then watch time when the user leaves."""

    __tablename__ = "watch_events"
    __table_args__ = (Index("ix_watch_events_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    video_id: Mapped[int] = mapped_column(ForeignKey("videos.id", ondelete="CASCADE"), index=True)
    watched_ms: Mapped[int] = mapped_column(default=0)
    completed: Mapped[bool] = mapped_column(default=False)
    source: Mapped[WatchSource] = mapped_column(db_enum(WatchSource), default=WatchSource.feed)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_video_status", "video_id", "status", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    video_id: Mapped[int] = mapped_column(ForeignKey("videos.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[CommentStatus] = mapped_column(db_enum(CommentStatus), default=CommentStatus.pending)
    scores: Mapped[dict | None] = mapped_column()  # category -> probability
    reason: Mapped[str | None] = mapped_column(String(1000))
    model_version: Mapped[str | None] = mapped_column(String(64))
    cyberbullying_type: Mapped[str | None] = mapped_column(String(32))
    sentiment: Mapped[float | None] = mapped_column(Float)  # -1 .. 1
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    moderated_at: Mapped[datetime | None] = mapped_column()
    deleted_at: Mapped[datetime | None] = mapped_column()


class Report(Base):
    __tablename__ = "user_reports"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subject_type: Mapped[SubjectType] = mapped_column(db_enum(SubjectType))
    subject_id: Mapped[int] = mapped_column(BigId)
    reason: Mapped[str] = mapped_column(String(32))
    details: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ReportStatus] = mapped_column(db_enum(ReportStatus), default=ReportStatus.open)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution: Mapped[str | None] = mapped_column(String(1000))


class FeedImpression(Base):
    """What the feed served and why: lets exploration learn from the outcome of each slot."""

    __tablename__ = "feed_impressions"
    __table_args__ = (Index("ix_feed_impressions_user_video", "user_id", "video_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    video_id: Mapped[int] = mapped_column(ForeignKey("videos.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(16))  # exploit | explore | trending | cold-start | fresh
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


#: Report reasons users can pick; kept beside the table they fill.
REPORT_REASONS: tuple[str, ...] = (
    "spam",
    "nudity",
    "hate",
    "harassment",
    "violence",
    "self_harm",
    "misinformation",
    "copyright",
    "other",
)
