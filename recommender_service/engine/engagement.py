"""Engagement: likes·1 + comments·2 + views·0.5 + shares + completion rate, normalised, then
decayed by a freshness half-life so that yesterday's hit does not own the feed for a month."""

from __future__ import annotations

import numpy as np

LIKE_WEIGHT = 1.0
COMMENT_WEIGHT = 2.0
VIEW_WEIGHT = 0.5
SHARE_WEIGHT = 1.0
COMPLETION_WEIGHT = 1.0


def raw_engagement(
    likes: np.ndarray,
    comments: np.ndarray,
    views: np.ndarray,
    shares: np.ndarray,
    completion_rate: np.ndarray,
) -> np.ndarray:
    return (
        LIKE_WEIGHT * likes
        + COMMENT_WEIGHT * comments
        + VIEW_WEIGHT * views
        + SHARE_WEIGHT * shares
        + COMPLETION_WEIGHT * completion_rate
    ).astype(np.float64)


def normalise(raw: np.ndarray) -> np.ndarray:
    """log1p then divide by the maximum: counts are heavy-tailed, and one viral video should
    not squash every other engagement value to zero."""
    logged = np.log1p(np.maximum(raw, 0.0))
    top = float(logged.max()) if logged.size else 0.0
    return (logged / top if top > 0 else np.zeros_like(logged)).astype(np.float32)


def freshness(age_hours: np.ndarray, half_life_hours: float) -> np.ndarray:
    """0.5 ** (age / half-life); a non-positive half-life switches decay off."""
    if half_life_hours <= 0:
        return np.ones_like(age_hours, dtype=np.float32)
    return np.power(0.5, np.maximum(age_hours, 0.0) / half_life_hours).astype(np.float32)


def engagement_scores(
    likes: np.ndarray,
    comments: np.ndarray,
    views: np.ndarray,
    shares: np.ndarray,
    completion_rate: np.ndarray,
    age_hours: np.ndarray,
    half_life_hours: float,
) -> np.ndarray:
    """The engagement term of the score, in [0, 1]."""
    raw = raw_engagement(likes, comments, views, shares, completion_rate)
    return normalise(raw) * freshness(age_hours, half_life_hours)
