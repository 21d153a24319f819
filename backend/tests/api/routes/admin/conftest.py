"""Admin API fixtures: staff accounts, a published video, and AI verdicts written the way
the moderation jobs write them (scores on the subject plus an `ai` audit row)."""

from __future__ import annotations

import pytest

from opentok.db.base import utcnow
from opentok.models import (
    Comment,
    CommentStatus,
    DecisionSource,
    ModerationDecision,
    SubjectType,
    UserRole,
    Verdict,
    Video,
    VideoStatus,
)

#: A hateful comment as the comment model scores it.
HATE_SCORES = {
    "S": 0.01,
    "H": 0.93,
    "V": 0.05,
    "HR": 0.61,
    "SH": 0.0,
    "S3": 0.0,
    "H2": 0.12,
    "V2": 0.0,
    "OK": 0.04,
}


@pytest.fixture
def moderator(make_user):  # type: ignore[no-untyped-def]
    return make_user("mod", role=UserRole.moderator)


@pytest.fixture
def admin(make_user):  # type: ignore[no-untyped-def]
    return make_user("admin", role=UserRole.admin)


@pytest.fixture
def published_video(make_user, upload, publish):  # type: ignore[no-untyped-def]
    creator = make_user("creator")
    video = upload(creator, title="Cooking pasta #food", category="food")
    publish(video["id"])
    return {**video, "creator": creator}


@pytest.fixture
def ai_comment(platform):  # type: ignore[no-untyped-def]
    """Score a comment like the moderation job: status, scores, reason and an audit row."""

    def do(comment_id: int, verdict: str = "reject", scores: dict | None = None) -> None:
        scores = scores or HATE_SCORES
        with platform.session() as session:
            comment = session.get(Comment, comment_id)
            comment.scores, comment.model_version = scores, "cm-test-1"
            comment.reason = "hate speech (0.93)"
            comment.status = {"reject": CommentStatus.rejected, "review": CommentStatus.pending}.get(
                verdict, CommentStatus.approved
            )
            comment.moderated_at = utcnow()
            if comment.status == CommentStatus.approved:
                session.get(Video, comment.video_id).comment_count += 1
            session.add(
                ModerationDecision(
                    subject_type=SubjectType.comment,
                    subject_id=comment_id,
                    source=DecisionSource.ai,
                    provider="comment-model",
                    model_version="cm-test-1",
                    scores=scores,
                    categories=["H", "HR"] if verdict != "approve" else [],
                    verdict=Verdict(verdict),
                    reason="hate speech (0.93)",
                    latency_ms=12.0,
                )  # fmt: skip
            )
            session.commit()

    return do


@pytest.fixture
def ai_video(platform):  # type: ignore[no-untyped-def]
    """Hold or reject a video like the video moderation job, with a frame strip key."""

    def do(video_id: int, verdict: str = "review") -> None:
        scores = {"S": 0.55, "V": 0.2, "OK": 0.4}
        with platform.session() as session:
            video = session.get(Video, video_id)
            video.status = VideoStatus.rejected if verdict == "reject" else VideoStatus.pending_review
            video.strip_key = f"videos/{video_id}/strip.jpg"
            video.hls_master_key = f"videos/{video_id}/hls/master.m3u8"
            video.moderation_summary = {
                "verdict": verdict, "provider": "local", "model_version": "nudenet-3", "scores": scores,
                "categories": ["S"], "explanation": "possible nudity at 0:01",
            }  # fmt: skip
            session.add(
                ModerationDecision(
                    subject_type=SubjectType.video,
                    subject_id=video_id,
                    source=DecisionSource.ai,
                    provider="local",
                    model_version="nudenet-3",
                    scores=scores,
                    categories=["S"],
                    verdict=Verdict(verdict),
                    reason="possible nudity at 0:01",
                    details={"violations": [{"category": "S", "score": 0.55, "timestamp_s": 1.0}]},
                )  # fmt: skip
            )
            session.commit()

    return do
