"""Platform-side feature extraction: the SQL that turns our tables into model inputs.

Every query here is plain SQLAlchemy Core that runs the same on SQLite and MySQL/MariaDB;
anything dialect-specific (medians, JSON, date arithmetic) is done in pandas afterwards.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from opentok.db.base import utcnow
from opentok.models import (
    Comment,
    CommentStatus,
    Hashtag,
    User,
    UserStatus,
    Video,
    VideoHashtag,
    VideoStatus,
    WatchEvent,
)
from opentok.trust_safety.claims import FACT_CHECK_THRESHOLD


def account_features(session: Session, user_ids: list[int] | None = None) -> pd.DataFrame:
    """One row per account (index user_id) with `ban_risk.FEATURES` + video_count + violations.

    Violations are the user's rejected videos plus rejected comments. Accounts without
    videos get zeros for the per-video means; `TrustScorer` gives them no model weight.
    """
    users_q = select(User.id, User.verified).where(User.status != UserStatus.banned)
    if user_ids is not None:
        users_q = users_q.where(User.id.in_(user_ids))
    users = pd.DataFrame(session.execute(users_q).all(), columns=["user_id", "verified"])
    if users.empty:
        return users.set_index("user_id")
    video_rows = session.execute(
        select(
            Video.owner_id,
            Video.claim_score,
            Video.view_count,
            Video.like_count,
            Video.share_count,
            Video.comment_count,
            Video.duration_s,
            Video.status,
        ).where(Video.deleted_at.is_(None), Video.owner_id.in_(users["user_id"].tolist()))
    ).all()
    videos = pd.DataFrame(
        video_rows,
        columns=["user_id", "claim_score", "views", "likes", "shares", "comments", "duration_s", "status"],
    )
    videos["is_claim"] = (videos["claim_score"].fillna(0) >= FACT_CHECK_THRESHOLD).astype(float)
    videos["rejected"] = (videos["status"] == VideoStatus.rejected).astype(int)
    for src, dst in (
        ("views", "log_views"),
        ("likes", "log_likes"),
        ("shares", "log_shares"),
        ("comments", "log_comments"),
    ):
        videos[dst] = np.log1p(videos[src].astype(float))
    per_user = videos.groupby("user_id").agg(
        claim_ratio=("is_claim", "mean"),
        log_views=("log_views", "mean"),
        log_likes=("log_likes", "mean"),
        log_shares=("log_shares", "mean"),
        log_comments=("log_comments", "mean"),
        duration_s=("duration_s", "mean"),
        video_count=("user_id", "size"),
        rejected_videos=("rejected", "sum"),
    )
    rejected_comments = dict(
        session.execute(
            select(Comment.user_id, func.count(Comment.id))
            .where(Comment.status == CommentStatus.rejected, Comment.user_id.in_(users["user_id"].tolist()))
            .group_by(Comment.user_id)
        ).all()
    )
    frame = users.set_index("user_id").join(per_user, how="left")
    frame["verified"] = frame["verified"].astype(float)
    frame = frame.fillna(
        {
            c: 0.0
            for c in ("claim_ratio", "log_views", "log_likes", "log_shares", "log_comments", "duration_s")
        }
    )
    frame["video_count"] = frame["video_count"].fillna(0).astype(int)
    frame["violations"] = frame["rejected_videos"].fillna(0).astype(int) + frame.index.map(
        lambda uid: int(rejected_comments.get(uid, 0))
    )
    return frame.drop(columns=["rejected_videos"])


def watch_events_frame(session: Session, since: datetime) -> pd.DataFrame:
    """Signed-in watch events since `since` as (user_id, created_at, watched_ms, completed)."""
    rows = session.execute(
        select(WatchEvent.user_id, WatchEvent.created_at, WatchEvent.watched_ms, WatchEvent.completed).where(
            WatchEvent.user_id.is_not(None), WatchEvent.created_at >= since
        )
    ).all()
    frame = pd.DataFrame(rows, columns=["user_id", "created_at", "watched_ms", "completed"])
    frame["created_at"] = pd.to_datetime(frame["created_at"])
    return frame


def published_videos_frame(session: Session, min_age_days: float = 3.0) -> pd.DataFrame:
    """Published videos old enough for their view count to mean something, with hashtags,
    in the draft shape `engagement` predicts from, plus their `views`."""
    cutoff = utcnow() - timedelta(days=min_age_days)
    rows = session.execute(
        select(
            Video.id,
            Video.title,
            Video.description,
            Video.category,
            Video.duration_s,
            Video.published_at,
            Video.view_count,
        ).where(
            Video.status == VideoStatus.published,
            Video.deleted_at.is_(None),
            Video.published_at.is_not(None),
            Video.published_at <= cutoff,
        )
    ).all()
    frame = pd.DataFrame(
        rows, columns=["video_id", "title", "description", "category", "duration_s", "published_at", "views"]
    )
    tags = session.execute(
        select(VideoHashtag.video_id, Hashtag.tag).join(Hashtag, Hashtag.id == VideoHashtag.hashtag_id)
    ).all()
    by_video: dict[int, list[str]] = {}
    for vid, tag in tags:
        by_video.setdefault(vid, []).append(tag)
    frame["text"] = (frame["title"].fillna("") + " " + frame["description"].fillna("")).str.strip()
    frame["hashtags"] = frame["video_id"].map(lambda v: by_video.get(v, []))
    frame["hour"] = pd.to_datetime(frame["published_at"]).dt.hour
    frame["duration_s"] = frame["duration_s"].fillna(0.0)
    return frame[["text", "hashtags", "category", "duration_s", "hour", "views"]]
