"""Trust-and-safety jobs: per-item scoring the pipelines enqueue, and the daily sweeps.

- `opentok.score_video_claims` (video_id): claim score + fact-check flag. The video
  moderation job enqueues it once a video's text is final; it never changes the video's
  status, so a flagged video still follows its normal moderation/publish path. The daily
  sweep scores any video it missed.
- `opentok.score_comment_sentiment` (comment_id): VADER compound into comments.sentiment.
- `opentok.daily_trust_scores`: ban-risk model -> user_scores.trust_score + top features.
- `opentok.daily_churn_segments`: churn risk and segment -> user_scores.
- `opentok.sweep_claims_sentiment`: fills claim_score / sentiment that are still empty.
- `opentok.retrain_engagement`: weekly; retrains on our videos once there are enough.
A missing model artifact is logged and skipped: train with `python -m opentok.trust_safety.train all`.
"""

from __future__ import annotations

import logging
from typing import Any

from threadpoolctl import threadpool_limits

from backend_constant.celery_app import celery_app
from opentok.db.session import session_scope
from opentok.models import Comment, Video
from opentok.tasks import (
    DAILY_CHURN_SEGMENTS,
    DAILY_TRUST_SCORES,
    RETRAIN_ENGAGEMENT,
    SCORE_COMMENT_SENTIMENT,
    SCORE_VIDEO_CLAIMS,
    SWEEP_CLAIMS_SENTIMENT,
)
from opentok.trust_safety import ban_risk, churn, claims, engagement, sentiment, serving
from opentok.trust_safety.dataset import load_claims

log = logging.getLogger(__name__)


@celery_app.task(name=SCORE_VIDEO_CLAIMS)
def score_video_claims(video_id: int) -> dict[str, Any] | None:
    scorer = serving.claim_scorer.get()
    if scorer is None:
        log.warning("claims model not trained; video %s left unscored", video_id)
        return None
    with session_scope() as session:
        video = session.get(Video, video_id)
        if video is None:
            return None
        claims.score_videos(session, scorer, [video])
        return {"claim_score": video.claim_score, "needs_fact_check": video.needs_fact_check}


@celery_app.task(name=SCORE_COMMENT_SENTIMENT)
def score_comment_sentiment(comment_id: int) -> float | None:
    with session_scope() as session:
        comment = session.get(Comment, comment_id)
        if comment is None:
            return None
        sentiment.score_comments(session, [comment])
        return comment.sentiment


@celery_app.task(name=SWEEP_CLAIMS_SENTIMENT)
def sweep_claims_sentiment() -> dict[str, int]:
    done = {"videos": 0, "flagged": 0, "comments": 0}
    with session_scope() as session:
        scorer = serving.claim_scorer.get()
        if scorer is not None:
            videos = claims.unscored_videos(session)
            done["flagged"] = claims.score_videos(session, scorer, videos)
            done["videos"] = len(videos)
        done["comments"] = sentiment.score_comments(session, sentiment.unscored_comments(session))
    log.info("claims/sentiment sweep: %s", done)
    return done


@celery_app.task(name=DAILY_TRUST_SCORES)
def daily_trust_scores() -> int:
    scorer = serving.trust_scorer.get()
    if scorer is None:
        log.warning("ban-risk model not trained; trust scores not updated")
        return 0
    with session_scope() as session:
        return ban_risk.apply_to_accounts(session, scorer)


@celery_app.task(name=DAILY_CHURN_SEGMENTS)
def daily_churn_segments() -> int:
    model = serving.churn_model.get()
    if model is None:
        log.warning("churn model not trained; churn and segments not updated")
        return 0
    with session_scope() as session:
        return churn.apply_to_accounts(session, model)


@celery_app.task(name=RETRAIN_ENGAGEMENT)
def retrain_engagement() -> dict[str, Any] | None:
    """Only retrains once our own data is big enough: the bootstrap never changes."""
    with session_scope() as session:
        frame, source = engagement.choose_training_frame(session, load_claims())
    if source != "platform":
        return None
    with threadpool_limits(limits=1):  # see opentok.trust_safety.train: BLAS threads spin on shared cores
        artifact, metrics = engagement.train(frame, source, progress=False)
    log.info("engagement retrained on platform data: %s %s", artifact.version, metrics)
    return metrics
