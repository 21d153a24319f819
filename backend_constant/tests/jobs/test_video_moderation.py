"""`opentok.moderate_video` against the real moderation service: the video ends published,
rejected or pending_review, with its summary and an audit row."""

from __future__ import annotations

import time
from pathlib import Path

from celery import Celery
from sqlalchemy import select

from backend_constant.jobs.video_moderation import MODERATE_VIDEO, moderate_video
from backend_constant.tests.jobs.conftest import FRAME_SAMPLES, clear_caches
from opentok.db.session import session_scope
from opentok.models import (
    DecisionSource,
    Hashtag,
    ModerationDecision,
    SubjectType,
    User,
    Verdict,
    Video,
    VideoHashtag,
    VideoStatus,
)
from opentok.storage import get_storage, new_key
from testing.harness import Platform, free_port

OFFENDING_TITLE = "I will kill you and your whole family, you worthless piece of trash"
BENIGN_TITLE = "Sunset timelapse at the beach"


def add_video(clip: Path, title: str, status: VideoStatus = VideoStatus.pending_review) -> int:
    key = new_key("videos", "/web.mp4")
    get_storage().write_chunks(key, [clip.read_bytes()])
    with session_scope() as session:
        suffix = time.time_ns()
        user = User(username=f"u{suffix}"[:32], email=f"u{suffix}@example.com", password_hash="x")
        session.add(user)
        session.flush()
        video = Video(
            owner_id=user.id, title=title, description="shot on my phone", status=status, mp4_key=key
        )
        session.add(video)
        session.flush()
        tag = Hashtag(tag=f"tag{suffix}")
        session.add(tag)
        session.flush()
        session.add(VideoHashtag(video_id=video.id, hashtag_id=tag.id))
        return video.id


def load(video_id: int) -> tuple[Video, list[ModerationDecision]]:
    with session_scope() as session:
        decisions = session.scalars(
            select(ModerationDecision).where(
                ModerationDecision.subject_type == SubjectType.video,
                ModerationDecision.subject_id == video_id,
            )
        ).all()
        return session.get(Video, video_id), list(decisions)


def test_worker_rejects_an_offending_video(stack: Platform, clip):
    worker = stack.start_worker()
    video_id = add_video(clip, OFFENDING_TITLE)
    # What the media pipeline does once a video is transcoded.
    Celery(broker=stack.redis_url).send_task(MODERATE_VIDEO, args=[video_id], queue="default")

    deadline = time.monotonic() + 240
    while (video := load(video_id)[0]).status == VideoStatus.pending_review and time.monotonic() < deadline:
        time.sleep(0.5)
    video, decisions = load(video_id)
    assert video.status == VideoStatus.rejected, (video.moderation_summary, stack.log("worker")[-2000:])
    stack.stop(worker)
    assert video.status_reason.startswith("Rejected by automatic moderation (")
    assert video.published_at is None
    assert video.moderation_summary["verdict"] == "reject"
    assert video.moderation_summary["provider"] == "local"

    [decision] = decisions
    assert (decision.source, decision.verdict, decision.provider) == (
        DecisionSource.ai,
        Verdict.reject,
        "local",
    )
    assert decision.model_version and "nudenet" in decision.model_version
    assert decision.scores and decision.categories
    assert len(decision.details["frames"]) == FRAME_SAMPLES
    assert all("timestamp_s" in f for f in decision.details["frames"])
    assert any(v["source"] == "title" for v in decision.details["violations"])


def test_benign_video_is_published(stack, clip):
    video_id = add_video(clip, BENIGN_TITLE)
    assert moderate_video(video_id) == "published"
    video, [decision] = load(video_id)
    assert video.status == VideoStatus.published and video.published_at is not None
    assert video.status_reason is None
    assert video.moderation_summary["verdict"] == "approve"
    assert decision.verdict == Verdict.approve and decision.latency_ms


def test_decided_videos_are_left_alone(stack, clip):
    video_id = add_video(clip, OFFENDING_TITLE, status=VideoStatus.published)
    assert moderate_video(video_id) is None
    video, decisions = load(video_id)
    assert video.status == VideoStatus.published and decisions == []
    assert moderate_video(10**9) is None  # a deleted video is not an error


def test_unreachable_service_keeps_the_video_pending(stack, clip, monkeypatch):
    video_id = add_video(clip, BENIGN_TITLE)
    monkeypatch.setenv("MODERATION_URL", f"http://127.0.0.1:{free_port()}")  # nothing listens there
    clear_caches()
    try:
        assert moderate_video(video_id) == "pending_review"
    finally:
        monkeypatch.setenv("MODERATION_URL", stack.extra_env["MODERATION_URL"])
        clear_caches()
    video, decisions = load(video_id)
    assert video.status == VideoStatus.pending_review and decisions == []
    assert video.moderation_summary["verdict"] == "review" and video.moderation_summary["error"]
    assert "waiting for a moderator" in video.status_reason


def test_review_verdict_holds_the_video_for_a_moderator(stack, clip):
    """The service's answer when Gemini gave up or a score sits between the thresholds."""
    from backend_constant.jobs.video_moderation import _apply

    video_id = add_video(clip, BENIGN_TITLE)
    verdict = {
        "verdict": "review",
        "scores": {"V": 0.5},
        "categories": ["V"],
        "explanation": "Held for human review: violence 0.50 ≥ 0.35 (review threshold).",
        "violations": [{"category": "V", "score": 0.5, "source": "model", "timestamp_s": 1.5}],
        "provider": "gemini",
        "model_version": "gemini-2.5-flash",
        "degraded": False,
        "details": {"attempts": {"generate": 1}},
    }
    assert _apply(video_id, verdict) == "pending_review"
    video, [decision] = load(video_id)
    assert video.status == VideoStatus.pending_review and video.published_at is None
    assert video.status_reason.startswith("Held for a moderator (violence): Held for human review")
    assert decision.verdict == Verdict.review and decision.provider == "gemini"
    assert decision.details["violations"][0]["timestamp_s"] == 1.5
    assert decision.details["attempts"] == {"generate": 1}
