"""Video moderation: ask the moderation service, then publish, reject or hold the video.

The media pipeline enqueues `opentok.moderate_video` once a video is transcoded and sits in
`pending_review`. The verdict follows the per-category thresholds: approve publishes, reject
rejects with a readable reason, review (or any trouble reaching the service) leaves the
video for a human. Every AI verdict is appended to the moderation decision log.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from sqlalchemy import select

from backend_constant.celery_app import celery_app
from opentok.clients.moderation import (
    ModerationClient,
    ModerationError,
    ModerationUnavailable,
    video_timeout_s,
)
from opentok.core.config import CATEGORY_NAMES
from opentok.db.base import utcnow
from opentok.db.session import session_scope
from opentok.models import (
    DecisionSource,
    Hashtag,
    ModerationDecision,
    SubjectType,
    Verdict,
    Video,
    VideoHashtag,
    VideoStatus,
)
from opentok.tasks import MODERATE_VIDEO, SCORE_VIDEO_CLAIMS

log = logging.getLogger(__name__)

#: Pauses between attempts to reach the service (connection trouble only).
RETRY_DELAYS_S = (0.5, 1.5)
SUMMARY_VIOLATIONS = 10


@celery_app.task(name=MODERATE_VIDEO)
def moderate_video(video_id: int) -> str | None:
    """Moderate one video; returns the status it ends in (None when there was nothing to do)."""
    request = _request_for(video_id)
    if request is None:
        return None
    if not request["storage_key"]:
        return _hold_unmoderated(video_id, "the video has no media file to moderate")
    try:
        verdict = _ask_service(request)
    except ModerationError as exc:  # down after retries, or it refused the request
        log.warning("video %s could not be moderated automatically: %s", video_id, exc)
        return _hold_unmoderated(video_id, str(exc))
    status = _apply(video_id, verdict)
    _send_claim_check(video_id)
    return status


def _send_claim_check(video_id: int) -> None:
    """Claim detection runs beside moderation: a video that makes claims also joins the
    fact-check queue. If the broker hiccups, the hourly claims sweep catches it."""
    try:
        celery_app.send_task(SCORE_VIDEO_CLAIMS, args=[video_id])
    except Exception:
        log.exception("could not enqueue the claim check for video %s", video_id)


def _request_for(video_id: int) -> dict[str, Any] | None:
    """The service request, or None when the video is gone or no longer waiting for us."""
    with session_scope() as session:
        video = session.get(Video, video_id)
        if video is None or video.deleted_at is not None:
            log.info("video %s is gone; nothing to moderate", video_id)
            return None
        if video.status != VideoStatus.pending_review:
            # A redelivered task, or a moderator was quicker: never undo a decision.
            log.info("video %s is %s, not pending_review; skipped", video_id, video.status)
            return None
        media_key = video.mp4_key or video.source_key
        tags = session.scalars(
            select(Hashtag.tag)
            .join(VideoHashtag, VideoHashtag.hashtag_id == Hashtag.id)
            .where(VideoHashtag.video_id == video_id)
            .order_by(Hashtag.tag)
        ).all()
        return {
            "video_id": video_id,
            "storage_key": media_key,
            "title": video.title,
            "description": video.description or "",
            "hashtags": list(tags),
        }


def _ask_service(request: dict[str, Any]) -> dict[str, Any]:
    client = ModerationClient(timeout=video_timeout_s())
    for delay in (*RETRY_DELAYS_S, None):
        try:
            return client.moderate_video(**request)
        except ModerationUnavailable:
            if delay is None:
                raise
            time.sleep(delay)
    raise AssertionError("unreachable")


def _hold_unmoderated(video_id: int, error: str) -> str | None:
    with session_scope() as session:
        video = session.get(Video, video_id)
        if video is None or video.status != VideoStatus.pending_review:
            return None
        video.status_reason = "Automatic moderation is unavailable; waiting for a moderator."
        video.moderation_summary = {"verdict": Verdict.review.value, "error": error[:500], "at": _now()}
        return video.status.value


def _apply(video_id: int, verdict: dict[str, Any]) -> str | None:
    decided = Verdict(verdict["verdict"])
    explanation = str(verdict.get("explanation") or "")
    with session_scope() as session:
        video = session.get(Video, video_id)
        if video is None:
            return None
        session.add(
            ModerationDecision(
                subject_type=SubjectType.video,
                subject_id=video_id,
                source=DecisionSource.ai,
                provider=verdict.get("provider"),
                model_version=(verdict.get("model_version") or "")[:64] or None,
                scores=verdict.get("scores") or None,
                categories=verdict.get("categories") or [],
                verdict=decided,
                reason=explanation,
                details={
                    "violations": verdict.get("violations") or [],
                    "degraded": bool(verdict.get("degraded")),
                    **(verdict.get("details") or {}),
                },
                latency_ms=verdict.get("latency_ms"),
            )
        )
        if video.status != VideoStatus.pending_review:
            log.info("video %s became %s meanwhile; verdict logged only", video_id, video.status)
            return video.status.value
        video.moderation_summary = {
            "verdict": decided.value,
            "provider": verdict.get("provider"),
            "model_version": verdict.get("model_version"),
            "scores": verdict.get("scores") or {},
            "categories": verdict.get("categories") or [],
            "explanation": explanation[:1000],
            "degraded": bool(verdict.get("degraded")),
            "violations": (verdict.get("violations") or [])[:SUMMARY_VIOLATIONS],
            "at": _now(),
        }
        if decided == Verdict.approve:
            video.status, video.published_at, video.status_reason = VideoStatus.published, utcnow(), None
        elif decided == Verdict.reject:
            video.status = VideoStatus.rejected
            video.status_reason = _readable_reason("Rejected by automatic moderation", verdict)
        else:
            video.status_reason = _readable_reason("Held for a moderator", verdict)
        return video.status.value


def _readable_reason(prefix: str, verdict: dict[str, Any]) -> str:
    categories = ", ".join(CATEGORY_NAMES.get(c, c) for c in verdict.get("categories") or [])
    text = f"{prefix}{f' ({categories})' if categories else ''}: {verdict.get('explanation') or ''}"
    return text.strip().rstrip(":")[:1000]


def _now() -> str:
    return utcnow().isoformat(timespec="seconds") + "Z"
