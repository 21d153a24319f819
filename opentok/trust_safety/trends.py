"""Trending hashtags: what is hot now, and what is unusually hot for that tag.

Activity is a post using the tag (weight 1) or a view of a video carrying it (VIEW_WEIGHT).
`score` sums recent activity with an hourly decay (DECAY_PER_HOUR ** age in hours), so a
burst from an hour ago outranks a bigger one from yesterday. `burst` compares the tag's
activity in the recent window with its own baseline rate over the BASELINE_DAYS before it:
a Poisson-style z-score, (recent - expected) / sqrt(expected + 1), so a tag that is always
popular is not "bursting" and a niche tag that triples is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from opentok.db.base import utcnow
from opentok.models import Hashtag, Video, VideoHashtag, VideoStatus, WatchEvent

DECAY_PER_HOUR = 0.9
VIEW_WEIGHT = 0.2
WINDOW_HOURS = 24
BASELINE_DAYS = 7


@dataclass
class Trend:
    tag: str
    score: float  # decayed activity in the window
    burst: float  # z-score against the tag's own baseline
    posts: int  # posts in the window
    views: int  # views in the window
    baseline_per_window: float  # expected activity per window from the baseline days


def _visible():  # type: ignore[no-untyped-def]
    return (Video.status == VideoStatus.published, Video.deleted_at.is_(None))


def _recent(session: Session, start: datetime, end: datetime) -> list[tuple[str, datetime, float]]:
    posts = session.execute(
        select(Hashtag.tag, VideoHashtag.created_at)
        .select_from(VideoHashtag)
        .join(Hashtag, Hashtag.id == VideoHashtag.hashtag_id)
        .join(Video, Video.id == VideoHashtag.video_id)
        .where(*_visible(), VideoHashtag.created_at >= start, VideoHashtag.created_at < end)
    ).all()
    views = session.execute(
        select(Hashtag.tag, WatchEvent.created_at)
        .select_from(WatchEvent)
        .join(VideoHashtag, VideoHashtag.video_id == WatchEvent.video_id)
        .join(Hashtag, Hashtag.id == VideoHashtag.hashtag_id)
        .join(Video, Video.id == WatchEvent.video_id)
        .where(*_visible(), WatchEvent.created_at >= start, WatchEvent.created_at < end)
    ).all()
    return [(t, at, 1.0) for t, at in posts] + [(t, at, VIEW_WEIGHT) for t, at in views]


def _baseline(session: Session, start: datetime, end: datetime) -> dict[str, float]:
    """Weighted activity per tag in [start, end), aggregated in SQL."""
    totals: dict[str, float] = defaultdict(float)
    posts = session.execute(
        select(Hashtag.tag, func.count())
        .select_from(VideoHashtag)
        .join(Hashtag, Hashtag.id == VideoHashtag.hashtag_id)
        .join(Video, Video.id == VideoHashtag.video_id)
        .where(*_visible(), VideoHashtag.created_at >= start, VideoHashtag.created_at < end)
        .group_by(Hashtag.tag)
    ).all()
    views = session.execute(
        select(Hashtag.tag, func.count())
        .select_from(WatchEvent)
        .join(VideoHashtag, VideoHashtag.video_id == WatchEvent.video_id)
        .join(Hashtag, Hashtag.id == VideoHashtag.hashtag_id)
        .join(Video, Video.id == WatchEvent.video_id)
        .where(*_visible(), WatchEvent.created_at >= start, WatchEvent.created_at < end)
        .group_by(Hashtag.tag)
    ).all()
    for tag, n in posts:
        totals[tag] += n
    for tag, n in views:
        totals[tag] += VIEW_WEIGHT * n
    return totals


def compute_trends(
    session: Session,
    now: datetime | None = None,
    window_hours: int = WINDOW_HOURS,
    baseline_days: int = BASELINE_DAYS,
    limit: int = 20,
    sort: str = "score",
) -> list[Trend]:
    now = now or utcnow()
    window_start = now - timedelta(hours=window_hours)
    baseline = _baseline(session, window_start - timedelta(days=baseline_days), window_start)
    windows_in_baseline = baseline_days * 24 / window_hours
    score: dict[str, float] = defaultdict(float)
    activity: dict[str, float] = defaultdict(float)
    posts: dict[str, int] = defaultdict(int)
    views: dict[str, int] = defaultdict(int)
    for tag, at, weight in _recent(session, window_start, now):
        age_h = max(0.0, (now - at).total_seconds() / 3600)
        score[tag] += weight * DECAY_PER_HOUR**age_h
        activity[tag] += weight
        if weight == 1.0:
            posts[tag] += 1
        else:
            views[tag] += 1
    trends = []
    for tag in score:
        expected = baseline.get(tag, 0.0) / windows_in_baseline
        burst = (activity[tag] - expected) / (expected + 1) ** 0.5
        trends.append(
            Trend(tag, round(score[tag], 3), round(burst, 3), posts[tag], views[tag], round(expected, 3))
        )
    key = (lambda t: (t.burst, t.score)) if sort == "burst" else (lambda t: (t.score, t.burst))
    return sorted(trends, key=key, reverse=True)[:limit]


def as_dicts(trends: list[Trend]) -> list[dict[str, Any]]:
    return [asdict(t) for t in trends]
