"""Comment sentiment with VADER, a validated lexicon-and-rules model for short social text
(Hutto & Gilbert, ICWSM 2014), not a keyword count: it handles negation, intensifiers,
capitals, punctuation and emoticons. `comments.sentiment` holds its compound score (-1..1).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from opentok.models import Comment, CommentStatus

MODEL_VERSION = "vader-3.3.2"
#: The cut-offs VADER's authors recommend for positive / negative.
POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05


@lru_cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def compound(text: str) -> float:
    return round(float(_analyzer().polarity_scores(text or "")["compound"]), 4)


def label(score: float) -> str:
    return "positive" if score >= POSITIVE_AT else "negative" if score <= NEGATIVE_AT else "neutral"


def score_comments(session: Session, comments: list[Comment]) -> int:
    for comment in comments:
        comment.sentiment = compound(comment.text)
    session.flush()
    return len(comments)


def unscored_comments(session: Session, limit: int = 20000) -> list[Comment]:
    stmt = select(Comment).where(Comment.sentiment.is_(None)).order_by(Comment.id).limit(limit)
    return list(session.scalars(stmt))


def video_sentiment(session: Session, video_id: int) -> dict[str, Any]:
    """Aggregate over the video's visible (not deleted, not rejected) scored comments."""
    visible = (
        Comment.video_id == video_id,
        Comment.deleted_at.is_(None),
        Comment.status != CommentStatus.rejected,
        Comment.sentiment.is_not(None),
    )
    row = session.execute(
        select(
            func.count(Comment.id),
            func.avg(Comment.sentiment),
            func.sum(case((Comment.sentiment >= POSITIVE_AT, 1), else_=0)),
            func.sum(case((Comment.sentiment <= NEGATIVE_AT, 1), else_=0)),
        ).where(*visible)
    ).one()
    n, mean, pos, neg = int(row[0]), row[1], int(row[2] or 0), int(row[3] or 0)
    return {
        "video_id": video_id,
        "comments": n,
        "mean": round(float(mean), 4) if mean is not None else None,
        "label": label(float(mean)) if mean is not None else None,
        "positive": pos,
        "neutral": n - pos - neg,
        "negative": neg,
        "model": MODEL_VERSION,
    }
